import * as pulumi from '@pulumi/pulumi';
import { MOCK_SUBSCRIPTION_ID, MockRecorder, type PlannedResource } from '../../lib/azure/mock-plan';
import { SENSITIVITY_KEY } from '../../lib/k8s/policy';

const recorder = MockRecorder.install('proj', 'dev');

// Imported after the mocks, as Pulumi's testing guide requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SecureAksCluster } = require('../../lib/azure/secure-aks-cluster') as typeof import('../../lib/azure/secure-aks-cluster');
type Args = import('../../lib/azure/secure-aks-cluster').SecureAksClusterArgs;
type Cluster = import('../../lib/azure/secure-aks-cluster').SecureAksCluster;

const T = {
  component: 'kubeward:azure:SecureAksCluster',
  cluster: 'azure-native:containerservice:ManagedCluster',
  pool: 'azure-native:containerservice:AgentPool',
  maintenance: 'azure-native:containerservice:MaintenanceConfiguration',
  diagnostics: 'azure-native:monitor:DiagnosticSetting',
  dcr: 'azure-native:monitor:DataCollectionRule',
  dce: 'azure-native:monitor:DataCollectionEndpoint',
  dcra: 'azure-native:monitor:DataCollectionRuleAssociation',
  role: 'azure-native:authorization:RoleAssignment',
};

const WORKSPACE = '/subscriptions/s1/resourceGroups/mon/providers/Microsoft.OperationalInsights/workspaces/law';
const AMW = '/subscriptions/s1/resourceGroups/mon/providers/Microsoft.Monitor/accounts/amw';
const REGISTRY = '/subscriptions/s1/resourceGroups/reg/providers/Microsoft.ContainerRegistry/registries/acr1';
const PRIVATE_ZONE = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io';
const ADMINS = '6f1f2c1e-0000-4000-8000-00000000a001';
const JUSTIFICATION = 'CI runners outside Azure need the API; ranges are the runner NAT egress only';

function base(extra: Partial<Args> = {}): Args {
  return {
    resourceGroupName: 'rg',
    location: 'westeurope',
    systemSubnetId: '/subnets/system',
    adminGroupObjectIds: [ADMINS],
    logAnalyticsWorkspaceId: WORKSPACE,
    ...extra,
  };
}

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => {
    resolve(v); return v;
  }));
}

// Few clusters, each exercising several options (planning one costs a few hundred ms).
const SCENARIOS: Record<string, Partial<Args>> = {
  base: {},
  pools: {
    kubernetesVersion: '1.31',
    systemPool: { vmSize: 'Standard_D8ds_v5', minCount: 2, maxCount: 4 },
    userPools: {
      'public': { subnetId: '/subnets/public' },
      'confidential': { subnetId: '/subnets/conf', vmSize: 'Standard_E8ds_v5', minCount: 0, maxCount: 10 },
      'pci-dss': { subnetId: '/subnets/pci' },
      'internal': { subnetId: '/subnets/int', poolName: 'intern1' },
    },
  },
  acr: { registryId: REGISTRY },
  public: {
    publicApiServer: { value: { authorizedIpRanges: ['203.0.113.0/24', '198.51.100.7'] }, justification: JUSTIFICATION },
    outboundType: 'userAssignedNATGateway',
    userAssignedIdentityId: '/identities/aks',
    kmsKeyId: 'https://kv1.vault.azure.net/keys/etcd/01',
    kmsKeyVaultNetworkAccess: 'Public',
  },
  full: {
    clusterName: 'AKS_Prod.01',
    kubernetesVersion: '1.31.2',
    tags: { env: 'prod' },
    userPools: { internal: { subnetId: '/s' } },
    outboundType: 'managedNATGateway',
    podCidr: '192.168.0.0/16',
    serviceCidr: '172.20.0.0/16',
    dnsServiceIp: '172.20.0.10',
    apiServerSubnetId: '/subnets/apiserver',
    privateDnsZoneId: PRIVATE_ZONE,
    userAssignedIdentityId: '/identities/aks',
    kmsKeyId: 'https://kv1.vault.azure.net/keys/etcd/0123456789abcdef',
    kmsKeyVaultResourceId: '/vaults/kv1',
    diskEncryptionSetId: '/diskEncryptionSets/des',
    maintenanceWindow: { dayOfWeek: 'Saturday', startTime: '22:30', durationHours: 6, utcOffset: '+01:00', intervalWeeks: 2 },
    azureMonitorWorkspaceId: AMW,
    monitoringLocation: 'northeurope',
  },
  dcrs: {
    prometheusDataCollectionRuleId: '/dcr/prom',
    containerInsightsDataCollectionRuleId: '/dcr/ci',
    azureMonitorWorkspaceId: AMW,
    // Outputs instead of plain values.
    registryId: pulumi.output(REGISTRY),
    adminGroupObjectIds: [pulumi.output(ADMINS)],
    logAnalyticsWorkspaceId: pulumi.output(WORKSPACE),
  },
};

