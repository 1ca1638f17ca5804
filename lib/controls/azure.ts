import type { PlannedComponent } from './checklist';
import { GUIDANCE } from './guidance';
import { BUILT_COMPONENTS } from './implementations';
import type { AzureControl, FieldPath, PlannedAzureResource, Reference, Violation } from './types';
import { formatPath, getPath, isRecord } from '../audit/workload';

/**
 * Controls of the Azure platform: AKS clusters and agent pools, Azure Container Registry,
 * virtual networks and network security groups, Key Vault, Microsoft Defender for Containers,
 * Log Analytics and the activity log, Azure Policy assignments. Each check reads the inputs of
 * ONE planned resource (azure-native v3 argument names: ARM `properties` flattened, except for
 * the resources that keep them nested, such as Key Vault's), as `kubeward plan` and the policy
 * pack see them.
 *
 * The program must state every security setting a check reads: a setting that is missing or
 * not of the expected type is a finding, never a silent pass (an omitted input is absent from
 * the ARM request, its service-side default can change with the API version, and a policy pack
 * cannot tell an omitted input from a value unknown at preview). String values compare
 * case-insensitively, as Azure does. Violation paths point at the input field to set.
 *
 * A per-resource check cannot see that a resource is missing (no diagnostic setting for a
 * cluster, no Defender pricing, no policy assignment): those need a plan-level evaluation.
 */

/** The Pulumi type tokens (azure-native v3) the Azure controls apply to. */
export const AZURE_RESOURCE_TYPES = {
  managedCluster: 'azure-native:containerservice:ManagedCluster',
  agentPool: 'azure-native:containerservice:AgentPool',
  registry: 'azure-native:containerregistry:Registry',
  pricing: 'azure-native:security:Pricing',
  workspace: 'azure-native:operationalinsights:Workspace',
  diagnosticSetting: 'azure-native:monitor:DiagnosticSetting',
  subscriptionDiagnosticSetting: 'azure-native:monitor:SubscriptionDiagnosticSetting',
  policyAssignment: 'azure-native:authorization:PolicyAssignment',
  virtualNetwork: 'azure-native:network:VirtualNetwork',
  subnet: 'azure-native:network:Subnet',
  networkSecurityGroup: 'azure-native:network:NetworkSecurityGroup',
  securityRule: 'azure-native:network:SecurityRule',
  vault: 'azure-native:keyvault:Vault',
  key: 'azure-native:keyvault:Key',
} as const;

const T = AZURE_RESOURCE_TYPES;

// ---------------------------------------------------------------------------------------------
// References

const PORTAL_POLICY = 'https://portal.azure.com/#blade/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2F';

/** An Azure Policy built-in definition (or initiative), by display name and definition name (GUID). */
function azurePolicy(displayName: string, guid: string, kind: 'policyDefinitions' | 'policySetDefinitions' = 'policyDefinitions'): Reference {
  return { source: 'Azure', id: `${displayName} (${guid})`, url: `${PORTAL_POLICY}${kind}%2F${guid}` };
}

/** A recommendation of the CIS Azure Kubernetes Service (AKS) Benchmark. */
function cisAks(section: string): Reference {
  return { source: 'CIS', id: `AKS Benchmark ${section}` };
}

/** A recommendation of the CIS Microsoft Azure Foundations Benchmark, by title (its numbering changes between versions). */
function cisAzure(title: string): Reference {
  return { source: 'CIS', id: `Azure Foundations Benchmark: ${title}` };
}

function nist(section: string): Reference {
  return { source: 'NIST-800-190', id: section };
}

function nsa(section: string): Reference {
  return { source: 'NSA-CISA', id: section };
}

/** Built-in definitions, as published in Azure/azure-policy. */
const POLICY = {
  privateCluster: azurePolicy('Azure Kubernetes Service Private Clusters should be enabled', '040732e8-d947-40b8-95d6-854c95024bf8'),
  authorizedIps: azurePolicy('Authorized IP ranges should be defined on Kubernetes Services', '0e246bcf-5f6f-4f87-bc6f-775d4712c7ea'),
  entraIntegration: azurePolicy('Azure Kubernetes Service Clusters should enable Microsoft Entra ID integration', '450d2877-ebea-41e8-b00c-e286317d21bf'),
  entraAdminGroup: azurePolicy('Configure Microsoft Entra ID integrated Azure Kubernetes Service Clusters with required Admin Group Access', '36a27de4-199b-40fb-b336-945a8475d6c5'),
  rbac: azurePolicy('Role-Based Access Control (RBAC) should be used on Kubernetes Services', 'ac4a19c2-fa67-49b4-8ae5-0b2e78c49457'),
  localAccounts: azurePolicy('Azure Kubernetes Service Clusters should have local authentication methods disabled', '993c2fcd-2b29-49d2-9eb0-df2c3a730c32'),
  runCommand: azurePolicy('Azure Kubernetes Service Clusters should disable Command Invoke', '89f2d532-c53c-4f8f-9afa-4927b1114a0d'),
  managedIdentity: azurePolicy('Azure Kubernetes Service Clusters should use managed identities', 'da6e2401-19da-4532-9141-fb8fbde08431'),
  workloadIdentity: azurePolicy('Azure Kubernetes Service Clusters should enable workload identity', '2cc2e023-0dac-4046-875b-178f683929d5'),
  defenderProfile: azurePolicy('Azure Kubernetes Service clusters should have Defender profile enabled', 'a1840de2-8088-4ea8-b153-b4c723e9cb01'),
  imageCleaner: azurePolicy('Azure Kubernetes Service Clusters should enable Image Cleaner', 'af3c26b2-6fad-493e-9236-9c68928516ab'),
  policyAddon: azurePolicy('Azure Policy Add-on for Kubernetes service (AKS) should be installed and enabled on your clusters', '0a15ec92-a229-4763-bb14-0ea34a568f8d'),
  clusterAutoUpgrade: azurePolicy('Azure Kubernetes Service Clusters should enable cluster auto-upgrade', '5c345cdf-2049-47e0-b8fe-b0e96bc2df35'),
  nodeOsAutoUpgrade: azurePolicy('Azure Kubernetes Service Clusters should enable node os auto-upgrade', '04408ca5-aa10-42ce-8536-98955cdddd4c'),
  nonVulnerableVersion: azurePolicy('Kubernetes Services should be upgraded to a non-vulnerable Kubernetes version', 'fb893a29-21bb-418c-a157-e99480ec364c'),
  encryptionAtHost: azurePolicy('Temp disks and cache for agent node pools in Azure Kubernetes Service clusters should be encrypted at host', '41425d9f-d1a5-499a-9932-f8ed8453932c'),
  disableSsh: azurePolicy('Azure Kubernetes Clusters should disable SSH', '28257686-e9db-403e-b9e2-a5eecbe03da9'),
  aksResourceLogs: azurePolicy('Resource logs in Azure Kubernetes Service should be enabled', '245fc9df-fa96-4414-9a0b-3738c2f7341c'),
  aksLogsToWorkspace: azurePolicy('Deploy - Configure diagnostic settings for Azure Kubernetes Service to Log Analytics workspace', '6c66c325-74c8-42fd-a286-a74b0e2939d8'),
  acrPublicNetwork: azurePolicy('Public network access should be disabled for Container registries', '0fdf0491-d080-4575-b627-ad0e843cba0f'),
  acrPrivateLinkSku: azurePolicy('Container registries should have SKUs that support Private Links', 'bd560fc0-3c69-498a-ae9f-aa8eb7de0e13'),
  acrPrivateLink: azurePolicy('Container registries should use private link', 'e8eef0a8-67cf-4eb4-9386-14b0e78733d4'),
  acrAdmin: azurePolicy('Container registries should have local admin account disabled.', 'dc921057-6b28-4fbe-9b83-f7bec05db6c2'),
  acrAnonymous: azurePolicy('Container registries should have anonymous authentication disabled.', '9f2dea28-e834-476c-99c5-3507b4728395'),
  acrExport: azurePolicy('Container registries should have exports disabled', '524b0254-c285-4903-bee6-bb8126cde579'),
  acrArmToken: azurePolicy('Container registries should have ARM audience token authentication disabled.', '42781ec6-6127-4c30-bdfa-fb423a0047d3'),
  defenderContainers: azurePolicy('Microsoft Defender for Containers should be enabled', '1c988dd6-ade4-430f-a608-2a3e5b0a6d38'),
  configureDefenderContainers: azurePolicy('Configure Microsoft Defender for Containers to be enabled', 'c9ddb292-b203-4738-aead-18e2716e858f'),
  workspaceLocalAuth: azurePolicy('Log Analytics Workspaces should block non-Azure Active Directory based ingestion.', 'e15effd4-2278-4c65-a0da-4d6f6d1890e2'),
  activityLog: azurePolicy('Configure Azure Activity logs to stream to specified Log Analytics workspace', '2465583e-4e78-4c15-b6be-a36cbc7c8b0f'),
  allowedLocations: azurePolicy('Allowed locations', 'e56962a6-4747-49cd-b67b-bf8b01975c4c'),
  allowedLocationsResourceGroups: azurePolicy('Allowed locations for resource groups', 'e765b5de-1225-4ba3-bd56-1ac6695af988'),
  podSecurityBaseline: azurePolicy('Kubernetes cluster pod security baseline standards for Linux-based workloads', 'a8640138-9b0a-4a28-b8cb-1666c838647d', 'policySetDefinitions'),
  podSecurityRestricted: azurePolicy('Kubernetes cluster pod security restricted standards for Linux-based workloads', '42b8ef37-b724-4e24-bbc8-7a7708edfe00', 'policySetDefinitions'),
  aksDiskCmk: azurePolicy('Both operating systems and data disks in Azure Kubernetes Service clusters should be encrypted by customer-managed keys', '7d7be79c-23ba-4033-84dd-45e2a5ccdd67'),
  aksKms: azurePolicy('Azure Kubernetes Service Clusters should enable Key Management Service (KMS)', 'dbbdc317-9734-4dd8-9074-993b29c69008'),
  acrCmk: azurePolicy('Container registries should be encrypted with a customer-managed key', '5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580'),
  subnetNsg: azurePolicy('Subnets should be associated with a Network Security Group', 'e71308d3-144b-4262-b144-efdc3cc90517'),
  privateSubnet: azurePolicy('Subnets should be private', '7bca8353-aa3b-429b-904a-9229c4385837'),
  keyVaultDeletionProtection: azurePolicy('Key vaults should have deletion protection enabled', '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53'),
  keyVaultSoftDelete: azurePolicy('Key vaults should have soft delete enabled', '1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d'),
  keyVaultPublicNetwork: azurePolicy('Azure Key Vault should disable public network access', '405c5871-3e91-4644-8a63-58e19d68ff5b'),
  keyVaultFirewall: azurePolicy('Azure Key Vault should have firewall enabled or public network access disabled', '55615ac9-af46-4a59-874e-391cc3dfb490'),
  keyVaultRbac: azurePolicy('Azure Key Vault should use RBAC permission model', '12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5'),
  keyRotation: azurePolicy('Keys should have a rotation policy ensuring that their rotation is scheduled within the specified number of days after creation.', 'd8cf8476-a2ec-4916-896e-992351803c44'),
  workspacePublicNetwork: azurePolicy('Log Analytics workspaces should block log ingestion and querying from public networks', '6c53d030-cc64-46f0-906d-2bc061cd1334'),
} as const;

