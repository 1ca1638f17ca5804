import { MockRecorder } from '../../lib/azure/mock-plan';

const recorder = MockRecorder.install('platform', 'test');

// Imported after the mocks are installed, as Pulumi's testing guide says.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SecureAksPlatform } = require('../../lib/azure/secure-aks-platform') as typeof import('../../lib/azure/secure-aks-platform');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BUILT_IN_ROLES } = require('../../lib/azure/roles') as typeof import('../../lib/azure/roles');
const JUSTIFICATION = 'Regulator-approved exception RISK-42: Microsoft-managed keys until the HSM contract is signed.';

const ADMIN = '6f1c9d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f';

describe('SecureAksPlatform', () => {
  let platformUrn: string;

  beforeAll(async () => {
    const platform = new SecureAksPlatform('prod', {
      location: 'westeurope', adminGroupObjectIds: [ADMIN], sensitivityLevels: ['public', 'confidential'], firewallPrivateIp: '10.0.0.4',
    });
    await recorder.settle(platform.cluster.clusterId, platform.registry.loginServer);
    platformUrn = recorder.get('kubeward:azure:SecureAksPlatform', 'prod').urn;
  }, 120_000);

  test('wires one component of each kind under the platform', () => {
    for (const [type, name] of [
      ['kubeward:azure:PlatformNetwork', 'prod-network'],
      ['kubeward:azure:SecurityMonitoring', 'prod-monitoring'],
      ['kubeward:azure:PrivateRegistry', 'prod-acr'],
      ['kubeward:azure:SecureAksCluster', 'prod-aks'],
      ['kubeward:azure:DefenderForContainers', 'prod-defender'],
      ['kubeward:azure:PlatformKeys', 'prod-keys'],
      ['kubeward:azure:PolicyBaseline', 'prod-policy'],
      ['azure-native:managedidentity:UserAssignedIdentity', 'prod-aks-identity'],
      ['azure-native:resources:ResourceGroup', 'prod-rg'],
    ]) {
      expect(recorder.get(type, name).parent).toBe(platformUrn);
    }
  });

  test('the cluster gets one tainted user pool per sensitivity level, a private API server and egress through the firewall', () => {
    const cluster = recorder.ofType('azure-native:containerservice:ManagedCluster')[0];
    expect(cluster.inputs.apiServerAccessProfile.enablePrivateCluster).toBe(true);
    expect(cluster.inputs.networkProfile.outboundType).toBe('userDefinedRouting');
    // Pod and service ranges from the network; cluster DNS at the tenth service address, as AKS places it.
    expect(cluster.inputs.networkProfile).toMatchObject({ podCidr: '10.244.0.0/16', serviceCidr: '10.0.0.0/16', dnsServiceIP: '10.0.0.10' });
    const routes = recorder.ofType('azure-native:network:RouteTable').flatMap((t) => t.inputs.routes ?? []);
    expect(routes).toEqual(expect.arrayContaining([expect.objectContaining({ addressPrefix: '0.0.0.0/0', nextHopIpAddress: '10.0.0.4' })]));
    expect(cluster.inputs.aadProfile.adminGroupObjectIDs).toEqual([ADMIN]);
    const pools = recorder.ofType('azure-native:containerservice:AgentPool').map((p) => p.inputs.nodeTaints);
    expect(pools).toEqual(expect.arrayContaining([
      ['kubeward.io/sensitivity=public:NoSchedule'], ['kubeward.io/sensitivity=confidential:NoSchedule'],
    ]));
  });

  test('the registry is reached through a private endpoint in the platform network', () => {
    const registry = recorder.ofType('azure-native:containerregistry:Registry')[0];
    expect(registry.inputs.publicNetworkAccess).toBe('Disabled');
    expect(recorder.ofType('azure-native:network:PrivateEndpoint').length).toBeGreaterThan(0);
  });

  test('each monitoring rule is associated with the cluster once', () => {
    const associations = recorder.ofType('azure-native:monitor:DataCollectionRuleAssociation').map((a) => a.inputs.associationName ?? a.name);
    expect(new Set(associations).size).toBe(associations.length);
  });

  test('every role assignment is scoped to one resource and matches what it is for; the remediation identities to the resource group', () => {
    const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
    const role = (id: string): string => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
    const all = Object.fromEntries(recorder.ofType('azure-native:authorization:RoleAssignment').map((a) => [a.name, a.inputs]));
    // The policy remediation identities deploy at the assignment scope, the platform's resource group.
    const remediation = Object.fromEntries(Object.entries(all).filter(([name]) => name.startsWith('prod-policy-')));
    const grants: Record<string, [string, string]> = {
      'prod-policy-acr-diagnostics-log-analytics-contributor': ['acr-diagnostics', BUILT_IN_ROLES.LogAnalyticsContributor],
      'prod-policy-aks-admin-groups-azure-kubernetes-service-contributor': ['aks-admin-groups', BUILT_IN_ROLES.AzureKubernetesServiceContributor],
      'prod-policy-aks-admin-groups-azure-kubernetes-service-policy-add-on-deployment': ['aks-admin-groups', BUILT_IN_ROLES.AzureKubernetesServicePolicyAddOnDeployment],
      'prod-policy-aks-diagnostics-log-analytics-contributor': ['aks-diagnostics', BUILT_IN_ROLES.LogAnalyticsContributor],
      'prod-policy-aks-diagnostics-monitoring-contributor': ['aks-diagnostics', BUILT_IN_ROLES.MonitoringContributor],
    };
    expect(Object.keys(remediation).sort()).toEqual(Object.keys(grants).sort());
    for (const [name, [assignment, roleId]] of Object.entries(grants)) {
      expect(remediation[name]).toMatchObject({ roleDefinitionId: role(roleId), scope: `${SUB}/resourceGroups/prod-rg`, principalId: `prod-policy-${assignment}-principal-id` });
    }
    const byName = Object.fromEntries(Object.entries(all).filter(([name]) => !name.startsWith('prod-policy-')));
    expect(Object.keys(byName).sort()).toEqual([
      'prod-aks-acr-pull', 'prod-aks-des-reader', 'prod-aks-private-dns',
      'prod-aks-subnet-apiserver', 'prod-aks-subnet-system', 'prod-aks-subnet-user-confidential', 'prod-aks-subnet-user-public',
      'prod-keys-disks-key-user', 'prod-keys-etcd-key-user', 'prod-keys-kms-vault-contributor', 'prod-keys-registry-key-user',
    ]);
    expect(byName['prod-aks-acr-pull']).toMatchObject({ roleDefinitionId: role(BUILT_IN_ROLES.AcrPull), scope: expect.stringMatching(/\/registries\/prodacracr$/) });
    const vnet = `${SUB}/resourceGroups/prod-rg/providers/Microsoft.Network/virtualNetworks/prod-network-vnet`;
    for (const [grant, subnet] of [['system', 'snet-system'], ['user-public', 'snet-user-public'], ['user-confidential', 'snet-user-confidential'], ['apiserver', 'snet-apiserver']]) {
      expect(byName[`prod-aks-subnet-${grant}`]).toMatchObject({
        roleDefinitionId: role(BUILT_IN_ROLES.NetworkContributor), scope: `${vnet}/subnets/${subnet}`, principalId: 'prod-aks-identity-principal-id',
      });
    }
    expect(byName['prod-aks-des-reader']).toMatchObject({ roleDefinitionId: role(BUILT_IN_ROLES.Reader), scope: expect.stringMatching(/\/diskEncryptionSets\/prod-keys-des$/) });
    expect(byName['prod-keys-etcd-key-user']!.principalId).toBe('prod-aks-identity-principal-id');
    for (const inputs of Object.values(byName)) expect(String(inputs.scope)).not.toMatch(/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/);
  });

  test('customer-managed keys: the cluster gets the disk encryption set, KMS with the private vault, its identity and API Server VNet Integration', () => {
    const cluster = recorder.ofType('azure-native:containerservice:ManagedCluster')[0]!;
    const rg = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/prod-rg';
    expect(cluster.inputs.diskEncryptionSetID).toBe(`${rg}/providers/Microsoft.Compute/diskEncryptionSets/prod-keys-des`);
    expect(cluster.inputs.securityProfile.azureKeyVaultKms).toEqual({
      enabled: true,
      keyId: 'https://prod-keys-kv.vault.azure.net/keys/kubeward-etcd/00000000000000000000000000000001',
      keyVaultNetworkAccess: 'Private',
      keyVaultResourceId: `${rg}/providers/Microsoft.KeyVault/vaults/prod-keys-kv`,
    });
    expect(cluster.inputs.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: [`${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/prod-aks-identity`] });
    expect(cluster.inputs.apiServerAccessProfile).toMatchObject({
      enableVnetIntegration: true,
      subnetId: `${rg}/providers/Microsoft.Network/virtualNetworks/prod-network-vnet/subnets/snet-apiserver`,
      privateDNSZone: `${rg}/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io`,
    });
    expect(recorder.ofType('azure-native:authorization:RoleAssignment').find((a) => a.name === 'prod-aks-private-dns')!.inputs).toMatchObject({
      scope: `${rg}/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io`,
      roleDefinitionId: expect.stringMatching(new RegExp(`${BUILT_IN_ROLES.PrivateDnsZoneContributor}$`)),
      principalId: 'prod-aks-identity-principal-id',
    });
    const registry = recorder.ofType('azure-native:containerregistry:Registry')[0]!;
    expect(registry.inputs.encryption).toEqual({
      status: 'enabled',
      keyVaultProperties: { keyIdentifier: 'https://prod-keys-kv.vault.azure.net/keys/kubeward-registry', identity: 'prod-keys-registry-identity-client-id' },
    });
    expect(registry.inputs.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { [`${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/prod-keys-registry-identity`]: {} } });
  });

  test('the cluster waits for every grant its identity needs, the registry for the grant on its key', () => {
    // The mock monitor qualifies URNs by the direct parent only: compare type and name.
    const grants = (type: string, name: string): string[] => recorder.dependenciesOf(type, name)
      .filter((urn) => urn.includes('$azure-native:authorization:RoleAssignment::')).map((urn) => urn.split('::').pop()!);
    expect(grants('azure-native:containerservice:ManagedCluster', 'prod-aks-cluster').sort()).toEqual([
      'prod-aks-des-reader', 'prod-aks-private-dns', 'prod-aks-subnet-apiserver', 'prod-aks-subnet-system', 'prod-aks-subnet-user-confidential', 'prod-aks-subnet-user-public',
      'prod-keys-disks-key-user', 'prod-keys-etcd-key-user', 'prod-keys-kms-vault-contributor',
    ]);
    expect(grants('azure-native:containerregistry:Registry', 'prod-acr-registry')).toEqual(['prod-keys-registry-key-user']);
  });

  test('the policy baseline is assigned on the platform resource group, allowing its location and its registry', () => {
    const assignments = recorder.ofType('azure-native:authorization:PolicyAssignment').filter((a) => a.name.startsWith('prod-policy-'));
    expect(assignments.length).toBeGreaterThan(20);
    for (const a of assignments) expect(a.inputs.scope).toBe('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/prod-rg');
    const locations = recorder.get('azure-native:authorization:PolicyAssignment', 'prod-policy-allowed-locations');
    expect(locations.inputs.parameters.listOfAllowedLocations).toEqual({ value: ['westeurope'] });
    const images = recorder.get('azure-native:authorization:PolicyAssignment', 'prod-policy-allowed-images');
    expect(images.inputs.parameters.allowedContainerImagesRegex).toEqual({ value: '^(prodacracr\\.azurecr\\.io)/.+$' });
  });

  test('the remediation assignments get the platform\'s workspace, admin groups and region, matching what the cluster and registry configure', () => {
    const assignment = (role: string) => recorder.get('azure-native:authorization:PolicyAssignment', `prod-policy-${role}`).inputs;
    const cluster = recorder.ofType('azure-native:containerservice:ManagedCluster')[0]!.inputs;
    const workspaceId = recorder.get('azure-native:monitor:DiagnosticSetting', 'prod-aks-diagnostics').inputs.workspaceId;
    for (const role of ['aks-admin-groups', 'aks-diagnostics', 'acr-diagnostics']) {
      expect(assignment(role)).toMatchObject({ identity: { type: 'SystemAssigned' }, location: 'westeurope', parameters: { effect: { value: 'DeployIfNotExists' } } });
    }
    // The admin groups are the cluster's.
    expect(assignment('aks-admin-groups').parameters.adminGroupObjectIDs).toEqual({ value: cluster.aadProfile.adminGroupObjectIDs });
    // The categories set to True are exactly those the cluster's diagnostic setting sends, to the same workspace.
    const clusterLogs = recorder.get('azure-native:monitor:DiagnosticSetting', 'prod-aks-diagnostics').inputs;
    const aks = assignment('aks-diagnostics').parameters;
    const on = Object.entries(aks).filter(([, v]) => (v as { value: unknown }).value === 'True').map(([k]) => k).sort();
    expect(on).toEqual(clusterLogs.logs.filter((l: { enabled: boolean }) => l.enabled).map((l: { category: string }) => l.category).sort());
    expect(aks.logAnalytics).toEqual({ value: clusterLogs.workspaceId });
    // The registry's setting: same name, category group and workspace.
    const registryLogs = recorder.get('azure-native:monitor:DiagnosticSetting', 'prod-acr-diagnostics').inputs;
    expect(assignment('acr-diagnostics').parameters).toMatchObject({
      logAnalytics: { value: registryLogs.workspaceId },
      diagnosticSettingName: { value: registryLogs.name },
      categoryGroup: { value: registryLogs.logs.find((l: { enabled: boolean }) => l.enabled).categoryGroup },
    });
    expect(registryLogs.workspaceId).toBe(workspaceId);
    // The activity log is a subscription setting: not at the platform's resource group.
    expect(recorder.ofType('azure-native:authorization:PolicyAssignment').filter((a) => a.name === 'prod-policy-activity-log')).toEqual([]);
  });

  test('an empty list of sensitivity levels is refused', () => {
    expect(() => new SecureAksPlatform('bad', { location: 'westeurope', adminGroupObjectIds: [ADMIN], sensitivityLevels: [], firewallPrivateIp: '10.0.0.4' }))
      .toThrow(/'sensitivityLevels' is empty/);
  });
});

