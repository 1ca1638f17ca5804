import * as pulumi from '@pulumi/pulumi';
import { MOCK_SUBSCRIPTION_ID, MockRecorder, type PlannedResource } from '../../lib/azure/mock-plan';

const recorder = MockRecorder.install('proj', 'dev');

// Imported after the mocks, as Pulumi's testing guide requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pb = require('../../lib/azure/policy-baseline') as typeof import('../../lib/azure/policy-baseline');
const { PolicyBaseline, POLICY_BASELINE_ASSIGNMENTS, AZURE_SYSTEM_NAMESPACES, registriesToImageRegex, registryProblem } = pb;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BUILT_IN_ROLES } = require('../../lib/azure/roles') as typeof import('../../lib/azure/roles');
type PolicyBaselineArgs = import('../../lib/azure/policy-baseline').PolicyBaselineArgs;
type PolicyBaselineAuditRole = import('../../lib/azure/policy-baseline').PolicyBaselineAuditRole;
type PolicyBaselineRemediationRole = import('../../lib/azure/policy-baseline').PolicyBaselineRemediationRole;

const COMPONENT = 'kubeward:azure:PolicyBaseline';
const ASSIGNMENT = 'azure-native:authorization:PolicyAssignment';
const SUBSCRIPTION = `/subscriptions/${MOCK_SUBSCRIPTION_ID}`;
const JUSTIFICATION = 'Legacy batch jobs need NET_RAW until the Q3 rewrite (SEC-123)';
const OTHER_JUSTIFICATION = 'The legacy-batch namespace runs a vendor agent we cannot change (SEC-124)';
const BASE: PolicyBaselineArgs = {
  scope: SUBSCRIPTION,
  allowedLocations: ['westeurope', 'northeurope'],
  allowedRegistries: ['contoso.azurecr.io', 'mcr.microsoft.com'],
};
const SYSTEM_NAMESPACES = ['kube-system', 'gatekeeper-system', 'azure-arc', 'azure-extensions-usage-system'];
const DEFINITION = '/providers/Microsoft.Authorization/policyDefinitions/';
const INITIATIVE = '/providers/Microsoft.Authorization/policySetDefinitions/';

/**
 * What each assignment must be, written out here (from the built-in definition files of
 * Azure/azure-policy), independent of the component's table: definition id, allowed effects, the
 * default effect, the control, and a fragment of the non-compliance message naming the fix.
 */