// ---------------------------------------------------------------------------------------------
// Helpers (pure, never throw)

/** The resource kind and name for messages, e.g. `ManagedCluster "aks"`. */
function subject(resource: PlannedAzureResource): string {
  const kind = typeof resource.type === 'string' ? resource.type.slice(resource.type.lastIndexOf(':') + 1) : 'resource';
  return `${kind || 'resource'} ${JSON.stringify(String(resource.name ?? ''))}`;
}

/** A value as messages show it: `not set`, `false`, `"none"`, `["a"]`. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return 'not set';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The inputs, or an empty object when the planned resource has none. */
function inputsOf(resource: PlannedAzureResource): Record<string, any> {
  return isRecord(resource.inputs) ? resource.inputs : {};
}

/** Case-insensitive string equality; false for non-strings. */
function same(value: unknown, expected: string): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === expected.toLowerCase();
}

/** Whether a value is a string equal (case-insensitively) to one of the expected ones. */
function oneOf(value: unknown, expected: readonly string[]): boolean {
  return expected.some((e) => same(value, e));
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A violation at `path` saying what the field holds, with a consequence: `ManagedCluster "aks": disableLocalAccounts is not set, so ...`. */
function at(resource: PlannedAzureResource, path: FieldPath, consequence: string): Violation {
  return { path, message: `${subject(resource)}: ${formatPath(path)} is ${shown(getPath(inputsOf(resource), path))}, ${consequence}` };
}

/** One violation when the boolean at `path` is not exactly `expected`. */
function requireBoolean(resource: PlannedAzureResource, path: FieldPath, expected: boolean, consequence: string): Violation[] {
  return getPath(inputsOf(resource), path) === expected ? [] : [at(resource, path, consequence)];
}

/** One violation when the string at `path` is not one of `expected` (case-insensitive). */
function requireOneOf(resource: PlannedAzureResource, path: FieldPath, expected: readonly string[], consequence: string): Violation[] {
  return oneOf(getPath(inputsOf(resource), path), expected) ? [] : [at(resource, path, consequence)];
}

/** One violation when the value at `path` is not a non-empty string. */
function requireNonEmpty(resource: PlannedAzureResource, path: FieldPath, consequence: string): Violation[] {
  return nonEmptyString(getPath(inputsOf(resource), path)) ? [] : [at(resource, path, consequence)];
}

/**
 * A setting a check requires, as a table row: the field, what it must hold (`equals` a boolean,
 * is `oneOf` some strings, compared case-insensitively, or is a `nonEmpty` string), and what
 * follows when it does not (the end of the violation message).
 */
type Setting = { readonly path: FieldPath; readonly otherwise: string } & (
  | { readonly equals: boolean }
  | { readonly oneOf: readonly string[] }
  | { readonly nonEmpty: true }
);

/** One violation for each setting that does not hold, in table order. */
function requireSettings(resource: PlannedAzureResource, settings: readonly Setting[]): Violation[] {
  return settings.flatMap((setting) => {
    if ('equals' in setting) return requireBoolean(resource, setting.path, setting.equals, setting.otherwise);
    if ('oneOf' in setting) return requireOneOf(resource, setting.path, setting.oneOf, setting.otherwise);
    return requireNonEmpty(resource, setting.path, setting.otherwise);
  });
}

/** The check of a control that only requires settings of the resources of one type. */
function settingsCheck(type: string, settings: readonly Setting[]): AzureControl['check'] {
  return (resource) => (isType(resource, type) ? requireSettings(resource, settings) : []);
}

/** Whether the resource is of one of the types (a check first decides whether it applies). */
function isType(resource: PlannedAzureResource, ...types: readonly string[]): boolean {
  return types.includes(resource.type);
}

/**
 * An add-on profile of a managed cluster, found by key case-insensitively (AKS accepts
 * `azurepolicy` and `azurePolicy`). The path uses the key the program wrote, else `canonical`.
 */
function addon(inputs: Record<string, any>, canonical: string): { readonly path: FieldPath; readonly profile: unknown } {
  const profiles = inputs.addonProfiles;
  if (isRecord(profiles)) {
    const key = Object.keys(profiles).find((k) => k.toLowerCase() === canonical.toLowerCase());
    if (key !== undefined) return { path: ['addonProfiles', key], profile: profiles[key] };
  }
  return { path: ['addonProfiles', canonical], profile: undefined };
}

/**
 * A part of a resource that is checked on its own (an agent pool, a subnet, a security rule):
 * an element of an inline list, or a standalone resource as a whole.
 */
interface Part {
  /** Path from the resource inputs to the part (`['agentPoolProfiles', 0]`, or `[]` for the resource itself). */
  readonly path: FieldPath;
  /** The part's settings. */
  readonly spec: Record<string, any>;
  /** Its name for messages. */
  readonly label: string;
}

/**
 * The elements of an inline list of the inputs (`agentPoolProfiles`, `subnets`, `securityRules`),
 * each labelled `<resource> <noun> "<name>"`; undefined when the inputs hold no such list.
 */
function listParts(resource: PlannedAzureResource, key: string, noun: string): Part[] | undefined {
  const list = inputsOf(resource)[key];
  if (!Array.isArray(list)) return undefined;
  return list.map((spec: unknown, index) => {
    const record = isRecord(spec) ? spec : {};
    const name = nonEmptyString(record.name) ? record.name : `#${index}`;
    return { path: [key, index], spec: record, label: `${subject(resource)} ${noun} ${JSON.stringify(name)}` };
  });
}

/** A standalone resource (AgentPool, Subnet, SecurityRule) as the one part to check. */
function wholeResource(resource: PlannedAzureResource, label: string = subject(resource)): Part {
  return { path: [], spec: inputsOf(resource), label };
}

/** The agent pools of a ManagedCluster or AgentPool, or a violation when a cluster lists none. */
function agentPools(resource: PlannedAzureResource): { readonly pools: readonly Part[]; readonly problem?: Violation } {
  if (resource.type === T.agentPool) {
    const inputs = inputsOf(resource);
    const name = nonEmptyString(inputs.agentPoolName) ? inputs.agentPoolName : String(resource.name ?? '');
    return { pools: [wholeResource(resource, `${subject(resource)} (pool ${JSON.stringify(name)})`)] };
  }
  const pools = listParts(resource, 'agentPoolProfiles', 'pool') ?? [];
  if (pools.length === 0) {
    return { pools, problem: at(resource, ['agentPoolProfiles'], 'so its node pools cannot be checked; list the agent pools in agentPoolProfiles') };
  }
  return { pools };
}

/** A violation on a field of a part, saying what the field holds. */
function partAt(part: Part, field: FieldPath, consequence: string): Violation {
  return { path: [...part.path, ...field], message: `${part.label}: ${formatPath(field)} is ${shown(getPath(part.spec, field))}, ${consequence}` };
}

/** A diagnostic-setting log entry: its index, category or category group, and whether it is enabled. */
interface LogEntry {
  readonly index: number;
  readonly category?: string;
  readonly categoryGroup?: string;
  readonly enabled: unknown;
}

function logEntries(inputs: Record<string, any>): LogEntry[] {
  const logs = inputs.logs;
  if (!Array.isArray(logs)) return [];
  const entries: LogEntry[] = [];
  logs.forEach((log: unknown, index) => {
    if (!isRecord(log)) return;
    entries.push({
      index,
      category: typeof log.category === 'string' ? log.category.toLowerCase() : undefined,
      categoryGroup: typeof log.categoryGroup === 'string' ? log.categoryGroup.toLowerCase() : undefined,
      enabled: log.enabled,
    });
  });
  return entries;
}

/** Whether a diagnostic setting's log entry is on (`true`, or the string `"true"` ARM also accepts). */
function isOn(value: unknown): boolean {
  return value === true || same(value, 'true');
}

/**
 * Checks that a diagnostic setting sends each group of categories (any one of a group counts;
 * the `allLogs` category group covers every category) to a Log Analytics workspace.
 */
function requireLogCategories(resource: PlannedAzureResource, groups: readonly (readonly string[])[], why: string): Violation[] {
  const inputs = inputsOf(resource);
  const entries = logEntries(inputs);
  const found: Violation[] = [];
  const allLogs = entries.find((e) => e.categoryGroup === 'alllogs');
  const missing: string[] = [];
  for (const group of groups) {
    const names = group.map((g) => g.toLowerCase());
    const matching = entries.filter((e) => e.category !== undefined && names.includes(e.category));
    if (matching.some((e) => isOn(e.enabled)) || (allLogs && isOn(allLogs.enabled))) continue;
    const off = matching[0] ?? allLogs;
    if (off) found.push(at(resource, ['logs', off.index, 'enabled'], `so ${group.join(' / ')} logs are not collected; ${why}`));
    else missing.push(group.join(' or '));
  }
  if (missing.length > 0) {
    found.push({
      path: ['logs'],
      message: `${subject(resource)}: logs do not include ${missing.join(', ')}, so ${why}`,
    });
  }
  found.push(...requireNonEmpty(resource, ['workspaceId'], 'so the logs do not reach a Log Analytics workspace'));
  return found;
}

/** Matches a resource id of an AKS cluster (and the singular form `kubeward plan`'s mock ids use). */
const CLUSTER_ID = /\/providers\/microsoft\.containerservice\/managedclusters?\/[^/]+$/i;

/** Log categories only an AKS cluster emits: a diagnostic setting naming one is a cluster's. */
const AKS_LOG_CATEGORIES: ReadonlySet<string> = new Set([
  'kube-apiserver', 'kube-audit', 'kube-audit-admin', 'kube-controller-manager', 'kube-scheduler', 'cluster-autoscaler',
  'guard', 'cloud-controller-manager', 'csi-azuredisk-controller', 'csi-azurefile-controller', 'csi-snapshot-controller',
]);

/** Whether a diagnostic setting is a cluster's: its resourceUri is a cluster id, or its logs name AKS categories. */
function isClusterDiagnosticSetting(resource: PlannedAzureResource): boolean {
  const inputs = inputsOf(resource);
  if (typeof inputs.resourceUri === 'string' && CLUSTER_ID.test(inputs.resourceUri.trim())) return true;
  return logEntries(inputs).some((e) => e.category !== undefined && AKS_LOG_CATEGORIES.has(e.category));
}

/** Matches a subscription id as a diagnostic-setting scope (the activity log's). */
const SUBSCRIPTION_SCOPE = /^\/subscriptions\/[^/]+\/?$/i;

/** The Defender plan a `security:Pricing` configures (lowercase), or undefined when not a string. */
function pricingPlan(inputs: Record<string, any>): string | undefined {
  return typeof inputs.pricingName === 'string' ? inputs.pricingName.trim().toLowerCase() : undefined;
}

/** Checks that the named extensions of a Defender pricing are listed and enabled. */
function requireExtensions(resource: PlannedAzureResource, names: readonly string[], why: string): Violation[] {
  const extensions = inputsOf(resource).extensions;
  const list: unknown[] = Array.isArray(extensions) ? extensions : [];
  const found: Violation[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const index = list.findIndex((e) => isRecord(e) && same(e.name, name));
    if (index < 0) {
      missing.push(name);
      continue;
    }
    const enabled = (list[index] as Record<string, any>).isEnabled;
    if (!(enabled === true || same(enabled, 'True'))) {
      found.push(at(resource, ['extensions', index, 'isEnabled'], `so the ${name} extension is off; ${why}`));
    }
  }
  if (missing.length > 0) {
    found.unshift({
      path: ['extensions'],
      message: `${subject(resource)}: extensions do not enable ${missing.join(', ')}, so ${why}`,
    });
  }
  return found;
}

/** The definition (or initiative) GUID at the end of a policy assignment's policyDefinitionId, lowercase. */
function assignedDefinition(inputs: Record<string, any>): string | undefined {
  const id = inputs.policyDefinitionId;
  if (typeof id !== 'string') return undefined;
  const last = id.trim().replace(/\/+$/, '').split('/').pop();
  return last ? last.toLowerCase() : undefined;
}

/** Checks that a policy assignment enforces its definition: enforcementMode not DoNotEnforce, effect not Disabled. */
function requireEnforced(resource: PlannedAzureResource, what: string): Violation[] {
  const inputs = inputsOf(resource);
  const found: Violation[] = [];
  // An omitted enforcementMode is `Default` (enforced) by the definition of the assignment API.
  if (inputs.enforcementMode !== undefined && !same(inputs.enforcementMode, 'Default')) {
    found.push(at(resource, ['enforcementMode'], `so ${what} is not enforced; leave it unset or set "Default"`));
  }
  const effect = getPath(inputs, ['parameters', 'effect', 'value']);
  if (effect !== undefined && same(effect, 'Disabled')) {
    found.push(at(resource, ['parameters', 'effect', 'value'], `so ${what} is switched off; use "Deny" (or "Audit")`));
  }
  return found;
}

const ALLOWED_LOCATIONS_DEFINITIONS: ReadonlySet<string> = new Set(['e56962a6-4747-49cd-b67b-bf8b01975c4c', 'e765b5de-1225-4ba3-bd56-1ac6695af988']);
const POD_SECURITY_INITIATIVES: ReadonlySet<string> = new Set(['a8640138-9b0a-4a28-b8cb-1666c838647d', '42b8ef37-b724-4e24-bbc8-7a7708edfe00']);

// ---------------------------------------------------------------------------------------------
// AKS

/** `aks.private-cluster`: the API server has a private endpoint; a public one is limited to authorized IP ranges. */
export const AKS_PRIVATE_CLUSTER: AzureControl = {
  id: 'aks.private-cluster',
  title: 'The AKS API server is private; a public one accepts only authorized IP ranges',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eDesignConsiderations, GUIDANCE.eAuthorizedIps, GUIDANCE.eCluster],
  checklist: ['E-29', 'E-26'],
  references: [
    POLICY.privateCluster, POLICY.authorizedIps, cisAks('5.4.1'), cisAks('5.4.2'),
    nsa('Network separation and hardening: Control plane hardening'), nist('4.3.2 Unauthorized access'),
  ],
  rationale:
    'A public API server endpoint can be reached, probed and attacked from the whole internet; a private cluster keeps the ' +
    'control plane on the virtual network. The guidance asks for this to be a deliberate decision, and, where the endpoint stays ' +
    'public, for authorized IP ranges on it.',
  remediation:
    'Set `apiServerAccessProfile.enablePrivateCluster: true` (SecureAksCluster does by default). If the API server must stay ' +
    'public, give the justification SecureAksCluster asks for and list `apiServerAccessProfile.authorizedIPRanges`, never `0.0.0.0/0`.',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.managedCluster)) return [];
    const inputs = inputsOf(resource);
    if (getPath(inputs, ['apiServerAccessProfile', 'enablePrivateCluster']) === true) return [];
    const found = [at(resource, ['apiServerAccessProfile', 'enablePrivateCluster'], 'so the API server has a public endpoint')];
    const ranges = getPath(inputs, ['apiServerAccessProfile', 'authorizedIPRanges']);
    const usable = Array.isArray(ranges) ? ranges.filter(nonEmptyString) : [];
    if (usable.length === 0) {
      found.push(at(resource, ['apiServerAccessProfile', 'authorizedIPRanges'], 'so the public API server accepts connections from any address'));
    } else if (Array.isArray(ranges)) {
      ranges.forEach((range: unknown, index) => {
        if (typeof range === 'string' && /^0\.0\.0\.0\/0$|^::\/0$/.test(range.trim())) {
          found.push(at(resource, ['apiServerAccessProfile', 'authorizedIPRanges', index], 'which authorizes every address'));
        }
      });
    }
    return found;
  },
};

