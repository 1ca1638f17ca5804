import * as pulumi from '@pulumi/pulumi';
import { MockRecorder, type PlannedResource } from '../../lib/azure/mock-plan';

const recorder = MockRecorder.install('proj', 'dev');

// Imported after the mocks, as Pulumi's testing guide requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const registryModule = require('../../lib/azure/private-registry') as typeof import('../../lib/azure/private-registry');
const { PrivateRegistry, defaultRegistryName, purgeCommand, purgeTaskYaml, teamActions, ACR_PRIVATE_DNS_ZONE } = registryModule;
type PrivateRegistryArgs = import('../../lib/azure/private-registry').PrivateRegistryArgs;

const TYPES = {
  component: 'kubeward:azure:PrivateRegistry',
  registry: 'azure-native:containerregistry:Registry',
  task: 'azure-native:containerregistry:Task',
  pool: 'azure-native:containerregistry:AgentPool',
  scopeMap: 'azure-native:containerregistry:ScopeMap',
  endpoint: 'azure-native:network:PrivateEndpoint',
  zoneGroup: 'azure-native:network:PrivateDnsZoneGroup',
  zone: 'azure-native:privatedns:PrivateZone',
  link: 'azure-native:privatedns:VirtualNetworkLink',
  diagnostics: 'azure-native:monitor:DiagnosticSetting',
} as const;

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net';
const SUBNET = `${SUB}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/private-endpoints`;
const VNET = `${SUB}/providers/Microsoft.Network/virtualNetworks/vnet`;
const WORKSPACE = `${SUB}/providers/Microsoft.OperationalInsights/workspaces/logs`;
const JUSTIFICATION = 'Build agents outside Azure push here until the private runners land (CHG-1234)';

const BASE: PrivateRegistryArgs = {
  resourceGroupName: 'rg',
  location: 'westeurope',
  privateEndpointSubnetId: SUBNET,
  virtualNetworkId: VNET,
  logAnalyticsWorkspaceId: WORKSPACE,
};

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

async function plan(name: string, extra: Partial<PrivateRegistryArgs> = {}) {
  const warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
  try {
    const component = new PrivateRegistry(name, { ...BASE, ...extra });
    const o = component;
    await recorder.settle(o.registryId, o.registryName, o.loginServer, o.privateEndpointId, o.privateDnsZoneId);
    const urn = recorder.get(TYPES.component, name).urn;
    const children = recorder.resources().filter((r) => r.parent === urn);
    const child = (type: string, role: string): PlannedResource => recorder.get(type, `${name}-${role}`);
    return { component, urn, children, child, warnings: warn.mock.calls.map((c) => String(c[0])) };
  } finally {
    warn.mockRestore();
  }
}

function decodeTask(task: PlannedResource): string {
  return Buffer.from(String(task.inputs.step.encodedTaskContent), 'base64').toString('utf8');
}

