import { MockRecorder } from '../../lib/azure/mock-plan';

const recorder = MockRecorder.install('platform', 'test');

// Imported after the mocks are installed, as Pulumi's testing guide says.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SecureAksPlatform } = require('../../lib/azure/secure-aks-platform') as typeof import('../../lib/azure/secure-aks-platform');

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
      ['azure-native:resources:ResourceGroup', 'prod-rg'],
    ]) {
      expect(recorder.get(type, name).parent).toBe(platformUrn);
    }
  });

  test('the cluster gets one tainted user pool per sensitivity level, a private API server and egress through the firewall', () => {
    const cluster = recorder.ofType('azure-native:containerservice:ManagedCluster')[0];
    expect(cluster.inputs.apiServerAccessProfile.enablePrivateCluster).toBe(true);
    expect(cluster.inputs.networkProfile.outboundType).toBe('userDefinedRouting');
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

  test('the kubelet identity may pull from the registry, nothing broader', () => {
    const assignments = recorder.ofType('azure-native:authorization:RoleAssignment');
    expect(assignments.length).toBeGreaterThan(0);
    for (const a of assignments) expect(a.inputs.roleDefinitionId).toMatch(/7f951dda-4ed3-4680-a7ca-43fe172d538d$/);
  });

  test('an empty list of sensitivity levels is refused', () => {
    expect(() => new SecureAksPlatform('bad', { location: 'westeurope', adminGroupObjectIds: [ADMIN], sensitivityLevels: [], firewallPrivateIp: '10.0.0.4' }))
      .toThrow(/'sensitivityLevels' is empty/);
  });
});