/** `aks.entra-rbac`: users sign in with Microsoft Entra ID and are authorized by Azure RBAC. */
export const AKS_ENTRA_RBAC: AzureControl = {
  id: 'aks.entra-rbac',
  title: 'AKS authenticates users with Microsoft Entra ID and authorizes them with Azure RBAC, with admin groups named',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eDesignRecommendations],
  checklist: ['E-09', 'E-32'],
  references: [
    POLICY.entraIntegration, POLICY.entraAdminGroup, POLICY.rbac, cisAks('5.5.1'), cisAks('5.5.2'),
    nsa('Authentication and authorization'), nist('4.3.1 Unbounded administrative access'),
  ],
  rationale:
    'Cluster access managed in the organisation\'s directory brings single sign-on, multifactor authentication and central ' +
    'revocation; Azure RBAC for Kubernetes authorization lets the kubeconfig grant only what a user\'s Azure role allows, and ' +
    'named admin groups keep cluster-wide rights with a small, known set of people.',
  remediation:
    'Set `enableRBAC: true` and `aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [<Entra group object id>] }` ' +
    '(SecureAksCluster does, from its admin group argument).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.managedCluster)) return [];
    const inputs = inputsOf(resource);
    const found = requireBoolean(resource, ['enableRBAC'], true, 'so Kubernetes RBAC is not guaranteed');
    if (!isRecord(inputs.aadProfile)) {
      found.push(at(resource, ['aadProfile'], 'so users do not sign in with Microsoft Entra ID'));
      return found;
    }
    found.push(...requireBoolean(resource, ['aadProfile', 'managed'], true, 'so AKS-managed Microsoft Entra ID integration is off'));
    found.push(...requireBoolean(resource, ['aadProfile', 'enableAzureRBAC'], true, 'so Azure RBAC does not authorize Kubernetes requests'));
    const groups = inputs.aadProfile.adminGroupObjectIDs;
    if (!Array.isArray(groups) || !groups.some(nonEmptyString)) {
      found.push(at(resource, ['aadProfile', 'adminGroupObjectIDs'], 'so no Entra group is named as cluster admin'));
    }
    return found;
  },
};

/** `aks.local-accounts-disabled`: no static local credentials (the cluster-admin kubeconfig). */
export const AKS_LOCAL_ACCOUNTS_DISABLED: AzureControl = {
  id: 'aks.local-accounts-disabled',
  title: 'AKS local accounts (static cluster-admin credentials) are disabled',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eDesignRecommendations],
  checklist: ['E-09', 'E-32'],
  references: [POLICY.localAccounts, cisAks('5.5.1'), nsa('Authentication and authorization'), nist('4.3.1 Unbounded administrative access')],
  rationale:
    'With local accounts enabled, anyone allowed to list the cluster\'s admin credentials gets a static cluster-admin kubeconfig ' +
    'that bypasses Microsoft Entra ID, multifactor authentication and Azure RBAC, and cannot be revoked per user.',
  remediation: 'Set `disableLocalAccounts: true` (SecureAksCluster does by default); give administrators an Entra admin group instead.',
  satisfiedBy: [],
  check: settingsCheck(T.managedCluster, [
    { path: ['disableLocalAccounts'], equals: true, otherwise: 'so static local cluster-admin credentials can be fetched' },
  ]),
};

/** `aks.run-command-disabled`: `az aks command invoke` cannot run commands in the cluster. */
export const AKS_RUN_COMMAND_DISABLED: AzureControl = {
  id: 'aks.run-command-disabled',
  title: 'AKS run command (command invoke) is disabled',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eDesignConsiderations],
  checklist: ['E-09', 'E-29'],
  references: [POLICY.runCommand, nsa('Network separation and hardening: Control plane hardening'), nist('4.3.2 Unauthorized access')],
  rationale:
    'Run command executes kubectl in a pod the Azure control plane starts, so an Azure role with the run-command permission reaches ' +
    'a private cluster from anywhere and around the network restrictions that made it private.',
  remediation: 'Set `apiServerAccessProfile.disableRunCommand: true` (SecureAksCluster does by default); reach the private API server from the virtual network.',
  satisfiedBy: [],
  check: settingsCheck(T.managedCluster, [
    { path: ['apiServerAccessProfile', 'disableRunCommand'], equals: true, otherwise: 'so commands can be run in the cluster through the Azure API' },
  ]),
};

/** `aks.managed-identity`: the cluster uses a managed identity, never a service principal and its secret. */
export const AKS_MANAGED_IDENTITY: AzureControl = {
  id: 'aks.managed-identity',
  title: 'AKS uses a managed identity, not a service principal',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eApplication],
  checklist: ['E-09', 'E-19'],
  references: [POLICY.managedIdentity, nsa('Authentication and authorization')],
  rationale:
    'A service principal comes with a client secret that is written to every node and must be rotated by hand; a managed identity ' +
    'has no secret to leak or expire and its permissions are granted by Azure RBAC.',
  remediation:
    'Set `identity: { type: "SystemAssigned" }` (or `"UserAssigned"` with the identity id) and remove `servicePrincipalProfile` ' +
    '(SecureAksCluster uses a managed identity and has no service principal option).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.managedCluster)) return [];
    const inputs = inputsOf(resource);
    const found = requireOneOf(resource, ['identity', 'type'], ['SystemAssigned', 'UserAssigned'], 'so the cluster does not use a managed identity');
    const sp = inputs.servicePrincipalProfile;
    if (sp !== undefined && sp !== null && !(isRecord(sp) && same(sp.clientId, 'msi'))) {
      found.push(at(resource, ['servicePrincipalProfile', 'clientId'], 'so the cluster authenticates to Azure with a service principal and its secret'));
    }
    return found;
  },
};

