import * as pulumi from '@pulumi/pulumi';
import { MockRecorder } from '../../lib/azure/mock-plan';

const recorder = MockRecorder.install('proj', 'dev');

// Imported after the mocks, as Pulumi's testing guide requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mod = require('../../lib/azure/security-monitoring') as typeof import('../../lib/azure/security-monitoring');
const { SecurityMonitoring } = mod;

const T = {
  component: 'kubeward:azure:SecurityMonitoring',
  workspace: 'azure-native:operationalinsights:Workspace',
  amw: 'azure-native:monitor:AzureMonitorWorkspace',
  dce: 'azure-native:monitor:DataCollectionEndpoint',
  dcr: 'azure-native:monitor:DataCollectionRule',
  dcra: 'azure-native:monitor:DataCollectionRuleAssociation',
  activity: 'azure-native:monitor:SubscriptionDiagnosticSetting',
  ampls: 'azure-native:monitor:PrivateLinkScope',
  scoped: 'azure-native:monitor:PrivateLinkScopedResource',
  pe: 'azure-native:network:PrivateEndpoint',
  zoneGroup: 'azure-native:network:PrivateDnsZoneGroup',
  zone: 'azure-native:privatedns:PrivateZone',
  link: 'azure-native:privatedns:VirtualNetworkLink',
  sentinel: 'azure-native:securityinsights:SentinelOnboardingState',
};
const JUSTIFICATION = 'The SOC queries from its own tenant network and has no private route yet.';
const SUBNET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/snet-private-endpoints';
const VNET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v';
const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks';
const base = { resourceGroupName: 'rg-mon', location: 'West Europe', privateLink: { subnetId: SUBNET, virtualNetworkId: VNET } };
const TAGS = { 'managed-by': 'kubeward', 'kubeward-component': 'SecurityMonitoring' };

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => o.apply(resolve));
}
/** A resource id ending in the given name (the mock id scheme belongs to mock-plan.ts). */
const idOf = (name: string): unknown => expect.stringMatching(new RegExp(`/${name.replace(/\./g, '\\.')}$`));