// Every scenario is planned once, together (one settle), to keep the file fast.
const planned: Record<string, Cluster> = {};
beforeAll(async () => {
  for (const [name, extra] of Object.entries(SCENARIOS)) planned[name] = new SecureAksCluster(name, base(extra));
  await recorder.settle(...Object.values(planned).flatMap((c) => [c.clusterId, c.kubeletIdentityObjectId, c.oidcIssuerUrl, c.clusterName]));
}, 30_000);

function plan(name: string): Cluster {
  const c = planned[name];
  if (!c) throw new Error(`no scenario ${name}`);
  return c;
}

function clusterInputs(name: string): Record<string, any> {
  return recorder.get(T.cluster, `${name}-cluster`).inputs;
}

function childrenOf(name: string): PlannedResource[] {
  const urn = recorder.get(T.component, name).urn;
  return recorder.resources().filter((r) => r.parent === urn);
}

describe('secure defaults', () => {
  let c: Cluster;
  let mc: Record<string, any>;
  beforeAll(() => {
    c = plan('base');
    mc = clusterInputs('base');
  });

  test('children, names and parents', () => {
    const names = childrenOf('base').map((r) => `${r.type} ${r.name}`).sort();
    expect(names).toEqual([
      `${T.maintenance} base-node-os-window`,
      `${T.maintenance} base-upgrade-window`,
      `${T.cluster} base-cluster`,
      `${T.dcr} base-ci-dcr`,
      `${T.dcra} base-ci-dcra`,
      `${T.diagnostics} base-diagnostics`,
    ].sort());
    expect(recorder.get(T.component, 'base').parent).toBeNull();
  });

  test('private API server and run command disabled (aks.private-cluster, aks.run-command-disabled)', () => {
    expect(mc.apiServerAccessProfile).toEqual({ enablePrivateCluster: true, privateDNSZone: 'system', disableRunCommand: true });
    expect(c.privateCluster).toBe(true);
  });

  test('Entra ID with Azure RBAC, admin groups, no local accounts (aks.entra-rbac, aks.local-accounts-disabled)', () => {
    expect(mc.aadProfile).toEqual({ managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [ADMINS] });
    expect(mc.disableLocalAccounts).toBe(true);
    expect(mc.enableRBAC).toBe(true);
  });

  test('system-assigned managed identity, never a service principal (aks.managed-identity)', () => {
    expect(mc.identity).toEqual({ type: 'SystemAssigned' });
    expect(mc.servicePrincipalProfile).toBeUndefined();
    expect(mc.linuxProfile).toBeUndefined();
  });

  test('OIDC issuer and workload identity (aks.workload-identity)', () => {
    expect(mc.oidcIssuerProfile).toEqual({ enabled: true });
    expect(mc.securityProfile.workloadIdentity).toEqual({ enabled: true });
  });

  test('Defender profile on the workspace and image cleaner (aks.defender-profile, aks.image-cleaner)', () => {
    expect(mc.securityProfile.defender).toEqual({ logAnalyticsWorkspaceResourceId: WORKSPACE, securityMonitoring: { enabled: true } });
    expect(mc.securityProfile.imageCleaner).toEqual({ enabled: true, intervalHours: 24 });
    expect(mc.securityProfile.azureKeyVaultKms).toBeUndefined();
  });

  test('add-ons: Azure Policy, Key Vault secrets provider with rotation, Container Insights with Entra auth', () => {
    expect(mc.addonProfiles).toEqual({
      azurepolicy: { enabled: true },
      azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: 'true', rotationPollInterval: '2m' } },
      omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WORKSPACE, useAADAuth: 'true' } },
    });
  });

  test('managed Prometheus, cost analysis on the Standard tier', () => {
    expect(mc.azureMonitorProfile).toEqual({ metrics: { enabled: true } });
    expect(mc.metricsProfile).toEqual({ costAnalysis: { enabled: true } });
    expect(mc.sku).toEqual({ name: 'Base', tier: 'Standard' });
  });

  test('automatic upgrades of the cluster and node OS (aks.auto-upgrade)', () => {
    expect(mc.autoUpgradeProfile).toEqual({ upgradeChannel: 'stable', nodeOSUpgradeChannel: 'NodeImage' });
    expect(mc.kubernetesVersion).toBeUndefined();
  });

  test('Azure CNI overlay with Cilium, egress through a user-defined route (aks.network-policy, E-23)', () => {
    expect(mc.networkProfile).toEqual({
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkPolicy: 'cilium',
      networkDataplane: 'cilium',
      outboundType: 'userDefinedRouting',
      loadBalancerSku: 'standard',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
    });
    expect(c.outboundType).toBe('userDefinedRouting');
  });

  test('system pool: CriticalAddonsOnly, Azure Linux, no SSH, encryption at host, ephemeral OS disk (aks.node-os-hardening)', () => {
    expect(mc.agentPoolProfiles).toHaveLength(1);
    expect(mc.agentPoolProfiles[0]).toEqual({
      name: 'system',
      mode: 'System',
      nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'],
      vmSize: 'Standard_D4ds_v5',
      vnetSubnetID: '/subnets/system',
      count: 3,
      minCount: 3,
      maxCount: 5,
      osType: 'Linux',
      osSKU: 'AzureLinux',
      enableEncryptionAtHost: true,
      osDiskType: 'Ephemeral',
      securityProfile: { sshAccess: 'Disabled' },
      enableNodePublicIP: false,
      type: 'VirtualMachineScaleSets',
      enableAutoScaling: true,
      tags: { 'managed-by': 'kubeward', 'kubeward-component': 'SecureAksCluster' },
    });
  });

  test('location, resource group, DNS prefix, tags; no customer-managed disk keys by default', () => {
    expect(mc.location).toBe('westeurope');
    expect(mc.resourceGroupName).toBe('rg');
    expect(mc.dnsPrefix).toBe('base');
    expect(mc.resourceName).toBeUndefined();
    expect(mc.diskEncryptionSetID).toBeUndefined();
    expect(mc.tags).toEqual({ 'managed-by': 'kubeward', 'kubeward-component': 'SecureAksCluster' });
  });

  test('diagnostic setting sends kube-audit-admin, kube-apiserver and guard to the workspace, listing the other categories as off (aks.audit-logs)', () => {
    const d = recorder.get(T.diagnostics, 'base-diagnostics').inputs;
    expect(d.resourceUri).toMatch(/\/providers\/Microsoft\.ContainerService\/managedClusters\/base-cluster$/);
    expect(d.workspaceId).toBe(WORKSPACE);
    expect(d.logAnalyticsDestinationType).toBe('Dedicated');
    expect(d.name).toBe('kubeward-control-plane-logs');
    // All 11 control-plane categories, as the built-in DeployIfNotExists definition counts them.
    expect(d.logs).toEqual([
      { category: 'kube-apiserver', enabled: true },
      { category: 'kube-audit', enabled: false },
      { category: 'kube-controller-manager', enabled: false },
      { category: 'kube-scheduler', enabled: false },
      { category: 'cluster-autoscaler', enabled: false },
      { category: 'kube-audit-admin', enabled: true },
      { category: 'guard', enabled: true },
      { category: 'cloud-controller-manager', enabled: false },
      { category: 'csi-azuredisk-controller', enabled: false },
      { category: 'csi-azurefile-controller', enabled: false },
      { category: 'csi-snapshot-controller', enabled: false },
    ]);
    expect(d.metrics).toEqual([{ category: 'AllMetrics', enabled: false }]);
  });

  test('maintenance window: weekly, Sunday 00:00 UTC for 4 hours, for both upgrade schedules', () => {
    const window = { schedule: { weekly: { dayOfWeek: 'Sunday', intervalWeeks: 1 } }, durationHours: 4, startTime: '00:00', utcOffset: '+00:00' };
    expect(recorder.get(T.maintenance, 'base-upgrade-window').inputs).toEqual({ resourceGroupName: 'rg', resourceName: 'base-cluster', configName: 'aksManagedAutoUpgradeSchedule', maintenanceWindow: window });
    expect(recorder.get(T.maintenance, 'base-node-os-window').inputs).toEqual({ resourceGroupName: 'rg', resourceName: 'base-cluster', configName: 'aksManagedNodeOSUpgradeSchedule', maintenanceWindow: window });
    expect(c.maintenanceWindow).toEqual({ dayOfWeek: 'Sunday', startTime: '00:00', durationHours: 4, utcOffset: '+00:00', intervalWeeks: 1 });
  });

  test('Container Insights data collection rule to the workspace, associated with the cluster', () => {
    const rule = recorder.get(T.dcr, 'base-ci-dcr').inputs;
    expect(rule).toMatchObject({
      resourceGroupName: 'rg',
      location: 'westeurope',
      kind: 'Linux',
      destinations: { logAnalytics: [{ name: 'ciworkspace', workspaceResourceId: WORKSPACE }] },
      dataFlows: [{ streams: ['Microsoft-ContainerInsights-Group-Default'], destinations: ['ciworkspace'] }],
    });
    expect(rule.dataSources.extensions).toEqual([expect.objectContaining({ extensionName: 'ContainerInsights', streams: ['Microsoft-ContainerInsights-Group-Default'] })]);
    const assoc = recorder.get(T.dcra, 'base-ci-dcra').inputs;
    expect(assoc.associationName).toBe('ContainerInsightsExtension');
    expect(assoc.dataCollectionRuleId).toMatch(/\/providers\/Microsoft\.Insights\/dataCollectionRules\/base-ci-dcr$/);
    expect(assoc.resourceUri).toMatch(/\/providers\/Microsoft\.ContainerService\/managedClusters\/base-cluster$/);
  });

  test('no user pools, no role assignment, no Prometheus rule without their arguments', () => {
    expect(childrenOf('base').filter((r) => [T.pool, T.role, T.dce].includes(r.type))).toEqual([]);
    expect(c.userPools).toEqual({});
    expect(c.acrPullAssignment).toBeUndefined();
    expect(c.sensitivityLevels).toEqual([]);
  });

  test('typed outputs resolve', async () => {
    expect(await value(c.clusterId)).toMatch(/\/providers\/Microsoft\.ContainerService\/managedClusters\/base-cluster$/);
    expect(await value(c.clusterName)).toBe('base-cluster');
    expect(await value(c.oidcIssuerUrl)).toBe('https://oidc.mock/base-cluster/');
    expect(await value(c.kubeletIdentityObjectId)).toBe('base-cluster-kubelet-object-id');
    expect(await value(c.principalId!)).toBe('base-cluster-principal-id');
  });
});