/** `aks.workload-identity`: the OIDC issuer and workload identity are on, so pods federate to Entra ID. */
export const AKS_WORKLOAD_IDENTITY: AzureControl = {
  id: 'aks.workload-identity',
  title: 'AKS has the OIDC issuer and Microsoft Entra Workload ID enabled',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.wWorkloadIdentity, GUIDANCE.eDesignRecommendations],
  checklist: ['W-14', 'W-15'],
  references: [POLICY.workloadIdentity, nsa('Authentication and authorization')],
  rationale:
    'Workload identity federation lets a pod exchange its service account token for an Entra token, so no secret is created or ' +
    'distributed to reach Azure resources; AKS manages and rotates the service account issuer\'s signing key.',
  remediation:
    'Set `oidcIssuerProfile: { enabled: true }` and `securityProfile: { workloadIdentity: { enabled: true } }` (SecureAksCluster does by default).',
  satisfiedBy: [],
  check: settingsCheck(T.managedCluster, [
    { path: ['oidcIssuerProfile', 'enabled'], equals: true, otherwise: 'so the cluster publishes no OIDC issuer for federation' },
    { path: ['securityProfile', 'workloadIdentity', 'enabled'], equals: true, otherwise: 'so pods cannot use Microsoft Entra Workload ID' },
  ]),
};

/** `aks.defender-profile`: the Defender sensor runs in the cluster and reports to a workspace. */
export const AKS_DEFENDER_PROFILE: AzureControl = {
  id: 'aks.defender-profile',
  title: 'AKS runs the Microsoft Defender for Containers sensor, wired to a Log Analytics workspace',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eApplication, GUIDANCE.eDesignRecommendations],
  checklist: ['E-24', 'W-03'],
  references: [POLICY.defenderProfile, nsa('Audit logging and threat detection: Threat detection'), nist('4.4.5 Rogue containers')],
  rationale:
    'Runtime threat detection needs the Defender sensor on the nodes to see process, network and Kubernetes events; without the ' +
    'security profile the cluster is not watched even when the subscription plan is on.',
  remediation:
    'Set `securityProfile.defender: { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: <workspace id> }` ' +
    '(SecureAksCluster does, with the workspace of SecurityMonitoring).',
  satisfiedBy: [],
  check: settingsCheck(T.managedCluster, [
    { path: ['securityProfile', 'defender', 'securityMonitoring', 'enabled'], equals: true, otherwise: 'so Defender runtime threat detection is off' },
    { path: ['securityProfile', 'defender', 'logAnalyticsWorkspaceResourceId'], nonEmpty: true, otherwise: 'so the Defender sensor has no workspace to report to' },
  ]),
};

/** `aks.image-cleaner`: unused and vulnerable images are removed from the nodes. */
export const AKS_IMAGE_CLEANER: AzureControl = {
  id: 'aks.image-cleaner',
  title: 'AKS Image Cleaner removes unused and vulnerable images from the nodes',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eRegistry],
  checklist: ['E-04'],
  references: [POLICY.imageCleaner, nist('4.2.2 Stale images in registries')],
  rationale:
    'Images left in the node cache after their workloads moved on can still be started, by a rollback or by anyone allowed to ' +
    'create pods; Image Cleaner removes unused images with known vulnerabilities so stale images are not run by accident.',
  remediation: 'Set `securityProfile.imageCleaner: { enabled: true, intervalHours: 168 }` (SecureAksCluster does by default).',
  satisfiedBy: [],
  check: settingsCheck(T.managedCluster, [
    { path: ['securityProfile', 'imageCleaner', 'enabled'], equals: true, otherwise: 'so stale and vulnerable images stay on the nodes' },
  ]),
};

/** `aks.azure-policy-addon`: the Azure Policy add-on (Gatekeeper) enforces assignments in the cluster. */
export const AKS_AZURE_POLICY_ADDON: AzureControl = {
  id: 'aks.azure-policy-addon',
  title: 'The Azure Policy add-on for AKS is enabled',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eDesignRecommendations],
  checklist: ['E-13', 'E-34'],
  references: [POLICY.policyAddon, cisAks('5.1.4'), nsa('Kubernetes Pod security: Pod security enforcement')],
  rationale:
    'Azure Policy assignments for Kubernetes (pod security, allowed registries) are enforced in the cluster by the add-on\'s ' +
    'Gatekeeper admission webhook; without it they are not evaluated at all.',
  remediation: 'Set `addonProfiles: { azurepolicy: { enabled: true } }` (SecureAksCluster does by default) and assign the policies with PolicyBaseline.',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.managedCluster)) return [];
    const { path } = addon(inputsOf(resource), 'azurepolicy');
    return requireBoolean(resource, [...path, 'enabled'], true, 'so Azure Policy is not enforced in the cluster');
  },
};

/** `aks.key-vault-secrets-provider`: secrets come from Key Vault at run time, with rotation. */
export const AKS_KEY_VAULT_SECRETS_PROVIDER: AzureControl = {
  id: 'aks.key-vault-secrets-provider',
  title: 'The Azure Key Vault secrets provider add-on is enabled with secret rotation',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eApplication, GUIDANCE.eDesignRecommendations],
  checklist: ['E-19'],
  references: [
    { source: 'Azure', id: 'Use the Azure Key Vault provider for Secrets Store CSI Driver in an AKS cluster', url: 'https://learn.microsoft.com/azure/aks/csi-secrets-store-driver' },
    nsa('Network separation and hardening: Kubernetes Secrets'), { source: 'OWASP', id: 'Keep secrets as secrets' }, nist('4.1.4 Embedded clear text secrets'),
  ],
  rationale:
    'Secrets kept in Azure Key Vault and mounted at run time by the Secrets Store CSI driver are never baked into images or ' +
    'manifests; rotation updates the mounted secret when Key Vault changes it, so a rotated credential reaches the pods.',
  remediation:
    'Set `addonProfiles: { azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true" } } }` (SecureAksCluster does by default).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.managedCluster)) return [];
    const { path } = addon(inputsOf(resource), 'azureKeyvaultSecretsProvider');
    const found = requireBoolean(resource, [...path, 'enabled'], true, 'so pods cannot mount secrets from Azure Key Vault');
    if (found.length > 0) return found;
    const rotation = getPath(inputsOf(resource), [...path, 'config', 'enableSecretRotation']);
    return isOn(rotation) ? [] : [at(resource, [...path, 'config', 'enableSecretRotation'], 'so secrets rotated in Key Vault do not reach the pods; set "true"')];
  },
};

/** `aks.monitoring`: Container Insights and managed Prometheus send the cluster's telemetry to Azure Monitor. */
export const AKS_MONITORING: AzureControl = {
  id: 'aks.monitoring',
  title: 'AKS sends telemetry to Azure Monitor: Container Insights and managed Prometheus',
  severity: 'warning',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.wTelemetry],
  checklist: ['W-25'],
  references: [
    { source: 'Azure', id: 'Enable monitoring for Kubernetes clusters', url: 'https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable' },
    nsa('Audit logging and threat detection: Logging'),
  ],
  rationale:
    'The guidance asks to consider sending workload telemetry to a monitoring solution where it can be analysed for security ' +
    'issues: Container Insights sends logs and performance data to Log Analytics, managed Prometheus sends metrics to an Azure Monitor workspace.',
  remediation:
    'Set `addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: <workspace id> } } }` and ' +
    '`azureMonitorProfile: { metrics: { enabled: true } }` (SecureAksCluster does, with the workspaces of SecurityMonitoring).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.managedCluster)) return [];
    const { path } = addon(inputsOf(resource), 'omsagent');
    const found = requireBoolean(resource, [...path, 'enabled'], true, 'so Container Insights does not collect the cluster\'s logs');
    if (found.length === 0) {
      found.push(...requireNonEmpty(resource, [...path, 'config', 'logAnalyticsWorkspaceResourceID'], 'so Container Insights has no Log Analytics workspace'));
    }
    found.push(...requireBoolean(resource, ['azureMonitorProfile', 'metrics', 'enabled'], true, 'so managed Prometheus does not collect the cluster\'s metrics'));
    return found;
  },
};

/** Cluster upgrade channels that keep the Kubernetes version current. */
const CLUSTER_CHANNELS = ['patch', 'stable', 'rapid', 'node-image'] as const;
/** Node OS upgrade channels that patch the nodes (and reboot them) automatically. */
const NODE_OS_CHANNELS = ['NodeImage', 'SecurityPatch'] as const;

/** `aks.auto-upgrade`: Kubernetes and the node OS are upgraded automatically. */
export const AKS_AUTO_UPGRADE: AzureControl = {
  id: 'aks.auto-upgrade',
  title: 'AKS upgrades Kubernetes and patches the node OS automatically',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eNode, GUIDANCE.eDesignRecommendations],
  checklist: ['E-14', 'E-18'],
  references: [
    POLICY.clusterAutoUpgrade, POLICY.nodeOsAutoUpgrade, POLICY.nonVulnerableVersion,
    nsa('Upgrading and application security practices'), nist('4.5.3 Host OS component vulnerabilities'),
  ],
  rationale:
    'Vulnerabilities in Kubernetes components and the node OS are fixed by upgrades; security patches that need a reboot are not ' +
    'applied until the node is reimaged or rebooted. Automatic channels keep both current without relying on someone remembering.',
  remediation:
    'Set `autoUpgradeProfile: { upgradeChannel: "patch" (or "stable"), nodeOSUpgradeChannel: "NodeImage" (or "SecurityPatch") }` ' +
    'and schedule them with a maintenance window (SecureAksCluster does by default).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.managedCluster)) return [];
    const inputs = inputsOf(resource);
    const found = requireOneOf(resource, ['autoUpgradeProfile', 'upgradeChannel'], CLUSTER_CHANNELS,
      `so the Kubernetes version is not upgraded automatically; use one of ${CLUSTER_CHANNELS.join(', ')}`);
    // The node-image cluster channel also upgrades the node OS (as the built-in policy accepts).
    if (!same(getPath(inputs, ['autoUpgradeProfile', 'upgradeChannel']), 'node-image')) {
      found.push(...requireOneOf(resource, ['autoUpgradeProfile', 'nodeOSUpgradeChannel'], NODE_OS_CHANNELS,
        `so node OS security patches are not applied automatically; use ${NODE_OS_CHANNELS.join(' or ')}`));
    }
    return found;
  },
};

/** The Azure Linux OS SKUs (CBLMariner is Azure Linux 2.0's former name). */
const AZURE_LINUX_SKUS = ['AzureLinux', 'AzureLinux3', 'CBLMariner'] as const;

