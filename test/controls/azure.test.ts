import { formatPath } from '../../lib/audit/workload';
import {
  ACR_ADMIN_USER_DISABLED, ACR_ANONYMOUS_PULL_DISABLED, ACR_ARM_TOKEN_DISABLED, ACR_CUSTOMER_MANAGED_KEY, ACR_EXPORT_DISABLED,
  ACR_PRIVATE_NETWORK, ACR_QUARANTINE, ACR_RETENTION, AKS_AUDIT_LOGS, AKS_AUTO_UPGRADE, AKS_AZURE_POLICY_ADDON,
  AKS_CUSTOMER_MANAGED_KEYS, AKS_DEFENDER_PROFILE, AKS_ENTRA_RBAC, AKS_IMAGE_CLEANER, AKS_KEY_VAULT_SECRETS_PROVIDER,
  AKS_LOCAL_ACCOUNTS_DISABLED, AKS_MANAGED_IDENTITY, AKS_MONITORING, AKS_NETWORK_POLICY, AKS_NODE_OS_HARDENING,
  AKS_PRIVATE_CLUSTER, AKS_RUN_COMMAND_DISABLED, AKS_WORKLOAD_IDENTITY, AZURE_CONTROLS, AZURE_RESOURCE_TYPES,
  AZURE_SATISFIED_BY, DEFENDER_CONTAINERS, DEFENDER_REGISTRY, KEYVAULT_KEY_ROTATION, KEYVAULT_PRIVATE_NETWORK,
  KEYVAULT_PURGE_PROTECTION, KEYVAULT_RBAC_AUTHORIZATION, MONITORING_ACTIVITY_LOG, MONITORING_WORKSPACE_LOCAL_AUTH_DISABLED,
  MONITORING_WORKSPACE_PRIVATE_NETWORK, NETWORK_INTERNET_INGRESS, NETWORK_SEGMENTATION, POLICY_ALLOWED_LOCATIONS,
  POLICY_POD_SECURITY_BASELINE,
} from '../../lib/controls/azure';
import { CATALOGUE } from '../../lib/controls/catalogue';
import { BUILT_COMPONENTS } from '../../lib/controls/implementations';
import type { AzureControl, PlannedAzureResource, Violation } from '../../lib/controls/types';
import { TEST_CONTEXT } from '../helpers';

const T = AZURE_RESOURCE_TYPES;
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const WORKSPACE_ID = `${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs`;
const CLUSTER_ID = `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`;
const NSG_ID = `${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg`;
const DISK_ENCRYPTION_SET_ID = `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des`;
const KEY_ID = 'https://kv.vault.azure.net/keys/platform';

/** A deep copy, so each test can change a fixture freely. */
function copy<V>(value: V): V {
  return JSON.parse(JSON.stringify(value)) as V;
}

function planned(type: string, inputs: Record<string, any>, name = 'main'): PlannedAzureResource {
  return { type, name, inputs };
}

/** Runs a check and returns its violations. */
function run(control: AzureControl, resource: PlannedAzureResource): readonly Violation[] {
  return control.check(resource, TEST_CONTEXT);
}

/** The formatted field paths of a check's violations. */
function paths(control: AzureControl, resource: PlannedAzureResource): string[] {
  return run(control, resource).map((v) => formatPath(v.path));
}

/** Sets (or, with undefined, deletes) the field at a dot path of a copy of `base`. */
function withField(base: Record<string, any>, path: string, value: unknown): Record<string, any> {
  const out = copy(base);
  const keys = path.split('.');
  let node: any = out;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return out;
}

const POOL = {
  name: 'system',
  mode: 'System',
  osType: 'Linux',
  osSKU: 'AzureLinux',
  osDiskType: 'Ephemeral',
  enableEncryptionAtHost: true,
  securityProfile: { sshAccess: 'Disabled' },
  nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'],
};

/** A ManagedCluster as SecureAksCluster plans it, with customer-managed keys: every AKS control passes. */
const CLUSTER: Record<string, any> = {
  resourceGroupName: 'rg',
  enableRBAC: true,
  disableLocalAccounts: true,
  identity: { type: 'SystemAssigned' },
  aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ['22222222-2222-2222-2222-222222222222'] },
  apiServerAccessProfile: { enablePrivateCluster: true, disableRunCommand: true },
  oidcIssuerProfile: { enabled: true },
  securityProfile: {
    workloadIdentity: { enabled: true },
    defender: { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: WORKSPACE_ID },
    imageCleaner: { enabled: true, intervalHours: 168 },
    azureKeyVaultKms: { enabled: true, keyId: `${KEY_ID}/0123456789abcdef`, keyVaultNetworkAccess: 'Private' },
  },
  diskEncryptionSetID: DISK_ENCRYPTION_SET_ID,
  addonProfiles: {
    azurepolicy: { enabled: true },
    azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: 'true' } },
    omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WORKSPACE_ID } },
  },
  azureMonitorProfile: { metrics: { enabled: true } },
  autoUpgradeProfile: { upgradeChannel: 'patch', nodeOSUpgradeChannel: 'NodeImage' },
  networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', networkPolicy: 'cilium', networkDataplane: 'cilium' },
  agentPoolProfiles: [POOL, { ...POOL, name: 'user', mode: 'User' }],
};

const AGENT_POOL: Record<string, any> = {
  resourceGroupName: 'rg',
  resourceName: 'aks',
  agentPoolName: 'restricted',
  osType: 'Linux',
  osSKU: 'AzureLinux',
  osDiskType: 'Ephemeral',
  enableEncryptionAtHost: true,
  securityProfile: { sshAccess: 'Disabled' },
};

/** A Registry as PrivateRegistry plans it, with a customer-managed key: every ACR control passes. */
const REGISTRY: Record<string, any> = {
  resourceGroupName: 'rg',
  sku: { name: 'Premium' },
  adminUserEnabled: false,
  anonymousPullEnabled: false,
  publicNetworkAccess: 'Disabled',
  zoneRedundancy: 'Enabled',
  policies: {
    exportPolicy: { status: 'disabled' },
    azureADAuthenticationAsArmPolicy: { status: 'disabled' },
    quarantinePolicy: { status: 'enabled' },
    retentionPolicy: { status: 'enabled', days: 7 },
  },
  encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: KEY_ID, identity: '33333333-3333-3333-3333-333333333333' } },
};

const CONTAINERS_PRICING: Record<string, any> = {
  scopeId: SUB,
  pricingName: 'Containers',
  pricingTier: 'Standard',
  extensions: [
    { name: 'ContainerRegistriesVulnerabilityAssessments', isEnabled: 'True' },
    { name: 'AgentlessDiscoveryForKubernetes', isEnabled: 'True' },
    { name: 'ContainerSensor', isEnabled: 'True' },
  ],
};

const WORKSPACE: Record<string, any> = {
  resourceGroupName: 'rg',
  retentionInDays: 90,
  features: { disableLocalAuth: true },
  publicNetworkAccessForIngestion: 'Disabled',
  publicNetworkAccessForQuery: 'Disabled',
};

/** A VirtualNetwork as PlatformNetwork plans it (inline subnets), with a GatewaySubnet that takes no NSG. */
const VNET: Record<string, any> = {
  resourceGroupName: 'rg',
  addressSpace: { addressPrefixes: ['10.240.0.0/16'] },
  subnets: [
    { name: 'snet-system', addressPrefix: '10.240.0.0/20', networkSecurityGroup: { id: NSG_ID }, defaultOutboundAccess: false },
    { name: 'snet-user-internal', addressPrefix: '10.240.16.0/20', networkSecurityGroup: { id: NSG_ID }, defaultOutboundAccess: false },
    { name: 'GatewaySubnet', addressPrefix: '10.240.224.0/27', defaultOutboundAccess: false },
  ],
};

const SUBNET: Record<string, any> = {
  resourceGroupName: 'rg',
  virtualNetworkName: 'vnet',
  subnetName: 'snet-jobs',
  addressPrefix: '10.240.32.0/20',
  networkSecurityGroup: { id: NSG_ID },
  defaultOutboundAccess: false,
};