describe('node pools per sensitivity level', () => {
  test('the key is the one kubeward/k8s selects and tolerates', () => {
    expect(SecureAksCluster.SENSITIVITY_KEY).toBe(SENSITIVITY_KEY);
  });

  test('each level is a tainted and labelled user pool in its own subnet', () => {
    const c = plan('pools');
    expect(c.sensitivityLevels).toEqual(['public', 'confidential', 'pci-dss', 'internal']);
    const expected: [string, string, string][] = [['public', 'public', '/subnets/public'], ['confidential', 'confidential', '/subnets/conf'], ['pci-dss', 'pcidss', '/subnets/pci'], ['internal', 'intern1', '/subnets/int']];
    for (const [level, poolName, subnet] of expected) {
      const p = recorder.get(T.pool, `pools-pool-${level}`);
      expect(p.parent).toBe(recorder.get(T.component, 'pools').urn);
      expect(p.inputs).toMatchObject({
        resourceGroupName: 'rg',
        resourceName: 'pools-cluster',
        agentPoolName: poolName,
        mode: 'User',
        vnetSubnetID: subnet,
        orchestratorVersion: '1.31',
        nodeTaints: [`${SENSITIVITY_KEY}=${level}:NoSchedule`],
        nodeLabels: { [SENSITIVITY_KEY]: level },
        osType: 'Linux',
        osSKU: 'AzureLinux',
        enableEncryptionAtHost: true,
        osDiskType: 'Ephemeral',
        securityProfile: { sshAccess: 'Disabled' },
        enableNodePublicIP: false,
        enableAutoScaling: true,
      });
      expect(c.userPools[level]).toBeDefined();
    }
    expect(recorder.get(T.pool, 'pools-pool-public').inputs).toMatchObject({ vmSize: 'Standard_D4ds_v5', count: 1, minCount: 1, maxCount: 3 });
    expect(recorder.get(T.pool, 'pools-pool-confidential').inputs).toMatchObject({ vmSize: 'Standard_E8ds_v5', count: 0, minCount: 0, maxCount: 10 });
    expect(clusterInputs('pools').kubernetesVersion).toBe('1.31');
  });

  test('system pool options', () => {
    expect(clusterInputs('pools').agentPoolProfiles[0]).toMatchObject({ vmSize: 'Standard_D8ds_v5', count: 2, minCount: 2, maxCount: 4, mode: 'System' });
  });
});