/** `aks.node-os-hardening`: Azure Linux nodes, SSH off, encryption at host, ephemeral OS disks. */
export const AKS_NODE_OS_HARDENING: AzureControl = {
  id: 'aks.node-os-hardening',
  title: 'AKS node pools run Azure Linux with SSH disabled, encryption at host and ephemeral OS disks',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster, T.agentPool],
  guidance: [GUIDANCE.eNode, GUIDANCE.eCluster],
  checklist: ['E-17', 'E-10'],
  references: [
    POLICY.encryptionAtHost, POLICY.disableSsh, nsa('Network separation and hardening: Encryption'),
    nist('4.5.1 Large attack surface'), nist('4.5.4 Improper user access rights'),
  ],
  rationale:
    'A container-specific OS (Azure Linux) has a smaller attack surface; without SSH nobody logs in to a node around the AKS ' +
    'control plane; encryption at host encrypts temp disks and the OS and data disk caches; an ephemeral OS disk keeps no ' +
    'state beyond a reimage, so a tampered node is restored by reimaging it.',
  remediation:
    'On every Linux pool (`agentPoolProfiles[]` and AgentPool resources) set `osSKU: "AzureLinux"`, ' +
    '`securityProfile: { sshAccess: "Disabled" }`, `enableEncryptionAtHost: true` and `osDiskType: "Ephemeral"` ' +
    '(SecureAksCluster does for the system pool and every user pool).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.managedCluster, T.agentPool)) return [];
    const { pools, problem } = agentPools(resource);
    const found: Violation[] = problem ? [problem] : [];
    for (const pool of pools) {
      const windows = same(pool.spec.osType, 'Windows');
      if (!windows) {
        if (!oneOf(pool.spec.osSKU, AZURE_LINUX_SKUS)) found.push(partAt(pool, ['osSKU'], 'not the container-optimised Azure Linux; set "AzureLinux"'));
        if (!same(getPath(pool.spec, ['securityProfile', 'sshAccess']), 'Disabled')) {
          found.push(partAt(pool, ['securityProfile', 'sshAccess'], 'so nodes can be reached over SSH; set "Disabled"'));
        }
      }
      if (pool.spec.enableEncryptionAtHost !== true) found.push(partAt(pool, ['enableEncryptionAtHost'], 'so temp disks and disk caches are not encrypted at host'));
      if (!same(pool.spec.osDiskType, 'Ephemeral')) found.push(partAt(pool, ['osDiskType'], 'so the OS disk is not ephemeral; set "Ephemeral"'));
    }
    return found;
  },
};

/** `aks.customer-managed-keys`: node disks and Kubernetes secrets are encrypted with keys of your own. */
export const AKS_CUSTOMER_MANAGED_KEYS: AzureControl = {
  id: 'aks.customer-managed-keys',
  title: 'AKS encrypts node disks (disk encryption set) and Kubernetes secrets (Key Vault KMS) with customer-managed keys',
  severity: 'warning',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.eCluster],
  checklist: ['E-10'],
  references: [
    POLICY.aksDiskCmk, POLICY.aksKms, cisAks('5.3.1'), nsa('Network separation and hardening: Kubernetes Secrets'), nist('4.3.2 Unauthorized access'),
  ],
  rationale:
    'The guidance asks for encryption that keeps container data from unauthorized access. Azure encrypts OS and data disks and ' +
    'etcd with keys Microsoft manages; with keys of your own in Key Vault (a disk encryption set for the disks, KMS for the ' +
    'Kubernetes secrets in etcd) you decide their rotation and can revoke access. A warning, not an error: customer-managed ' +
    'keys are a compliance choice that brings key management with it.',
  remediation:
    'Set `diskEncryptionSetID` to a disk encryption set and `securityProfile.azureKeyVaultKms: { enabled: true, keyId, ' +
    'keyVaultNetworkAccess: "Private", keyVaultResourceId }` (SecureAksCluster does when given `diskEncryptionSetId` and `kmsKeyId`).',
  satisfiedBy: [],
  check: settingsCheck(T.managedCluster, [
    { path: ['diskEncryptionSetID'], nonEmpty: true, otherwise: 'so OS and data disks are encrypted with platform-managed keys only; set a disk encryption set id' },
    { path: ['securityProfile', 'azureKeyVaultKms', 'enabled'], equals: true, otherwise: 'so Kubernetes secrets in etcd are not encrypted with a Key Vault key' },
  ]),
};

/** Network policy engines AKS supports. */
const NETWORK_POLICY_ENGINES = ['azure', 'calico', 'cilium'] as const;

/** `aks.network-policy`: a network policy engine enforces Kubernetes NetworkPolicies. */
export const AKS_NETWORK_POLICY: AzureControl = {
  id: 'aks.network-policy',
  title: 'AKS runs a network policy engine (Azure, Calico or Cilium)',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.managedCluster],
  guidance: [GUIDANCE.wAuthorization, GUIDANCE.eCluster],
  checklist: ['W-24', 'E-11'],
  references: [cisAks('5.4.4'), nsa('Network separation and hardening: Network policies'), nist('4.3.3 Poorly separated inter-container network traffic')],
  rationale:
    'Without a network policy engine the cluster accepts NetworkPolicy objects but enforces none of them, so the default-deny ' +
    'and per-namespace rules that separate sensitivity levels have no effect.',
  remediation:
    'Set `networkProfile.networkPolicy` to "cilium" (with `networkDataplane: "cilium"`), "azure" or "calico" (SecureAksCluster uses Azure CNI overlay with a policy engine).',
  satisfiedBy: [],
  check: settingsCheck(T.managedCluster, [
    { path: ['networkProfile', 'networkPolicy'], oneOf: NETWORK_POLICY_ENGINES, otherwise: `so NetworkPolicies are not enforced; use one of ${NETWORK_POLICY_ENGINES.join(', ')}` },
  ]),
};

/** `aks.audit-logs`: the cluster's audit, API server and Entra (guard) logs go to Log Analytics. */
export const AKS_AUDIT_LOGS: AzureControl = {
  id: 'aks.audit-logs',
  title: 'AKS diagnostic settings send kube-audit-admin, kube-apiserver and guard logs to Log Analytics',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.diagnosticSetting],
  guidance: [GUIDANCE.eCluster, GUIDANCE.wTelemetry],
  checklist: ['E-16'],
  references: [
    POLICY.aksResourceLogs, POLICY.aksLogsToWorkspace, cisAks('2.1.1'),
    nsa('Audit logging and threat detection: Logging'), nist('4.4.5 Rogue containers'),
  ],
  rationale:
    'The Kubernetes audit log ties every change (who created which container, when) to a user identity; guard logs record the ' +
    'Entra ID and Azure RBAC decisions. AKS keeps neither unless a diagnostic setting exports them.',
  remediation:
    'Create a diagnostic setting on the cluster with `logs` enabling `kube-audit-admin` (or `kube-audit`), `kube-apiserver` and ' +
    '`guard`, and `workspaceId` set to the Log Analytics workspace (SecureAksCluster creates it).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.diagnosticSetting) || !isClusterDiagnosticSetting(resource)) return [];
    return requireLogCategories(resource, [['kube-audit-admin', 'kube-audit'], ['kube-apiserver'], ['guard']],
      'cluster changes are not tied to user identities in the logs');
  },
};

// ---------------------------------------------------------------------------------------------
// ACR

/** `acr.private-network`: the registry is reached only through private endpoints. */
export const ACR_PRIVATE_NETWORK: AzureControl = {
  id: 'acr.private-network',
  title: 'The container registry is Premium with public network access disabled (private endpoints only)',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.registry],
  guidance: [GUIDANCE.eRegistry, GUIDANCE.eDesignConsiderations, GUIDANCE.eDesignRecommendations],
  checklist: ['E-03', 'E-31', 'E-35'],
  references: [
    POLICY.acrPublicNetwork, POLICY.acrPrivateLinkSku, POLICY.acrPrivateLink,
    nsa('Network separation and hardening'), nist('4.2.1 Insecure connections to registries'),
  ],
  rationale:
    'A registry reachable from the internet exposes images, which often hold proprietary code, to anyone holding a credential; ' +
    'private endpoints (Premium SKU) keep pulls and pushes on the virtual network, over Private Link from the cluster.',
  remediation:
    'Set `sku: { name: "Premium" }` and `publicNetworkAccess: "Disabled"`, and reach the registry through a private endpoint ' +
    'with the `privatelink.azurecr.io` DNS zone (PrivateRegistry does by default).',
  satisfiedBy: [],
  check: settingsCheck(T.registry, [
    { path: ['sku', 'name'], oneOf: ['Premium'], otherwise: 'a SKU without private endpoints; set "Premium"' },
    { path: ['publicNetworkAccess'], oneOf: ['Disabled'], otherwise: 'so the registry is reachable from public networks; set "Disabled"' },
  ]),
};

/** `acr.admin-user-disabled`: no shared admin user credentials. */
export const ACR_ADMIN_USER_DISABLED: AzureControl = {
  id: 'acr.admin-user-disabled',
  title: 'The container registry admin user is disabled',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.registry],
  guidance: [GUIDANCE.eRegistry],
  checklist: ['E-06'],
  references: [POLICY.acrAdmin, cisAks('5.1.2'), nist('4.2.3 Insufficient authentication and authorization restrictions')],
  rationale:
    'The admin user is one shared username and password with push and pull rights on every repository; it is not tied to a ' +
    'person or workload, so access cannot be limited per team or traced.',
  remediation: 'Set `adminUserEnabled: false` (PrivateRegistry does) and pull with the kubelet identity\'s AcrPull role, push with per-team identities.',
  satisfiedBy: [],
  check: settingsCheck(T.registry, [
    { path: ['adminUserEnabled'], equals: false, otherwise: 'so a shared admin password can push and pull every repository' },
  ]),
};

/** `acr.anonymous-pull-disabled`: every pull is authenticated. */
export const ACR_ANONYMOUS_PULL_DISABLED: AzureControl = {
  id: 'acr.anonymous-pull-disabled',
  title: 'Anonymous pull is disabled on the container registry',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.registry],
  guidance: [GUIDANCE.eRegistry],
  checklist: ['E-06'],
  references: [POLICY.acrAnonymous, cisAks('5.1.2'), nist('4.2.3 Insufficient authentication and authorization restrictions')],
  rationale: 'The guidance requires authentication and authorization on all access to registries that hold sensitive images; anonymous pull lets anyone who reaches the registry read every image.',
  remediation: 'Set `anonymousPullEnabled: false` (PrivateRegistry does).',
  satisfiedBy: [],
  check: settingsCheck(T.registry, [
    { path: ['anonymousPullEnabled'], equals: false, otherwise: 'so images can be pulled without authentication' },
  ]),
};

/** `acr.export-disabled`: images cannot be exported out of the registry. */
export const ACR_EXPORT_DISABLED: AzureControl = {
  id: 'acr.export-disabled',
  title: 'Export of artifacts from the container registry is disabled',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.registry],
  guidance: [GUIDANCE.eRegistry, GUIDANCE.eDesignRecommendations],
  checklist: ['E-06', 'E-31'],
  references: [POLICY.acrExport, nist('4.2.3 Insufficient authentication and authorization restrictions')],
  rationale:
    'Export pipelines copy artifacts out of the registry to a storage account, a path around the private network; disabling ' +
    'export keeps images inside the landing zone\'s registry (it requires public network access disabled).',
  remediation: 'Set `policies: { exportPolicy: { status: "disabled" } }` together with `publicNetworkAccess: "Disabled"` (PrivateRegistry does).',
  satisfiedBy: [],
  check: settingsCheck(T.registry, [
    { path: ['policies', 'exportPolicy', 'status'], oneOf: ['disabled'], otherwise: 'so artifacts can be exported out of the registry; set "disabled"' },
  ]),
};