/** A NetworkSecurityGroup as PlatformNetwork plans it: Internet traffic is only ever denied. */
const NSG: Record<string, any> = {
  resourceGroupName: 'rg',
  securityRules: [
    { name: 'allow-azure-load-balancer-in', priority: 100, direction: 'Inbound', access: 'Allow', protocol: '*', sourceAddressPrefix: 'AzureLoadBalancer', destinationAddressPrefix: '*' },
    { name: 'allow-nodes-to-pods-in', priority: 120, direction: 'Inbound', access: 'Allow', protocol: '*', sourceAddressPrefixes: ['10.240.0.0/20', '10.240.16.0/20'], destinationAddressPrefix: '10.244.0.0/16' },
    { name: 'allow-internet-out', priority: 130, direction: 'Outbound', access: 'Allow', protocol: '*', sourceAddressPrefix: '*', destinationAddressPrefix: 'Internet' },
    { name: 'deny-internet-in', priority: 4000, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*' },
  ],
};

const SECURITY_RULE: Record<string, any> = {
  resourceGroupName: 'rg',
  networkSecurityGroupName: 'nsg',
  securityRuleName: 'allow-hub-in',
  priority: 300,
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  sourceAddressPrefix: '10.0.0.0/16',
  destinationPortRange: '443',
};

/** A key vault as PlatformKeys is to plan it (settings nested under `properties`). */
const VAULT: Record<string, any> = {
  resourceGroupName: 'rg',
  properties: {
    tenantId: '44444444-4444-4444-4444-444444444444',
    sku: { family: 'A', name: 'premium' },
    enableRbacAuthorization: true,
    enableSoftDelete: true,
    enablePurgeProtection: true,
    publicNetworkAccess: 'Disabled',
    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
  },
};

const KEY: Record<string, any> = {
  resourceGroupName: 'rg',
  vaultName: 'kv',
  properties: {
    kty: 'RSA',
    keySize: 4096,
    rotationPolicy: {
      lifetimeActions: [
        { action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } },
        { action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P90D' } },
      ],
      attributes: { expiryTime: 'P1Y' },
    },
  },
};

const CLUSTER_DIAGNOSTICS: Record<string, any> = {
  resourceUri: CLUSTER_ID,
  workspaceId: WORKSPACE_ID,
  logs: [
    { category: 'kube-audit-admin', enabled: true },
    { category: 'kube-apiserver', enabled: true },
    { category: 'guard', enabled: true },
  ],
};

const ACTIVITY_LOG: Record<string, any> = {
  workspaceId: WORKSPACE_ID,
  logs: ['Administrative', 'Security', 'Policy', 'Alert', 'ServiceHealth'].map((category) => ({ category, enabled: true })),
};

const ALLOWED_LOCATIONS: Record<string, any> = {
  scope: SUB,
  policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c',
  parameters: { listOfAllowedLocations: { value: ['westeurope', 'northeurope'] }, effect: { value: 'Deny' } },
  nonComplianceMessages: [{ message: 'Resources may only be created in West and North Europe' }],
};

const POD_SECURITY: Record<string, any> = {
  scope: SUB,
  policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00',
  parameters: { effect: { value: 'Deny' }, excludedNamespaces: { value: ['kube-system', 'gatekeeper-system'] } },
};

const cluster = (inputs: Record<string, any> = CLUSTER) => planned(T.managedCluster, inputs, 'aks');
const registry = (inputs: Record<string, any> = REGISTRY) => planned(T.registry, inputs, 'acr');
const pricing = (inputs: Record<string, any> = CONTAINERS_PRICING) => planned(T.pricing, inputs, 'containers');
const vnet = (inputs: Record<string, any> = VNET) => planned(T.virtualNetwork, inputs, 'vnet');
const nsg = (inputs: Record<string, any> = NSG) => planned(T.networkSecurityGroup, inputs, 'nsg');
const vault = (inputs: Record<string, any> = VAULT) => planned(T.vault, inputs, 'kv');
const key = (inputs: Record<string, any> = KEY) => planned(T.key, inputs, 'platform-key');

/** Every compliant fixture, by type. */
const COMPLIANT: readonly PlannedAzureResource[] = [
  cluster(),
  planned(T.agentPool, AGENT_POOL, 'restricted'),
  registry(),
  pricing(),
  planned(T.workspace, WORKSPACE, 'logs'),
  planned(T.diagnosticSetting, CLUSTER_DIAGNOSTICS, 'aks-diagnostics'),
  planned(T.subscriptionDiagnosticSetting, ACTIVITY_LOG, 'activity-log'),
  planned(T.policyAssignment, ALLOWED_LOCATIONS, 'allowed-locations'),
  planned(T.policyAssignment, POD_SECURITY, 'pod-security'),
  vnet(),
  planned(T.subnet, SUBNET, 'jobs'),
  nsg(),
  planned(T.securityRule, SECURITY_RULE, 'allow-hub-in'),
  vault(),
  key(),
];

describe('the Azure controls as a whole', () => {
  test('have unique ids of the form <domain>.<check> in the aks, acr, network, keyvault, defender, monitoring and policy domains', () => {
    const ids = AZURE_CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(aks|acr|network|keyvault|defender|monitoring|policy)\.[a-z0-9-]+$/);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
  });

  test('are the ones the Azure brief lists', () => {
    expect(AZURE_CONTROLS.map((c) => c.id).sort()).toEqual([
      'acr.admin-user-disabled', 'acr.anonymous-pull-disabled', 'acr.arm-token-disabled', 'acr.customer-managed-key',
      'acr.export-disabled', 'acr.private-network', 'acr.quarantine', 'acr.retention',
      'aks.audit-logs', 'aks.auto-upgrade', 'aks.azure-policy-addon', 'aks.customer-managed-keys', 'aks.defender-profile',
      'aks.entra-rbac', 'aks.image-cleaner', 'aks.key-vault-secrets-provider', 'aks.local-accounts-disabled',
      'aks.managed-identity', 'aks.monitoring', 'aks.network-policy', 'aks.node-os-hardening', 'aks.private-cluster',
      'aks.run-command-disabled', 'aks.workload-identity',
      'defender.containers', 'defender.registry',
      'keyvault.key-rotation', 'keyvault.private-network', 'keyvault.purge-protection', 'keyvault.rbac-authorization',
      'monitoring.activity-log', 'monitoring.workspace-local-auth-disabled', 'monitoring.workspace-private-network',
      'network.internet-ingress', 'network.segmentation',
      'policy.allowed-locations', 'policy.pod-security-baseline',
    ]);
    expect(AZURE_CONTROLS).toHaveLength(37);
  });

  test('are in the catalogue, each once, with the azure scope', () => {
    for (const control of AZURE_CONTROLS) {
      expect(CATALOGUE.filter((c) => c.id === control.id)).toEqual([control]);
      expect(control.scope).toBe('azure');
    }
    expect(CATALOGUE.filter((c) => c.scope === 'azure')).toHaveLength(AZURE_CONTROLS.length);
  });

  test('carry the documentation fields: guidance, checklist ids, references, rationale, remediation', () => {
    for (const c of AZURE_CONTROLS) {
      expect(c.title.trim()).not.toBe('');
      expect(['error', 'warning', 'note']).toContain(c.severity);
      expect(c.guidance.length).toBeGreaterThan(0);
      expect(c.checklist.length).toBeGreaterThan(0);
      for (const id of c.checklist) expect(id).toMatch(/^(W-(0[1-9]|1[0-9]|2[0-7])|E-(0[1-9]|[12][0-9]|3[0-6]))$/);
      expect(c.references.length).toBeGreaterThan(0);
      expect(c.rationale.length).toBeGreaterThan(60);
      expect(c.remediation.length).toBeGreaterThan(30);
      expect(c.pssLevel).toBeUndefined();
      expect(c.satisfiedBy).toEqual((AZURE_SATISFIED_BY[c.id] ?? []).filter((n) => BUILT_COMPONENTS.includes(n)));
    }
  });

  test('give the checklist ids the brief assigns', () => {
    const checklist = (id: string) => AZURE_CONTROLS.find((c) => c.id === id)?.checklist;
    expect(checklist('aks.private-cluster')).toEqual(['E-29', 'E-26']);
    expect(checklist('aks.entra-rbac')).toEqual(['E-09', 'E-32']);
    expect(checklist('aks.defender-profile')).toEqual(['E-24', 'W-03']);
    expect(checklist('aks.azure-policy-addon')).toEqual(['E-13', 'E-34']);
    expect(checklist('aks.key-vault-secrets-provider')).toEqual(['E-19']);
    expect(checklist('aks.monitoring')).toEqual(['W-25']);
    expect(checklist('aks.auto-upgrade')).toEqual(['E-14', 'E-18']);
    expect(checklist('aks.node-os-hardening')).toEqual(['E-17', 'E-10']);
    expect(checklist('aks.network-policy')).toEqual(['W-24', 'E-11']);
    expect(checklist('aks.workload-identity')).toEqual(['W-14', 'W-15']);
    expect(checklist('aks.image-cleaner')).toEqual(['E-04']);
    expect(checklist('aks.audit-logs')).toEqual(['E-16']);
    expect(checklist('monitoring.activity-log')).toEqual(['E-25']);
    expect(checklist('policy.allowed-locations')).toEqual(['E-27']);
    expect(checklist('policy.pod-security-baseline')).toEqual(['W-07', 'E-13']);
    expect(checklist('network.segmentation')).toEqual(['E-11', 'E-23']);
    expect(checklist('network.internet-ingress')).toEqual(['E-23', 'E-11']);
    expect(checklist('monitoring.workspace-private-network')).toEqual(['E-25', 'E-16']);
    expect(checklist('aks.customer-managed-keys')).toEqual(['E-10']);
    expect(checklist('acr.customer-managed-key')).toEqual(['E-10']);
    expect(checklist('keyvault.key-rotation')).toEqual(['E-10']);
    for (const id of ['keyvault.purge-protection', 'keyvault.private-network', 'keyvault.rbac-authorization']) {
      expect(checklist(id)).toEqual(expect.arrayContaining(['E-10', 'E-19']));
    }
  });

  test('severity: warning where the guidance says "consider" or gives an example, or for customer-managed keys (a compliance choice); error otherwise', () => {
    const warnings = AZURE_CONTROLS.filter((c) => c.severity !== 'error').map((c) => `${c.id}:${c.severity}`);
    expect(warnings.sort()).toEqual([
      'acr.customer-managed-key:warning', 'acr.quarantine:warning', 'acr.retention:warning', 'aks.customer-managed-keys:warning', 'aks.monitoring:warning',
    ]);
  });

  test('Azure Policy references name the built-in definition and its GUID, with a link that carries it', () => {
    const azure = AZURE_CONTROLS.flatMap((c) => c.references).filter((r) => r.source === 'Azure' && r.url?.includes('Microsoft_Azure_Policy'));
    expect(azure.length).toBeGreaterThan(20);
    for (const ref of azure) {
      const guid = /\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)$/.exec(ref.id)?.[1];
      expect(guid).toBeDefined();
      expect(ref.url).toContain(guid);
    }
    expect(AKS_PRIVATE_CLUSTER.references.map((r) => r.id)).toContain('Azure Kubernetes Service Private Clusters should be enabled (040732e8-d947-40b8-95d6-854c95024bf8)');
  });

  test('resource types are azure-native type tokens that exist in the installed @pulumi/azure-native', () => {
    const tokens = new Set(AZURE_CONTROLS.flatMap((c) => c.resourceTypes));
    expect([...tokens].sort()).toEqual(Object.values(AZURE_RESOURCE_TYPES).sort());
    for (const token of tokens) {
      const [, module, type] = token.split(':');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(`@pulumi/azure-native/${module}`);
      expect(mod[type]?.__pulumiType).toBe(token);
    }
  });

  test('AZURE_SATISFIED_BY names the planned component(s) of every control, and only planned components', () => {
    expect(Object.keys(AZURE_SATISFIED_BY).sort()).toEqual(AZURE_CONTROLS.map((c) => c.id).sort());
    const components = ['SecureAksCluster', 'PrivateRegistry', 'DefenderForContainers', 'SecurityMonitoring', 'PolicyBaseline', 'PlatformNetwork', 'PlatformKeys'];
    for (const [id, names] of Object.entries(AZURE_SATISFIED_BY)) {
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(components).toContain(name);
      const domain = id.split('.')[0];
      const primary = {
        aks: 'SecureAksCluster',
        acr: 'PrivateRegistry',
        network: 'PlatformNetwork',
        keyvault: 'PlatformKeys',
        defender: 'DefenderForContainers',
        monitoring: 'SecurityMonitoring',
        policy: 'PolicyBaseline',
      }[domain];
      expect(names[0]).toBe(primary);
    }
  });

  test('what the components plan passes every control', () => {
    for (const resource of COMPLIANT) {
      for (const control of AZURE_CONTROLS) {
        if (!control.resourceTypes.includes(resource.type)) continue;
        expect([control.id, resource.name, run(control, resource)]).toEqual([control.id, resource.name, []]);
      }
    }
  });

  test('a resource of another type is not checked', () => {
    const other = planned('azure-native:network:PrivateEndpoint', { resourceGroupName: 'rg', subnets: [{}], securityRules: [{}] }, 'endpoint');
    for (const control of AZURE_CONTROLS) expect(run(control, other)).toEqual([]);
  });

  test('checks never throw on odd inputs and always say where', () => {
    const oddLists = {
      addonProfiles: 'x',
      agentPoolProfiles: [null, 'x', 3],
      logs: [null, 'x'],
      extensions: 'x',
      policies: [],
      parameters: { effect: null },
      subnets: [null, 'x', { name: 3 }],
      securityRules: [null, 'x', { sourceAddressPrefixes: 'x' }, { sourceAddressPrefixes: [null, '*'] }],
      properties: { rotationPolicy: { lifetimeActions: [null, 'x', { action: 'rotate' }] }, networkAcls: [] },
    };
    const odd: unknown[] = [undefined, null, 'text', 42, [], {}, oddLists];
    for (const control of AZURE_CONTROLS) {
      for (const type of control.resourceTypes) {
        for (const inputs of odd) {
          const resource = { type, name: 'odd', inputs } as unknown as PlannedAzureResource;
          const found = run(control, resource);
          for (const v of found) {
            expect(Array.isArray(v.path)).toBe(true);
            expect(v.message).toMatch(/^[A-Za-z]+ "odd"/);
          }
        }
      }
    }
  });

  test('an empty resource of each type fails the controls that apply to it unconditionally', () => {
    const ids = (type: string) => AZURE_CONTROLS.filter((c) => run(c, planned(type, {}, 'empty')).length > 0).map((c) => c.id);
    expect(ids(T.managedCluster)).toEqual(AZURE_CONTROLS.filter((c) => c.id.startsWith('aks.') && c.id !== 'aks.audit-logs').map((c) => c.id));
    expect(ids(T.registry)).toEqual(AZURE_CONTROLS.filter((c) => c.id.startsWith('acr.')).map((c) => c.id));
    expect(ids(T.workspace)).toEqual(['monitoring.workspace-local-auth-disabled', 'monitoring.workspace-private-network']);
    expect(ids(T.subscriptionDiagnosticSetting)).toEqual(['monitoring.activity-log']);
    expect(ids(T.agentPool)).toEqual(['aks.node-os-hardening']);
    expect(ids(T.pricing)).toEqual(['defender.containers']);
    expect(ids(T.vault)).toEqual(['keyvault.purge-protection', 'keyvault.private-network', 'keyvault.rbac-authorization']);
    expect(ids(T.key)).toEqual(['keyvault.key-rotation']);
    expect(ids(T.subnet)).toEqual(['network.segmentation']);
    // A network without inline subnets, and a group without rules, have nothing to find.
    expect(ids(T.virtualNetwork)).toEqual([]);
    expect(ids(T.networkSecurityGroup)).toEqual([]);
    expect(ids(T.securityRule)).toEqual([]);
  });
});