describe('AcrPull for the kubelet identity', () => {
  test('one role assignment: AcrPull, scoped to the registry, for the kubelet identity', async () => {
    const c = plan('acr');
    await recorder.settle(c.acrPullAssignment!.id);
    const roles = childrenOf('acr').filter((r) => r.type === T.role);
    expect(roles.map((r) => r.name)).toEqual(['acr-acr-pull']);
    expect(roles[0]!.inputs).toEqual({
      scope: REGISTRY,
      roleDefinitionId: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`,
      principalId: 'acr-cluster-kubelet-object-id',
      principalType: 'ServicePrincipal',
      description: expect.stringContaining('AcrPull only'),
    });
  });

  test.each([
    ['a resource group', '/subscriptions/s1/resourceGroups/reg'],
    ['a subscription', '/subscriptions/s1'],
    ['another resource type', '/subscriptions/s1/resourceGroups/reg/providers/Microsoft.Storage/storageAccounts/st'],
  ])('refuses %s as the registry scope', (_what, id) => {
    expect(() => new SecureAksCluster(`acr-bad-${_what.replace(/ /g, '-')}`, base({ registryId: id }))).toThrow(/argument 'registryId'.*not the resource id of one container registry/);
  });
});

describe('options', () => {
  test('NAT gateway egress', () => {
    expect(clusterInputs('full').networkProfile.outboundType).toBe('managedNATGateway');
    expect(plan('full').outboundType).toBe('managedNATGateway');
    expect(clusterInputs('public').networkProfile.outboundType).toBe('userAssignedNATGateway');
  });

  test('network CIDRs', () => {
    expect(clusterInputs('full').networkProfile).toMatchObject({ podCidr: '192.168.0.0/16', serviceCidr: '172.20.0.0/16', dnsServiceIP: '172.20.0.10' });
  });

  test('a justified public API server with authorized ranges; the justification is tagged', () => {
    const mc = clusterInputs('public');
    expect(mc.apiServerAccessProfile).toEqual({ enablePrivateCluster: false, authorizedIPRanges: ['203.0.113.0/24', '198.51.100.7'], disableRunCommand: true });
    expect(mc.tags['kubeward-justification-aks.private-cluster']).toBe(JUSTIFICATION);
    expect(plan('public').privateCluster).toBe(false);
  });

  test('API Server VNet Integration and a private DNS zone of your own', () => {
    expect(clusterInputs('full').apiServerAccessProfile).toEqual({
      enablePrivateCluster: true, privateDNSZone: PRIVATE_ZONE, disableRunCommand: true, enableVnetIntegration: true, subnetId: '/subnets/apiserver',
    });
  });

  test('a public API server has no private DNS zone', () => {
    expect(clusterInputs('public').apiServerAccessProfile.privateDNSZone).toBeUndefined();
  });

  test('user-assigned identity: no principalId output', () => {
    expect(clusterInputs('full').identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: ['/identities/aks'] });
    expect(plan('full').principalId).toBeUndefined();
  });

  test('customer-managed disk encryption set', () => {
    expect(clusterInputs('full').diskEncryptionSetID).toBe('/diskEncryptionSets/des');
  });

  test('KMS etcd encryption with a private key vault (default)', () => {
    expect(clusterInputs('full').securityProfile.azureKeyVaultKms).toEqual({
      enabled: true,
      keyId: 'https://kv1.vault.azure.net/keys/etcd/0123456789abcdef',
      keyVaultNetworkAccess: 'Private',
      keyVaultResourceId: '/vaults/kv1',
    });
  });

  test('KMS etcd encryption with a public key vault', () => {
    expect(clusterInputs('public').securityProfile.azureKeyVaultKms).toEqual({ enabled: true, keyId: 'https://kv1.vault.azure.net/keys/etcd/01', keyVaultNetworkAccess: 'Public' });
  });

  test('maintenance window', () => {
    const expected = { schedule: { weekly: { dayOfWeek: 'Saturday', intervalWeeks: 2 } }, durationHours: 6, startTime: '22:30', utcOffset: '+01:00' };
    expect(recorder.get(T.maintenance, 'full-upgrade-window').inputs.maintenanceWindow).toEqual(expected);
    expect(recorder.get(T.maintenance, 'full-node-os-window').inputs.maintenanceWindow).toEqual(expected);
    expect(plan('full').maintenanceWindow).toEqual({ dayOfWeek: 'Saturday', startTime: '22:30', durationHours: 6, utcOffset: '+01:00', intervalWeeks: 2 });
  });

  test('cluster name, Kubernetes version and tags', () => {
    const mc = clusterInputs('full');
    expect(mc.resourceName).toBe('AKS_Prod.01');
    expect(mc.dnsPrefix).toBe('aks-prod-01');
    expect(mc.kubernetesVersion).toBe('1.31.2');
    const tags = { 'managed-by': 'kubeward', 'kubeward-component': 'SecureAksCluster', 'env': 'prod' };
    expect(mc.tags).toEqual(tags);
    expect(mc.agentPoolProfiles[0].tags).toEqual(tags);
    expect(recorder.get(T.pool, 'full-pool-internal').inputs).toMatchObject({ tags, orchestratorVersion: '1.31.2' });
    expect(recorder.get(T.dcr, 'full-ci-dcr').inputs.tags).toEqual(tags);
  });

  test('managed Prometheus to an Azure Monitor workspace: endpoint, rule and associations', () => {
    const dce = recorder.get(T.dce, 'full-prometheus-dce').inputs;
    expect(dce).toMatchObject({ resourceGroupName: 'rg', location: 'northeurope', kind: 'Linux' });
    const rule = recorder.get(T.dcr, 'full-prometheus-dcr').inputs;
    expect(rule).toMatchObject({
      location: 'northeurope',
      kind: 'Linux',
      dataSources: { prometheusForwarder: [{ name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'] }] },
      destinations: { monitoringAccounts: [{ name: 'MonitoringAccount1', accountResourceId: AMW }] },
      dataFlows: [{ streams: ['Microsoft-PrometheusMetrics'], destinations: ['MonitoringAccount1'] }],
    });
    expect(rule.dataCollectionEndpointId).toMatch(/\/providers\/Microsoft\.Insights\/dataCollectionEndpoints\/full-prometheus-dce$/);
    expect(recorder.get(T.dcra, 'full-prometheus-dcra').inputs).toMatchObject({ associationName: 'ContainerInsightsMetricsExtension', dataCollectionRuleId: expect.stringMatching(/\/providers\/Microsoft\.Insights\/dataCollectionRules\/full-prometheus-dcr$/), resourceUri: expect.stringMatching(/\/providers\/Microsoft\.ContainerService\/managedClusters\/AKS_Prod\.01$/) });
    expect(recorder.get(T.dcra, 'full-prometheus-dcea').inputs).toMatchObject({ associationName: 'configurationAccessEndpoint', dataCollectionEndpointId: expect.stringMatching(/full-prometheus-dce$/) });
    expect(recorder.get(T.dcr, 'full-ci-dcr').inputs.location).toBe('northeurope');
    expect(clusterInputs('full').location).toBe('westeurope');
    for (const r of childrenOf('full')) expect(r.name.startsWith('full-')).toBe(true);
  });

  test('existing data collection rules are associated, not created', () => {
    const kinds = childrenOf('dcrs').map((r) => r.type);
    expect(kinds).not.toContain(T.dcr);
    expect(kinds).not.toContain(T.dce);
    expect(recorder.get(T.dcra, 'dcrs-prometheus-dcra').inputs.dataCollectionRuleId).toBe('/dcr/prom');
    expect(recorder.get(T.dcra, 'dcrs-ci-dcra').inputs.dataCollectionRuleId).toBe('/dcr/ci');
  });

  test('Input values that are Outputs are accepted', () => {
    expect(recorder.get(T.role, 'dcrs-acr-pull').inputs.scope).toBe(REGISTRY);
    expect(clusterInputs('dcrs').aadProfile.adminGroupObjectIDs).toEqual([ADMINS]);
    expect(clusterInputs('dcrs').addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID).toBe(WORKSPACE);
  });
});

test('every Azure resource of every scenario is a child of its component, named <component>-<role>', () => {
  const components = recorder.ofType(T.component);
  const resources = recorder.resources().filter((r) => r.type !== T.component);
  expect(resources.length).toBeGreaterThan(40);
  for (const r of resources) {
    const parent = components.find((c) => c.urn === r.parent);
    expect(parent).toBeDefined();
    expect(r.name.startsWith(`${parent!.name}-`)).toBe(true);
    expect(r.urn).toBe(`urn:pulumi:dev::proj::${T.component}$${r.type}::${r.name}`);
  }
});

describe('refused weak or broken settings', () => {
  let n = 0;
  const make = (extra: Partial<Args>) => () => new SecureAksCluster(`refused-${n++}`, base(extra));

  test('a public API server needs a justification (aks.private-cluster)', () => {
    expect(make({ publicApiServer: { value: { authorizedIpRanges: ['203.0.113.0/24'] }, justification: '' } }))
      .toThrow(/SecureAksCluster 'refused-\d+' argument 'publicApiServer' weakens a secure default and needs a justification \[aks\.private-cluster\]/);
    expect(make({ publicApiServer: { value: { authorizedIpRanges: ['203.0.113.0/24'] }, justification: 'n/a' } }))
      .toThrow(/argument 'publicApiServer' .*placeholder.*\[aks\.private-cluster\]/);
  });

  test('a public API server needs a non-empty list of authorized ranges (aks.private-cluster)', () => {
    expect(make({ publicApiServer: { value: { authorizedIpRanges: [] }, justification: JUSTIFICATION } }))
      .toThrow(/argument 'publicApiServer\.value\.authorizedIpRanges' is empty \[aks\.private-cluster\]/);
    expect(make({ publicApiServer: { value: { authorizedIpRanges: ['0.0.0.0/0'] }, justification: JUSTIFICATION } }))
      .toThrow(/'0\.0\.0\.0\/0', which authorizes the whole internet \[aks\.private-cluster\]/);
    expect(make({ publicApiServer: { value: { authorizedIpRanges: ['office'] }, justification: JUSTIFICATION } }))
      .toThrow(/argument 'publicApiServer\.value\.authorizedIpRanges' has 'office', which is not an IPv4 address or CIDR .*\[aks\.private-cluster\]/);
    expect(make({ publicApiServer: { value: { authorizedIpRanges: ['10.0.0.300/24'] }, justification: JUSTIFICATION } })).toThrow(/not an IPv4 address or CIDR/);
  });

  test('admin groups are required and are object ids (aks.entra-rbac)', () => {
    expect(make({ adminGroupObjectIds: [] })).toThrow(/argument 'adminGroupObjectIds' is empty \[aks\.entra-rbac\]/);
    expect(make({ adminGroupObjectIds: ['platform-admins'] })).toThrow(/argument 'adminGroupObjectIds' has 'platform-admins', which is not an Entra ID object id \(a GUID\) \[aks\.entra-rbac\]/);
  });

  test('the load balancer outbound type is not offered', () => {
    expect(make({ outboundType: 'loadBalancer' as never })).toThrow(/argument 'outboundType' is 'loadBalancer'/);
  });

  test('KMS needs a user-assigned identity, a versioned key id, and for a private vault its id and API Server VNet Integration', () => {
    const key = 'https://kv1.vault.azure.net/keys/etcd/01';
    expect(make({ kmsKeyId: key, kmsKeyVaultNetworkAccess: 'Public' })).toThrow(/argument 'kmsKeyId' needs .*argument 'userAssignedIdentityId'/);
    expect(make({ kmsKeyId: 'https://kv1.vault.azure.net/keys/etcd', userAssignedIdentityId: '/id', kmsKeyVaultNetworkAccess: 'Public' })).toThrow(/not a versioned Key Vault key id/);
    expect(make({ kmsKeyId: key, userAssignedIdentityId: '/id', apiServerSubnetId: '/s' })).toThrow(/argument 'kmsKeyVaultResourceId' is missing/);
    expect(make({ kmsKeyId: key, userAssignedIdentityId: '/id', kmsKeyVaultResourceId: '/kv' })).toThrow(/argument 'apiServerSubnetId' is missing/);
    expect(make({ kmsKeyVaultResourceId: '/kv' })).toThrow(/argument 'kmsKeyVaultResourceId' is set without .*argument 'kmsKeyId'/);
    expect(make({ kmsKeyVaultNetworkAccess: 'Private' })).toThrow(/argument 'kmsKeyVaultNetworkAccess' is set without/);
  });

  test('a private DNS zone of your own: a privatelink.<region>.azmk8s.io zone id, with a user-assigned identity, for a private cluster', () => {
    expect(make({ privateDnsZoneId: PRIVATE_ZONE })).toThrow(/argument 'privateDnsZoneId' needs .*argument 'userAssignedIdentityId'.*Private DNS Zone Contributor/);
    expect(make({ privateDnsZoneId: 'None', userAssignedIdentityId: '/id' })).toThrow(/argument 'privateDnsZoneId' is 'none'.*public DNS \[aks\.private-cluster\]/);
    expect(make({ privateDnsZoneId: `${PRIVATE_ZONE.replace('azmk8s.io', 'example.com')}`, userAssignedIdentityId: '/id' }))
      .toThrow(/is not the resource id of a privatelink\.<region>\.azmk8s\.io private DNS zone/);
    expect(make({ privateDnsZoneId: PRIVATE_ZONE, userAssignedIdentityId: '/id', publicApiServer: { value: { authorizedIpRanges: ['203.0.113.0/24'] }, justification: JUSTIFICATION } }))
      .toThrow(/argument 'privateDnsZoneId' is set for a public API server/);
  });

  test('service CIDR and DNS service address go together', () => {
    expect(make({ serviceCidr: '172.20.0.0/16' })).toThrow(/argument 'serviceCidr' is set without .*argument 'dnsServiceIp'/);
    expect(make({ dnsServiceIp: '172.20.0.10' })).toThrow(/argument 'dnsServiceIp' is set without/);
  });

  test('sensitivity levels must be label values and give distinct pool names', () => {
    expect(make({ userPools: { Confidential: { subnetId: '/s' } } })).toThrow(/argument 'userPools' has level 'Confidential', which is not a lowercase label value/);
    expect(make({ userPools: { '1a': { subnetId: '/s' } } })).toThrow(/argument 'userPools\.1a\.poolName' derived from the level is '1a'.*not a valid agent pool name/);
    expect(make({ userPools: { veryconfidential: { subnetId: '/s' }, veryconfidential2: { subnetId: '/s' } } })).toThrow(/levels 'veryconfidential' and 'veryconfidential2' both give the agent pool name 'veryconfiden'/);
    expect(make({ userPools: { internal: { subnetId: '/s', poolName: 'system' } } })).toThrow(/'system'.*not a valid agent pool name/);
  });

  test('node counts are checked', () => {
    expect(make({ userPools: { internal: { subnetId: '/s', minCount: 5, maxCount: 2 } } })).toThrow(/argument 'userPools\.internal'\.minCount \(5\) is greater than maxCount \(2\)/);
    expect(make({ systemPool: { minCount: 0 } })).toThrow(/argument 'systemPool'\.minCount is 0; it must be a whole number from 1 to 1000/);
    expect(make({ userPools: { internal: { subnetId: '/s', maxCount: 1.5 } } })).toThrow(/maxCount is 1.5/);
  });

  test('maintenance windows are checked', () => {
    expect(make({ maintenanceWindow: { durationHours: 2 } })).toThrow(/argument 'maintenanceWindow'\.durationHours is 2; AKS needs a whole number of hours from 4 to 24/);
    expect(make({ maintenanceWindow: { startTime: '24:00' } })).toThrow(/startTime is '24:00'/);
    expect(make({ maintenanceWindow: { utcOffset: '0100' } })).toThrow(/utcOffset is '0100'/);
    expect(make({ maintenanceWindow: { intervalWeeks: 5 } })).toThrow(/intervalWeeks is 5/);
    expect(make({ maintenanceWindow: { dayOfWeek: 'Sun' as never } })).toThrow(/dayOfWeek is 'Sun'/);
  });

  test('refused settings create no Azure resources', () => {
    expect(recorder.resources().filter((r) => r.name.startsWith('refused-') && r.type !== T.component)).toEqual([]);
  });
});