/** `acr.arm-token-disabled`: Entra tokens with the ARM audience are refused for registry access. */
export const ACR_ARM_TOKEN_DISABLED: AzureControl = {
  id: 'acr.arm-token-disabled',
  title: 'ARM-audience token authentication is disabled on the container registry',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.registry],
  guidance: [GUIDANCE.eRegistry],
  checklist: ['E-06'],
  references: [POLICY.acrArmToken, nist('4.2.3 Insufficient authentication and authorization restrictions')],
  rationale:
    'When ARM-audience tokens are accepted, any Entra token issued for Azure Resource Manager also opens the registry; ' +
    'requiring the registry audience limits a leaked management token to management.',
  remediation: 'Set `policies: { azureADAuthenticationAsArmPolicy: { status: "disabled" } }` (PrivateRegistry does).',
  satisfiedBy: [],
  check: settingsCheck(T.registry, [
    {
      path: ['policies', 'azureADAuthenticationAsArmPolicy', 'status'],
      oneOf: ['disabled'],
      otherwise: 'so Azure Resource Manager tokens are accepted for registry access; set "disabled"',
    },
  ]),
};

/** `acr.quarantine`: pushed images stay quarantined until a scan releases them. */
export const ACR_QUARANTINE: AzureControl = {
  id: 'acr.quarantine',
  title: 'The container registry quarantines pushed images until they pass a scan',
  severity: 'warning',
  scope: 'azure',
  resourceTypes: [T.registry],
  guidance: [GUIDANCE.eRegistry],
  checklist: ['E-07'],
  references: [cisAks('5.1.1'), nist('4.1.1 Image vulnerabilities')],
  rationale:
    'The guidance gives, as an example, pushing images to repositories only after they pass vulnerability scanning; with the ' +
    'quarantine policy on, a pushed image cannot be pulled until a scanner marks it as passed.',
  remediation: 'Set `policies: { quarantinePolicy: { status: "enabled" } }` (PrivateRegistry does) and have the scanner release images that pass.',
  satisfiedBy: [],
  check: settingsCheck(T.registry, [
    { path: ['policies', 'quarantinePolicy', 'status'], oneOf: ['enabled'], otherwise: 'so pushed images can be pulled before they are scanned; set "enabled"' },
  ]),
};

/** `acr.retention`: untagged manifests are purged after a retention period. */
export const ACR_RETENTION: AzureControl = {
  id: 'acr.retention',
  title: 'The container registry purges untagged manifests after a retention period',
  severity: 'warning',
  scope: 'azure',
  resourceTypes: [T.registry],
  guidance: [GUIDANCE.eRegistry],
  checklist: ['E-04'],
  references: [nist('4.2.2 Stale images in registries')],
  rationale:
    'Stale images with outdated, vulnerable components can be deployed by accident; a retention policy removes untagged ' +
    'manifests, and a scheduled purge task removes old tagged images.',
  remediation:
    'Set `policies: { retentionPolicy: { status: "enabled", days: 7 } }` (PrivateRegistry does, with a scheduled purge task for stale tags).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.registry)) return [];
    const found = requireOneOf(resource, ['policies', 'retentionPolicy', 'status'], ['enabled'], 'so untagged manifests are never purged; set "enabled"');
    const days = getPath(inputsOf(resource), ['policies', 'retentionPolicy', 'days']);
    if (found.length === 0 && days !== undefined && !(typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= 365)) {
      found.push(at(resource, ['policies', 'retentionPolicy', 'days'], 'not a number of days from 0 to 365'));
    }
    return found;
  },
};

/** `acr.customer-managed-key`: the registry content is encrypted with a key of your own. */
export const ACR_CUSTOMER_MANAGED_KEY: AzureControl = {
  id: 'acr.customer-managed-key',
  title: 'The container registry encrypts its content with a customer-managed key',
  severity: 'warning',
  scope: 'azure',
  resourceTypes: [T.registry],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eRegistry],
  checklist: ['E-10'],
  references: [
    POLICY.acrCmk,
    { source: 'Azure', id: 'Encrypt a registry by using a customer-managed key', url: 'https://learn.microsoft.com/azure/container-registry/tutorial-enable-customer-managed-keys' },
  ],
  rationale:
    'Images often hold an organisation\'s proprietary code. Azure encrypts registry content at rest with keys Microsoft manages; ' +
    'a customer-managed key in Key Vault puts its rotation and revocation in your hands. A warning, not an error: it is a ' +
    'compliance choice, and it can only be set when the registry is created.',
  remediation:
    'Set `encryption: { status: "enabled", keyVaultProperties: { keyIdentifier: <key id without version>, identity: <client id> } }` ' +
    'with a user-assigned identity that may use the key (PrivateRegistry does when given `customerManagedKey`).',
  satisfiedBy: [],
  check: settingsCheck(T.registry, [
    { path: ['encryption', 'status'], oneOf: ['enabled'], otherwise: 'so the registry content is encrypted with Microsoft-managed keys only; set "enabled"' },
    { path: ['encryption', 'keyVaultProperties', 'keyIdentifier'], nonEmpty: true, otherwise: 'so no Key Vault key encrypts the registry content' },
  ]),
};

// ---------------------------------------------------------------------------------------------
// Network

/** Subnet names Azure reserves for its services: they take no NSG, or only one Azure prescribes. */
const RESERVED_SUBNETS = ['GatewaySubnet', 'AzureFirewallSubnet', 'AzureFirewallManagementSubnet', 'AzureBastionSubnet', 'RouteServerSubnet'] as const;

/** The subnets to check: the inline `subnets` of a VirtualNetwork, or a Subnet resource. */
function subnetsOf(resource: PlannedAzureResource): readonly Part[] {
  return resource.type === T.subnet ? [wholeResource(resource)] : listParts(resource, 'subnets', 'subnet') ?? [];
}

/** `network.segmentation`: every subnet has a network security group and no default outbound access. */
export const NETWORK_SEGMENTATION: AzureControl = {
  id: 'network.segmentation',
  title: 'Every subnet has a network security group and no default outbound access to the Internet',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.virtualNetwork, T.subnet],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eApplication],
  checklist: ['E-11', 'E-23'],
  references: [
    POLICY.subnetNsg, POLICY.privateSubnet, nsa('Network separation and hardening'),
    nist('4.3.4 Mixing of workload sensitivity levels'), nist('4.4.2 Unbounded network access from containers'),
  ],
  rationale:
    'The guidance asks to separate network traffic into subnets by sensitivity level and to control egress between levels and ' +
    'to the Internet. A subnet without a network security group accepts traffic from the whole virtual network and its peers; ' +
    'default outbound access gives the subnet\'s machines an implicit path to the Internet through a shared Microsoft address ' +
    'whenever no explicit egress (a firewall route, a NAT gateway) applies, so egress is not a deliberate choice.',
  remediation:
    'Give each subnet (the inline `subnets[]` of the VirtualNetwork, or a Subnet resource) `networkSecurityGroup: { id }` and ' +
    '`defaultOutboundAccess: false`; the Azure-reserved subnets (GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet, ' +
    'AzureBastionSubnet, RouteServerSubnet) need no NSG here. PlatformNetwork gives every subnet its own NSG and keeps the ' +
    'sensitivity levels apart.',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.virtualNetwork, T.subnet)) return [];
    const found: Violation[] = [];
    for (const subnet of subnetsOf(resource)) {
      const reserved = [subnet.spec.name, subnet.spec.subnetName].some((name) => oneOf(name, RESERVED_SUBNETS));
      if (!reserved && !nonEmptyString(getPath(subnet.spec, ['networkSecurityGroup', 'id']))) {
        found.push(partAt(subnet, ['networkSecurityGroup', 'id'], 'so no network security group filters the subnet\'s traffic; attach one'));
      }
      if (subnet.spec.defaultOutboundAccess !== false) {
        found.push(partAt(subnet, ['defaultOutboundAccess'], 'so the subnet\'s machines can reach the Internet through default outbound access; set false'));
      }
    }
    return found;
  },
};

/** Source address prefixes that stand for the whole Internet in a security rule. */
const INTERNET_SOURCES = ['*', 'Any', 'Internet', '0.0.0.0/0', '::/0'] as const;

/** The security rules to check: the inline `securityRules` of a NetworkSecurityGroup, or a SecurityRule resource. */
function securityRulesOf(resource: PlannedAzureResource): readonly Part[] {
  return resource.type === T.securityRule ? [wholeResource(resource)] : listParts(resource, 'securityRules', 'rule') ?? [];
}

/** `network.internet-ingress`: no security rule lets the Internet in. */
export const NETWORK_INTERNET_INGRESS: AzureControl = {
  id: 'network.internet-ingress',
  title: 'No network security group rule allows inbound traffic from the Internet',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.networkSecurityGroup, T.securityRule],
  guidance: [GUIDANCE.eApplication, GUIDANCE.eCluster],
  checklist: ['E-23', 'E-11'],
  references: [
    cisAzure('Ensure that SSH access from the Internet is evaluated and restricted'),
    cisAzure('Ensure that RDP access from the Internet is evaluated and restricted'),
    nsa('Network separation and hardening'),
  ],
  rationale:
    'The guidance warns that a network shared with workloads exposed to the Internet lets an attacker reach the sensitive ' +
    'applications on it. An inbound Allow rule whose source is the Internet (`*`, `Any`, `Internet`, `0.0.0.0/0`, `::/0`) opens ' +
    'the subnet to every address on its ports; a rule that does not say whether it allows, or in which direction, is read as ' +
    'the worst case.',
  remediation:
    'Remove the rule or narrow its source to known networks, and publish services through an Application Gateway, Front Door or ' +
    'firewall in front of a private (internal) load balancer. PlatformNetwork allows no Internet ingress unless a sensitivity ' +
    'level\'s `internetIngressPorts` is given with a justification.',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.networkSecurityGroup, T.securityRule)) return [];
    const why = 'so this inbound Allow rule lets the Internet in; narrow the source or remove the rule';
    const found: Violation[] = [];
    for (const rule of securityRulesOf(resource)) {
      if (same(rule.spec.access, 'Deny') || same(rule.spec.direction, 'Outbound')) continue;
      if (oneOf(rule.spec.sourceAddressPrefix, INTERNET_SOURCES)) found.push(partAt(rule, ['sourceAddressPrefix'], why));
      const prefixes: unknown = rule.spec.sourceAddressPrefixes;
      if (!Array.isArray(prefixes)) continue;
      prefixes.forEach((prefix: unknown, index) => {
        if (oneOf(prefix, INTERNET_SOURCES)) found.push(partAt(rule, ['sourceAddressPrefixes', index], why));
      });
    }
    return found;
  },
};

// ---------------------------------------------------------------------------------------------
// Key Vault (azure-native nests a vault's and a key's settings under `properties`, as ARM does)