describe('aks.private-cluster', () => {
  test('passes a private cluster', () => {
    expect(run(AKS_PRIVATE_CLUSTER, cluster())).toEqual([]);
  });

  test('fails a public API server without authorized IP ranges, at both fields', () => {
    const v = run(AKS_PRIVATE_CLUSTER, cluster(withField(CLUSTER, 'apiServerAccessProfile.enablePrivateCluster', false)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['apiServerAccessProfile.enablePrivateCluster', 'apiServerAccessProfile.authorizedIPRanges']);
    expect(v[0].message).toBe('ManagedCluster "aks": apiServerAccessProfile.enablePrivateCluster is false, so the API server has a public endpoint');
    expect(v[1].message).toBe('ManagedCluster "aks": apiServerAccessProfile.authorizedIPRanges is not set, so the public API server accepts connections from any address');
  });

  test('a public API server limited to authorized ranges is one finding (the decision to make it public)', () => {
    const inputs = withField(withField(CLUSTER, 'apiServerAccessProfile.enablePrivateCluster', false), 'apiServerAccessProfile.authorizedIPRanges', ['203.0.113.0/24']);
    expect(paths(AKS_PRIVATE_CLUSTER, cluster(inputs))).toEqual(['apiServerAccessProfile.enablePrivateCluster']);
  });

  test('an authorized range of 0.0.0.0/0 is flagged at its index; an empty list counts as none', () => {
    const open = withField(withField(CLUSTER, 'apiServerAccessProfile.enablePrivateCluster', false), 'apiServerAccessProfile.authorizedIPRanges', ['203.0.113.0/24', '0.0.0.0/0']);
    expect(paths(AKS_PRIVATE_CLUSTER, cluster(open))).toEqual(['apiServerAccessProfile.enablePrivateCluster', 'apiServerAccessProfile.authorizedIPRanges[1]']);
    const empty = withField(open, 'apiServerAccessProfile.authorizedIPRanges', []);
    expect(paths(AKS_PRIVATE_CLUSTER, cluster(empty))).toEqual(['apiServerAccessProfile.enablePrivateCluster', 'apiServerAccessProfile.authorizedIPRanges']);
  });

  test('an unset or wrongly typed enablePrivateCluster is a finding, not a pass', () => {
    expect(paths(AKS_PRIVATE_CLUSTER, cluster(withField(CLUSTER, 'apiServerAccessProfile', undefined)))).toEqual([
      'apiServerAccessProfile.enablePrivateCluster', 'apiServerAccessProfile.authorizedIPRanges',
    ]);
    const v = run(AKS_PRIVATE_CLUSTER, cluster(withField(CLUSTER, 'apiServerAccessProfile.enablePrivateCluster', 'true')));
    expect(v[0].message).toContain('is "true"');
  });
});

describe('aks.entra-rbac', () => {
  test('passes managed Entra ID with Azure RBAC and admin groups', () => {
    expect(run(AKS_ENTRA_RBAC, cluster())).toEqual([]);
  });

  test('fails a cluster without aadProfile at aadProfile', () => {
    const v = run(AKS_ENTRA_RBAC, cluster(withField(CLUSTER, 'aadProfile', undefined)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['aadProfile']);
    expect(v[0].message).toBe('ManagedCluster "aks": aadProfile is not set, so users do not sign in with Microsoft Entra ID');
  });

  test.each([
    ['aadProfile.managed', false, 'aadProfile.managed'],
    ['aadProfile.enableAzureRBAC', undefined, 'aadProfile.enableAzureRBAC'],
    ['aadProfile.adminGroupObjectIDs', [], 'aadProfile.adminGroupObjectIDs'],
    ['aadProfile.adminGroupObjectIDs', [''], 'aadProfile.adminGroupObjectIDs'],
    ['enableRBAC', false, 'enableRBAC'],
    ['enableRBAC', undefined, 'enableRBAC'],
  ])('fails %s = %j', (field, value, expected) => {
    expect(paths(AKS_ENTRA_RBAC, cluster(withField(CLUSTER, field, value)))).toEqual([expected]);
  });
});

describe('aks.local-accounts-disabled', () => {
  test('passes disableLocalAccounts: true', () => {
    expect(run(AKS_LOCAL_ACCOUNTS_DISABLED, cluster())).toEqual([]);
  });

  test.each([[false], [undefined], ['true']])('fails disableLocalAccounts = %j', (value) => {
    const v = run(AKS_LOCAL_ACCOUNTS_DISABLED, cluster(withField(CLUSTER, 'disableLocalAccounts', value)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['disableLocalAccounts']);
    expect(v[0].message).toMatch(/^ManagedCluster "aks": disableLocalAccounts is (false|not set|"true"), so static local cluster-admin credentials can be fetched$/);
  });
});

describe('aks.run-command-disabled', () => {
  test('passes disableRunCommand: true', () => {
    expect(run(AKS_RUN_COMMAND_DISABLED, cluster())).toEqual([]);
  });

  test('fails when run command stays enabled or is not stated', () => {
    expect(paths(AKS_RUN_COMMAND_DISABLED, cluster(withField(CLUSTER, 'apiServerAccessProfile.disableRunCommand', false)))).toEqual(['apiServerAccessProfile.disableRunCommand']);
    expect(paths(AKS_RUN_COMMAND_DISABLED, cluster(withField(CLUSTER, 'apiServerAccessProfile', undefined)))).toEqual(['apiServerAccessProfile.disableRunCommand']);
  });
});

describe('aks.managed-identity', () => {
  test('passes a system- or user-assigned identity (any case), and the "msi" service principal placeholder', () => {
    expect(run(AKS_MANAGED_IDENTITY, cluster())).toEqual([]);
    expect(run(AKS_MANAGED_IDENTITY, cluster(withField(CLUSTER, 'identity', { type: 'userassigned', userAssignedIdentities: ['/id'] })))).toEqual([]);
    expect(run(AKS_MANAGED_IDENTITY, cluster(withField(CLUSTER, 'servicePrincipalProfile', { clientId: 'msi' })))).toEqual([]);
  });

  test('fails a service principal at its clientId', () => {
    const v = run(AKS_MANAGED_IDENTITY, cluster(withField(CLUSTER, 'servicePrincipalProfile', { clientId: 'abc', secret: 's3cret' })));
    expect(v.map((x) => formatPath(x.path))).toEqual(['servicePrincipalProfile.clientId']);
    expect(v[0].message).toBe('ManagedCluster "aks": servicePrincipalProfile.clientId is "abc", so the cluster authenticates to Azure with a service principal and its secret');
  });

  test.each([[undefined], [{ type: 'None' }], [{}]])('fails identity = %j at identity.type', (identity) => {
    expect(paths(AKS_MANAGED_IDENTITY, cluster(withField(CLUSTER, 'identity', identity)))).toEqual(['identity.type']);
  });
});

describe('aks.workload-identity', () => {
  test('passes the OIDC issuer and workload identity on', () => {
    expect(run(AKS_WORKLOAD_IDENTITY, cluster())).toEqual([]);
  });

  test('fails each one off, at its field', () => {
    expect(paths(AKS_WORKLOAD_IDENTITY, cluster(withField(CLUSTER, 'oidcIssuerProfile.enabled', false)))).toEqual(['oidcIssuerProfile.enabled']);
    expect(paths(AKS_WORKLOAD_IDENTITY, cluster(withField(CLUSTER, 'securityProfile.workloadIdentity', undefined)))).toEqual(['securityProfile.workloadIdentity.enabled']);
    expect(paths(AKS_WORKLOAD_IDENTITY, cluster(withField(CLUSTER, 'securityProfile', undefined)))).toEqual(['securityProfile.workloadIdentity.enabled']);
  });
});

describe('aks.defender-profile', () => {
  test('passes the Defender sensor wired to a workspace', () => {
    expect(run(AKS_DEFENDER_PROFILE, cluster())).toEqual([]);
  });

  test('fails the sensor off, and a missing workspace', () => {
    expect(paths(AKS_DEFENDER_PROFILE, cluster(withField(CLUSTER, 'securityProfile.defender.securityMonitoring.enabled', false))))
      .toEqual(['securityProfile.defender.securityMonitoring.enabled']);
    expect(paths(AKS_DEFENDER_PROFILE, cluster(withField(CLUSTER, 'securityProfile.defender.logAnalyticsWorkspaceResourceId', ' '))))
      .toEqual(['securityProfile.defender.logAnalyticsWorkspaceResourceId']);
    expect(paths(AKS_DEFENDER_PROFILE, cluster(withField(CLUSTER, 'securityProfile.defender', undefined))))
      .toEqual(['securityProfile.defender.securityMonitoring.enabled', 'securityProfile.defender.logAnalyticsWorkspaceResourceId']);
  });
});

describe('aks.image-cleaner', () => {
  test('passes Image Cleaner on', () => {
    expect(run(AKS_IMAGE_CLEANER, cluster())).toEqual([]);
  });

  test('fails Image Cleaner off or unset', () => {
    expect(paths(AKS_IMAGE_CLEANER, cluster(withField(CLUSTER, 'securityProfile.imageCleaner.enabled', false)))).toEqual(['securityProfile.imageCleaner.enabled']);
    expect(paths(AKS_IMAGE_CLEANER, cluster(withField(CLUSTER, 'securityProfile.imageCleaner', undefined)))).toEqual(['securityProfile.imageCleaner.enabled']);
  });
});

describe('aks.azure-policy-addon', () => {
  test('passes the add-on on, whatever the case of its key', () => {
    expect(run(AKS_AZURE_POLICY_ADDON, cluster())).toEqual([]);
    const camel = withField(withField(CLUSTER, 'addonProfiles.azurepolicy', undefined), 'addonProfiles.azurePolicy', { enabled: true });
    expect(run(AKS_AZURE_POLICY_ADDON, cluster(camel))).toEqual([]);
  });

  test('fails the add-on off at the key the program wrote, and a missing add-on at the canonical key', () => {
    const camel = withField(withField(CLUSTER, 'addonProfiles.azurepolicy', undefined), 'addonProfiles.azurePolicy', { enabled: false });
    expect(paths(AKS_AZURE_POLICY_ADDON, cluster(camel))).toEqual(['addonProfiles.azurePolicy.enabled']);
    const v = run(AKS_AZURE_POLICY_ADDON, cluster(withField(CLUSTER, 'addonProfiles', undefined)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['addonProfiles.azurepolicy.enabled']);
    expect(v[0].message).toBe('ManagedCluster "aks": addonProfiles.azurepolicy.enabled is not set, so Azure Policy is not enforced in the cluster');
  });
});

describe('aks.key-vault-secrets-provider', () => {
  test('passes the add-on on with rotation', () => {
    expect(run(AKS_KEY_VAULT_SECRETS_PROVIDER, cluster())).toEqual([]);
  });

  test('fails the add-on missing, then rotation off', () => {
    expect(paths(AKS_KEY_VAULT_SECRETS_PROVIDER, cluster(withField(CLUSTER, 'addonProfiles.azureKeyvaultSecretsProvider', undefined))))
      .toEqual(['addonProfiles.azureKeyvaultSecretsProvider.enabled']);
    expect(paths(AKS_KEY_VAULT_SECRETS_PROVIDER, cluster(withField(CLUSTER, 'addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation', 'false'))))
      .toEqual(['addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation']);
    expect(paths(AKS_KEY_VAULT_SECRETS_PROVIDER, cluster(withField(CLUSTER, 'addonProfiles.azureKeyvaultSecretsProvider.config', undefined))))
      .toEqual(['addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation']);
  });
});

describe('aks.monitoring', () => {
  test('passes Container Insights with a workspace and managed Prometheus', () => {
    expect(run(AKS_MONITORING, cluster())).toEqual([]);
  });

  test('fails each piece at its field, as a warning', () => {
    expect(AKS_MONITORING.severity).toBe('warning');
    expect(paths(AKS_MONITORING, cluster(withField(CLUSTER, 'addonProfiles.omsagent', undefined)))).toEqual(['addonProfiles.omsagent.enabled']);
    expect(paths(AKS_MONITORING, cluster(withField(CLUSTER, 'addonProfiles.omsagent.config', undefined)))).toEqual(['addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID']);
    expect(paths(AKS_MONITORING, cluster(withField(CLUSTER, 'azureMonitorProfile', undefined)))).toEqual(['azureMonitorProfile.metrics.enabled']);
  });
});

describe('aks.auto-upgrade', () => {
  test.each([
    [{ upgradeChannel: 'patch', nodeOSUpgradeChannel: 'NodeImage' }],
    [{ upgradeChannel: 'Stable', nodeOSUpgradeChannel: 'SecurityPatch' }],
    [{ upgradeChannel: 'node-image' }],
  ])('passes %j', (profile) => {
    expect(run(AKS_AUTO_UPGRADE, cluster(withField(CLUSTER, 'autoUpgradeProfile', profile)))).toEqual([]);
  });

  test.each([
    [{ upgradeChannel: 'none', nodeOSUpgradeChannel: 'NodeImage' }, ['autoUpgradeProfile.upgradeChannel']],
    [{ upgradeChannel: 'patch', nodeOSUpgradeChannel: 'Unmanaged' }, ['autoUpgradeProfile.nodeOSUpgradeChannel']],
    [{ upgradeChannel: 'patch' }, ['autoUpgradeProfile.nodeOSUpgradeChannel']],
    [undefined, ['autoUpgradeProfile.upgradeChannel', 'autoUpgradeProfile.nodeOSUpgradeChannel']],
  ])('fails %j', (profile, expected) => {
    expect(paths(AKS_AUTO_UPGRADE, cluster(withField(CLUSTER, 'autoUpgradeProfile', profile)))).toEqual(expected);
  });

  test('names the channel found', () => {
    const v = run(AKS_AUTO_UPGRADE, cluster(withField(CLUSTER, 'autoUpgradeProfile.upgradeChannel', 'none')));
    expect(v[0].message).toBe('ManagedCluster "aks": autoUpgradeProfile.upgradeChannel is "none", so the Kubernetes version is not upgraded automatically; use one of patch, stable, rapid, node-image');
  });
});

describe('aks.node-os-hardening', () => {
  test('passes hardened pools of a cluster and a separate AgentPool', () => {
    expect(run(AKS_NODE_OS_HARDENING, cluster())).toEqual([]);
    expect(run(AKS_NODE_OS_HARDENING, planned(T.agentPool, AGENT_POOL, 'restricted'))).toEqual([]);
  });

  test('fails each setting of each pool at the pool\'s field', () => {
    const inputs = copy(CLUSTER);
    inputs.agentPoolProfiles[1] = { name: 'user', osType: 'Linux', osSKU: 'Ubuntu', osDiskType: 'Managed', enableEncryptionAtHost: false, securityProfile: { sshAccess: 'LocalUser' } };
    const v = run(AKS_NODE_OS_HARDENING, cluster(inputs));
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'agentPoolProfiles[1].osSKU',
      'agentPoolProfiles[1].securityProfile.sshAccess',
      'agentPoolProfiles[1].enableEncryptionAtHost',
      'agentPoolProfiles[1].osDiskType',
    ]);
    expect(v[0].message).toBe('ManagedCluster "aks" pool "user": osSKU is "Ubuntu", not the container-optimised Azure Linux; set "AzureLinux"');
  });

  test('fails an AgentPool resource at its root fields, naming the pool', () => {
    const v = run(AKS_NODE_OS_HARDENING, planned(T.agentPool, withField(AGENT_POOL, 'securityProfile', undefined), 'restricted'));
    expect(v.map((x) => formatPath(x.path))).toEqual(['securityProfile.sshAccess']);
    expect(v[0].message).toBe('AgentPool "restricted" (pool "restricted"): securityProfile.sshAccess is not set, so nodes can be reached over SSH; set "Disabled"');
  });

  test('Windows pools are not asked for Azure Linux or SSH settings, but for disk encryption', () => {
    const inputs = copy(CLUSTER);
    inputs.agentPoolProfiles.push({ name: 'win', osType: 'Windows', osSKU: 'Windows2022', enableEncryptionAtHost: true, osDiskType: 'Managed' });
    expect(paths(AKS_NODE_OS_HARDENING, cluster(inputs))).toEqual(['agentPoolProfiles[2].osDiskType']);
  });

  test('a cluster without agent pools, and pools that are not objects, are findings', () => {
    expect(paths(AKS_NODE_OS_HARDENING, cluster(withField(CLUSTER, 'agentPoolProfiles', undefined)))).toEqual(['agentPoolProfiles']);
    const v = paths(AKS_NODE_OS_HARDENING, cluster(withField(CLUSTER, 'agentPoolProfiles', ['x'])));
    expect(v).toEqual(['agentPoolProfiles[0].osSKU', 'agentPoolProfiles[0].securityProfile.sshAccess', 'agentPoolProfiles[0].enableEncryptionAtHost', 'agentPoolProfiles[0].osDiskType']);
  });

  test('accepts the Azure Linux SKU names in any case', () => {
    for (const sku of ['AzureLinux3', 'azurelinux', 'CBLMariner']) {
      const inputs = copy(CLUSTER);
      inputs.agentPoolProfiles[0].osSKU = sku;
      expect(run(AKS_NODE_OS_HARDENING, cluster(inputs))).toEqual([]);
    }
  });
});

describe('aks.customer-managed-keys', () => {
  test('passes a disk encryption set and KMS on, as a warning', () => {
    expect(run(AKS_CUSTOMER_MANAGED_KEYS, cluster())).toEqual([]);
    expect(AKS_CUSTOMER_MANAGED_KEYS.severity).toBe('warning');
  });

  test('fails each key missing at its own field', () => {
    const v = run(AKS_CUSTOMER_MANAGED_KEYS, cluster(withField(CLUSTER, 'diskEncryptionSetID', undefined)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['diskEncryptionSetID']);
    expect(v[0].message).toBe('ManagedCluster "aks": diskEncryptionSetID is not set, so OS and data disks are encrypted with platform-managed keys only; set a disk encryption set id');
    expect(paths(AKS_CUSTOMER_MANAGED_KEYS, cluster(withField(CLUSTER, 'securityProfile.azureKeyVaultKms.enabled', false))))
      .toEqual(['securityProfile.azureKeyVaultKms.enabled']);
  });

  test('fails both, each at its path, when neither is set', () => {
    const inputs = withField(withField(CLUSTER, 'diskEncryptionSetID', ''), 'securityProfile.azureKeyVaultKms', undefined);
    expect(paths(AKS_CUSTOMER_MANAGED_KEYS, cluster(inputs))).toEqual(['diskEncryptionSetID', 'securityProfile.azureKeyVaultKms.enabled']);
  });
});

describe('aks.network-policy', () => {
  test.each([['cilium'], ['azure'], ['Calico']])('passes %s', (engine) => {
    expect(run(AKS_NETWORK_POLICY, cluster(withField(CLUSTER, 'networkProfile.networkPolicy', engine)))).toEqual([]);
  });

  test.each([['none'], [undefined], [true]])('fails %j', (engine) => {
    expect(paths(AKS_NETWORK_POLICY, cluster(withField(CLUSTER, 'networkProfile.networkPolicy', engine)))).toEqual(['networkProfile.networkPolicy']);
  });
});

describe('aks.audit-logs', () => {
  const diagnostics = (inputs: Record<string, any>) => planned(T.diagnosticSetting, inputs, 'aks-diagnostics');

  test('passes audit, API server and guard logs to a workspace; kube-audit and the allLogs group count', () => {
    expect(run(AKS_AUDIT_LOGS, diagnostics(CLUSTER_DIAGNOSTICS))).toEqual([]);
    const full = withField(CLUSTER_DIAGNOSTICS, 'logs', [{ category: 'kube-audit', enabled: true }, { category: 'kube-apiserver', enabled: true }, { category: 'guard', enabled: 'true' }]);
    expect(run(AKS_AUDIT_LOGS, diagnostics(full))).toEqual([]);
    expect(run(AKS_AUDIT_LOGS, diagnostics(withField(CLUSTER_DIAGNOSTICS, 'logs', [{ categoryGroup: 'allLogs', enabled: true }])))).toEqual([]);
  });

  test('fails a missing category at logs, a disabled one at its entry, a missing workspace at workspaceId', () => {
    const inputs = withField(CLUSTER_DIAGNOSTICS, 'logs', [{ category: 'kube-audit-admin', enabled: true }, { category: 'guard', enabled: false }]);
    delete inputs.workspaceId;
    const v = run(AKS_AUDIT_LOGS, diagnostics(inputs));
    expect(v.map((x) => formatPath(x.path))).toEqual(['logs[1].enabled', 'logs', 'workspaceId']);
    expect(v[1].message).toBe('DiagnosticSetting "aks-diagnostics": logs do not include kube-apiserver, so cluster changes are not tied to user identities in the logs');
  });

  test('applies to diagnostic settings of clusters only (by resource id, the mock id form, or AKS categories)', () => {
    const registryLogs = { resourceUri: `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr`, workspaceId: WORKSPACE_ID, logs: [{ categoryGroup: 'audit', enabled: true }] };
    expect(run(AKS_AUDIT_LOGS, diagnostics(registryLogs))).toEqual([]);
    const mockId = `${SUB}/resourceGroups/mock-rg/providers/Microsoft.containerservice/ManagedCluster/aks`;
    expect(paths(AKS_AUDIT_LOGS, diagnostics({ resourceUri: mockId, workspaceId: WORKSPACE_ID }))).toEqual(['logs']);
    expect(paths(AKS_AUDIT_LOGS, diagnostics({ logs: [{ category: 'kube-apiserver', enabled: true }] }))).toEqual(['logs', 'workspaceId']);
  });
});

describe('acr.private-network', () => {
  test('passes Premium with public access disabled', () => {
    expect(run(ACR_PRIVATE_NETWORK, registry())).toEqual([]);
  });

  test('fails a SKU without private endpoints and public network access', () => {
    const inputs = withField(withField(REGISTRY, 'sku.name', 'Standard'), 'publicNetworkAccess', 'Enabled');
    const v = run(ACR_PRIVATE_NETWORK, registry(inputs));
    expect(v.map((x) => formatPath(x.path))).toEqual(['sku.name', 'publicNetworkAccess']);
    expect(v[0].message).toBe('Registry "acr": sku.name is "Standard", a SKU without private endpoints; set "Premium"');
    expect(paths(ACR_PRIVATE_NETWORK, registry(withField(REGISTRY, 'publicNetworkAccess', undefined)))).toEqual(['publicNetworkAccess']);
  });
});

describe('acr admin, anonymous pull, export and ARM token controls', () => {
  test.each(([
    [ACR_ADMIN_USER_DISABLED, 'adminUserEnabled', true],
    [ACR_ADMIN_USER_DISABLED, 'adminUserEnabled', undefined],
    [ACR_ANONYMOUS_PULL_DISABLED, 'anonymousPullEnabled', true],
    [ACR_ANONYMOUS_PULL_DISABLED, 'anonymousPullEnabled', undefined],
    [ACR_EXPORT_DISABLED, 'policies.exportPolicy.status', 'enabled'],
    [ACR_EXPORT_DISABLED, 'policies.exportPolicy', undefined],
    [ACR_ARM_TOKEN_DISABLED, 'policies.azureADAuthenticationAsArmPolicy.status', 'enabled'],
    [ACR_ARM_TOKEN_DISABLED, 'policies', undefined],
  ] as [AzureControl, string, unknown][]).map(([control, field, value]) => [control.id, field, value, control] as const))('%s fails %s = %j', (_id, field, value, control) => {
    expect(run(control, registry())).toEqual([]);
    const v = run(control, registry(withField(REGISTRY, field, value)));
    expect(v).toHaveLength(1);
    expect(v[0].message).toMatch(/^Registry "acr": /);
    const expected = { 'policies.exportPolicy': 'policies.exportPolicy.status', 'policies': 'policies.azureADAuthenticationAsArmPolicy.status' }[field] ?? field;
    expect(formatPath(v[0].path)).toBe(expected);
  });

  test('policy statuses compare case-insensitively', () => {
    const upper = withField(withField(REGISTRY, 'policies.exportPolicy.status', 'Disabled'), 'policies.azureADAuthenticationAsArmPolicy.status', 'DISABLED');
    expect(run(ACR_EXPORT_DISABLED, registry(upper))).toEqual([]);
    expect(run(ACR_ARM_TOKEN_DISABLED, registry(upper))).toEqual([]);
  });
});

describe('acr.quarantine', () => {
  test('passes quarantine enabled; fails it disabled or unset, as a warning', () => {
    expect(run(ACR_QUARANTINE, registry())).toEqual([]);
    expect(paths(ACR_QUARANTINE, registry(withField(REGISTRY, 'policies.quarantinePolicy.status', 'disabled')))).toEqual(['policies.quarantinePolicy.status']);
    expect(paths(ACR_QUARANTINE, registry(withField(REGISTRY, 'policies.quarantinePolicy', undefined)))).toEqual(['policies.quarantinePolicy.status']);
    expect(ACR_QUARANTINE.severity).toBe('warning');
  });
});

describe('acr.retention', () => {
  test('passes retention enabled, with or without days', () => {
    expect(run(ACR_RETENTION, registry())).toEqual([]);
    expect(run(ACR_RETENTION, registry(withField(REGISTRY, 'policies.retentionPolicy.days', undefined)))).toEqual([]);
  });

  test('fails retention disabled, and days that are not a number of days', () => {
    expect(paths(ACR_RETENTION, registry(withField(REGISTRY, 'policies.retentionPolicy.status', 'disabled')))).toEqual(['policies.retentionPolicy.status']);
    expect(paths(ACR_RETENTION, registry(withField(REGISTRY, 'policies.retentionPolicy.days', '7')))).toEqual(['policies.retentionPolicy.days']);
    expect(paths(ACR_RETENTION, registry(withField(REGISTRY, 'policies.retentionPolicy.days', 400)))).toEqual(['policies.retentionPolicy.days']);
  });
});

describe('acr.customer-managed-key', () => {
  test('passes encryption enabled with a Key Vault key, as a warning', () => {
    expect(run(ACR_CUSTOMER_MANAGED_KEY, registry())).toEqual([]);
    expect(run(ACR_CUSTOMER_MANAGED_KEY, registry(withField(REGISTRY, 'encryption.status', 'Enabled')))).toEqual([]);
    expect(ACR_CUSTOMER_MANAGED_KEY.severity).toBe('warning');
  });

  test('fails Microsoft-managed keys at both fields, and a key missing at its identifier', () => {
    const v = run(ACR_CUSTOMER_MANAGED_KEY, registry(withField(REGISTRY, 'encryption', undefined)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['encryption.status', 'encryption.keyVaultProperties.keyIdentifier']);
    expect(v[0].message).toBe('Registry "acr": encryption.status is not set, so the registry content is encrypted with Microsoft-managed keys only; set "enabled"');
    expect(paths(ACR_CUSTOMER_MANAGED_KEY, registry(withField(REGISTRY, 'encryption.status', 'disabled')))).toEqual(['encryption.status']);
    expect(paths(ACR_CUSTOMER_MANAGED_KEY, registry(withField(REGISTRY, 'encryption.keyVaultProperties.keyIdentifier', ' '))))
      .toEqual(['encryption.keyVaultProperties.keyIdentifier']);
  });
});

describe('network.segmentation', () => {
  test('passes subnets with an NSG and no default outbound access; a reserved subnet needs no NSG', () => {
    expect(run(NETWORK_SEGMENTATION, vnet())).toEqual([]);
    expect(run(NETWORK_SEGMENTATION, planned(T.subnet, SUBNET, 'jobs'))).toEqual([]);
    const inputs = copy(VNET);
    inputs.subnets.push(...['AzureFirewallSubnet', 'azurebastionsubnet', 'RouteServerSubnet', 'AzureFirewallManagementSubnet']
      .map((name, i) => ({ name, addressPrefix: `10.240.${240 + i}.0/26`, defaultOutboundAccess: false })));
    expect(run(NETWORK_SEGMENTATION, vnet(inputs))).toEqual([]);
  });

  test('fails an inline subnet without an NSG and with default outbound access, at its index', () => {
    const inputs = copy(VNET);
    delete inputs.subnets[1].networkSecurityGroup;
    delete inputs.subnets[1].defaultOutboundAccess;
    const v = run(NETWORK_SEGMENTATION, vnet(inputs));
    expect(v.map((x) => formatPath(x.path))).toEqual(['subnets[1].networkSecurityGroup.id', 'subnets[1].defaultOutboundAccess']);
    expect(v[0].message).toBe('VirtualNetwork "vnet" subnet "snet-user-internal": networkSecurityGroup.id is not set, so no network security group filters the subnet\'s traffic; attach one');
    expect(v[1].message).toBe('VirtualNetwork "vnet" subnet "snet-user-internal": defaultOutboundAccess is not set, so the subnet\'s machines can reach the Internet through default outbound access; set false');
  });

  test('a reserved subnet is still asked to turn default outbound access off', () => {
    const inputs = copy(VNET);
    inputs.subnets[2].defaultOutboundAccess = true;
    expect(paths(NETWORK_SEGMENTATION, vnet(inputs))).toEqual(['subnets[2].defaultOutboundAccess']);
  });

  test('fails a Subnet resource at its root fields (an empty NSG id counts as none)', () => {
    const v = run(NETWORK_SEGMENTATION, planned(T.subnet, withField(withField(SUBNET, 'networkSecurityGroup.id', ''), 'defaultOutboundAccess', 'false'), 'jobs'));
    expect(v.map((x) => formatPath(x.path))).toEqual(['networkSecurityGroup.id', 'defaultOutboundAccess']);
    expect(v[0].message).toMatch(/^Subnet "jobs": networkSecurityGroup\.id is "", /);
  });

  test('a Subnet resource named as a reserved subnet needs no NSG', () => {
    const gateway = withField(withField(SUBNET, 'subnetName', 'GatewaySubnet'), 'networkSecurityGroup', undefined);
    expect(run(NETWORK_SEGMENTATION, planned(T.subnet, gateway, 'gateway'))).toEqual([]);
  });
});

describe('network.internet-ingress', () => {
  test('passes rules that deny the Internet, allow it outbound, or allow known networks in', () => {
    expect(run(NETWORK_INTERNET_INGRESS, nsg())).toEqual([]);
    expect(run(NETWORK_INTERNET_INGRESS, planned(T.securityRule, SECURITY_RULE, 'allow-hub-in'))).toEqual([]);
    expect(run(NETWORK_INTERNET_INGRESS, nsg({ resourceGroupName: 'rg' }))).toEqual([]);
  });

  test.each([['*'], ['Internet'], ['internet'], ['0.0.0.0/0'], ['::/0'], ['Any']])('fails an inbound Allow rule from %s, at its source', (source) => {
    const inputs = copy(NSG);
    inputs.securityRules.push({ name: 'allow-web-in', priority: 300, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: source, destinationPortRange: '443' });
    const v = run(NETWORK_INTERNET_INGRESS, nsg(inputs));
    expect(v.map((x) => formatPath(x.path))).toEqual(['securityRules[4].sourceAddressPrefix']);
    expect(v[0].message).toBe(`NetworkSecurityGroup "nsg" rule "allow-web-in": sourceAddressPrefix is ${JSON.stringify(source)}, so this inbound Allow rule lets the Internet in; narrow the source or remove the rule`);
  });

  test('fails the Internet among sourceAddressPrefixes, at its index', () => {
    const inputs = copy(NSG);
    inputs.securityRules[1].sourceAddressPrefixes = ['10.240.0.0/20', '0.0.0.0/0'];
    expect(paths(NETWORK_INTERNET_INGRESS, nsg(inputs))).toEqual(['securityRules[1].sourceAddressPrefixes[1]']);
  });

  test('a rule that does not say it denies, or that it is outbound, is read as an inbound Allow', () => {
    const inputs = copy(NSG);
    delete inputs.securityRules[3].access;
    expect(paths(NETWORK_INTERNET_INGRESS, nsg(inputs))).toEqual(['securityRules[3].sourceAddressPrefix']);
  });

  test('fails a SecurityRule resource at its root fields', () => {
    const rule = withField(SECURITY_RULE, 'sourceAddressPrefix', undefined);
    rule.sourceAddressPrefixes = ['Internet'];
    const v = run(NETWORK_INTERNET_INGRESS, planned(T.securityRule, rule, 'allow-hub-in'));
    expect(v.map((x) => formatPath(x.path))).toEqual(['sourceAddressPrefixes[0]']);
    expect(v[0].message).toMatch(/^SecurityRule "allow-hub-in": sourceAddressPrefixes\[0\] is "Internet", /);
    expect(run(NETWORK_INTERNET_INGRESS, planned(T.securityRule, withField(rule, 'access', 'Deny'), 'deny-internet-in'))).toEqual([]);
  });
});

describe('keyvault.purge-protection', () => {
  test('passes purge protection on, with soft delete on or unset', () => {
    expect(run(KEYVAULT_PURGE_PROTECTION, vault())).toEqual([]);
    expect(run(KEYVAULT_PURGE_PROTECTION, vault(withField(VAULT, 'properties.enableSoftDelete', undefined)))).toEqual([]);
  });

  test('fails purge protection off or unset, and soft delete turned off, each at its field', () => {
    const v = run(KEYVAULT_PURGE_PROTECTION, vault(withField(VAULT, 'properties.enablePurgeProtection', undefined)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['properties.enablePurgeProtection']);
    expect(v[0].message).toBe('Vault "kv": properties.enablePurgeProtection is not set, so a deleted vault and its keys can be purged before the retention period ends');
    const off = withField(withField(VAULT, 'properties.enablePurgeProtection', false), 'properties.enableSoftDelete', false);
    expect(paths(KEYVAULT_PURGE_PROTECTION, vault(off))).toEqual(['properties.enablePurgeProtection', 'properties.enableSoftDelete']);
  });
});

describe('keyvault.private-network', () => {
  test('passes public access disabled, or a firewall that denies by default', () => {
    expect(run(KEYVAULT_PRIVATE_NETWORK, vault())).toEqual([]);
    expect(run(KEYVAULT_PRIVATE_NETWORK, vault(withField(VAULT, 'properties.networkAcls', undefined)))).toEqual([]);
    expect(run(KEYVAULT_PRIVATE_NETWORK, vault(withField(VAULT, 'properties.publicNetworkAccess', 'Enabled')))).toEqual([]);
  });

  test('fails public access with a firewall that allows by default, once, at publicNetworkAccess', () => {
    const open = withField(withField(VAULT, 'properties.publicNetworkAccess', 'Enabled'), 'properties.networkAcls.defaultAction', 'Allow');
    const v = run(KEYVAULT_PRIVATE_NETWORK, vault(open));
    expect(v.map((x) => formatPath(x.path))).toEqual(['properties.publicNetworkAccess']);
    expect(v[0].message).toBe('Vault "kv": properties.publicNetworkAccess is "Enabled", and properties.networkAcls.defaultAction is "Allow", so the vault accepts requests from any network; set "Disabled" and use a private endpoint');
    const unset = withField(withField(VAULT, 'properties.publicNetworkAccess', undefined), 'properties.networkAcls', undefined);
    expect(paths(KEYVAULT_PRIVATE_NETWORK, vault(unset))).toEqual(['properties.publicNetworkAccess']);
  });
});

describe('keyvault.rbac-authorization', () => {
  test('passes Azure RBAC', () => {
    expect(run(KEYVAULT_RBAC_AUTHORIZATION, vault())).toEqual([]);
  });

  test.each([[false], [undefined], ['true']])('fails enableRbacAuthorization = %j', (value) => {
    const v = run(KEYVAULT_RBAC_AUTHORIZATION, vault(withField(VAULT, 'properties.enableRbacAuthorization', value)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['properties.enableRbacAuthorization']);
    expect(v[0].message).toMatch(/^Vault "kv": properties\.enableRbacAuthorization is .*, so vault access policies, not Azure RBAC, authorize access to keys and secrets; set true$/);
  });

  test('reads the settings under properties, not at the root', () => {
    const flat = { resourceGroupName: 'rg', enableRbacAuthorization: true, enablePurgeProtection: true, publicNetworkAccess: 'Disabled' };
    expect(paths(KEYVAULT_RBAC_AUTHORIZATION, vault(flat))).toEqual(['properties.enableRbacAuthorization']);
    expect(paths(KEYVAULT_PURGE_PROTECTION, vault(flat))).toEqual(['properties.enablePurgeProtection']);
    expect(paths(KEYVAULT_PRIVATE_NETWORK, vault(flat))).toEqual(['properties.publicNetworkAccess']);
  });
});

describe('keyvault.key-rotation', () => {
  test('passes a rotate action (any case) and an expiry for new versions', () => {
    expect(run(KEYVAULT_KEY_ROTATION, key())).toEqual([]);
    const upper = withField(KEY, 'properties.rotationPolicy.lifetimeActions', [{ action: { type: 'Rotate' }, trigger: { timeAfterCreate: 'P30D' } }]);
    expect(run(KEYVAULT_KEY_ROTATION, key(upper))).toEqual([]);
  });

  test('fails only notify actions at lifetimeActions, and no expiry at expiryTime', () => {
    const notify = withField(KEY, 'properties.rotationPolicy.lifetimeActions', [{ action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } }]);
    const v = run(KEYVAULT_KEY_ROTATION, key(withField(notify, 'properties.rotationPolicy.attributes', undefined)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['properties.rotationPolicy.lifetimeActions', 'properties.rotationPolicy.attributes.expiryTime']);
    expect(v[0].message).toMatch(/^Key "platform-key": properties\.rotationPolicy\.lifetimeActions is \[.*, with no "rotate" action, so the key is never rotated automatically$/);
    expect(v[1].message).toBe('Key "platform-key": properties.rotationPolicy.attributes.expiryTime is not set, so new key versions never expire; set an ISO 8601 duration such as "P1Y"');
  });

  test('fails a key without a rotation policy at both fields', () => {
    expect(paths(KEYVAULT_KEY_ROTATION, key(withField(KEY, 'properties.rotationPolicy', undefined))))
      .toEqual(['properties.rotationPolicy.lifetimeActions', 'properties.rotationPolicy.attributes.expiryTime']);
  });
});

describe('defender.containers', () => {
  test('passes the Containers plan at Standard with the sensor and discovery', () => {
    expect(run(DEFENDER_CONTAINERS, pricing())).toEqual([]);
  });

  test('fails the Free tier and missing or disabled extensions', () => {
    const inputs = withField(CONTAINERS_PRICING, 'pricingTier', 'Free');
    inputs.extensions = [{ name: 'ContainerSensor', isEnabled: 'False' }];
    const v = run(DEFENDER_CONTAINERS, pricing(inputs));
    expect(v.map((x) => formatPath(x.path))).toEqual(['pricingTier', 'extensions', 'extensions[0].isEnabled']);
    expect(v[1].message).toBe('Pricing "containers": extensions do not enable AgentlessDiscoveryForKubernetes, so runtime threat detection and cluster discovery are incomplete');
  });

  test('ignores the pricings of other plans, but not one whose plan cannot be told', () => {
    expect(run(DEFENDER_CONTAINERS, pricing({ scopeId: SUB, pricingName: 'VirtualMachines', pricingTier: 'Free' }))).toEqual([]);
    expect(paths(DEFENDER_CONTAINERS, pricing({ scopeId: SUB, pricingTier: 'Standard' }))).toEqual(['pricingName']);
  });
});

describe('defender.registry', () => {
  test('passes registry vulnerability assessment enabled in the Containers plan', () => {
    expect(run(DEFENDER_REGISTRY, pricing())).toEqual([]);
    expect(run(DEFENDER_REGISTRY, pricing({ scopeId: SUB, pricingName: 'VirtualMachines' }))).toEqual([]);
  });

  test('fails the extension missing or disabled', () => {
    expect(paths(DEFENDER_REGISTRY, pricing(withField(CONTAINERS_PRICING, 'extensions', undefined)))).toEqual(['extensions']);
    const inputs = copy(CONTAINERS_PRICING);
    inputs.extensions[0].isEnabled = 'False';
    expect(paths(DEFENDER_REGISTRY, pricing(inputs))).toEqual(['extensions[0].isEnabled']);
  });
});

describe('monitoring.workspace-local-auth-disabled', () => {
  const workspace = (inputs: Record<string, any>) => planned(T.workspace, inputs, 'logs');

  test('passes local auth disabled', () => {
    expect(run(MONITORING_WORKSPACE_LOCAL_AUTH_DISABLED, workspace(WORKSPACE))).toEqual([]);
  });

  test('fails local auth on or unset', () => {
    const v = run(MONITORING_WORKSPACE_LOCAL_AUTH_DISABLED, workspace(withField(WORKSPACE, 'features', undefined)));
    expect(v.map((x) => formatPath(x.path))).toEqual(['features.disableLocalAuth']);
    expect(v[0].message).toBe('Workspace "logs": features.disableLocalAuth is not set, so shared workspace keys can ingest and read logs');
    expect(paths(MONITORING_WORKSPACE_LOCAL_AUTH_DISABLED, workspace(withField(WORKSPACE, 'features.disableLocalAuth', false)))).toEqual(['features.disableLocalAuth']);
  });
});

describe('monitoring.workspace-private-network', () => {
  const workspace = (inputs: Record<string, any>) => planned(T.workspace, inputs, 'logs');

  test('passes public ingestion and queries disabled (any case)', () => {
    expect(run(MONITORING_WORKSPACE_PRIVATE_NETWORK, workspace(WORKSPACE))).toEqual([]);
    expect(run(MONITORING_WORKSPACE_PRIVATE_NETWORK, workspace(withField(WORKSPACE, 'publicNetworkAccessForQuery', 'disabled')))).toEqual([]);
  });

  test('fails each public access at its own field', () => {
    const v = run(MONITORING_WORKSPACE_PRIVATE_NETWORK, workspace(withField(WORKSPACE, 'publicNetworkAccessForIngestion', 'Enabled')));
    expect(v.map((x) => formatPath(x.path))).toEqual(['publicNetworkAccessForIngestion']);
    expect(v[0].message).toBe('Workspace "logs": publicNetworkAccessForIngestion is "Enabled", so logs can be sent to the workspace from public networks; set "Disabled"');
    expect(paths(MONITORING_WORKSPACE_PRIVATE_NETWORK, workspace(withField(WORKSPACE, 'publicNetworkAccessForQuery', undefined)))).toEqual(['publicNetworkAccessForQuery']);
    const both = withField(withField(WORKSPACE, 'publicNetworkAccessForIngestion', 'Enabled'), 'publicNetworkAccessForQuery', 'SecuredByPerimeter');
    expect(paths(MONITORING_WORKSPACE_PRIVATE_NETWORK, workspace(both))).toEqual(['publicNetworkAccessForIngestion', 'publicNetworkAccessForQuery']);
  });
});

describe('monitoring.activity-log', () => {
  const setting = (inputs: Record<string, any>) => planned(T.subscriptionDiagnosticSetting, inputs, 'activity-log');

  test('passes the categories exported to a workspace, or the allLogs group', () => {
    expect(run(MONITORING_ACTIVITY_LOG, setting(ACTIVITY_LOG))).toEqual([]);
    expect(run(MONITORING_ACTIVITY_LOG, setting({ workspaceId: WORKSPACE_ID, logs: [{ categoryGroup: 'allLogs', enabled: true }] }))).toEqual([]);
  });

  test('fails missing categories, a disabled one and a missing workspace', () => {
    const v = run(MONITORING_ACTIVITY_LOG, setting({ logs: [{ category: 'Administrative', enabled: false }, { category: 'security', enabled: true }] }));
    expect(v.map((x) => formatPath(x.path))).toEqual(['logs[0].enabled', 'logs', 'workspaceId']);
    expect(v[1].message).toBe('SubscriptionDiagnosticSetting "activity-log": logs do not include Policy, Alert, so cloud API requests are not retained for audit reporting');
  });

  test('also applies to a monitor DiagnosticSetting scoped to the subscription, and to no other', () => {
    const atSubscription = planned(T.diagnosticSetting, { resourceUri: SUB, logs: [] }, 'activity-log');
    expect(paths(MONITORING_ACTIVITY_LOG, atSubscription)).toEqual(['logs', 'workspaceId']);
    expect(run(MONITORING_ACTIVITY_LOG, planned(T.diagnosticSetting, CLUSTER_DIAGNOSTICS, 'aks-diagnostics'))).toEqual([]);
  });
});

describe('policy.allowed-locations', () => {
  const assignment = (inputs: Record<string, any>) => planned(T.policyAssignment, inputs, 'allowed-locations');

  test('passes an enforced assignment with allowed regions (Audit allowed; the resource-group variant too)', () => {
    expect(run(POLICY_ALLOWED_LOCATIONS, assignment(ALLOWED_LOCATIONS))).toEqual([]);
    expect(run(POLICY_ALLOWED_LOCATIONS, assignment(withField(ALLOWED_LOCATIONS, 'parameters.effect.value', 'Audit')))).toEqual([]);
    const rg = withField(ALLOWED_LOCATIONS, 'policyDefinitionId', '/providers/Microsoft.Authorization/policyDefinitions/E765B5DE-1225-4BA3-BD56-1AC6695AF988');
    expect(run(POLICY_ALLOWED_LOCATIONS, assignment(rg))).toEqual([]);
  });

  test('fails no regions, DoNotEnforce and a Disabled effect, each at its field', () => {
    const inputs = withField(withField(withField(ALLOWED_LOCATIONS, 'parameters.listOfAllowedLocations.value', []), 'enforcementMode', 'DoNotEnforce'), 'parameters.effect.value', 'Disabled');
    const v = run(POLICY_ALLOWED_LOCATIONS, assignment(inputs));
    expect(v.map((x) => formatPath(x.path))).toEqual(['parameters.listOfAllowedLocations.value', 'enforcementMode', 'parameters.effect.value']);
    expect(v[1].message).toBe('PolicyAssignment "allowed-locations": enforcementMode is "DoNotEnforce", so the allowed-locations rule is not enforced; leave it unset or set "Default"');
  });

  test('ignores assignments of other definitions', () => {
    expect(run(POLICY_ALLOWED_LOCATIONS, assignment(POD_SECURITY))).toEqual([]);
    expect(run(POLICY_ALLOWED_LOCATIONS, assignment({ scope: SUB }))).toEqual([]);
  });
});

describe('policy.pod-security-baseline', () => {
  const assignment = (inputs: Record<string, any>) => planned(T.policyAssignment, inputs, 'pod-security');

  test('passes the restricted or the baseline initiative, enforced', () => {
    expect(run(POLICY_POD_SECURITY_BASELINE, assignment(POD_SECURITY))).toEqual([]);
    const baseline = withField(POD_SECURITY, 'policyDefinitionId', '/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d');
    expect(run(POLICY_POD_SECURITY_BASELINE, assignment(baseline))).toEqual([]);
    expect(run(POLICY_POD_SECURITY_BASELINE, assignment(withField(POD_SECURITY, 'parameters', undefined)))).toEqual([]);
  });

  test('fails an assignment that is not enforced or whose effect is disabled', () => {
    expect(paths(POLICY_POD_SECURITY_BASELINE, assignment(withField(POD_SECURITY, 'parameters.effect.value', 'disabled')))).toEqual(['parameters.effect.value']);
    expect(paths(POLICY_POD_SECURITY_BASELINE, assignment(withField(POD_SECURITY, 'enforcementMode', 'DoNotEnforce')))).toEqual(['enforcementMode']);
  });

  test('ignores assignments of other definitions', () => {
    expect(run(POLICY_POD_SECURITY_BASELINE, assignment(withField(ALLOWED_LOCATIONS, 'enforcementMode', 'DoNotEnforce')))).toEqual([]);
  });
});