describe('SecureAksPlatform weaker choices', () => {
  test('customer-managed keys can be turned off only with a justification, recorded on the cluster and the registry', async () => {
    expect(() => new SecureAksPlatform('nokeys0', {
      location: 'westeurope', adminGroupObjectIds: [ADMIN], firewallPrivateIp: '10.0.0.4', customerManagedKeys: { value: false, justification: '' },
    })).toThrow(/SecureAksPlatform 'nokeys0' argument 'customerManagedKeys' weakens a secure default and needs a justification \[aks\.customer-managed-keys\]/);
    const platform = new SecureAksPlatform('nokeys', {
      location: 'westeurope', adminGroupObjectIds: [ADMIN], firewallPrivateIp: '10.0.0.4', customerManagedKeys: { value: false, justification: JUSTIFICATION },
    });
    await recorder.settle(platform.cluster.clusterId, platform.registry.loginServer);
    expect(platform.keys).toBeUndefined();
    expect(recorder.resources().filter((r) => r.name.startsWith('nokeys-keys'))).toEqual([]);
    const cluster = recorder.get('azure-native:containerservice:ManagedCluster', 'nokeys-aks-cluster');
    expect(cluster.inputs.diskEncryptionSetID).toBeUndefined();
    expect(cluster.inputs.securityProfile.azureKeyVaultKms).toBeUndefined();
    expect(cluster.inputs.tags['kubeward-justification-aks.customer-managed-keys']).toBe(JUSTIFICATION);
    const registry = recorder.get('azure-native:containerregistry:Registry', 'nokeys-acr-registry');
    expect(registry.inputs.encryption).toBeUndefined();
    expect(registry.inputs.tags['kubeward-justification-acr.customer-managed-key']).toBe(JUSTIFICATION);
  }, 60_000);

  test('policy options reach the baseline; policy assigned elsewhere needs a justification and makes no assignments', async () => {
    const withOptions = new SecureAksPlatform('pol', {
      location: 'West Europe',
      adminGroupObjectIds: [ADMIN],
      firewallPrivateIp: '10.0.0.4',
      policy: { allowedLocations: ['westeurope', 'northeurope'], additionalAllowedRegistries: ['mcr.microsoft.com'], effectOverrides: { 'aks-cmk-disks': 'Deny' } },
    });
    await recorder.settle(withOptions.cluster.clusterId);
    expect(recorder.get('azure-native:authorization:PolicyAssignment', 'pol-policy-allowed-locations').inputs.parameters.listOfAllowedLocations)
      .toEqual({ value: ['westeurope', 'northeurope'] });
    expect(recorder.get('azure-native:authorization:PolicyAssignment', 'pol-policy-allowed-images').inputs.parameters.allowedContainerImagesRegex)
      .toEqual({ value: '^(polacracr\\.azurecr\\.io|mcr\\.microsoft\\.com)/.+$' });
    expect(withOptions.policy!.effects['aks-cmk-disks']).toBe('Deny');

    expect(() => new SecureAksPlatform('elsewhere0', {
      location: 'westeurope', adminGroupObjectIds: [ADMIN], firewallPrivateIp: '10.0.0.4', policy: { assignedElsewhere: { value: true, justification: 'n/a' } },
    })).toThrow(/argument 'policy\.assignedElsewhere' weakens a secure default and has only a placeholder justification/);
    const elsewhere = new SecureAksPlatform('elsewhere', {
      location: 'westeurope',
      adminGroupObjectIds: [ADMIN],
      firewallPrivateIp: '10.0.0.4',
      policy: { assignedElsewhere: { value: true, justification: 'Assigned by the landing zone on the corp management group (initiative LZ-AKS).' } },
    });
    await recorder.settle(elsewhere.cluster.clusterId);
    expect(elsewhere.policy).toBeUndefined();
    expect(recorder.ofType('azure-native:authorization:PolicyAssignment').filter((a) => a.name.startsWith('elsewhere-'))).toEqual([]);
    expect(recorder.get('azure-native:containerservice:ManagedCluster', 'elsewhere-aks-cluster').inputs.tags['kubeward-justification-policy.allowed-locations'])
      .toMatch(/landing zone/);
  }, 60_000);
});