/** `keyvault.purge-protection`: deleted vaults, keys and secrets can be recovered and cannot be purged early. */
export const KEYVAULT_PURGE_PROTECTION: AzureControl = {
  id: 'keyvault.purge-protection',
  title: 'The key vault has purge protection on and soft delete not turned off',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.vault],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eApplication],
  checklist: ['E-10', 'E-19'],
  references: [POLICY.keyVaultDeletionProtection, POLICY.keyVaultSoftDelete, cisAzure('Ensure the Key Vault is Recoverable')],
  rationale:
    'The keys that encrypt disks, etcd and registries, and the secrets workloads mount at run time, live in Key Vault; a vault or ' +
    'key purged by mistake or by a malicious insider leaves the data encrypted with it unreadable for good. Purge protection ' +
    'enforces the soft-delete retention period, during which nobody, not even an owner, can purge.',
  remediation:
    'Set `properties.enablePurgeProtection: true` and leave `properties.enableSoftDelete` unset or true (PlatformKeys does); ' +
    'purge protection cannot be turned off once on.',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.vault)) return [];
    const found = requireBoolean(resource, ['properties', 'enablePurgeProtection'], true, 'so a deleted vault and its keys can be purged before the retention period ends');
    const softDelete = getPath(inputsOf(resource), ['properties', 'enableSoftDelete']);
    if (softDelete !== undefined && softDelete !== true) {
      found.push(at(resource, ['properties', 'enableSoftDelete'], 'so deleted keys and secrets cannot be recovered; leave it unset or set true'));
    }
    return found;
  },
};

/** `keyvault.private-network`: the vault is not reachable from public networks. */
export const KEYVAULT_PRIVATE_NETWORK: AzureControl = {
  id: 'keyvault.private-network',
  title: 'The key vault refuses public network access (disabled, or a firewall that denies by default)',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.vault],
  guidance: [GUIDANCE.eApplication, GUIDANCE.eCluster],
  checklist: ['E-19', 'E-10'],
  references: [POLICY.keyVaultPublicNetwork, POLICY.keyVaultFirewall, cisAzure('Ensure that Private Endpoints are Used for Azure Key Vault')],
  rationale:
    'The guidance asks that secrets be kept in a key store and protected in storage and in transit; a vault open to public ' +
    'networks lets anyone holding a stolen credential read keys and secrets from anywhere. With public network access disabled ' +
    'the vault is reached through a private endpoint on the virtual network.',
  remediation:
    'Set `properties.publicNetworkAccess: "Disabled"` and reach the vault through a private endpoint with the ' +
    '`privatelink.vaultcore.azure.net` DNS zone (PlatformKeys does); at the least, set `properties.networkAcls: { defaultAction: "Deny" }` ' +
    'and list the networks that need the vault.',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.vault)) return [];
    const inputs = inputsOf(resource);
    const defaultAction = getPath(inputs, ['properties', 'networkAcls', 'defaultAction']);
    if (same(getPath(inputs, ['properties', 'publicNetworkAccess']), 'Disabled') || same(defaultAction, 'Deny')) return [];
    return [at(resource, ['properties', 'publicNetworkAccess'],
      `and properties.networkAcls.defaultAction is ${shown(defaultAction)}, so the vault accepts requests from any network; set "Disabled" and use a private endpoint`)];
  },
};

/** `keyvault.rbac-authorization`: Azure RBAC, not vault access policies, authorizes access to keys and secrets. */
export const KEYVAULT_RBAC_AUTHORIZATION: AzureControl = {
  id: 'keyvault.rbac-authorization',
  title: 'The key vault authorizes access to keys and secrets with Azure RBAC, not access policies',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.vault],
  guidance: [GUIDANCE.eApplication, GUIDANCE.eCluster],
  checklist: ['E-19', 'E-10'],
  references: [POLICY.keyVaultRbac, cisAzure('Enable Role Based Access Control for Azure Key Vault'), nsa('Authentication and authorization')],
  rationale:
    'The guidance asks that only the containers that need a key or secret can get it. Azure RBAC grants access per key or ' +
    'secret to workload identities, audited centrally; vault access policies grant a principal the whole vault and can be ' +
    'changed by anyone with Contributor rights on it.',
  remediation:
    'Set `properties.enableRbacAuthorization: true` (PlatformKeys does) and grant roles such as Key Vault Secrets User or ' +
    'Key Vault Crypto Service Encryption User to the identities that need them.',
  satisfiedBy: [],
  check: settingsCheck(T.vault, [
    { path: ['properties', 'enableRbacAuthorization'], equals: true, otherwise: 'so vault access policies, not Azure RBAC, authorize access to keys and secrets; set true' },
  ]),
};

/** `keyvault.key-rotation`: keys rotate automatically, and each new version expires. */
export const KEYVAULT_KEY_ROTATION: AzureControl = {
  id: 'keyvault.key-rotation',
  title: 'Key Vault keys have a rotation policy that rotates them automatically and sets an expiry on new versions',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.key],
  guidance: [GUIDANCE.eCluster],
  checklist: ['E-10'],
  references: [POLICY.keyRotation, cisAzure('Ensure Automatic Key Rotation is Enabled Within Azure Key Vault for the Supported Services')],
  rationale:
    'A key that is never rotated protects ever more data for ever longer, so its compromise costs more. A rotation policy makes ' +
    'Key Vault create a new version on schedule (services that follow the latest version, such as a disk encryption set with ' +
    'automatic rotation or a registry given a versionless key id, pick it up), and an expiry bounds how long each version is usable.',
  remediation:
    'Set `properties.rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }], ' +
    'attributes: { expiryTime: "P1Y" } }` (PlatformKeys does).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.key)) return [];
    const actionsPath: FieldPath = ['properties', 'rotationPolicy', 'lifetimeActions'];
    const actions = getPath(inputsOf(resource), actionsPath);
    const rotates = Array.isArray(actions) && actions.some((action: unknown) => same(getPath(action, ['action', 'type']), 'rotate'));
    return [
      ...(rotates ? [] : [at(resource, actionsPath, 'with no "rotate" action, so the key is never rotated automatically')]),
      ...requireNonEmpty(resource, ['properties', 'rotationPolicy', 'attributes', 'expiryTime'], 'so new key versions never expire; set an ISO 8601 duration such as "P1Y"'),
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Defender

/** `defender.containers`: the subscription's Defender for Containers plan is on, with its sensor and discovery. */
export const DEFENDER_CONTAINERS: AzureControl = {
  id: 'defender.containers',
  title: 'Microsoft Defender for Containers is on (Standard) with the sensor and agentless discovery',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.pricing],
  guidance: [GUIDANCE.eApplication, GUIDANCE.eAuthorizedIps, GUIDANCE.eDesignRecommendations],
  checklist: ['E-24', 'E-26', 'W-03'],
  references: [
    POLICY.defenderContainers, POLICY.configureDefenderContainers, cisAzure('Ensure That Microsoft Defender for Containers Is Set To \'On\''),
    nsa('Audit logging and threat detection: Threat detection'), nist('4.4.5 Rogue containers'),
  ],
  rationale:
    'Defender for Containers brings runtime threat detection for clusters and nodes and the security recommendations the ' +
    'guidance asks to monitor (for example authorized IP ranges); it is a subscription plan that is off unless set to Standard.',
  remediation:
    'Create `security.Pricing` with `pricingName: "Containers"`, `pricingTier: "Standard"` and `extensions` enabling ' +
    '`ContainerSensor` and `AgentlessDiscoveryForKubernetes` (DefenderForContainers does).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.pricing)) return [];
    const inputs = inputsOf(resource);
    const plan = pricingPlan(inputs);
    if (plan === undefined) return [at(resource, ['pricingName'], 'so the Defender plan it configures cannot be told')];
    if (plan !== 'containers') return [];
    return [
      ...requireOneOf(resource, ['pricingTier'], ['Standard'], 'so Defender for Containers is off; set "Standard"'),
      ...requireExtensions(resource, ['ContainerSensor', 'AgentlessDiscoveryForKubernetes'], 'runtime threat detection and cluster discovery are incomplete'),
    ];
  },
};

/** `defender.registry`: Defender assesses the vulnerabilities of registry images. */
export const DEFENDER_REGISTRY: AzureControl = {
  id: 'defender.registry',
  title: 'Microsoft Defender scans container registry images for vulnerabilities',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.pricing],
  guidance: [GUIDANCE.wLifecycle, GUIDANCE.eDesignRecommendations],
  checklist: ['E-36', 'W-03'],
  references: [cisAks('5.1.1'), nist('4.1.1 Image vulnerabilities')],
  rationale:
    'Vulnerability assessment of registry images finds known vulnerabilities in images that were clean when they were built; ' +
    'the guidance asks for Defender for container registries to scan them (today the ContainerRegistriesVulnerabilityAssessments ' +
    'extension of the Defender for Containers plan).',
  remediation:
    'In the `security.Pricing` named "Containers", enable the `ContainerRegistriesVulnerabilityAssessments` extension (DefenderForContainers does).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.pricing) || pricingPlan(inputsOf(resource)) !== 'containers') return [];
    return requireExtensions(resource, ['ContainerRegistriesVulnerabilityAssessments'], 'registry images are not assessed for vulnerabilities');
  },
};

// ---------------------------------------------------------------------------------------------
// Monitoring

/** `monitoring.workspace-local-auth-disabled`: the Log Analytics workspace accepts only Entra ID authentication. */
export const MONITORING_WORKSPACE_LOCAL_AUTH_DISABLED: AzureControl = {
  id: 'monitoring.workspace-local-auth-disabled',
  title: 'The Log Analytics workspace accepts only Microsoft Entra ID authentication (local auth disabled)',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.workspace],
  guidance: [GUIDANCE.eActivityLog, GUIDANCE.wTelemetry],
  checklist: ['E-16', 'E-25'],
  references: [POLICY.workspaceLocalAuth, nsa('Audit logging and threat detection: Logging')],
  rationale:
    'With local authentication the workspace\'s shared keys can write to and read from the audit trail without an identity; ' +
    'Entra-only authentication ties every ingestion and query to an identity Azure RBAC controls.',
  remediation: 'Set `features: { disableLocalAuth: true }` (SecurityMonitoring does by default).',
  satisfiedBy: [],
  check: settingsCheck(T.workspace, [
    { path: ['features', 'disableLocalAuth'], equals: true, otherwise: 'so shared workspace keys can ingest and read logs' },
  ]),
};

/** `monitoring.workspace-private-network`: the workspace refuses ingestion and queries from public networks. */
export const MONITORING_WORKSPACE_PRIVATE_NETWORK: AzureControl = {
  id: 'monitoring.workspace-private-network',
  title: 'The Log Analytics workspace refuses ingestion and queries from public networks',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.workspace],
  guidance: [GUIDANCE.eActivityLog, GUIDANCE.wTelemetry],
  checklist: ['E-25', 'E-16'],
  references: [POLICY.workspacePublicNetwork, nsa('Audit logging and threat detection: Logging')],
  rationale:
    'The workspace holds the audit trail (activity log, Kubernetes audit logs) and the workloads\' telemetry. Open to public ' +
    'networks, it can be queried, or fed forged records, from anywhere by whoever holds a credential; through an Azure Monitor ' +
    'Private Link Scope, ingestion and queries stay on the virtual network.',
  remediation:
    'Set `publicNetworkAccessForIngestion: "Disabled"` and `publicNetworkAccessForQuery: "Disabled"` and reach the workspace ' +
    'through an Azure Monitor Private Link Scope (SecurityMonitoring does by default, with its `privateLink` argument).',
  satisfiedBy: [],
  check: settingsCheck(T.workspace, [
    { path: ['publicNetworkAccessForIngestion'], oneOf: ['Disabled'], otherwise: 'so logs can be sent to the workspace from public networks; set "Disabled"' },
    { path: ['publicNetworkAccessForQuery'], oneOf: ['Disabled'], otherwise: 'so the logs can be queried from public networks; set "Disabled"' },
  ]),
};