describe('PrivateRegistry secure defaults', () => {
  let planned: Awaited<ReturnType<typeof plan>>;
  beforeAll(async () => {
    planned = await plan('prod');
  });

  test('creates exactly the registry, purge task, private endpoint, DNS zone, VNet link, zone group and diagnostics, all parented to the component', () => {
    expect(planned.children.map((c) => `${c.type} ${c.name}`).sort()).toEqual([
      `${TYPES.diagnostics} prod-diagnostics`,
      `${TYPES.registry} prod-registry`,
      `${TYPES.task} prod-purge`,
      `${TYPES.zoneGroup} prod-dns-group`,
      `${TYPES.endpoint} prod-pe`,
      `${TYPES.link} prod-dns-link`,
      `${TYPES.zone} prod-dns`,
    ].sort());
    expect(recorder.get(TYPES.component, 'prod').parent).toBeNull();
    for (const c of planned.children) expect(c.parent).toBe(planned.urn);
  });

  test('the registry is Premium, private, without admin user, anonymous pull, export or ARM-audience tokens, with quarantine, retention and zone redundancy', () => {
    const registry = planned.child(TYPES.registry, 'registry');
    expect(registry.inputs).toEqual({
      resourceGroupName: 'rg',
      location: 'westeurope',
      registryName: 'prodacr',
      sku: { name: 'Premium' },
      adminUserEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccess: 'Disabled',
      networkRuleSet: { defaultAction: 'Deny' },
      networkRuleBypassOptions: 'AzureServices',
      dataEndpointEnabled: true,
      zoneRedundancy: 'Enabled',
      policies: {
        exportPolicy: { status: 'disabled' },
        quarantinePolicy: { status: 'enabled' },
        retentionPolicy: { days: 7, status: 'enabled' },
        azureADAuthenticationAsArmPolicy: { status: 'disabled' },
      },
      tags: { 'managed-by': 'kubeward', 'kubeward-component': 'PrivateRegistry' },
    });
    expect(registry.inputs.encryption).toBeUndefined();
    expect(registry.inputs.identity).toBeUndefined();
    expect(planned.component.retentionDays).toBe(7);
  });

  test('a scheduled task purges stale images with acr purge', () => {
    const task = planned.child(TYPES.task, 'purge');
    expect(task.inputs).toMatchObject({
      resourceGroupName: 'rg',
      registryName: 'prodacr',
      location: 'westeurope',
      taskName: 'kubeward-purge',
      platform: { os: 'Linux', architecture: 'amd64' },
      agentConfiguration: { cpu: 2 },
      step: { type: 'EncodedTask' },
      trigger: { timerTriggers: [{ name: 'kubeward-purge-schedule', schedule: '0 3 * * *', status: 'Enabled' }] },
      status: 'Enabled',
      isSystemTask: false,
      timeout: 3600,
    });
    expect(task.inputs.agentPoolName).toBeUndefined();
    expect(planned.component.purgeCommand).toBe("acr purge --filter '.*:.*' --ago 30d --keep 10 --untagged");
    expect(decodeTask(task)).toBe(
      'version: v1.1.0\nsteps:\n  - cmd: "acr purge --filter \'.*:.*\' --ago 30d --keep 10 --untagged"\n'
      + '    disableWorkingDirectoryOverride: true\n    timeout: 3600\n',
    );
  });

  test('without an agent pool the component warns that the shared agents are refused', () => {
    expect(planned.warnings).toHaveLength(1);
    expect(planned.warnings[0]).toMatch(/shared agents.*403.*imagePurge\.agentPoolSubnetId.*\[acr\.retention\]/);
  });

  test('a private endpoint for the registry sub-resource sits in the given subnet', () => {
    const endpoint = planned.child(TYPES.endpoint, 'pe');
    expect(endpoint.inputs).toEqual({
      resourceGroupName: 'rg',
      location: 'westeurope',
      // azure-native fills the subnet's network-policy defaults; only the id matters to an endpoint.
      subnet: expect.objectContaining({ id: SUBNET }),
      privateLinkServiceConnections: [{
        name: 'prod-registry',
        privateLinkServiceId: expect.stringMatching(/providers\/Microsoft\.ContainerRegistry\/registries\/prodacr$/),
        groupIds: ['registry'],
      }],
      tags: { 'managed-by': 'kubeward', 'kubeward-component': 'PrivateRegistry' },
    });
  });

  test('the privatelink.azurecr.io zone is global, linked to the VNet without auto-registration, and wired through a zone group', () => {
    expect(planned.child(TYPES.zone, 'dns').inputs).toEqual({
      resourceGroupName: 'rg',
      privateZoneName: 'privatelink.azurecr.io',
      location: 'global',
      tags: { 'managed-by': 'kubeward', 'kubeward-component': 'PrivateRegistry' },
    });
    expect(ACR_PRIVATE_DNS_ZONE).toBe('privatelink.azurecr.io');
    expect(planned.child(TYPES.link, 'dns-link').inputs).toEqual({
      resourceGroupName: 'rg',
      privateZoneName: 'privatelink.azurecr.io',
      location: 'global',
      registrationEnabled: false,
      virtualNetwork: { id: VNET },
      tags: { 'managed-by': 'kubeward', 'kubeward-component': 'PrivateRegistry' },
    });
    expect(planned.child(TYPES.zoneGroup, 'dns-group').inputs).toEqual({
      resourceGroupName: 'rg',
      privateEndpointName: 'prod-pe',
      privateDnsZoneGroupName: 'default',
      privateDnsZoneConfigs: [{ name: 'privatelink-azurecr-io', privateDnsZoneId: expect.stringMatching(/providers\/Microsoft\.Network\/privateDnsZones\/privatelink\.azurecr\.io$/) }],
    });
  });

  test('diagnostic settings send the audit log category group and all metrics to the workspace', () => {
    expect(planned.child(TYPES.diagnostics, 'diagnostics').inputs).toEqual({
      name: 'kubeward-registry-logs',
      resourceUri: expect.stringMatching(/providers\/Microsoft\.ContainerRegistry\/registries\/prodacr$/),
      workspaceId: WORKSPACE,
      logs: [{ categoryGroup: 'audit', enabled: true }, { categoryGroup: 'allLogs', enabled: false }],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    });
  });

  test('typed outputs resolve', async () => {
    const c = planned.component;
    expect(await value(c.registryName)).toBe('prodacr');
    expect(await value(c.loginServer)).toBe('prodacr.azurecr.io');
    expect(await value(c.registryId)).toMatch(/providers\/Microsoft\.ContainerRegistry\/registries\/prodacr$/);
    expect(await value(c.privateEndpointId)).toMatch(/providers\/Microsoft\.Network\/privateEndpoints\/prod-pe$/);
    expect(await value(c.privateDnsZoneId)).toMatch(/providers\/Microsoft\.Network\/privateDnsZones\/privatelink\.azurecr\.io$/);
    expect(c.teamScopeMapIds).toEqual({});
  });
});