const EXPECTED: Record<PolicyBaselineAuditRole, { id: string; effects: string[]; byDefault: 'Audit' | 'Deny'; control?: string; fix: RegExp }> = {
  'allowed-locations': { id: `${DEFINITION}e56962a6-4747-49cd-b67b-bf8b01975c4c`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'policy.allowed-locations', fix: /PolicyBaseline argument 'allowedLocations'/ },
  'allowed-rg-locations': { id: `${DEFINITION}e765b5de-1225-4ba3-bd56-1ac6695af988`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'policy.allowed-locations', fix: /PolicyBaseline argument 'allowedLocations'/ },
  'pod-security': { id: `${INITIATIVE}42b8ef37-b724-4e24-bbc8-7a7708edfe00`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'policy.pod-security-baseline', fix: /Hardened\* constructs in a SecureNamespace/ },
  'allowed-images': { id: `${DEFINITION}febd0533-8e55-448f-b837-bd0e06f16469`, effects: ['Audit', 'Deny'], byDefault: 'Deny', fix: /PolicyBaseline argument 'allowedRegistries'.*PrivateRegistry/ },
  'aks-private-cluster': { id: `${DEFINITION}040732e8-d947-40b8-95d6-854c95024bf8`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'aks.private-cluster', fix: /SecureAksCluster is private unless its 'publicApiServer' argument/ },
  'aks-entra-id': { id: `${DEFINITION}450d2877-ebea-41e8-b00c-e286317d21bf`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.entra-rbac', fix: /SecureAksCluster.*'adminGroupObjectIds'/ },
  'aks-local-accounts': { id: `${DEFINITION}993c2fcd-2b29-49d2-9eb0-df2c3a730c32`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'aks.local-accounts-disabled', fix: /SecureAksCluster always disables them/ },
  'aks-run-command': { id: `${DEFINITION}89f2d532-c53c-4f8f-9afa-4927b1114a0d`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.run-command-disabled', fix: /SecureAksCluster always disables it/ },
  'aks-managed-identity': { id: `${DEFINITION}da6e2401-19da-4532-9141-fb8fbde08431`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.managed-identity', fix: /SecureAksCluster.*'userAssignedIdentityId'/ },
  'aks-workload-identity': { id: `${DEFINITION}2cc2e023-0dac-4046-875b-178f683929d5`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.workload-identity', fix: /SecureAksCluster turns on the OIDC issuer and workload identity/ },
  'aks-defender-profile': { id: `${DEFINITION}a1840de2-8088-4ea8-b153-b4c723e9cb01`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.defender-profile', fix: /SecureAksCluster.*'logAnalyticsWorkspaceId'.*DefenderForContainers/ },
  'aks-image-cleaner': { id: `${DEFINITION}af3c26b2-6fad-493e-9236-9c68928516ab`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.image-cleaner', fix: /SecureAksCluster turns it on/ },
  'aks-policy-addon': { id: `${DEFINITION}0a15ec92-a229-4763-bb14-0ea34a568f8d`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.azure-policy-addon', fix: /SecureAksCluster turns it on/ },
  'aks-auto-upgrade': { id: `${DEFINITION}5c345cdf-2049-47e0-b8fe-b0e96bc2df35`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.auto-upgrade', fix: /SecureAksCluster uses 'stable'.*'maintenanceWindow'/ },
  'aks-node-os-upgrade': { id: `${DEFINITION}04408ca5-aa10-42ce-8536-98955cdddd4c`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.auto-upgrade', fix: /SecureAksCluster uses 'NodeImage'/ },
  'aks-host-encryption': { id: `${DEFINITION}41425d9f-d1a5-499a-9932-f8ed8453932c`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'aks.node-os-hardening', fix: /SecureAksCluster sets it on the system pool and every user pool/ },
  'aks-ssh-disabled': { id: `${DEFINITION}28257686-e9db-403e-b9e2-a5eecbe03da9`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.node-os-hardening', fix: /SecureAksCluster disables it/ },
  'aks-cmk-disks': { id: `${DEFINITION}7d7be79c-23ba-4033-84dd-45e2a5ccdd67`, effects: ['Audit', 'Deny'], byDefault: 'Audit', control: 'aks.customer-managed-keys', fix: /disk encryption set of its PlatformKeys/ },
  'aks-kms': { id: `${DEFINITION}dbbdc317-9734-4dd8-9074-993b29c69008`, effects: ['Audit'], byDefault: 'Audit', control: 'aks.customer-managed-keys', fix: /etcd key of its PlatformKeys/ },
  'acr-admin-user': { id: `${DEFINITION}dc921057-6b28-4fbe-9b83-f7bec05db6c2`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'acr.admin-user-disabled', fix: /PrivateRegistry keeps it off unless its 'adminUser' argument/ },
  'acr-anonymous-pull': { id: `${DEFINITION}9f2dea28-e834-476c-99c5-3507b4728395`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'acr.anonymous-pull-disabled', fix: /PrivateRegistry always turns it off/ },
  'acr-public-network': { id: `${DEFINITION}0fdf0491-d080-4575-b627-ad0e843cba0f`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'acr.private-network', fix: /PrivateRegistry does, unless its 'publicNetworkAccess' argument/ },
  'acr-arm-token': { id: `${DEFINITION}42781ec6-6127-4c30-bdfa-fb423a0047d3`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'acr.arm-token-disabled', fix: /PrivateRegistry always sets it/ },
  'acr-export': { id: `${DEFINITION}524b0254-c285-4903-bee6-bb8126cde579`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'acr.export-disabled', fix: /PrivateRegistry does, unless its 'publicNetworkAccess' argument/ },
  'acr-private-link-sku': { id: `${DEFINITION}bd560fc0-3c69-498a-ae9f-aa8eb7de0e13`, effects: ['Audit', 'Deny'], byDefault: 'Deny', control: 'acr.private-network', fix: /Premium SKU.*PrivateRegistry always does/ },
  'acr-private-link': { id: `${DEFINITION}e8eef0a8-67cf-4eb4-9386-14b0e78733d4`, effects: ['Audit'], byDefault: 'Audit', control: 'acr.private-network', fix: /PrivateRegistry creates one.*'privateEndpointSubnetId'/ },
  'acr-cmk': { id: `${DEFINITION}5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580`, effects: ['Audit', 'Deny'], byDefault: 'Audit', control: 'acr.customer-managed-key', fix: /registry key of its PlatformKeys to PrivateRegistry/ },
};
const ROLES = Object.keys(EXPECTED) as PolicyBaselineAuditRole[];
const DENY_CAPABLE = ROLES.filter((r) => EXPECTED[r].effects.includes('Deny'));

const WORKSPACE = `${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-prod`;
const ADMINS = ['6f1c9d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f', '0b9a8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d'];
const ROLE_DEFINITION = `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/`;
/** Role definition ids, from the definitions' then.details.roleDefinitionIds. */
const AKS_CONTRIBUTOR = 'ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8';
const AKS_POLICY_ADDON_DEPLOYMENT = '18ed5180-3e48-46fd-8541-4ea054d57064';
const MONITORING_CONTRIBUTOR = '749f88d5-cbae-40b8-bcfc-e573ddc772fa';
const LOG_ANALYTICS_CONTRIBUTOR = '92aaf0da-9dab-42b6-94a3-d43ce8d16293';
const REMEDIATION_ARGS: PolicyBaselineArgs = { ...BASE, logAnalyticsWorkspaceId: WORKSPACE, adminGroupObjectIds: ADMINS, location: 'westeurope' };

/**
 * The remediation (DeployIfNotExists) assignments, written out from the built-in definition
 * files: definition id, allowed effects, what their parameters must be, and the roles (name suffix
 * of the role assignment, role definition id) their identity gets at the assignment's scope.
 */
const REMEDIATION_EXPECTED: Record<PolicyBaselineRemediationRole, {
  id: string; effects: string[]; control?: string; checklist: string; fix: RegExp; parameters: Record<string, unknown>; roles: [string, string][];
}> = {
  'aks-admin-groups': {
    id: `${DEFINITION}36a27de4-199b-40fb-b336-945a8475d6c5`,
    effects: ['DeployIfNotExists'],
    control: 'aks.entra-rbac',
    checklist: 'E-09,E-32',
    fix: /exactly the admin groups of kubeward PolicyBaseline argument 'adminGroupObjectIds'.*SecureAksCluster/,
    parameters: { adminGroupObjectIDs: { value: ADMINS } },
    roles: [['azure-kubernetes-service-contributor', AKS_CONTRIBUTOR], ['azure-kubernetes-service-policy-add-on-deployment', AKS_POLICY_ADDON_DEPLOYMENT]],
  },
  'aks-diagnostics': {
    id: `${DEFINITION}6c66c325-74c8-42fd-a286-a74b0e2939d8`,
    effects: ['DeployIfNotExists'],
    control: 'aks.audit-logs',
    checklist: 'E-16',
    fix: /kube-audit-admin, kube-apiserver and guard.*other control-plane categories and AllMetrics listed as off.*SecureAksCluster/,
    parameters: {
      'logAnalytics': { value: WORKSPACE },
      'diagnosticsSettingNameToUse': { value: 'kubeward-control-plane-logs' },
      'kube-apiserver': { value: 'True' },
      'kube-audit': { value: 'False' },
      'kube-controller-manager': { value: 'False' },
      'kube-scheduler': { value: 'False' },
      'cluster-autoscaler': { value: 'False' },
      'kube-audit-admin': { value: 'True' },
      'guard': { value: 'True' },
      'cloud-controller-manager': { value: 'False' },
      'csi-azuredisk-controller': { value: 'False' },
      'csi-azurefile-controller': { value: 'False' },
      'csi-snapshot-controller': { value: 'False' },
      'AllMetrics': { value: 'False' },
    },
    roles: [['monitoring-contributor', MONITORING_CONTRIBUTOR], ['log-analytics-contributor', LOG_ANALYTICS_CONTRIBUTOR]],
  },
  'acr-diagnostics': {
    id: `${DEFINITION}56288eb2-4350-461d-9ece-2bb242269dce`,
    effects: ['DeployIfNotExists', 'AuditIfNotExists'],
    checklist: 'E-06',
    fix: /'audit' log category group.*'kubeward-registry-logs' that kubeward PrivateRegistry creates/,
    parameters: {
      logAnalytics: { value: WORKSPACE },
      categoryGroup: { value: 'audit' },
      diagnosticSettingName: { value: 'kubeward-registry-logs' },
      resourceLocationList: { value: ['*'] },
    },
    roles: [['log-analytics-contributor', LOG_ANALYTICS_CONTRIBUTOR]],
  },
  'activity-log': {
    id: `${DEFINITION}2465583e-4e78-4c15-b6be-a36cbc7c8b0f`,
    effects: ['DeployIfNotExists'],
    control: 'monitoring.activity-log',
    checklist: 'E-25',
    fix: /activity log must stream to the workspace.*SecurityMonitoring/,
    parameters: { logAnalytics: { value: WORKSPACE } },
    roles: [['monitoring-contributor', MONITORING_CONTRIBUTOR], ['log-analytics-contributor', LOG_ANALYTICS_CONTRIBUTOR]],
  },
};
const REMEDIATION_ROLES = Object.keys(REMEDIATION_EXPECTED) as PolicyBaselineRemediationRole[];
const ROLE_ASSIGNMENT = 'azure-native:authorization:RoleAssignment';

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

async function plan(name: string, args: PolicyBaselineArgs = BASE) {
  const component = new PolicyBaseline(name, args);
  await recorder.settle(component.scope, component.allowedImagesRegex, ...Object.values<pulumi.Output<string>>(component.assignmentIds));
  const urn = recorder.get(COMPONENT, name).urn;
  const children = recorder.resources().filter((r) => r.parent === urn);
  const get = (role: PolicyBaselineAuditRole | PolicyBaselineRemediationRole): PlannedResource => recorder.get(ASSIGNMENT, `${name}-${role}`);
  return { component, urn, children, get };
}

const effectOf = (r: PlannedResource): unknown => r.inputs.parameters.effect.value;

describe('PolicyBaseline: the assignments and their inputs', () => {
  let p: Awaited<ReturnType<typeof plan>>;
  beforeAll(async () => {
    p = await plan('base');
  });

  test('one PolicyAssignment per Audit or Deny row, named <name>-<role>, parented to the component; no remediation without its inputs', () => {
    // Registration order follows input resolution; the set is what matters.
    expect(p.children.map((c) => `${c.type} ${c.name}`).sort()).toEqual(ROLES.map((r) => `${ASSIGNMENT} base-${r}`).sort());
    expect(POLICY_BASELINE_ASSIGNMENTS.map((s) => s.role)).toEqual([...ROLES, ...REMEDIATION_ROLES]);
    expect(p.component.skippedAssignments).toEqual({
      'aks-admin-groups': 'argument \'adminGroupObjectIds\' is not given',
      'aks-diagnostics': 'argument \'logAnalyticsWorkspaceId\' is not given',
      'acr-diagnostics': 'argument \'logAnalyticsWorkspaceId\' is not given',
      'activity-log': 'argument \'logAnalyticsWorkspaceId\' is not given',
    });
    expect(p.component.remediationRoleAssignments).toEqual({});
    expect(recorder.get(COMPONENT, 'base').parent).toBeNull();
    for (const c of p.children) {
      expect(c.parent).toBe(p.urn);
      expect(c.inputs.policyAssignmentName).toBe(c.name);
    }
  });

  test.each(ROLES)('%s: definition, scope, enforcement, effect, message, metadata', (role) => {
    const a = p.get(role);
    const e = EXPECTED[role];
    expect(a.inputs.policyDefinitionId).toBe(e.id);
    expect(a.inputs.scope).toBe(SUBSCRIPTION);
    expect(a.inputs.enforcementMode).toBe('Default');
    expect(effectOf(a)).toBe(e.byDefault);
    expect(p.component.effects[role]).toBe(e.byDefault);
    // Audit and Deny assignments: no managed identity, no location.
    expect(a.inputs.identity).toBeUndefined();
    expect(a.inputs.location).toBeUndefined();
    expect(a.inputs.displayName).toMatch(/ \(kubeward base\)$/);
    expect(a.inputs.displayName.length).toBeLessThanOrEqual(128);
    expect(a.inputs.description).toMatch(/^Assigned by kubeward PolicyBaseline 'base'/);
    const main = a.inputs.nonComplianceMessages[0];
    expect(main.policyDefinitionReferenceId).toBeUndefined();
    expect(main.message).toMatch(e.fix);
    if (e.control) {
      expect(main.message).toContain(`[${e.control}`);
      expect(a.inputs.metadata).toEqual(expect.objectContaining({ 'kubeward-control': e.control }));
    }
    expect(a.inputs.metadata).toEqual(expect.objectContaining({ 'managed-by': 'kubeward', 'kubeward-component': 'PolicyBaseline' }));
    for (const m of a.inputs.nonComplianceMessages) expect(m.message.length).toBeLessThanOrEqual(512);
  });

  test('the definitions without extra parameters get only the effect', () => {
    const extra = ['allowed-locations', 'allowed-rg-locations', 'pod-security', 'allowed-images'];
    for (const role of ROLES.filter((r) => !extra.includes(r))) {
      expect(p.get(role).inputs.parameters).toEqual({ effect: { value: EXPECTED[role].byDefault } });
      expect(p.get(role).inputs.nonComplianceMessages).toHaveLength(1);
    }
  });

  test('allowed locations: the user list for resources and resource groups, Deny (E-27)', () => {
    for (const role of ['allowed-locations', 'allowed-rg-locations'] as const) {
      const a = p.get(role);
      expect(a.inputs.parameters).toEqual({ effect: { value: 'Deny' }, listOfAllowedLocations: { value: ['westeurope', 'northeurope'] } });
      expect(a.inputs.nonComplianceMessages).toEqual([{ message: expect.stringMatching(/Allowed: westeurope, northeurope\. \[policy\.allowed-locations, E-27\]$/) }]);
      expect(a.inputs.metadata['kubeward-checklist']).toBe('E-27');
    }
    expect(p.get('allowed-locations').inputs.displayName).toBe('Allowed locations (kubeward base)');
  });

  test('pod security: the restricted initiative, Deny, system namespaces excluded, capabilities as PSS restricted', () => {
    const a = p.get('pod-security');
    expect(a.inputs.parameters).toEqual({
      effect: { value: 'Deny' },
      excludedNamespaces: { value: SYSTEM_NAMESPACES },
      allowedCapabilities: { value: ['NET_BIND_SERVICE'] },
      requiredDropCapabilities: { value: ['ALL'] },
    });
    expect(a.inputs.displayName).toBe('Kubernetes cluster pod security restricted standards for Linux-based workloads (kubeward base)');
    expect(a.inputs.nonComplianceMessages[0].message).toBe(
      'Pods must meet the Kubernetes Pod Security Standards restricted profile. Build workloads with kubeward\'s Hardened* constructs in a '
      + 'SecureNamespace and check manifests with \'kubeward audit --standard pss-restricted\'. [policy.pod-security-baseline, W-07, E-13, E-33]',
    );
    const perPolicy = a.inputs.nonComplianceMessages.slice(1);
    expect(perPolicy.map((m: { policyDefinitionReferenceId: string }) => m.policyDefinitionReferenceId)).toEqual([
      'NoPrivilegedContainers', 'NoPrivilegeEscalation', 'BlockUsingHostNetwork', 'BlockUsingHostProcessIDAndIPC',
      'ContainerCapabilities', 'AllowedVolumeTypes', 'AllowedUsersGroups', 'AllowedSeccompProfiles',
    ]);
    expect(perPolicy.find((m: { policyDefinitionReferenceId: string }) => m.policyDefinitionReferenceId === 'ContainerCapabilities').message)
      .toBe('Drop ALL capabilities and add back at most NET_BIND_SERVICE [pss.capabilities-restricted].');
    for (const m of perPolicy) expect(m.message).toMatch(/\[pss\.[a-z-]+(, pss\.[a-z-]+)*\]\.?$/);
    expect(p.component.podSecurityStandard).toBe('restricted');
    expect(p.component.excludedNamespaces).toEqual(SYSTEM_NAMESPACES);
    expect(AZURE_SYSTEM_NAMESPACES).toEqual(SYSTEM_NAMESPACES);
  });

  test('allowed images: the regex from the registries, system namespaces excluded, Deny (E-20)', async () => {
    const a = p.get('allowed-images');
    expect(a.inputs.parameters).toEqual({
      effect: { value: 'Deny' },
      excludedNamespaces: { value: SYSTEM_NAMESPACES },
      allowedContainerImagesRegex: { value: '^(contoso\\.azurecr\\.io|mcr\\.microsoft\\.com)/.+$' },
    });
    expect(a.inputs.nonComplianceMessages).toEqual([{ message: expect.stringMatching(/Allowed: contoso\.azurecr\.io, mcr\.microsoft\.com\. \[E-20, E-13\]$/) }]);
    expect(await value(p.component.allowedImagesRegex)).toBe('^(contoso\\.azurecr\\.io|mcr\\.microsoft\\.com)/.+$');
  });

  test('typed outputs resolve', async () => {
    expect(await value(p.component.scope)).toBe(SUBSCRIPTION);
    expect(await value(p.component.assignmentIds['aks-private-cluster']))
      .toBe(`${SUBSCRIPTION}/providers/Microsoft.Authorization/policyAssignments/base-aks-private-cluster`);
    expect(Object.keys(p.component.assignmentIds)).toEqual(ROLES);
    expect(Object.keys(p.component.assignments)).toEqual(ROLES);
    expect(p.component.justifications).toEqual({});
  });
});

describe('PolicyBaseline: the allowed images regex', () => {
  const regex = registriesToImageRegex(['contoso.azurecr.io', 'mcr.microsoft.com']);
  const allows = (image: string): boolean => new RegExp(regex).test(image);

  test('dots are escaped and each registry must be followed by /', () => {
    expect(regex).toBe('^(contoso\\.azurecr\\.io|mcr\\.microsoft\\.com)/.+$');
    expect(allows('contoso.azurecr.io/app:1.2.3')).toBe(true);
    expect(allows('contoso.azurecr.io/team/app@sha256:0123abcd')).toBe(true);
    expect(allows('mcr.microsoft.com/oss/nginx/nginx:1.25')).toBe(true);
  });

  test.each([
    ['a look-alike host', 'contoso.azurecr.io.evil.example/app'],
    ['a prefix of the host', 'contoso.azurecr.iox/app'],
    ['an unescaped dot would match any character', 'contosoXazurecrXio/app'],
    ['the registry in the path of another one', 'evil.example/contoso.azurecr.io/app'],
    ['Docker Hub short names', 'nginx:1.25'],
    ['the registry without an image', 'contoso.azurecr.io/'],
    ['another port', 'contoso.azurecr.io:5000/app'],
  ])('refuses %s', (_why, image) => {
    expect(allows(image)).toBe(false);
  });

  test('a repository prefix and a port', () => {
    const source = registriesToImageRegex(['contoso.azurecr.io/team-a', 'registry.internal:5000']);
    expect(source).toBe('^(contoso\\.azurecr\\.io/team-a|registry\\.internal:5000)/.+$');
    const r = new RegExp(source);
    expect(r.test('contoso.azurecr.io/team-a/app:1')).toBe(true);
    expect(r.test('contoso.azurecr.io/team-ab/app:1')).toBe(false);
    expect(r.test('contoso.azurecr.io/team-b/app:1')).toBe(false);
    expect(r.test('registry.internal:5000/app')).toBe(true);
    expect(r.test('registry.internal/app')).toBe(false);
  });

  test.each([
    ['', /is empty/],
    ['https://contoso.azurecr.io', /has a URL scheme/],
    ['*.azurecr.io', /has a wildcard/],
    ['contoso.azurecr.io/', /ends with '\/'/],
    ['Contoso.azurecr.io', /has capital letters/],
    ['contoso', /Docker Hub images of the 'contoso' account/],
    ['contoso azurecr.io', /is not a registry host/],
    ['contoso.azurecr.io//x', /is not a registry host/],
  ])('registry %j is refused', (entry, why) => {
    expect(registryProblem(entry)).toMatch(why);
    expect(() => registriesToImageRegex([entry])).toThrow(why);
  });

  test.each(['contoso.azurecr.io', 'docker.io/library', 'localhost:5000', 'localhost', 'my-registry.example.com/team_a/sub.path'])('registry %j is accepted', (entry) => {
    expect(registryProblem(entry)).toBeUndefined();
  });

  test('an empty list is refused', () => {
    expect(() => registriesToImageRegex([])).toThrow(/no registries/);
  });
});

describe('PolicyBaseline: effect choice', () => {
  test('effect Audit: every assignment audits', async () => {
    const p = await plan('audit', { ...BASE, effect: 'Audit' });
    for (const role of ROLES) expect(effectOf(p.get(role))).toBe('Audit');
  });

  test('effect Deny: Deny wherever the definition allows it (pod security too), Audit elsewhere', async () => {
    const p = await plan('deny', { ...BASE, effect: 'Deny' });
    for (const role of ROLES) expect(effectOf(p.get(role))).toBe(DENY_CAPABLE.includes(role) ? 'Deny' : 'Audit');
    expect(p.component.effects['pod-security']).toBe('Deny');
    expect(DENY_CAPABLE).toHaveLength(15);
  });

  test('effectOverrides win over effect and the defaults', async () => {
    const p = await plan('override', {
      ...BASE,
      effect: 'Audit',
      effectOverrides: { 'aks-private-cluster': 'Audit', 'pod-security': 'Deny', 'allowed-locations': 'Deny', 'acr-export': undefined },
    });
    expect(effectOf(p.get('aks-private-cluster'))).toBe('Audit');
    expect(effectOf(p.get('pod-security'))).toBe('Deny');
    expect(effectOf(p.get('allowed-locations'))).toBe('Deny');
    expect(effectOf(p.get('allowed-rg-locations'))).toBe('Audit');
    expect(effectOf(p.get('aks-local-accounts'))).toBe('Audit');
    expect(p.component.effects['pod-security']).toBe('Deny');
    expect(p.component.effects['acr-export']).toBe('Audit');
  });

  test('pod security can be audited first with an override, the rest keeping their defaults', async () => {
    const p = await plan('podaudit', { ...BASE, effectOverrides: { 'pod-security': 'Audit' } });
    expect(effectOf(p.get('pod-security'))).toBe('Audit');
    expect(p.component.effects['pod-security']).toBe('Audit');
    for (const role of ROLES.filter((r) => r !== 'pod-security')) expect(effectOf(p.get(role))).toBe(EXPECTED[role].byDefault);
  });

  test.each([
    ['effect Disabled', { effect: 'Disabled' as unknown as 'Audit' }, /PolicyBaseline 'e1' argument 'effect' is 'Disabled': use 'Deny' or 'Audit'/],
    ['an override Disabled', { effectOverrides: { 'acr-export': 'Disabled' as unknown as 'Audit' } }, /argument 'effectOverrides' sets 'acr-export' to 'Disabled'/],
    ['Deny on an Audit-only definition', { effectOverrides: { 'aks-entra-id': 'Deny' as const } },
      /argument 'effectOverrides' sets 'aks-entra-id' to 'Deny', but "Azure Kubernetes Service Clusters should enable Microsoft Entra ID integration" allows only Audit/],
    ['an unknown role', { effectOverrides: { 'aks-everything': 'Deny' } as unknown as PolicyBaselineArgs['effectOverrides'] }, /names 'aks-everything', which is not one of PolicyBaseline's assignments/],
  ])('%s is refused', (_what, extra, message) => {
    expect(() => new PolicyBaseline('e1', { ...BASE, ...extra })).toThrow(message);
  });
});

describe('PolicyBaseline: remediation (DeployIfNotExists) assignments', () => {
  let p: Awaited<ReturnType<typeof plan>>;
  beforeAll(async () => {
    p = await plan('fix', REMEDIATION_ARGS);
  });

  test('with a workspace, admin groups and a location at a subscription, all four are made and none is skipped', () => {
    expect(p.children.filter((c) => c.type === ASSIGNMENT).map((c) => c.name).sort())
      .toEqual([...ROLES, ...REMEDIATION_ROLES].map((r) => `fix-${r}`).sort());
    expect(p.component.skippedAssignments).toEqual({});
    expect(Object.keys(p.component.assignmentIds)).toEqual([...ROLES, ...REMEDIATION_ROLES]);
  });

  test.each(REMEDIATION_ROLES)('%s: definition, DeployIfNotExists, a system-assigned identity in the location, message, metadata', (role) => {
    const a = p.get(role);
    const e = REMEDIATION_EXPECTED[role];
    expect(a.inputs.policyDefinitionId).toBe(e.id);
    expect(a.inputs.scope).toBe(SUBSCRIPTION);
    expect(a.inputs.enforcementMode).toBe('Default');
    expect(effectOf(a)).toBe('DeployIfNotExists');
    expect(p.component.effects[role]).toBe('DeployIfNotExists');
    expect(a.inputs.identity).toEqual({ type: 'SystemAssigned' });
    expect(a.inputs.location).toBe('westeurope');
    expect(a.inputs.displayName).toMatch(/ \(kubeward fix\)$/);
    expect(a.inputs.displayName.length).toBeLessThanOrEqual(128);
    expect(a.inputs.nonComplianceMessages).toHaveLength(1);
    const message = a.inputs.nonComplianceMessages[0].message;
    expect(message).toMatch(e.fix);
    expect(message).toMatch(new RegExp(`\\[${[e.control, ...e.checklist.split(',')].filter(Boolean).join(', ').replace(/\./g, '\\.')}\\]$`));
    expect(message.length).toBeLessThanOrEqual(512);
    expect(a.inputs.metadata['kubeward-checklist']).toBe(e.checklist);
    expect(a.inputs.metadata['kubeward-control']).toBe(e.control);
  });

  test.each(REMEDIATION_ROLES)('%s: the parameters the definition needs', (role) => {
    expect(p.get(role).inputs.parameters).toEqual({ effect: { value: 'DeployIfNotExists' }, ...REMEDIATION_EXPECTED[role].parameters });
  });

  test.each(REMEDIATION_ROLES)('%s: its identity gets each role of the definition at the assignment scope, and nothing else', (role) => {
    const grants = p.children.filter((c) => c.type === ROLE_ASSIGNMENT && c.name.startsWith(`fix-${role}-`));
    expect(grants.map((g) => g.name).sort()).toEqual(REMEDIATION_EXPECTED[role].roles.map(([suffix]) => `fix-${role}-${suffix}`).sort());
    for (const [suffix, roleId] of REMEDIATION_EXPECTED[role].roles) {
      expect(recorder.get(ROLE_ASSIGNMENT, `fix-${role}-${suffix}`).inputs).toEqual({
        scope: SUBSCRIPTION,
        roleDefinitionId: `${ROLE_DEFINITION}${roleId}`,
        principalId: `fix-${role}-principal-id`,
        principalType: 'ServicePrincipal',
        description: expect.stringMatching(new RegExp(`^kubeward: remediation identity of policy assignment 'fix-${role}'`)),
      });
    }
    expect(p.component.remediationRoleAssignments[role]).toHaveLength(REMEDIATION_EXPECTED[role].roles.length);
  });

  test('seven role assignments in all; the Audit and Deny assignments have no identity and no location', () => {
    expect(p.children.filter((c) => c.type === ROLE_ASSIGNMENT)).toHaveLength(7);
    for (const role of ROLES) {
      expect(p.get(role).inputs.identity).toBeUndefined();
      expect(p.get(role).inputs.location).toBeUndefined();
      expect(effectOf(p.get(role))).toBe(EXPECTED[role].byDefault);
    }
  });

  test('the roles are the built-in roles of those ids', () => {
    expect(BUILT_IN_ROLES).toMatchObject({
      AzureKubernetesServiceContributor: AKS_CONTRIBUTOR,
      AzureKubernetesServicePolicyAddOnDeployment: AKS_POLICY_ADDON_DEPLOYMENT,
      MonitoringContributor: MONITORING_CONTRIBUTOR,
      LogAnalyticsContributor: LOG_ANALYTICS_CONTRIBUTOR,
    });
  });

  test('at a resource group, activity-log is skipped (a subscription setting); the others and their roles are at the resource group', async () => {
    const scope = `${SUBSCRIPTION}/resourceGroups/rg-prod`;
    const rg = await plan('fixrg', { ...REMEDIATION_ARGS, scope });
    expect(rg.component.skippedAssignments).toEqual({ 'activity-log': expect.stringMatching(/the scope is a resource group.*subscription setting.*assign a PolicyBaseline at the subscription/) });
    expect(rg.component.assignments['activity-log']).toBeUndefined();
    expect(rg.component.effects['activity-log']).toBeUndefined();
    expect(recorder.resources().filter((r) => r.name.startsWith('fixrg-activity-log'))).toEqual([]);
    const grants = rg.children.filter((c) => c.type === ROLE_ASSIGNMENT);
    expect(grants).toHaveLength(5);
    for (const g of grants) expect(g.inputs.scope).toBe(scope);
    for (const role of ['aks-admin-groups', 'aks-diagnostics', 'acr-diagnostics'] as const) expect(rg.get(role).inputs.scope).toBe(scope);
  });

  test('a scope given as an output is not known to be a subscription: activity-log is skipped, saying why', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const out = await plan('fixout', { ...REMEDIATION_ARGS, scope: pulumi.output(SUBSCRIPTION) });
      expect(out.component.skippedAssignments).toEqual({ 'activity-log': expect.stringMatching(/the scope is a Pulumi output.*pass the subscription id as a string/) });
      expect(out.get('aks-diagnostics').inputs.scope).toBe(SUBSCRIPTION);
      // The output turned out to be a subscription: a warning says what was left out.
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/PolicyBaseline 'fixout': the activity-log assignment is not made: the scope is a Pulumi output/));
    } finally {
      warn.mockRestore();
    }
  });

  test('each input makes only its own assignments; outputs are accepted', async () => {
    const groups = await plan('fixgroups', { ...BASE, adminGroupObjectIds: [pulumi.output(ADMINS[0]!)], location: 'westeurope' });
    expect(groups.component.skippedAssignments).toEqual({
      'aks-diagnostics': 'argument \'logAnalyticsWorkspaceId\' is not given',
      'acr-diagnostics': 'argument \'logAnalyticsWorkspaceId\' is not given',
      'activity-log': 'argument \'logAnalyticsWorkspaceId\' is not given',
    });
    expect(groups.get('aks-admin-groups').inputs.parameters.adminGroupObjectIDs).toEqual({ value: [ADMINS[0]] });
    expect(groups.children.filter((c) => c.type === ROLE_ASSIGNMENT)).toHaveLength(2);

    const workspace = await plan('fixlaw', { ...BASE, logAnalyticsWorkspaceId: pulumi.output(WORKSPACE), location: 'northeurope' });
    expect(workspace.component.skippedAssignments).toEqual({ 'aks-admin-groups': 'argument \'adminGroupObjectIds\' is not given' });
    for (const role of ['aks-diagnostics', 'acr-diagnostics', 'activity-log'] as const) {
      expect(workspace.get(role).inputs.parameters.logAnalytics).toEqual({ value: WORKSPACE });
      expect(workspace.get(role).inputs.location).toBe('northeurope');
    }
  });

  test.each([
    ['no location', { location: undefined },
      /PolicyBaseline 'r1' argument 'location' is missing: the remediation assignments aks-admin-groups, aks-diagnostics, acr-diagnostics, activity-log need a region for their managed identity.*location: 'westeurope'/],
    ['a display name as location', { location: 'West Europe' }, /PolicyBaseline 'r1' argument 'location' is 'West Europe', which is not an Azure location name/],
    ['no admin groups', { adminGroupObjectIds: [] }, /argument 'adminGroupObjectIds' is empty \[aks\.entra-rbac\]: the assignment would remove every admin group/],
    ['a group name instead of an object id', { adminGroupObjectIds: ['aks-admins'] }, /argument 'adminGroupObjectIds' holds 'aks-admins', which is not an Entra ID object id \(a GUID\) \[aks\.entra-rbac\]/],
    ['a workspace name instead of its id', { logAnalyticsWorkspaceId: 'law-prod' }, /argument 'logAnalyticsWorkspaceId' is 'law-prod', which is not a Log Analytics workspace resource id.*SecurityMonitoring's workspaceId/],
    ['another resource id as workspace', { logAnalyticsWorkspaceId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Insights/components/ai` }, /argument 'logAnalyticsWorkspaceId' is '\/subscriptions\//],
  ])('%s is refused', (_what, extra, message) => {
    expect(() => new PolicyBaseline('r1', { ...REMEDIATION_ARGS, ...extra } as PolicyBaselineArgs)).toThrow(message);
  });

  test('no location is needed while no remediation assignment is made', () => {
    expect(() => new PolicyBaseline('r2', { ...BASE, location: undefined })).not.toThrow();
  });
});

describe('PolicyBaseline: effects of the remediation assignments', () => {
  test('effect Audit: AuditIfNotExists where the definition allows it, DeployIfNotExists where it allows nothing else', async () => {
    const p = await plan('raudit', { ...REMEDIATION_ARGS, effect: 'Audit' });
    expect(effectOf(p.get('acr-diagnostics'))).toBe('AuditIfNotExists');
    for (const role of ['aks-admin-groups', 'aks-diagnostics', 'activity-log'] as const) expect(effectOf(p.get(role))).toBe('DeployIfNotExists');
    expect(p.component.effects).toMatchObject({ 'acr-diagnostics': 'AuditIfNotExists', 'aks-diagnostics': 'DeployIfNotExists', 'aks-private-cluster': 'Audit' });
    // Auditing still needs the identity: the assignment keeps it and its roles.
    expect(p.get('acr-diagnostics').inputs.identity).toEqual({ type: 'SystemAssigned' });
    expect(p.children.filter((c) => c.type === ROLE_ASSIGNMENT)).toHaveLength(7);
  });

  test('effect Deny: every remediation assignment deploys', async () => {
    const p = await plan('rdeny', { ...REMEDIATION_ARGS, effect: 'Deny' });
    for (const role of REMEDIATION_ROLES) expect(effectOf(p.get(role))).toBe('DeployIfNotExists');
    expect(effectOf(p.get('aks-private-cluster'))).toBe('Deny');
  });

  test('effectOverrides of remediation roles win over effect', async () => {
    const audited = await plan('rover1', { ...REMEDIATION_ARGS, effectOverrides: { 'acr-diagnostics': 'AuditIfNotExists' } });
    expect(effectOf(audited.get('acr-diagnostics'))).toBe('AuditIfNotExists');
    expect(effectOf(audited.get('aks-diagnostics'))).toBe('DeployIfNotExists');
    const deployed = await plan('rover2', { ...REMEDIATION_ARGS, effect: 'Audit', effectOverrides: { 'acr-diagnostics': 'DeployIfNotExists' } });
    expect(effectOf(deployed.get('acr-diagnostics'))).toBe('DeployIfNotExists');
    expect(effectOf(deployed.get('aks-private-cluster'))).toBe('Audit');
  });

  test('an override of a remediation assignment that is not made is ignored', async () => {
    const p = await plan('rover3', { ...BASE, effectOverrides: { 'aks-diagnostics': 'DeployIfNotExists' } });
    expect(p.component.effects['aks-diagnostics']).toBeUndefined();
    expect(p.children.filter((c) => c.name === 'rover3-aks-diagnostics')).toEqual([]);
  });

  test('overrides are typed by role', () => {
    // @ts-expect-error remediation roles take DeployIfNotExists or AuditIfNotExists
    const remediationAudit: PolicyBaselineArgs['effectOverrides'] = { 'acr-diagnostics': 'Audit' };
    // @ts-expect-error Audit and Deny roles take Audit or Deny
    const auditDeploy: PolicyBaselineArgs['effectOverrides'] = { 'aks-private-cluster': 'DeployIfNotExists' };
    expect([remediationAudit, auditDeploy]).toHaveLength(2);
  });

  test.each([
    ['Audit on a remediation role', { 'acr-diagnostics': 'Audit' },
      /argument 'effectOverrides' sets 'acr-diagnostics' to 'Audit': use 'DeployIfNotExists' or 'AuditIfNotExists' \(it is a remediation assignment\)/],
    ['Disabled on a remediation role', { 'aks-admin-groups': 'Disabled' }, /sets 'aks-admin-groups' to 'Disabled': use 'DeployIfNotExists' or 'AuditIfNotExists'/],
    ['AuditIfNotExists on a DeployIfNotExists-only definition', { 'aks-diagnostics': 'AuditIfNotExists' },
      /sets 'aks-diagnostics' to 'AuditIfNotExists', but "Deploy - Configure diagnostic settings for Azure Kubernetes Service to Log Analytics workspace" allows only DeployIfNotExists/],
    ['DeployIfNotExists on an Audit and Deny role', { 'aks-private-cluster': 'DeployIfNotExists' }, /sets 'aks-private-cluster' to 'DeployIfNotExists': use 'Deny' or 'Audit'/],
  ])('%s is refused', (_what, overrides, message) => {
    expect(() => new PolicyBaseline('r3', { ...REMEDIATION_ARGS, effectOverrides: overrides as PolicyBaselineArgs['effectOverrides'] })).toThrow(message);
  });
});

describe('PolicyBaseline: weaker pod security needs a justification', () => {
  test('the baseline initiative without a justification is refused, naming the argument and the control', () => {
    expect(() => new PolicyBaseline('weak1', { ...BASE, podSecurityStandard: { value: 'baseline', justification: '' } }))
      .toThrow(/PolicyBaseline 'weak1' argument 'podSecurityStandard' weakens a secure default and needs a justification \[policy\.pod-security-baseline\]/);
    expect(() => new PolicyBaseline('weak2', { ...BASE, podSecurityStandard: { value: 'baseline', justification: 'tbd' } }))
      .toThrow(/argument 'podSecurityStandard' weakens a secure default and has only a placeholder justification \("tbd"\) \[policy\.pod-security-baseline\]/);
    expect(() => new PolicyBaseline('weak3', { ...BASE, podSecurityStandard: { value: 'restricted' as unknown as 'baseline', justification: JUSTIFICATION } }))
      .toThrow(/argument 'podSecurityStandard' has value 'restricted': restricted is the default/);
  });

  test('more excluded namespaces without a justification are refused', () => {
    expect(() => new PolicyBaseline('ns1', { ...BASE, excludedNamespaces: { value: ['legacy'], justification: '' } }))
      .toThrow(/argument 'excludedNamespaces' weakens a secure default and needs a justification \[policy\.pod-security-baseline\]/);
  });

  test('the baseline initiative and more excluded namespaces, each justified and recorded on the assignments it weakens', async () => {
    const p = await plan('weak', {
      ...BASE,
      podSecurityStandard: { value: 'baseline', justification: JUSTIFICATION },
      excludedNamespaces: { value: ['legacy-batch', 'kube-system'], justification: OTHER_JUSTIFICATION },
    });
    const excluded = [...SYSTEM_NAMESPACES, 'legacy-batch'];
    const a = p.get('pod-security');
    // The baseline initiative: its own id, no capability parameters, its own member messages.
    expect(a.inputs.policyDefinitionId).toBe(`${INITIATIVE}a8640138-9b0a-4a28-b8cb-1666c838647d`);
    expect(a.inputs.parameters).toEqual({ effect: { value: 'Deny' }, excludedNamespaces: { value: excluded } });
    expect(a.inputs.displayName).toBe('Kubernetes cluster pod security baseline standards for Linux-based workloads (kubeward weak)');
    expect(a.inputs.nonComplianceMessages[0].message).toMatch(/Standards baseline profile\..*--standard pss-baseline'/);
    expect(a.inputs.nonComplianceMessages.slice(1).map((m: { policyDefinitionReferenceId: string }) => m.policyDefinitionReferenceId))
      .toEqual(['NoPrivilegedContainers', 'BlockUsingHostNetwork', 'BlockUsingHostProcessIDAndIPC', 'ContainerCapabilities', 'NoHostPathVolume']);
    expect(p.component.podSecurityStandard).toBe('baseline');
    // The exclusions reach pod security and allowed images (the system namespaces are not repeated).
    expect(p.component.excludedNamespaces).toEqual(excluded);
    expect(p.get('allowed-images').inputs.parameters.excludedNamespaces).toEqual({ value: excluded });
    // Both justifications weaken the same control: both are kept, on the assignments each weakens.
    const tag = 'kubeward-justification-policy.pod-security-baseline';
    expect(a.inputs.metadata[tag]).toBe(`podSecurityStandard: ${JUSTIFICATION}; excludedNamespaces: ${OTHER_JUSTIFICATION}`);
    expect(p.get('allowed-images').inputs.metadata[tag]).toBe(`excludedNamespaces: ${OTHER_JUSTIFICATION}`);
    expect(p.get('aks-private-cluster').inputs.metadata[tag]).toBeUndefined();
    expect(p.component.justifications).toEqual({ [tag]: `podSecurityStandard: ${JUSTIFICATION}; excludedNamespaces: ${OTHER_JUSTIFICATION}` });
  });

  test.each([
    [[], /argument 'excludedNamespaces' is empty/],
    [['Legacy'], /argument 'excludedNamespaces' holds 'Legacy', which is not a Kubernetes namespace name/],
    [['-x'], /holds '-x'/],
  ])('excluded namespaces %j are refused', (namespaces, message) => {
    expect(() => new PolicyBaseline('ns2', { ...BASE, excludedNamespaces: { value: namespaces, justification: JUSTIFICATION } })).toThrow(message);
  });
});

describe('PolicyBaseline: arguments', () => {
  test.each([
    ['no allowed locations', { allowedLocations: [] }, /PolicyBaseline 'a1' argument 'allowedLocations' is empty \[policy\.allowed-locations\]/],
    ['a display name as location', { allowedLocations: ['West Europe'] }, /argument 'allowedLocations' holds 'West Europe', which is not an Azure location name \[policy\.allowed-locations\].*'westeurope'/],
    ['no allowed registries', { allowedRegistries: [] }, /argument 'allowedRegistries' is empty \[E-20\]/],
    ['a Docker Hub account as registry', { allowedRegistries: ['contoso'] }, /argument 'allowedRegistries' holds 'contoso', which has no '\.' or port.*\[E-20\]/],
    ['a wildcard registry', { allowedRegistries: ['*.azurecr.io'] }, /holds '\*\.azurecr\.io', which has a wildcard/],
    ['a management group scope', { scope: '/providers/Microsoft.Management/managementGroups/corp' },
      /argument 'scope' is '\/providers\/Microsoft\.Management\/managementGroups\/corp': give a subscription id.*management groups and resources are not supported/],
    ['a bare subscription GUID', { scope: MOCK_SUBSCRIPTION_ID }, /argument 'scope' is '00000000-/],
    ['a resource group name ending with a period', { scope: `${SUBSCRIPTION}/resourceGroups/rg.` }, /argument 'scope' is/],
    ['a resource scope', { scope: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks` }, /argument 'scope' is/],
  ])('%s is refused', (_what, extra, message) => {
    expect(() => new PolicyBaseline('a1', { ...BASE, ...extra } as PolicyBaselineArgs)).toThrow(message);
  });

  test('a resource group scope, and outputs as scope and registries (a registry login server)', async () => {
    const scope = `${SUBSCRIPTION}/resourceGroups/rg-prod`;
    const p = await plan('rg', {
      ...BASE,
      scope: pulumi.output(scope),
      allowedRegistries: [pulumi.output('prodacr.azurecr.io'), 'mcr.microsoft.com'],
    });
    for (const c of p.children) expect(c.inputs.scope).toBe(scope);
    expect(await value(p.component.assignmentIds['acr-export'])).toBe(`${scope}/providers/Microsoft.Authorization/policyAssignments/rg-acr-export`);
    expect(p.get('allowed-images').inputs.parameters.allowedContainerImagesRegex).toEqual({ value: '^(prodacr\\.azurecr\\.io|mcr\\.microsoft\\.com)/.+$' });
    expect(p.get('allowed-images').inputs.nonComplianceMessages[0].message).toContain('Allowed: prodacr.azurecr.io, mcr.microsoft.com.');
  });

  test('assignment names stay within Azure\'s 64 characters', async () => {
    const longest = Math.max(...ROLES.map((r) => r.length));
    const name = 'n'.repeat(64 - longest - 1);
    const p = await plan(name);
    for (const c of p.children) expect(c.inputs.policyAssignmentName.length).toBeLessThanOrEqual(64);
    expect(Math.max(...p.children.map((c) => c.inputs.policyAssignmentName.length))).toBe(64);
    expect(() => new PolicyBaseline(`${name}x`, BASE)).toThrow(new RegExp(`would have 65 characters, Azure allows 64\\. Use a name of at most ${name.length} characters`));
  });

  test.each(['prod.eu', 'prod/eu', 'prod eu', 'a%b'])('name %j with a character Azure refuses is refused', (name) => {
    expect(() => new PolicyBaseline(name, BASE)).toThrow(/holds a character Azure refuses in policy assignment names/);
  });
});