/** `monitoring.activity-log`: the subscription's activity log is exported to Log Analytics. */
export const MONITORING_ACTIVITY_LOG: AzureControl = {
  id: 'monitoring.activity-log',
  title: 'The subscription activity log (Administrative, Security, Policy, Alert) is exported to Log Analytics',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.subscriptionDiagnosticSetting, T.diagnosticSetting],
  guidance: [GUIDANCE.eActivityLog],
  checklist: ['E-25'],
  references: [
    POLICY.activityLog, cisAzure('Ensure that a \'Diagnostic Setting\' exists for Subscription Activity Logs'),
    cisAzure('Ensure Diagnostic Setting captures appropriate categories'), nsa('Audit logging and threat detection: Logging'),
  ],
  rationale:
    'The activity log records every Azure Resource Manager request, the audit trail of the cloud API, but keeps it only for a ' +
    'limited time; exported to a Log Analytics workspace it is retained for audit reporting.',
  remediation:
    'Create a subscription diagnostic setting with `workspaceId` set and `logs` enabling Administrative, Security, Policy and ' +
    'Alert (or the `allLogs` category group) (SecurityMonitoring does).',
  satisfiedBy: [],
  check: (resource) => {
    if (isType(resource, T.diagnosticSetting)) {
      const uri = inputsOf(resource).resourceUri;
      if (typeof uri !== 'string' || !SUBSCRIPTION_SCOPE.test(uri.trim())) return [];
    } else if (!isType(resource, T.subscriptionDiagnosticSetting)) {
      return [];
    }
    return requireLogCategories(resource, [['Administrative'], ['Security'], ['Policy'], ['Alert']],
      'cloud API requests are not retained for audit reporting');
  },
};

// ---------------------------------------------------------------------------------------------
// Azure Policy

/** `policy.allowed-locations`: an Allowed locations assignment lists the regions resources may be created in. */
export const POLICY_ALLOWED_LOCATIONS: AzureControl = {
  id: 'policy.allowed-locations',
  title: 'The Allowed locations policy is assigned, enforced and lists the allowed regions',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.policyAssignment],
  guidance: [GUIDANCE.eAllowedLocations],
  checklist: ['E-27'],
  references: [POLICY.allowedLocations, POLICY.allowedLocationsResourceGroups],
  rationale:
    'Restricting where resources, AKS clusters among them, can be created keeps data in the regions the organisation\'s ' +
    'compliance allows; the guidance uses the built-in Allowed locations policy for it.',
  remediation:
    'Assign the built-in Allowed locations definition with `parameters: { listOfAllowedLocations: { value: ["<region>", ...] } }`, ' +
    'without `enforcementMode: "DoNotEnforce"` or a Disabled effect (PolicyBaseline does, from its allowed locations argument).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.policyAssignment)) return [];
    const inputs = inputsOf(resource);
    const definition = assignedDefinition(inputs);
    if (definition === undefined || !ALLOWED_LOCATIONS_DEFINITIONS.has(definition)) return [];
    const found = requireEnforced(resource, 'the allowed-locations rule');
    const locations = getPath(inputs, ['parameters', 'listOfAllowedLocations', 'value']);
    if (!Array.isArray(locations) || locations.length === 0 || !locations.every(nonEmptyString)) {
      found.unshift(at(resource, ['parameters', 'listOfAllowedLocations', 'value'], 'so no list of allowed regions is given'));
    }
    return found;
  },
};

/** `policy.pod-security-baseline`: the Kubernetes pod security initiative (restricted, or baseline at least) is enforced. */
export const POLICY_POD_SECURITY_BASELINE: AzureControl = {
  id: 'policy.pod-security-baseline',
  title: 'The Kubernetes pod security initiative for Linux workloads (restricted, or baseline at least) is assigned and enforced',
  severity: 'error',
  scope: 'azure',
  resourceTypes: [T.policyAssignment],
  guidance: [GUIDANCE.wPodSecurity, GUIDANCE.eCluster, GUIDANCE.eDesignRecommendations],
  checklist: ['W-07', 'E-13'],
  references: [
    POLICY.podSecurityRestricted, POLICY.podSecurityBaseline,
    { source: 'PSS', id: 'Restricted', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
    nsa('Kubernetes Pod security: Pod security enforcement'),
  ],
  rationale:
    'Azure Policy\'s pod security initiatives enforce the Pod Security Standards in every cluster of the scope through the ' +
    'Azure Policy add-on, as a guardrail independent of each namespace\'s labels; an assignment that is not enforced, or whose ' +
    'effect is Disabled, checks nothing.',
  remediation:
    'Assign the "Kubernetes cluster pod security restricted standards for Linux-based workloads" initiative (baseline only with ' +
    'a justification) with effect Deny or Audit and without `enforcementMode: "DoNotEnforce"` (PolicyBaseline does).',
  satisfiedBy: [],
  check: (resource) => {
    if (!isType(resource, T.policyAssignment)) return [];
    const definition = assignedDefinition(inputsOf(resource));
    if (definition === undefined || !POD_SECURITY_INITIATIVES.has(definition)) return [];
    return requireEnforced(resource, 'pod security');
  },
};

/** Controls of the Azure platform (AKS, ACR, network, Key Vault, Defender, monitoring, policy), in the order the docs list them. */
const DEFINED: readonly AzureControl[] = [
  AKS_PRIVATE_CLUSTER,
  AKS_ENTRA_RBAC,
  AKS_LOCAL_ACCOUNTS_DISABLED,
  AKS_RUN_COMMAND_DISABLED,
  AKS_MANAGED_IDENTITY,
  AKS_WORKLOAD_IDENTITY,
  AKS_DEFENDER_PROFILE,
  AKS_IMAGE_CLEANER,
  AKS_AZURE_POLICY_ADDON,
  AKS_KEY_VAULT_SECRETS_PROVIDER,
  AKS_MONITORING,
  AKS_AUTO_UPGRADE,
  AKS_NODE_OS_HARDENING,
  AKS_CUSTOMER_MANAGED_KEYS,
  AKS_NETWORK_POLICY,
  AKS_AUDIT_LOGS,
  ACR_PRIVATE_NETWORK,
  ACR_ADMIN_USER_DISABLED,
  ACR_ANONYMOUS_PULL_DISABLED,
  ACR_EXPORT_DISABLED,
  ACR_ARM_TOKEN_DISABLED,
  ACR_QUARANTINE,
  ACR_RETENTION,
  ACR_CUSTOMER_MANAGED_KEY,
  NETWORK_SEGMENTATION,
  NETWORK_INTERNET_INGRESS,
  KEYVAULT_PURGE_PROTECTION,
  KEYVAULT_PRIVATE_NETWORK,
  KEYVAULT_RBAC_AUTHORIZATION,
  KEYVAULT_KEY_ROTATION,
  DEFENDER_CONTAINERS,
  DEFENDER_REGISTRY,
  MONITORING_WORKSPACE_LOCAL_AUTH_DISABLED,
  MONITORING_WORKSPACE_PRIVATE_NETWORK,
  MONITORING_ACTIVITY_LOG,
  POLICY_ALLOWED_LOCATIONS,
  POLICY_POD_SECURITY_BASELINE,
];

/**
 * The kubeward/azure components that satisfy each Azure control by default, by control id. The
 * controls' `satisfiedBy` stays empty until the components exist (BUILT_COMPONENTS); then each
 * control takes its entry from here.
 */
export const AZURE_SATISFIED_BY: Readonly<Record<string, readonly PlannedComponent[]>> = {
  'aks.private-cluster': ['SecureAksCluster'],
  'aks.entra-rbac': ['SecureAksCluster'],
  'aks.local-accounts-disabled': ['SecureAksCluster'],
  'aks.run-command-disabled': ['SecureAksCluster'],
  'aks.managed-identity': ['SecureAksCluster'],
  'aks.workload-identity': ['SecureAksCluster'],
  'aks.defender-profile': ['SecureAksCluster'],
  'aks.image-cleaner': ['SecureAksCluster'],
  'aks.azure-policy-addon': ['SecureAksCluster'],
  'aks.key-vault-secrets-provider': ['SecureAksCluster'],
  'aks.monitoring': ['SecureAksCluster', 'SecurityMonitoring'],
  'aks.auto-upgrade': ['SecureAksCluster'],
  'aks.node-os-hardening': ['SecureAksCluster'],
  'aks.customer-managed-keys': ['SecureAksCluster'],
  'aks.network-policy': ['SecureAksCluster'],
  'aks.audit-logs': ['SecureAksCluster'],
  'acr.private-network': ['PrivateRegistry', 'PlatformNetwork'],
  'acr.admin-user-disabled': ['PrivateRegistry'],
  'acr.anonymous-pull-disabled': ['PrivateRegistry'],
  'acr.export-disabled': ['PrivateRegistry'],
  'acr.arm-token-disabled': ['PrivateRegistry'],
  'acr.quarantine': ['PrivateRegistry'],
  'acr.retention': ['PrivateRegistry'],
  'acr.customer-managed-key': ['PrivateRegistry'],
  'network.segmentation': ['PlatformNetwork'],
  'network.internet-ingress': ['PlatformNetwork'],
  'keyvault.purge-protection': ['PlatformKeys'],
  'keyvault.private-network': ['PlatformKeys'],
  'keyvault.rbac-authorization': ['PlatformKeys'],
  'keyvault.key-rotation': ['PlatformKeys'],
  'defender.containers': ['DefenderForContainers'],
  'defender.registry': ['DefenderForContainers'],
  'monitoring.workspace-local-auth-disabled': ['SecurityMonitoring'],
  'monitoring.workspace-private-network': ['SecurityMonitoring'],
  'monitoring.activity-log': ['SecurityMonitoring'],
  'policy.allowed-locations': ['PolicyBaseline'],
  'policy.pod-security-baseline': ['PolicyBaseline'],
};

/**
 * Controls of the Azure platform, each naming the components that satisfy it by default
 * (`AZURE_SATISFIED_BY`, keeping only the components that exist: BUILT_COMPONENTS).
 */
export const AZURE_CONTROLS: readonly AzureControl[] = DEFINED.map((c) => ({
  ...c,
  satisfiedBy: (AZURE_SATISFIED_BY[c.id] ?? []).filter((name) => BUILT_COMPONENTS.includes(name)),
}));