describe('PrivateRegistry options', () => {
  test('registryName, retentionDays, allLogs, no trusted-services bypass, no zone redundancy, extra tags', async () => {
    const p = await plan('opts', {
      registryName: 'contosoProdAcr',
      retentionDays: 30,
      logCategoryGroup: 'allLogs',
      trustedServicesBypass: false,
      zoneRedundant: false,
      tags: { env: 'prod' },
    });
    const registry = p.child(TYPES.registry, 'registry');
    expect(registry.inputs).toMatchObject({
      registryName: 'contosoProdAcr',
      networkRuleBypassOptions: 'None',
      zoneRedundancy: 'Disabled',
      policies: { retentionPolicy: { days: 30, status: 'enabled' } },
      tags: { 'managed-by': 'kubeward', 'kubeward-component': 'PrivateRegistry', 'env': 'prod' },
    });
    expect(p.child(TYPES.diagnostics, 'diagnostics').inputs.logs).toEqual([
      { categoryGroup: 'audit', enabled: false },
      { categoryGroup: 'allLogs', enabled: true },
    ]);
    expect(p.child(TYPES.endpoint, 'pe').inputs.tags).toEqual({ 'managed-by': 'kubeward', 'kubeward-component': 'PrivateRegistry', 'env': 'prod' });
    expect(await value(p.component.loginServer)).toBe('contosoprodacr.azurecr.io');
  });

  test('an existing private DNS zone: no zone or VNet link is created, the zone group points at it', async () => {
    const zoneId = `${SUB}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
    const p = await plan('hubdns', { privateDnsZoneId: zoneId, virtualNetworkId: undefined });
    expect(p.children.filter((c) => c.type === TYPES.zone || c.type === TYPES.link)).toEqual([]);
    expect(p.child(TYPES.zoneGroup, 'dns-group').inputs.privateDnsZoneConfigs).toEqual([{ name: 'privatelink-azurecr-io', privateDnsZoneId: zoneId }]);
    expect(await value(p.component.privateDnsZoneId)).toBe(zoneId);
  });

  test('a customer-managed key sets a user-assigned identity and key vault encryption', async () => {
    const identityId = `${SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acr-cmk`;
    const p = await plan('cmk', {
      customerManagedKey: { keyId: 'https://kv.vault.azure.net/keys/acr', identityId, identityClientId: 'cmk-client-id' },
    });
    const registry = p.child(TYPES.registry, 'registry');
    expect(registry.inputs.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } });
    expect(registry.inputs.encryption).toEqual({
      status: 'enabled',
      keyVaultProperties: { keyIdentifier: 'https://kv.vault.azure.net/keys/acr', identity: 'cmk-client-id' },
    });
  });

  test('teamRepositories creates one repository-scoped scope map per team', async () => {
    const p = await plan('teams', { teamRepositories: { 'team-a': ['team-a/*'], 'payments': ['payments/api', 'payments/worker'] } });
    const a = p.child(TYPES.scopeMap, 'scope-team-a');
    expect(a.inputs).toEqual({
      resourceGroupName: 'rg',
      registryName: 'teamsacr',
      scopeMapName: 'team-a-push',
      description: 'kubeward: push and pull for team team-a on team-a/* only',
      actions: [
        'repositories/team-a/*/content/read',
        'repositories/team-a/*/content/write',
        'repositories/team-a/*/metadata/read',
        'repositories/team-a/*/metadata/write',
      ],
    });
    const payments = p.child(TYPES.scopeMap, 'scope-payments');
    expect(payments.inputs.scopeMapName).toBe('payments-push');
    expect(payments.inputs.actions).toHaveLength(8);
    expect(payments.inputs.actions).not.toContainEqual(expect.stringMatching(/delete/));
    expect(payments.parent).toBe(p.urn);
    expect(Object.keys(p.component.teamScopeMapIds).sort()).toEqual(['payments', 'team-a']);
    expect(await value(p.component.teamScopeMapIds.payments)).toMatch(/registries\/teamsacr\/scopeMaps\/payments-push$/);
  });

  test('imagePurge options, with a dedicated agent pool in the VNet', async () => {
    const poolSubnet = `${SUB}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/acr-tasks`;
    const p = await plan('pool', {
      imagePurge: { schedule: '30 1 * * 0', olderThanDays: 90, keepLatest: 0, filters: ['team-a/.*:.*', 'legacy:v1.*'], agentPoolSubnetId: poolSubnet },
    });
    expect(p.warnings).toEqual([]);
    expect(p.child(TYPES.pool, 'purge-pool').inputs).toEqual({
      resourceGroupName: 'rg',
      registryName: 'poolacr',
      location: 'westeurope',
      agentPoolName: 'kubewardpurge',
      tier: 'S1',
      count: 1,
      os: 'Linux',
      virtualNetworkSubnetResourceId: poolSubnet,
      tags: { 'managed-by': 'kubeward', 'kubeward-component': 'PrivateRegistry' },
    });
    const task = p.child(TYPES.task, 'purge');
    expect(task.inputs.agentPoolName).toBe('kubewardpurge');
    expect(task.inputs.agentConfiguration).toBeUndefined();
    expect(task.inputs.trigger.timerTriggers[0].schedule).toBe('30 1 * * 0');
    expect(decodeTask(task)).toContain('cmd: "acr purge --filter \'team-a/.*:.*\' --filter \'legacy:v1.*\' --ago 90d --untagged"');
  });
});

describe('PrivateRegistry weaker settings need a justification', () => {
  test('publicNetworkAccess with an IP allow list: public access for those ranges only, export enabled, both justifications tagged', async () => {
    const p = await plan('public', { publicNetworkAccess: { value: ['203.0.113.0/24', '198.51.100.7'], justification: JUSTIFICATION } });
    const registry = p.child(TYPES.registry, 'registry');
    expect(registry.inputs).toMatchObject({
      publicNetworkAccess: 'Enabled',
      networkRuleSet: {
        defaultAction: 'Deny',
        ipRules: [{ action: 'Allow', iPAddressOrRange: '203.0.113.0/24' }, { action: 'Allow', iPAddressOrRange: '198.51.100.7' }],
      },
      policies: { exportPolicy: { status: 'enabled' } },
      tags: {
        'kubeward-justification-acr.private-network': JUSTIFICATION,
        'kubeward-justification-acr.export-disabled': JUSTIFICATION,
      },
    });
    // The private endpoint is still created.
    expect(p.child(TYPES.endpoint, 'pe').inputs.privateLinkServiceConnections[0].groupIds).toEqual(['registry']);
  });

  test('publicNetworkAccess is refused without a justification, with a placeholder, empty, open to the internet or malformed', () => {
    expect(() => new PrivateRegistry('pub1', { ...BASE, publicNetworkAccess: { value: ['203.0.113.0/24'], justification: '' } }))
      .toThrow(/PrivateRegistry 'pub1' argument 'publicNetworkAccess' weakens a secure default and needs a justification \[acr\.private-network\]/);
    expect(() => new PrivateRegistry('pub2', { ...BASE, publicNetworkAccess: { value: ['203.0.113.0/24'], justification: 'n/a' } }))
      .toThrow(/argument 'publicNetworkAccess'.*placeholder justification.*\[acr\.private-network\]/);
    expect(() => new PrivateRegistry('pub3', { ...BASE, publicNetworkAccess: { value: [], justification: JUSTIFICATION } }))
      .toThrow(/argument 'publicNetworkAccess' has an empty IP allow list \[acr\.private-network\]/);
    expect(() => new PrivateRegistry('pub4', { ...BASE, publicNetworkAccess: { value: ['0.0.0.0/0'], justification: JUSTIFICATION } }))
      .toThrow(/'0\.0\.0\.0\/0', which allows the whole internet \[acr\.private-network\]/);
    expect(() => new PrivateRegistry('pub5', { ...BASE, publicNetworkAccess: { value: ['300.1.1.1'], justification: JUSTIFICATION } }))
      .toThrow(/'300\.1\.1\.1', which is not an IPv4 address or CIDR range \[acr\.private-network\]/);
  });

  test('adminUser: enabled and tagged with a justification, refused without', async () => {
    const p = await plan('admin', { adminUser: { value: true, justification: JUSTIFICATION } });
    expect(p.child(TYPES.registry, 'registry').inputs).toMatchObject({
      adminUserEnabled: true,
      tags: { 'kubeward-justification-acr.admin-user-disabled': JUSTIFICATION },
    });
    expect(() => new PrivateRegistry('admin2', { ...BASE, adminUser: { value: true, justification: ' ' } }))
      .toThrow(/argument 'adminUser' weakens a secure default and needs a justification \[acr\.admin-user-disabled\]/);
    expect(() => new PrivateRegistry('admin3', { ...BASE, adminUser: { value: false as unknown as true, justification: JUSTIFICATION } }))
      .toThrow(/argument 'adminUser' has value false.*\[acr\.admin-user-disabled\]/);
  });

  test('quarantine off: disabled and tagged with a justification, refused without', async () => {
    const p = await plan('noquar', { quarantine: { value: false, justification: JUSTIFICATION } });
    expect(p.child(TYPES.registry, 'registry').inputs).toMatchObject({
      policies: { quarantinePolicy: { status: 'disabled' } },
      tags: { 'kubeward-justification-acr.quarantine': JUSTIFICATION },
    });
    expect(() => new PrivateRegistry('noquar2', { ...BASE, quarantine: { value: false, justification: 'todo' } }))
      .toThrow(/argument 'quarantine'.*placeholder justification.*\[acr\.quarantine\]/);
  });

  test('imagePurge off: no task, the registry records the justification; refused without one', async () => {
    const p = await plan('nopurge', { imagePurge: { value: false, justification: JUSTIFICATION } });
    expect(p.children.filter((c) => c.type === TYPES.task || c.type === TYPES.pool)).toEqual([]);
    expect(p.component.purgeCommand).toBeUndefined();
    expect(p.warnings).toEqual([]);
    expect(p.child(TYPES.registry, 'registry').inputs.tags).toMatchObject({ 'kubeward-justification-acr.retention': JUSTIFICATION });
    expect(() => new PrivateRegistry('nopurge2', { ...BASE, imagePurge: { value: false, justification: '' } }))
      .toThrow(/argument 'imagePurge' weakens a secure default and needs a justification \[acr\.retention\]/);
  });
});

describe('PrivateRegistry refuses invalid arguments', () => {
  test.each([
    ['registryName', { registryName: 'my-registry' }, /argument 'registryName' is 'my-registry': a registry name is 5 to 50 letters and digits/],
    ['registryName too short', { registryName: 'acr' }, /argument 'registryName' is 'acr'/],
    ['no VNet and no zone', { virtualNetworkId: undefined }, /argument 'virtualNetworkId' is missing.*privateDnsZoneId/],
    ['retentionDays', { retentionDays: 400 }, /argument 'retentionDays' is 400: .*0 to 365.*\[acr\.retention\]/],
    ['retentionDays fraction', { retentionDays: 1.5 }, /argument 'retentionDays' is 1\.5/],
    ['logCategoryGroup', { logCategoryGroup: 'everything' as unknown as 'audit' }, /argument 'logCategoryGroup' is 'everything'/],
    ['purge schedule', { imagePurge: { schedule: 'daily' } }, /argument 'imagePurge'\.schedule is 'daily': give a five-field cron expression/],
    ['purge age', { imagePurge: { olderThanDays: 0 } }, /argument 'imagePurge'\.olderThanDays is 0.*\[acr\.retention\]/],
    ['purge keep', { imagePurge: { keepLatest: -1 } }, /argument 'imagePurge'\.keepLatest is -1/],
    ['purge no filters', { imagePurge: { filters: [] } }, /argument 'imagePurge'\.filters is empty/],
    ['purge filter injection', { imagePurge: { filters: [".*:.*' ; rm -rf"] } }, /argument 'imagePurge'\.filters holds/],
    ['purge filter without tag part', { imagePurge: { filters: ['team-a/.*'] } }, /argument 'imagePurge'\.filters holds 'team-a\/\.\*'/],
    ['imagePurge true', { imagePurge: { value: true as unknown as false, justification: JUSTIFICATION } }, /argument 'imagePurge' has value true/],
    ['quarantine true', { quarantine: { value: true as unknown as false, justification: JUSTIFICATION } }, /argument 'quarantine' has value true.*\[acr\.quarantine\]/],
    ['team name', { teamRepositories: { 'team a': ['team-a/*'] } }, /argument 'teamRepositories' has team 'team a'/],
    ['team without repositories', { teamRepositories: { 'team-a': [] } }, /gives team 'team-a' no repositories/],
    ['team with every repository', { teamRepositories: { 'team-a': ['*'] } }, /gives team 'team-a' the repository '\*'/],
    ['team with an uppercase repository', { teamRepositories: { 'team-a': ['Team-A/api'] } }, /the repository 'Team-A\/api'/],
  ] as [string, Partial<PrivateRegistryArgs>, RegExp][])('%s', (label, extra, message) => {
    const name = `bad-${label.replace(/[^a-z]/gi, '').toLowerCase()}`;
    expect(() => new PrivateRegistry(name, { ...BASE, ...extra })).toThrow(message);
  });
});

describe('PrivateRegistry helpers', () => {
  test('defaultRegistryName keeps letters and digits and stays within 5 to 50 characters', () => {
    expect(defaultRegistryName('Prod-EU_1')).toBe('prodeu1acr');
    expect(defaultRegistryName('x')).toBe('xacr0');
    expect(defaultRegistryName('a'.repeat(80))).toHaveLength(50);
  });

  test('teamActions grants read and write on content and metadata of each repository, never delete', () => {
    expect(teamActions(['a/b'])).toEqual(['repositories/a/b/content/read', 'repositories/a/b/content/write', 'repositories/a/b/metadata/read', 'repositories/a/b/metadata/write']);
  });

  test('purgeCommand and purgeTaskYaml', () => {
    const command = purgeCommand({ schedule: '0 3 * * *', olderThanDays: 7, keepLatest: 3, filters: ['.*:.*'] });
    expect(command).toBe("acr purge --filter '.*:.*' --ago 7d --keep 3 --untagged");
    expect(purgeTaskYaml(command)).toMatch(/^version: v1\.1\.0\nsteps:\n {2}- cmd: "acr purge/);
  });
});