describe('defaults (private link)', () => {
  let mon: InstanceType<typeof SecurityMonitoring>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    mon = new SecurityMonitoring('mon', { ...base, clusterId: CLUSTER });
    await recorder.settle(mon.workspaceId, mon.prometheusRuleId, mon.privateLinkScopeId!);
    ids.workspace = await value(mon.workspaceId);
    ids.amw = await value(mon.azureMonitorWorkspaceId);
    ids.dce = await value(mon.dataCollectionEndpointId);
    ids.ci = await value(mon.containerInsightsRuleId);
    ids.prom = await value(mon.prometheusRuleId);
    ids.ampls = await value(mon.privateLinkScopeId!);
  });

  test('the Log Analytics workspace: Entra ID only, no public network access, 90 days', () => {
    expect(recorder.get(T.workspace, 'mon-workspace').inputs).toEqual({
      resourceGroupName: 'rg-mon',
      location: 'West Europe',
      sku: { name: 'PerGB2018' },
      retentionInDays: 90,
      features: { disableLocalAuth: true, enableLogAccessUsingOnlyResourcePermissions: true },
      publicNetworkAccessForIngestion: 'Disabled',
      publicNetworkAccessForQuery: 'Disabled',
      tags: TAGS,
    });
    expect(mon.retentionInDays).toBe(90);
    expect(mon.publicNetworkAccess).toEqual({ ingestion: false, query: false });
  });

  test('the Azure Monitor workspace and the data collection endpoint refuse public access', () => {
    expect(recorder.get(T.amw, 'mon-prometheus').inputs).toEqual({ resourceGroupName: 'rg-mon', location: 'West Europe', publicNetworkAccess: 'Disabled', tags: TAGS });
    expect(recorder.get(T.dce, 'mon-dce').inputs).toMatchObject({ kind: 'Linux', networkAcls: { publicNetworkAccess: 'Disabled' }, location: 'West Europe' });
  });

  test('Container Insights rule: the ContainerInsights extension streams to the workspace through the endpoint', () => {
    const dcr = recorder.get(T.dcr, 'mon-container-insights').inputs;
    expect(dcr.dataCollectionEndpointId).toBe(ids.dce);
    expect(dcr.kind).toBeUndefined();
    expect(dcr.dataSources.extensions).toEqual([{
      name: 'ContainerInsightsExtension',
      extensionName: 'ContainerInsights',
      streams: mod.CONTAINER_INSIGHTS_STREAMS,
      extensionSettings: { dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true } },
    }]);
    expect(mod.CONTAINER_INSIGHTS_STREAMS).toEqual(expect.arrayContaining(['Microsoft-ContainerLog', 'Microsoft-ContainerLogV2', 'Microsoft-KubeEvents', 'Microsoft-KubePodInventory']));
    expect(dcr.destinations).toEqual({ logAnalytics: [{ name: 'ciworkspace', workspaceResourceId: ids.workspace }] });
    expect(dcr.dataFlows).toEqual([{ streams: mod.CONTAINER_INSIGHTS_STREAMS, destinations: ['ciworkspace'] }]);
  });

  test('Prometheus rule: Microsoft-PrometheusMetrics to the Azure Monitor workspace', () => {
    const dcr = recorder.get(T.dcr, 'mon-prometheus-rule').inputs;
    expect(dcr).toMatchObject({
      kind: 'Linux',
      dataCollectionEndpointId: ids.dce,
      dataSources: { prometheusForwarder: [{ name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'], labelIncludeFilter: {} }] },
      destinations: { monitoringAccounts: [{ name: 'MonitoringAccount1', accountResourceId: ids.amw }] },
      dataFlows: [{ streams: ['Microsoft-PrometheusMetrics'], destinations: ['MonitoringAccount1'] }],
    });
  });

  test('the subscription activity log goes to the workspace, every category (E-25)', () => {
    expect(recorder.get(T.activity, 'mon-activity-log').inputs).toEqual({
      workspaceId: ids.workspace,
      logs: ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth'].map((category) => ({ category, enabled: true })),
    });
  });

  test('the cluster given as an argument is associated with both rules and the endpoint', () => {
    expect(recorder.get(T.dcra, 'mon-cluster-container-insights').inputs).toMatchObject({
      resourceUri: CLUSTER, associationName: 'ContainerInsightsExtension', dataCollectionRuleId: ids.ci,
    });
    expect(recorder.get(T.dcra, 'mon-cluster-prometheus').inputs).toMatchObject({
      resourceUri: CLUSTER, associationName: 'ContainerInsightsMetricsExtension', dataCollectionRuleId: ids.prom,
    });
    const endpoint = recorder.get(T.dcra, 'mon-cluster-endpoint').inputs;
    expect(endpoint).toMatchObject({ resourceUri: CLUSTER, associationName: 'configurationAccessEndpoint', dataCollectionEndpointId: ids.dce });
    expect(endpoint.dataCollectionRuleId).toBeUndefined();
  });

  test('the private link scope is private-only and holds the workspace and the endpoint', () => {
    expect(recorder.get(T.ampls, 'mon-ampls').inputs).toEqual({
      resourceGroupName: 'rg-mon', location: 'global', accessModeSettings: { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'PrivateOnly' }, tags: TAGS,
    });
    expect(recorder.get(T.scoped, 'mon-ampls-workspace').inputs).toEqual({ resourceGroupName: 'rg-mon', scopeName: 'mon-ampls', kind: 'Resource', linkedResourceId: ids.workspace });
    expect(recorder.get(T.scoped, 'mon-ampls-dce').inputs.linkedResourceId).toBe(ids.dce);
  });

  test('private endpoints for the scope and for Prometheus queries, with their DNS zones', () => {
    expect(recorder.get(T.pe, 'mon-ampls-pe').inputs).toMatchObject({
      resourceGroupName: 'rg-mon',
      location: 'West Europe',
      subnet: { id: SUBNET },
      privateLinkServiceConnections: [{ name: 'azuremonitor', privateLinkServiceId: ids.ampls, groupIds: ['azuremonitor'] }],
    });
    expect(recorder.get(T.pe, 'mon-prometheus-pe').inputs).toMatchObject({
      subnet: { id: SUBNET },
      privateLinkServiceConnections: [{ name: 'prometheusMetrics', privateLinkServiceId: ids.amw, groupIds: ['prometheusMetrics'] }],
    });
    const zoneNames = recorder.ofType(T.zone).filter((z) => z.name.startsWith('mon-')).map((z) => z.inputs.privateZoneName).sort();
    expect(zoneNames).toEqual([
      'privatelink.agentsvc.azure-automation.net', 'privatelink.blob.core.windows.net', 'privatelink.monitor.azure.com',
      'privatelink.ods.opinsights.azure.com', 'privatelink.oms.opinsights.azure.com', 'privatelink.westeurope.prometheus.monitor.azure.com',
    ]);
    for (const zone of recorder.ofType(T.zone).filter((z) => z.name.startsWith('mon-'))) {
      expect(zone.inputs.location).toBe('global');
      expect(recorder.get(T.link, `${zone.name}-link`).inputs).toMatchObject({
        privateZoneName: zone.inputs.privateZoneName, location: 'global', registrationEnabled: false, virtualNetwork: { id: VNET },
      });
    }
    const group = recorder.get(T.zoneGroup, 'mon-ampls-pe-dns').inputs;
    expect(group.privateEndpointName).toBe('mon-ampls-pe');
    expect(group.privateDnsZoneGroupName).toBe('default');
    expect(group.privateDnsZoneConfigs).toEqual(['monitor', 'oms', 'ods', 'agentsvc', 'blob'].map((role) => ({
      name: mod.AZURE_MONITOR_PRIVATE_DNS_ZONES.find((z) => z.split('.')[1] === role)!.replace(/\./g, '-'),
      privateDnsZoneId: idOf(mod.AZURE_MONITOR_PRIVATE_DNS_ZONES.find((z) => z.split('.')[1] === role)!),
    })));
    expect(recorder.get(T.zoneGroup, 'mon-prometheus-pe-dns').inputs.privateDnsZoneConfigs).toEqual([
      { name: 'privatelink-prometheus', privateDnsZoneId: idOf('privatelink.westeurope.prometheus.monitor.azure.com') },
    ]);
  });

  test('no Sentinel unless asked', () => {
    expect(mon.sentinel).toBe(false);
    expect(recorder.ofType(T.sentinel)).toHaveLength(0);
  });

  test('every child is parented to the component', () => {
    const component = recorder.get(T.component, 'mon');
    const mine = recorder.resources().filter((r) => r.name.startsWith('mon-'));
    expect(mine.length).toBe(28);
    for (const r of mine) expect(r.parent).toBe(component.urn);
  });

  test('typed outputs resolve', async () => {
    expect(ids.workspace).toEqual(idOf('mon-workspace'));
    expect(await value(mon.workspaceName)).toBe('mon-workspace');
    expect(await value(mon.workspaceCustomerId)).toBe('mon-workspace-customer-id');
    expect(ids.amw).toEqual(idOf('mon-prometheus'));
    expect(ids.ci).toEqual(idOf('mon-container-insights'));
    expect(ids.prom).toEqual(idOf('mon-prometheus-rule'));
    expect(ids.dce).toEqual(idOf('mon-dce'));
    expect(ids.ampls).toEqual(idOf('mon-ampls'));
    expect(new Set(Object.values(ids)).size).toBe(6);
    expect(await value(mon.activityLogSettingId!)).toEqual(idOf('mon-activity-log'));
  });
});

describe('options', () => {
  test('Sentinel is onboarded on the workspace, and retention can be longer', async () => {
    const mon = new SecurityMonitoring('sent', { ...base, sentinel: true, retentionInDays: 365 });
    await recorder.settle(mon.workspaceId);
    expect(recorder.get(T.sentinel, 'sent-sentinel').inputs).toEqual({ resourceGroupName: 'rg-mon', workspaceName: 'sent-workspace', sentinelOnboardingStateName: 'default' });
    expect(recorder.get(T.sentinel, 'sent-sentinel').parent).toBe(recorder.get(T.component, 'sent').urn);
    expect(recorder.get(T.workspace, 'sent-workspace').inputs.retentionInDays).toBe(365);
  });

  test('associateCluster() adds clusters later, one key each', async () => {
    const mon = new SecurityMonitoring('later', base);
    await recorder.settle(mon.workspaceId);
    expect(recorder.ofType(T.dcra).filter((r) => r.name.startsWith('later-'))).toHaveLength(0);
    const blue = mon.associateCluster(pulumi.output(CLUSTER), 'blue');
    mon.associateCluster(`${CLUSTER}-green`, 'green');
    await recorder.settle(blue.containerInsights!.id);
    expect(blue.endpoint).toBeDefined();
    expect(recorder.get(T.dcra, 'later-blue-container-insights').inputs.resourceUri).toBe(CLUSTER);
    expect(recorder.get(T.dcra, 'later-green-prometheus').inputs.resourceUri).toBe(`${CLUSTER}-green`);
    expect(recorder.get(T.dcra, 'later-green-endpoint').parent).toBe(recorder.get(T.component, 'later').urn);
    const only = mon.associateCluster(`${CLUSTER}-own-rules`, 'own', { rules: false });
    expect(only.containerInsights).toBeUndefined();
    expect(only.prometheus).toBeUndefined();
    await recorder.settle(only.endpoint!.id);
    expect(recorder.get(T.dcra, 'later-own-endpoint').inputs).toMatchObject({ associationName: 'configurationAccessEndpoint', resourceUri: `${CLUSTER}-own-rules` });
    expect(recorder.ofType(T.dcra).filter((r) => r.name.startsWith('later-own-')).map((r) => r.name)).toEqual(['later-own-endpoint']);
    expect(() => mon.associateCluster(CLUSTER, 'blue')).toThrow(/SecurityMonitoring 'later' associateCluster\(\): key 'blue' is already used/);
    expect(() => mon.associateCluster(CLUSTER, 'Bad Key')).toThrow(/key 'Bad Key' is not a short lowercase name/);
  });

  test('justified public access: no private link needed, no endpoint association, and the reason recorded', async () => {
    const mon = new SecurityMonitoring('pub', {
      resourceGroupName: 'rg-mon',
      location: 'westeurope',
      clusterId: CLUSTER,
      publicNetworkAccess: { value: { ingestion: true, query: true }, justification: JUSTIFICATION },
    });
    await recorder.settle(mon.workspaceId, mon.containerInsightsRuleId);
    const ws = recorder.get(T.workspace, 'pub-workspace').inputs;
    expect(ws).toMatchObject({ publicNetworkAccessForIngestion: 'Enabled', publicNetworkAccessForQuery: 'Enabled' });
    expect(ws.tags['kubeward-justification-monitoring.workspace-private-network']).toBe(JUSTIFICATION);
    expect(recorder.get(T.amw, 'pub-prometheus').inputs.publicNetworkAccess).toBe('Enabled');
    expect(recorder.get(T.dce, 'pub-dce').inputs.networkAcls).toEqual({ publicNetworkAccess: 'Enabled' });
    expect(recorder.ofType(T.ampls).some((r) => r.name.startsWith('pub-'))).toBe(false);
    expect(recorder.ofType(T.pe).some((r) => r.name.startsWith('pub-'))).toBe(false);
    expect(recorder.ofType(T.dcra).filter((r) => r.name.startsWith('pub-')).map((r) => r.name).sort()).toEqual(['pub-cluster-container-insights', 'pub-cluster-prometheus']);
    expect(mon.privateLinkScopeId).toBeUndefined();
  });

  test('public queries with private ingestion: the scope keeps queries open', async () => {
    const mon = new SecurityMonitoring('mixed', { ...base, publicNetworkAccess: { value: { ingestion: false, query: true }, justification: JUSTIFICATION } });
    await recorder.settle(mon.workspaceId);
    expect(recorder.get(T.workspace, 'mixed-workspace').inputs).toMatchObject({ publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Enabled' });
    expect(recorder.get(T.ampls, 'mixed-ampls').inputs.accessModeSettings).toEqual({ ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'Open' });
    expect(recorder.get(T.dce, 'mixed-dce').inputs.networkAcls).toEqual({ publicNetworkAccess: 'Disabled' });
  });

  test('justified local authentication, short retention and skipped activity log', async () => {
    const mon = new SecurityMonitoring('weak', {
      ...base,
      localAuth: { value: true, justification: JUSTIFICATION },
      retentionInDays: { value: 30, justification: JUSTIFICATION },
      skipActivityLog: { value: true, justification: JUSTIFICATION },
    });
    await recorder.settle(mon.workspaceId);
    const ws = recorder.get(T.workspace, 'weak-workspace').inputs;
    expect(ws.features).toEqual({ disableLocalAuth: false, enableLogAccessUsingOnlyResourcePermissions: true });
    expect(ws.retentionInDays).toBe(30);
    expect(ws.tags['kubeward-justification-monitoring.workspace-local-auth-disabled']).toBe(JUSTIFICATION);
    expect(ws.tags['kubeward-justification-monitoring.activity-log']).toBe(JUSTIFICATION);
    expect(recorder.ofType(T.activity).some((r) => r.name.startsWith('weak-'))).toBe(false);
    expect(mon.activityLogSettingId).toBeUndefined();
  });
});

describe('refused weak settings and bad arguments', () => {
  let n = 0;
  const attempt = (args: Partial<import('../../lib/azure/security-monitoring').SecurityMonitoringArgs>) => () => new SecurityMonitoring(`bad${n++}`, { ...base, ...args });

  test.each<[string, Partial<import('../../lib/azure/security-monitoring').SecurityMonitoringArgs>, RegExp]>([
    ['no private link and no public access', { privateLink: undefined },
      /argument 'privateLink': is missing, but the workspaces refuse public ingestion \[monitoring\.workspace-private-network\].*Pass privateLink/],
    ['no private link with public ingestion only', { privateLink: undefined, publicNetworkAccess: { value: { ingestion: true, query: false }, justification: JUSTIFICATION } },
      /argument 'privateLink': is missing, but the workspaces refuse public queries/],
    ['public access without a justification', { publicNetworkAccess: { value: { ingestion: true, query: true }, justification: '' } },
      /argument 'publicNetworkAccess' weakens a secure default and needs a justification \[monitoring\.workspace-private-network\]/],
    ['public access that keeps nothing public', { publicNetworkAccess: { value: { ingestion: false, query: false }, justification: JUSTIFICATION } },
      /argument 'publicNetworkAccess': value keeps no public access/],
    ['a malformed public access value', { publicNetworkAccess: { value: { ingestion: 'yes' } as never, justification: JUSTIFICATION } },
      /argument 'publicNetworkAccess': value must be \{ ingestion: boolean, query: boolean \}/],
    ['local authentication without a justification', { localAuth: { value: true, justification: 'n/a' } },
      /argument 'localAuth' weakens a secure default and has only a placeholder justification \("n\/a"\) \[monitoring\.workspace-local-auth-disabled\]/],
    ['a wrong local auth value', { localAuth: { value: false as true, justification: JUSTIFICATION } }, /argument 'localAuth': value false is not true/],
    ['skipping the activity log without a justification', { skipActivityLog: { value: true, justification: '' } },
      /argument 'skipActivityLog' weakens a secure default and needs a justification \[monitoring\.activity-log\]/],
    ['a short retention as a plain number', { retentionInDays: 30 },
      /argument 'retentionInDays': 30 days is shorter than 90 days, which weakens a secure default and needs a justification \[monitoring\.activity-log\]/],
    ['a short retention without a real justification', { retentionInDays: { value: 60, justification: 'tbd' } },
      /argument 'retentionInDays' weakens a secure default and has only a placeholder justification \("tbd"\) \[monitoring\.activity-log\]/],
    ['a retention out of range', { retentionInDays: 1000 }, /argument 'retentionInDays': 1000 is not a whole number of days from 30 to 730/],
    ['a fractional retention', { retentionInDays: 90.5 }, /argument 'retentionInDays': 90\.5 is not a whole number/],
  ])('refuses %s', (_what, args, message) => {
    expect(attempt(args)).toThrow(message);
  });

  test('errors are ResourceErrors naming the component', () => {
    expect(attempt({ retentionInDays: 5 })).toThrow(pulumi.ResourceError);
    expect(attempt({ retentionInDays: 5 })).toThrow(/^SecurityMonitoring 'bad\d+' argument 'retentionInDays'/);
  });
});
