import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MOCK_SUBSCRIPTION_ID, mockId, type PlannedResource } from '../../lib/azure/mock-plan';
import { resolveField } from '../../lib/azure/policy/aliases';
import { ARM_TYPES } from '../../lib/azure/policy/arm-types';
import { evaluateExpression, type ExpressionScope } from '../../lib/azure/policy/expressions';
import {
  ALIAS_PATHS, buildArmView, evaluatePolicies, loadPolicyDefinitions, PolicyParameterError, UnsupportedPolicyConstructError,
  type EvaluatePoliciesOptions, type PolicyDefinitionFile, type PolicyResult,
} from '../../lib/azure/policy-evaluator';

// Small inline definitions in the shape of Azure/azure-policy built-ins; no file under
// ../shared is read.

const SUB = MOCK_SUBSCRIPTION_ID;
const T = {
  cluster: 'azure-native:containerservice:ManagedCluster',
  pool: 'azure-native:containerservice:AgentPool',
  registry: 'azure-native:containerregistry:Registry',
  token: 'azure-native:containerregistry:Token',
  workspace: 'azure-native:operationalinsights:Workspace',
  diag: 'azure-native:monitor:DiagnosticSetting',
  subDiag: 'azure-native:monitor:SubscriptionDiagnosticSetting',
  pricing: 'azure-native:security:Pricing',
  rg: 'azure-native:resources:ResourceGroup',
  pe: 'azure-native:network:PrivateEndpoint',
  assignment: 'azure-native:authorization:PolicyAssignment',
};

/** A planned resource as MockRecorder records it. */
function planned(type: string, name: string, inputs: Record<string, unknown> = {}): PlannedResource {
  return { type, name, urn: `urn:pulumi:test::proj::${type}::${name}`, parent: null, inputs };
}

/** What `resource.id` of a planned resource resolves to in mock mode. */
function idOf(resource: PlannedResource): string {
  return mockId(resource.type, resource.name, resource.inputs);
}

/** A definition file with the given rule (and parameters). */
function definition(file: string, rule: Record<string, unknown>, extra: Record<string, unknown> = {}): PolicyDefinitionFile {
  return {
    file,
    json: {
      name: extra.name ?? '11111111-2222-3333-4444-555555555555',
      properties: { displayName: `Display ${file}`, mode: 'Indexed', parameters: effectParameter('Audit'), ...extra, policyRule: rule },
    },
  };
}

function effectParameter(defaultValue: string, allowed = ['Audit', 'Deny', 'Disabled']): Record<string, unknown> {
  return { effect: { type: 'String', defaultValue, allowedValues: allowed } };
}

const AKS = 'Microsoft.ContainerService/managedClusters';
const ACR = 'Microsoft.ContainerRegistry/registries';
const DIAG = 'Microsoft.Insights/diagnosticSettings';

/** `if type == <type> and <condition>` with effect `[parameters('effect')]`. */
function auditRule(type: string, condition?: Record<string, unknown>): Record<string, unknown> {
  const typeCondition = { field: 'type', equals: type };
  return { if: condition ? { allOf: [typeCondition, condition] } : typeCondition, then: { effect: "[parameters('effect')]" } };
}

function run(resources: PlannedResource[], defs: PolicyDefinitionFile[], options: EvaluatePoliciesOptions = {}): PolicyResult[] {
  return evaluatePolicies(resources, defs, { strict: true, ...options });
}

/** The single result of a one-definition run for one resource (by Pulumi name) or the null row. */
function only(rows: PolicyResult[], name?: string): PolicyResult {
  const hits = rows.filter((r) => (name === undefined ? true : r.resource?.endsWith(`::${name}`)));
  if (hits.length !== 1) throw new Error(`expected one result${name ? ` for ${name}` : ''}, got ${JSON.stringify(rows, null, 2)}`);
  return hits[0];
}

const hardenedCluster = (extra: Record<string, unknown> = {}): PlannedResource => planned(T.cluster, 'aks', {
  resourceGroupName: 'rg',
  resourceName: 'aks-prod',
  location: 'westeurope',
  apiServerAccessProfile: { enablePrivateCluster: true, disableRunCommand: true },
  disableLocalAccounts: true,
  addonProfiles: { azurepolicy: { enabled: true } },
  agentPoolProfiles: [{ name: 'system', mode: 'System', enableEncryptionAtHost: true }],
  ...extra,
});

describe('loadPolicyDefinitions', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-policy-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const valid = JSON.stringify({ properties: { mode: 'All', policyRule: { if: { field: 'type', equals: 'x' }, then: { effect: 'audit' } } } });

  test('reads *.json files recursively, sorted by relative path, ignoring other files', () => {
    write('b.json', valid);
    write('a.json', `\uFEFF${valid}`);
    write('Kubernetes/c.json', valid);
    write('README.md', '# not a definition');
    const defs = loadPolicyDefinitions(dir);
    expect(defs.map((d) => d.file)).toEqual(['Kubernetes/c.json', 'a.json', 'b.json']);
    expect((defs[1].json as { properties: { mode: string } }).properties.mode).toBe('All');
  });

  test('invalid JSON is an error naming the file, line and column', () => {
    write('bad.json', '{\n  "properties": {\n    "mode": "All",,\n  }\n}');
    expect(() => loadPolicyDefinitions(dir)).toThrow(/bad\.json: invalid JSON: .*\(line 3, column 19\)/);
  });

  test('JSON that is not a policy definition is an error naming what is missing', () => {
    write('x.json', JSON.stringify({ properties: { mode: 'All' } }));
    expect(() => loadPolicyDefinitions(dir)).toThrow(/x\.json: not an Azure Policy definition: no policyRule/);
    write('x.json', JSON.stringify({ policyRule: { if: { field: 'type', equals: 'x' }, then: {} } }));
    expect(() => loadPolicyDefinitions(dir)).toThrow(/no then\.effect/);
    write('x.json', '[1, 2]');
    expect(() => loadPolicyDefinitions(dir)).toThrow(/holds no JSON object/);
  });

  test('a missing folder, a file and an empty folder are errors', () => {
    expect(() => loadPolicyDefinitions(path.join(dir, 'nope'))).toThrow(/nope: no such directory/);
    write('f.json', valid);
    expect(() => loadPolicyDefinitions(path.join(dir, 'f.json'))).toThrow(/not a directory/);
    fs.rmSync(path.join(dir, 'f.json'));
    expect(() => loadPolicyDefinitions(dir)).toThrow(/no policy definition files/);
  });
});

describe('ARM view of planned resources', () => {
  test('maps type tokens to ARM types, names and ids; flattened inputs go back under properties', () => {
    const view = buildArmView([
      planned(T.rg, 'rg', { resourceGroupName: 'rg-prod', location: 'westeurope', tags: { team: 'a' } }),
      planned(T.cluster, 'aks', { resourceGroupName: 'rg', resourceName: 'aks-prod', sku: { name: 'Base', tier: 'Standard' }, identity: { type: 'SystemAssigned' }, kind: 'x', disableLocalAccounts: true }),
      planned(T.workspace, 'law', { resourceGroupName: 'rg', workspaceName: 'law-prod', sku: { name: 'PerGB2018' } }),
      planned('azure-native:containerservice/v20240901:AgentPool', 'pool', { resourceGroupName: 'rg', resourceName: 'aks-prod', agentPoolName: 'user1', type: 'VirtualMachineScaleSets', tags: { a: 'b' } }),
      planned('kubernetes:core/v1:Namespace', 'ns', {}),
      planned('kubeward:azure:SecureAksCluster', 'c', {}),
    ]);
    const [sub, rg, aks, law, pool] = view.resources;
    expect(view.resources).toHaveLength(5);
    expect(sub).toMatchObject({ id: `/subscriptions/${SUB}`, type: 'Microsoft.Resources/subscriptions', urn: null, indexed: false });
    expect(rg).toMatchObject({ id: `/subscriptions/${SUB}/resourceGroups/rg-prod`, type: 'Microsoft.Resources/subscriptions/resourceGroups', name: 'rg-prod', indexed: false });
    expect(rg.body).toMatchObject({ location: 'westeurope', tags: { team: 'a' }, properties: {} });
    expect(aks.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod`);
    expect(aks.body).toEqual({
      id: aks.id,
      type: AKS,
      name: 'aks-prod',
      sku: { name: 'Base', tier: 'Standard' },
      identity: { type: 'SystemAssigned' },
      kind: 'x',
      location: 'westeurope',
      properties: { disableLocalAccounts: true, agentPoolProfiles: [{ name: 'user1', type: 'VirtualMachineScaleSets', tags: { a: 'b' } }] },
    });
    // A Log Analytics workspace keeps its sku under properties.
    expect(law.body).toMatchObject({ name: 'law-prod', properties: { sku: { name: 'PerGB2018' } } });
    expect(law.body.sku).toBeUndefined();
    expect(pool).toMatchObject({ type: `${AKS}/agentPools`, name: 'user1', fullName: 'aks-prod/user1', indexed: false });
    expect(pool.id).toBe(`${aks.id}/agentPools/user1`);
    expect(pool.body.properties).toEqual({ type: 'VirtualMachineScaleSets', tags: { a: 'b' } });
  });

  test('moves mock-mode ids into the plan\'s subscription and gives extension resources their scope', () => {
    const cluster = planned(T.cluster, 'aks', { resourceGroupName: 'rg' });
    const workspace = planned(T.workspace, 'law', { resourceGroupName: 'rg' });
    const view = buildArmView([
      planned(T.rg, 'rg', { location: 'westeurope' }),
      cluster,
      workspace,
      planned(T.diag, 'aks-diag', { resourceUri: idOf(cluster), name: 'to-law', workspaceId: idOf(workspace) }),
      planned(T.pricing, 'defender', { scopeId: `subscriptions/${SUB}`, pricingName: 'Containers', pricingTier: 'Standard' }),
      planned(T.subDiag, 'activity', { workspaceId: idOf(workspace) }),
    ], { subscriptionId: 'abc' });
    const byName = (n: string) => view.resources.find((r) => r.urn?.endsWith(`::${n}`))!;
    const clusterId = '/subscriptions/abc/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks';
    const lawId = '/subscriptions/abc/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law';
    expect(byName('aks').id).toBe(clusterId);
    expect(byName('aks-diag')).toMatchObject({ type: DIAG, name: 'to-law', scope: clusterId, id: `${clusterId}/providers/Microsoft.Insights/diagnosticSettings/to-law` });
    expect(byName('aks-diag').body.properties).toEqual({ workspaceId: lawId });
    expect(byName('defender')).toMatchObject({ type: 'Microsoft.Security/pricings', name: 'Containers', scope: '/subscriptions/abc' });
    expect(byName('defender').body.properties).toEqual({ pricingTier: 'Standard' });
    expect(byName('activity')).toMatchObject({ type: DIAG, scope: '/subscriptions/abc' });
    expect(view.canonicalId(`${idOf(cluster)}/agentPools/x`)).toBe(`${clusterId}/agentPools/x`);
    expect(view.canonicalId('/subscriptions/other/resourceGroups/rg')).toBe('/subscriptions/other/resourceGroups/rg');
  });

  test('adds what ARM shows after deployment: inherited location, private endpoint connections; unwraps secrets', () => {
    const registry = planned(T.registry, 'acr', { resourceGroupName: 'rg', sku: { name: 'Premium' } });
    const view = buildArmView([
      planned(T.rg, 'rg', { location: 'West Europe' }),
      registry,
      planned(T.pe, 'pe', { resourceGroupName: 'rg', location: 'westeurope', privateLinkServiceConnections: [{ name: 'c1', privateLinkServiceId: idOf(registry), groupIds: ['registry'] }] }),
      planned(T.pe, 'pe-manual', { resourceGroupName: 'rg', manualPrivateLinkServiceConnections: [{ name: 'c2', privateLinkServiceId: idOf(registry) }] }),
      planned(T.cluster, 'aks', { resourceGroupName: 'rg', linuxProfile: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', 'value': { adminUsername: 'azureuser' } } }),
      planned('azure-native:widgets:FooBar', 'w', { resourceGroupName: 'rg', fooBarName: 'w1', location: 'westeurope', size: 3 }),
    ]);
    const byName = (n: string) => view.resources.find((r) => r.urn?.endsWith(`::${n}`))!;
    const acr = byName('acr');
    expect(acr.body.location).toBe('West Europe');
    expect(acr.notes.join()).toMatch(/inherited from resource group 'rg'/);
    type Connection = { name: string; properties: Record<string, any> };
    const connections = (acr.body.properties as { privateEndpointConnections: Connection[] }).privateEndpointConnections;
    expect(connections.map((c) => [c.name, c.properties.privateLinkServiceConnectionState.status])).toEqual([['c1', 'Approved'], ['c2', 'Pending']]);
    expect(connections[0].properties.privateEndpoint.id).toBe(byName('pe').id);
    expect(byName('aks').body.properties).toEqual({ linuxProfile: { adminUsername: 'azureuser' } });
    expect(byName('w')).toMatchObject({ type: 'Microsoft.Widgets/fooBars', name: 'w1', indexed: true });
    expect(byName('w').notes[0]).toMatch(/not in the mapping table/);
  });

  test('the mapping table covers the resource types of the platform components', () => {
    for (const token of [T.cluster, T.pool, T.registry, T.token, T.workspace, T.diag, T.subDiag, T.pricing, T.rg, T.pe, T.assignment,
      'azure-native:network:VirtualNetwork', 'azure-native:network:Subnet', 'azure-native:privatedns:PrivateZone', 'azure-native:privatedns:VirtualNetworkLink',
      'azure-native:network:PrivateDnsZoneGroup', 'azure-native:monitor:AzureMonitorWorkspace', 'azure-native:monitor:DataCollectionRule',
      'azure-native:monitor:DataCollectionRuleAssociation', 'azure-native:managedidentity:UserAssignedIdentity', 'azure-native:authorization:RoleAssignment']) {
      expect(ARM_TYPES[token]?.arm).toMatch(/^Microsoft\.[A-Za-z]+\/[A-Za-z]+/);
    }
  });

  test('an empty plan or one without Azure resources has no subscription', () => {
    expect(buildArmView([]).resources).toEqual([]);
    expect(buildArmView([planned('kubernetes:core/v1:Namespace', 'ns')]).resources).toEqual([]);
  });
});

describe('field references', () => {
  test('every alias of the alias table resolves to its path on its own type, and to nothing on another type', () => {
    for (const [alias, armPath] of Object.entries(ALIAS_PATHS)) {
      const type = alias.split('/').slice(0, alias.split('/').length - 1).join('/');
      const ref = resolveField(alias, type);
      expect(ref.kind).toBe('path');
      expect(ref.kind === 'path' && ref.path.join('.').replace(/\.\*/g, '[*]')).toBe(armPath);
      expect(resolveField(alias, 'Microsoft.Other/things').kind).toBe('foreign');
    }
  });

  test('the general rule puts a path under properties unless it starts with a top-level field', () => {
    expect(resolveField(`${AKS}/networkProfile.networkPolicy`, AKS)).toMatchObject({ path: ['properties', 'networkProfile', 'networkPolicy'], label: 'networkProfile.networkPolicy' });
    expect(resolveField(`${AKS}/sku.tier`, AKS)).toMatchObject({ path: ['sku', 'tier'] });
    expect(resolveField(`${AKS}/identity.type`, AKS)).toMatchObject({ path: ['identity', 'type'] });
    expect(resolveField('microsoft.containerservice/MANAGEDCLUSTERS/agentPoolProfiles[*].osSKU', AKS)).toMatchObject({ path: ['properties', 'agentPoolProfiles', '*', 'osSKU'] });
    // A child type's alias does not read the parent.
    expect(resolveField(`${ACR}/tokens/status`, ACR).kind).toBe('foreign');
  });

  test('special fields and tags', () => {
    expect(resolveField('Type', AKS)).toMatchObject({ kind: 'special', field: 'type' });
    expect(resolveField('fullName', AKS)).toMatchObject({ kind: 'special', field: 'fullName' });
    expect(resolveField('identity.type', AKS)).toMatchObject({ path: ['identity', 'type'] });
    expect(resolveField("tags['cost.center']", AKS)).toMatchObject({ path: ['tags', 'cost.center'] });
    expect(resolveField("tags['''quoted''']", AKS)).toMatchObject({ path: ['tags', "'quoted'"] });
    expect(resolveField('tags.env', AKS)).toMatchObject({ path: ['tags', 'env'] });
    expect(resolveField('tags[env]', AKS)).toMatchObject({ path: ['tags', 'env'] });
    expect(() => resolveField('somethingElse', AKS)).toThrow(UnsupportedPolicyConstructError);
  });
});

describe('template expressions', () => {
  const scope: ExpressionScope = {
    parameter: (n) => ({ list: ['a', 'b'], days: '30', flag: 'audit' } as Record<string, unknown>)[n],
    field: (n) => (n === 'name' ? 'aks-prod' : ''),
    current: () => ({ category: 'guard', enabled: 'True' }),
    subscription: () => ({ subscriptionId: SUB }),
    resourceGroup: () => ({ name: 'rg' }),
  };
  test.each([
    ["[parameters('list')]", ['a', 'b']],
    ["[length(parameters('list'))]", 2],
    ["[first(parameters('list'))]", 'a'],
    ["[padLeft(parameters('days'), 3, '0')]", '030'],
    ["[padLeft(7, 3, '0')]", '007'],
    ["[equals(parameters('flag'), 'audit')]", true],
    ["[equals(parameters('flag'), 'allLogs')]", false],
    ["[current('x').category]", 'guard'],
    ["[concat('tags[', field('name'), ']')]", 'tags[aks-prod]'],
    ["[toLower('AbC')]", 'abc'],
    ["[if(empty(parameters('list')), 'none', 'some')]", 'some'],
    ['[subscription().subscriptionId]', SUB],
    ['[resourceGroup().name]', 'rg'],
    ["['it''s']", "it's"],
    ["[split('a,b', ',')[1]]", 'b'],
    ["[not(contains(parameters('list'), 'c'))]", true],
  ])('%s', (expr, expected) => {
    expect(evaluateExpression(expr, scope)).toEqual(expected);
  });

  test('unsupported and refused functions are loud errors', () => {
    expect(() => evaluateExpression('[utcNow()]', scope)).toThrow(/template function 'utcNow' in \[utcNow\(\)\] depends on the clock/);
    expect(() => evaluateExpression("[frobnicate('x')]", scope)).toThrow(UnsupportedPolicyConstructError);
    expect(() => evaluateExpression("[concat('a']", scope)).toThrow(/cannot parse the expression/);
  });
});

describe('Audit and Deny: property conditions', () => {
  const privateCluster = definition('AKS_Private.json', auditRule(AKS, { field: `${AKS}/apiServerAccessProfile.enablePrivateCluster`, notEquals: true }));

  test('compliant when the rule does not match, non-compliant when it does, with the deciding field', () => {
    const rows = run([hardenedCluster(), planned(T.cluster, 'plain', { resourceGroupName: 'rg', location: 'westeurope' })], [privateCluster]);
    expect(rows).toHaveLength(2);
    expect(only(rows, 'aks')).toEqual({
      definition: 'AKS_Private.json',
      displayName: 'Display AKS_Private.json',
      effect: 'Audit',
      resource: 'urn:pulumi:test::proj::azure-native:containerservice:ManagedCluster::aks',
      type: AKS,
      result: 'compliant',
      reason: 'the rule does not match: apiServerAccessProfile.enablePrivateCluster = true → notEquals true is false',
    });
    expect(only(rows, 'plain')).toMatchObject({ result: 'non-compliant', reason: 'the rule matches (Audit): apiServerAccessProfile.enablePrivateCluster is absent → notEquals true is true' });
  });

  test('the effect comes from the parameter default, an option, or a planned policy assignment of the definition', () => {
    const plan = [planned(T.cluster, 'plain', { resourceGroupName: 'rg', location: 'westeurope' })];
    expect(only(run(plan, [privateCluster], { parameters: { effect: 'deny' } })).effect).toBe('Deny');
    expect(only(run(plan, [privateCluster], { definitionParameters: { 'AKS_Private.json': { effect: 'Deny' } }, parameters: { effect: 'Audit' } })).effect).toBe('Deny');
    const assigned = [...plan, planned(T.assignment, 'pa', {
      scope: `/subscriptions/${SUB}`, policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/11111111-2222-3333-4444-555555555555', parameters: { effect: { value: 'Deny' } },
    })];
    const row = only(run(assigned, [privateCluster]));
    expect(row).toMatchObject({ effect: 'Deny', result: 'non-compliant' });
    expect(row.reason).toMatch(/parameters from the planned policy assignment urn:pulumi:test::proj::azure-native:authorization:PolicyAssignment::pa$/);
  });

  test('Disabled, an effect outside allowedValues and a missing parameter give one not-applicable row', () => {
    const plan = [hardenedCluster()];
    expect(run(plan, [privateCluster], { parameters: { effect: 'Disabled' } })).toEqual([expect.objectContaining({
      resource: null, type: AKS, effect: 'Disabled', result: 'not-applicable', reason: 'the effect is Disabled: nothing is evaluated',
    })]);
    expect(only(run(plan, [privateCluster], { parameters: { effect: 'Append' } }))).toMatchObject({
      resource: null, result: 'not-applicable', reason: expect.stringMatching(/parameter 'effect' = "Append" \(from options.parameters\) is not one of its allowedValues/),
    });
    const locations = definition('Locations.json', {
      if: { allOf: [{ field: 'location', notIn: "[parameters('listOfAllowedLocations')]" }, { field: 'location', notEquals: 'global' }] },
      then: { effect: 'deny' },
    }, { parameters: { listOfAllowedLocations: { type: 'Array' } } });
    expect(only(run(plan, [locations]))).toMatchObject({
      resource: null, effect: 'Deny', result: 'not-applicable', reason: expect.stringMatching(/^parameter 'listOfAllowedLocations' has no defaultValue/),
    });
  });

  test('locations compare normalised, inherited from the resource group when unset; subscriptions and resource groups are not Indexed', () => {
    const locations = definition('Locations.json', {
      if: { allOf: [{ field: 'location', notIn: "[parameters('listOfAllowedLocations')]" }, { field: 'location', notEquals: 'global' }] },
      then: { effect: 'deny' },
    }, { parameters: { listOfAllowedLocations: { type: 'Array' } } });
    const plan = [
      planned(T.rg, 'rg', { location: 'eastus' }),
      planned(T.cluster, 'aks', { resourceGroupName: 'rg', location: 'West Europe' }),
      planned(T.registry, 'acr', { resourceGroupName: 'rg' }),
      planned('azure-native:privatedns:PrivateZone', 'zone', { resourceGroupName: 'rg' }),
    ];
    const rows = run(plan, [locations], { parameters: { listOfAllowedLocations: ['westeurope'] } });
    expect(rows.map((r) => [r.resource?.split('::').pop(), r.result])).toEqual([['aks', 'compliant'], ['acr', 'non-compliant'], ['zone', 'compliant']]);
    expect(only(rows, 'acr').reason).toBe("the rule matches (Deny): location = \"eastus\" → notIn [\"westeurope\"] is true; location = \"eastus\" → notEquals \"global\" is true (location 'eastus' is inherited from resource group 'rg' (azure-native sets it so))");
    // Mode All includes the resource group, but a location condition never applies to the subscription.
    const all = run(plan, [{ ...locations, json: { properties: { ...(locations.json as any).properties, mode: 'All' } } }], { parameters: { listOfAllowedLocations: ['westeurope'] } });
    expect(all.map((r) => r.resource?.split('::').pop())).toEqual(['rg', 'aks', 'acr', 'zone']);
  });

  test('applicability: only type (and, with other conditions, name/kind) conditions decide which resources get a row', () => {
    const byName = definition('Name.json', { if: { allOf: [{ field: 'type', equals: ACR }, { field: 'name', like: 'prod*' }, { field: `${ACR}/adminUserEnabled`, equals: true }] }, then: { effect: 'audit' } });
    const plan = [
      planned(T.registry, 'a', { resourceGroupName: 'rg', registryName: 'prodacr', adminUserEnabled: true, location: 'westeurope' }),
      planned(T.registry, 'b', { resourceGroupName: 'rg', registryName: 'devacr', adminUserEnabled: true, location: 'westeurope' }),
      hardenedCluster(),
    ];
    expect(run(plan, [byName]).map((r) => [r.resource?.split('::').pop(), r.result])).toEqual([['a', 'non-compliant']]);
    const onlyName = definition('OnlyName.json', { if: { field: 'name', like: 'prod*' }, then: { effect: 'audit' } });
    expect(run(plan, [onlyName]).map((r) => [r.resource?.split('::').pop(), r.result])).toEqual([['a', 'non-compliant'], ['b', 'compliant'], ['aks', 'compliant']]);
    const notType = definition('NotType.json', { if: { not: { field: 'type', notEquals: AKS } }, then: { effect: 'audit' } });
    expect(run(plan, [notType]).map((r) => r.resource?.split('::').pop())).toEqual(['aks']);
  });

  test('a definition that applies to nothing appears once, with the type it targets', () => {
    const tokens = definition('Tokens.json', auditRule(`${ACR}/tokens`, { field: `${ACR}/tokens/status`, notEquals: 'disabled' }), { mode: 'All' });
    expect(run([hardenedCluster()], [tokens])).toEqual([{
      definition: 'Tokens.json',
      displayName: 'Display Tokens.json',
      effect: 'Audit',
      resource: null,
      type: `${ACR}/tokens`,
      result: 'not-applicable',
      reason: `no planned resource of type ${ACR}/tokens`,
    }]);
    const token = planned(T.token, 'tok', { resourceGroupName: 'rg', registryName: 'acr', status: 'enabled' });
    expect(only(run([token], [tokens]))).toMatchObject({ result: 'non-compliant', type: `${ACR}/tokens`, reason: 'the rule matches (Audit): status = "enabled" → notEquals "disabled" is true' });
    // Child types have no tags and location: mode Indexed does not evaluate them.
    const indexed = definition('TokensIndexed.json', auditRule(`${ACR}/tokens`));
    expect(only(run([token], [indexed])).reason).toMatch(/not evaluated by this definition \(mode Indexed evaluates only types that support tags and location\)/);
  });

  test('every definition appears, in order; other modes and plan-less effects are not applicable', () => {
    const kube = definition('Kube.json', auditRule(AKS), { mode: 'Microsoft.Kubernetes.Data' });
    const manual = definition('Manual.json', { if: { field: 'type', equals: AKS }, then: { effect: 'manual' } });
    const rows = run([hardenedCluster()], [kube, manual, definition('Any.json', auditRule(AKS))]);
    expect(rows.map((r) => [r.definition, r.result])).toEqual([['Kube.json', 'not-applicable'], ['Manual.json', 'not-applicable'], ['Any.json', 'non-compliant']]);
    expect(rows[0].reason).toMatch(/mode 'Microsoft.Kubernetes.Data' is evaluated by the Azure Policy add-on/);
    expect(rows[1].reason).toMatch(/the effect Manual is an attestation/);
    expect(rows[2].reason).toBe('the rule matches (Audit): every resource of this type');
  });
});

describe('conditions', () => {
  /** The result for one cluster of `if type == AKS and <condition>`. */
  const check = (condition: Record<string, unknown>, inputs: Record<string, unknown> = {}, options: EvaluatePoliciesOptions = {}): PolicyResult =>
    only(run([planned(T.cluster, 'aks', { resourceGroupName: 'rg', location: 'westeurope', ...inputs })], [definition('D.json', auditRule(AKS, condition), { parameters: { ...effectParameter('Audit'), list: { type: 'Array', defaultValue: ['a', 'B'] } } })], options));
  const matches = (condition: Record<string, unknown>, inputs: Record<string, unknown> = {}): boolean => check(condition, inputs).result === 'non-compliant';
  const F = (p: string) => `${AKS}/${p}`;

  test('equals / notEquals: case-insensitive; booleans and numbers equal their string forms; absent only satisfies notEquals', () => {
    expect(matches({ field: F('networkProfile.networkPolicy'), equals: 'CILIUM' }, { networkProfile: { networkPolicy: 'cilium' } })).toBe(true);
    expect(matches({ field: F('disableLocalAccounts'), equals: 'True' }, { disableLocalAccounts: true })).toBe(true);
    expect(matches({ field: F('disableLocalAccounts'), notEquals: 'true' }, { disableLocalAccounts: true })).toBe(false);
    expect(matches({ field: F('maxAgentPools'), equals: '10' }, { maxAgentPools: 10 })).toBe(true);
    expect(matches({ field: F('disableLocalAccounts'), equals: false })).toBe(false);
    expect(matches({ field: F('disableLocalAccounts'), notEquals: true })).toBe(true);
    expect(matches({ field: F('diskEncryptionSetID'), equals: '' })).toBe(false);
  });

  test('addonProfiles keys match case-insensitively', () => {
    expect(matches({ field: F('addonProfiles.azurePolicy.enabled'), equals: 'true' }, { addonProfiles: { azurepolicy: { enabled: true } } })).toBe(true);
  });

  test('exists takes booleans or their strings', () => {
    expect(matches({ field: F('aadProfile'), exists: 'false' })).toBe(true);
    expect(matches({ field: F('aadProfile'), exists: 'False' }, { aadProfile: {} })).toBe(false);
    expect(matches({ field: F('aadProfile'), exists: true }, { aadProfile: { managed: true } })).toBe(true);
    expect(matches({ field: F('aadProfile'), exists: true }, { aadProfile: null })).toBe(false);
    expect(() => check({ field: F('aadProfile'), exists: 'maybe' })).toThrow(/'exists' takes true or false/);
  });

  test('in / notIn with parameters; like / notLike; match; contains; containsKey', () => {
    expect(matches({ field: F('kubernetesVersion'), in: "[parameters('list')]" }, { kubernetesVersion: 'b' })).toBe(true);
    expect(matches({ field: F('kubernetesVersion'), notIn: "[parameters('list')]" })).toBe(true);
    expect(matches({ field: F('kubernetesVersion'), in: "[parameters('list')]" })).toBe(false);
    expect(matches({ field: F('kubernetesVersion'), Like: '1.2*' }, { kubernetesVersion: '1.29.4' })).toBe(true);
    expect(matches({ field: F('kubernetesVersion'), notLike: '1.2*' }, { kubernetesVersion: '1.30.0' })).toBe(true);
    expect(matches({ field: 'name', match: 'aks-####' }, { resourceName: 'aks-2024' })).toBe(true);
    expect(matches({ field: 'name', match: 'AKS-####' }, { resourceName: 'aks-2024' })).toBe(false);
    expect(matches({ field: 'name', matchInsensitively: 'AKS-??##' }, { resourceName: 'aks-ab24' })).toBe(true);
    expect(matches({ field: 'name', notMatch: '.....' }, { resourceName: 'aks' })).toBe(true);
    expect(matches({ field: F('dnsPrefix'), contains: 'PROD' }, { dnsPrefix: 'aks-prod-1' })).toBe(true);
    expect(matches({ field: F('apiServerAccessProfile.authorizedIPRanges'), contains: '10.0.0.0/8' }, { apiServerAccessProfile: { authorizedIPRanges: ['10.0.0.0/8'] } })).toBe(true);
    expect(matches({ field: F('dnsPrefix'), notContains: 'prod' })).toBe(true);
    expect(matches({ field: 'tags', containsKey: 'Owner' }, { tags: { owner: 'x' } })).toBe(true);
    expect(matches({ field: 'tags', notContainsKey: 'owner' })).toBe(true);
    expect(matches({ field: "tags['cost-center']", equals: 'C1' }, { tags: { 'cost-center': 'c1' } })).toBe(true);
  });

  test('less / greater compare numbers, numeric strings and strings; absent is never less or greater', () => {
    expect(matches({ field: F('maxAgentPools'), greater: 5 }, { maxAgentPools: 10 })).toBe(true);
    expect(matches({ field: F('maxAgentPools'), lessOrEquals: '10' }, { maxAgentPools: 10 })).toBe(true);
    expect(matches({ field: F('kubernetesVersion'), greaterOrEquals: '1.28' }, { kubernetesVersion: '1.30.1' })).toBe(true);
    expect(matches({ field: F('maxAgentPools'), less: 5 })).toBe(false);
  });

  test('value conditions, not, anyOf', () => {
    expect(matches({ value: "[length(parameters('list'))]", equals: 2 })).toBe(true);
    expect(matches({ value: "[first(parameters('list'))]", equals: '*' })).toBe(false);
    expect(matches({ not: { field: F('disableLocalAccounts'), equals: true } })).toBe(true);
    expect(matches({ anyof: [{ field: F('disableLocalAccounts'), exists: false }, { field: F('disableLocalAccounts'), equals: false }] }, { disableLocalAccounts: false })).toBe(true);
  });

  test('a [*] alias outside count holds only when every element satisfies it (and on an empty array)', () => {
    const encrypted = { field: F('agentPoolProfiles[*].enableEncryptionAtHost'), equals: true };
    expect(matches(encrypted, { agentPoolProfiles: [{ name: 'a', enableEncryptionAtHost: true }, { name: 'b', enableEncryptionAtHost: true }] })).toBe(true);
    const mixed = check(encrypted, { agentPoolProfiles: [{ name: 'a', enableEncryptionAtHost: true }, { name: 'b' }] });
    expect(mixed).toMatchObject({ result: 'compliant', reason: 'the rule does not match: agentPoolProfiles[*].enableEncryptionAtHost element #1 is absent → equals true is false' });
    expect(matches(encrypted, { agentPoolProfiles: [] })).toBe(true);
    expect(matches(encrypted)).toBe(true);
  });

  test('field count with where binds the counted element; agent pools created separately are counted too', () => {
    const unencrypted = {
      count: {
        field: F('agentPoolProfiles[*]'),
        where: { anyOf: [{ field: F('agentPoolProfiles[*].enableEncryptionAtHost'), exists: 'False' }, { field: F('agentPoolProfiles[*].enableEncryptionAtHost'), equals: 'false' }] },
      },
      greater: 0,
    };
    const rule = definition('Enc.json', auditRule(AKS, unencrypted));
    const cluster = hardenedCluster();
    expect(only(run([cluster], [rule])).result).toBe('compliant');
    const withPool = [cluster, planned(T.pool, 'pool', { resourceGroupName: 'rg', resourceName: 'aks-prod', agentPoolName: 'user1', enableEncryptionAtHost: false })];
    expect(only(run(withPool, [rule]), 'aks')).toMatchObject({
      result: 'non-compliant',
      reason: expect.stringContaining("count(agentPoolProfiles[*] where …) = 1 → greater 0 is true [agentPoolProfiles[1] ('user1'): agentPoolProfiles[*].enableEncryptionAtHost = false → equals \"false\" is true]"),
    });
    expect(only(run(withPool, [rule]), 'aks').reason).toMatch(/agentPoolProfiles include agent pool 'user1'/);
    // Without where: the array's length; an absent array counts 0.
    expect(matches({ count: { field: F('agentPoolProfiles[*]') }, equals: 0 })).toBe(true);
    expect(matches({ count: { field: F('agentPoolProfiles[*]') }, equals: "[length(parameters('list'))]" }, { agentPoolProfiles: [{}, {}] })).toBe(true);
  });

  test('value count with a name, current() and a nested field count', () => {
    const condition = {
      count: {
        value: "[parameters('list')]",
        name: 'wanted',
        where: { count: { field: F('aadProfile.adminGroupObjectIDs[*]'), where: { field: F('aadProfile.adminGroupObjectIDs[*]'), equals: "[current('wanted')]" } }, greater: 0 },
      },
      equals: "[length(parameters('list'))]",
    };
    expect(matches(condition, { aadProfile: { adminGroupObjectIDs: ['A', 'b', 'c'] } })).toBe(true);
    expect(check(condition, { aadProfile: { adminGroupObjectIDs: ['a'] } }).reason).toMatch(/count\(wanted where …\) = 1 → equals 2 is false \[wanted "B": count\(aadProfile.adminGroupObjectIDs\[\*\] where …\) = 0 → greater 0 is false\]/);
    expect(matches({ count: { value: ['x', 'y'], where: { value: '[current()]', equals: 'y' } }, equals: 1 })).toBe(true);
    expect(matches({ count: { field: F('agentPoolProfiles[*]'), where: { value: "[current('Microsoft.ContainerService/managedClusters/agentPoolProfiles[*].count')]", greater: 2 } }, equals: 1 }, { agentPoolProfiles: [{ count: 3 }, { count: 1 }] })).toBe(true);
  });

  test('malformed conditions and unknown operators fail loudly in strict mode and are non-compliant otherwise', () => {
    expect(() => check({ field: F('x'), frobs: 1 })).toThrow(UnsupportedPolicyConstructError);
    expect(() => check({ field: F('x'), frobs: 1 })).toThrow(/D\.json: condition key 'frobs'/);
    expect(() => check({ field: F('x') })).toThrow(/exactly one operator/);
    expect(() => check({ field: F('x'), equals: 1, notEquals: 2 })).toThrow(/exactly one operator/);
    expect(() => check({ field: F('x'), value: 'y', equals: 1 })).toThrow(/exactly one of field, value or count/);
    expect(() => check({ count: { field: F('aadProfile') }, equals: 0 })).toThrow(/count.field must be an \[\*\] alias/);
    const lenient = check({ value: '[utcNow()]', equals: 'x' }, {}, { strict: false });
    expect(lenient).toMatchObject({ result: 'non-compliant', reason: "kubeward cannot evaluate this definition: template function 'utcNow' in [utcNow()] depends on the clock" });
  });

  test('a value unknown until deployment cannot pass', () => {
    expect(check({ field: F('dnsPrefix'), equals: 'x' }, { dnsPrefix: '04da6b54-80e4-46f7-96ec-b56ff0331ba9' })).toMatchObject({
      result: 'non-compliant', reason: expect.stringMatching(/^cannot decide: dnsPrefix of urn:.*::aks is not known until deployment/),
    });
  });
});

describe('AuditIfNotExists and DeployIfNotExists', () => {
  const diagnostics = definition('Diag.json', {
    if: { field: 'type', equals: AKS },
    then: {
      effect: "[parameters('effect')]",
      details: {
        type: DIAG,
        existenceCondition: {
          allOf: [
            { count: { field: `${DIAG}/logs[*]`, where: { allOf: [{ field: `${DIAG}/logs[*].category`, equals: 'kube-audit-admin' }, { field: `${DIAG}/logs.enabled`, equals: 'true' }] } }, equals: 1 },
            { field: `${DIAG}/workspaceId`, equals: "[parameters('logAnalytics')]" },
          ],
        },
      },
    },
  }, { parameters: { effect: { type: 'String', defaultValue: 'AuditIfNotExists' }, logAnalytics: { type: 'String' } } });
  const lawArm = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law`;
  const workspace = planned(T.workspace, 'law', { resourceGroupName: 'rg' });
  const cluster = planned(T.cluster, 'aks', { resourceGroupName: 'rg' });
  const base = [planned(T.rg, 'rg', { location: 'westeurope' }), workspace, cluster];
  const setting = (name: string, target: PlannedResource, logs: unknown[]): PlannedResource =>
    planned(T.diag, name, { resourceUri: idOf(target), workspaceId: idOf(workspace), logs });

  test('compliant when a related resource on the evaluated resource satisfies the existenceCondition', () => {
    const rows = run([...base, setting('aks-diag', cluster, [{ category: 'kube-audit-admin', enabled: true }, { category: 'guard', enabled: false }])], [diagnostics], { parameters: { logAnalytics: lawArm } });
    expect(only(rows)).toMatchObject({
      effect: 'AuditIfNotExists',
      type: AKS,
      result: 'compliant',
      reason: expect.stringMatching(/^DiagnosticSetting 'aks-diag' satisfies the existenceCondition: count\(logs\[\*\] where …\) = 1 → equals 1 is true; workspaceId = /),
    });
  });

  test('non-compliant when the related resource is missing from the plan, or none satisfies the condition', () => {
    expect(only(run(base, [diagnostics], { parameters: { logAnalytics: lawArm } }))).toMatchObject({
      result: 'non-compliant',
      reason: 'no Microsoft.Insights/diagnosticSettings for this resource is in the plan (AuditIfNotExists needs one that satisfies the existenceCondition); a resource outside the plan cannot be checked',
    });
    const otherCluster = planned(T.cluster, 'other', { resourceGroupName: 'rg' });
    const other = [...base, otherCluster, setting('other-diag', otherCluster, [{ category: 'kube-audit-admin', enabled: true }]), setting('aks-diag', cluster, [{ category: 'kube-audit-admin', enabled: false }])];
    const rows = run(other, [diagnostics], { parameters: { logAnalytics: lawArm } });
    expect(only(rows, 'other').result).toBe('compliant');
    expect(only(rows, 'aks')).toMatchObject({
      result: 'non-compliant',
      reason: expect.stringMatching(/^1 planned Microsoft.Insights\/diagnosticSettings for this resource, none satisfies the existenceCondition: DiagnosticSetting 'aks-diag': count\(logs\[\*\] where …\) = 0 → equals 1 is false/),
    });
    // The workspace must be the one the parameter names.
    expect(only(run([...base, setting('d', cluster, [{ category: 'kube-audit-admin', enabled: true }])], [diagnostics], { parameters: { logAnalytics: '/subscriptions/x/other' } })).result).toBe('non-compliant');
  });

  test('a parameter only the existenceCondition reads is needed only when a related resource is checked', () => {
    expect(only(run([...base, setting('d', cluster, [])], [diagnostics]))).toMatchObject({ resource: null, result: 'not-applicable', reason: expect.stringMatching(/parameter 'logAnalytics' has no defaultValue/) });
  });

  test('details.type of the resource itself (named [field(\'name\')]) checks the same resource', () => {
    const selfRule = definition('Self.json', {
      if: { field: 'type', equals: AKS },
      then: { effect: 'DeployIfNotExists', details: { type: AKS, name: "[field('name')]", existenceCondition: { field: `${AKS}/addonProfiles.azurePolicy.enabled`, equals: 'true' } } },
    });
    const plan = [hardenedCluster(), planned(T.cluster, 'plain', { resourceGroupName: 'rg', resourceName: 'aks-dev' })];
    const rows = run(plan, [selfRule]);
    expect(only(rows, 'aks')).toMatchObject({ result: 'compliant', reason: 'the resource itself satisfies the existenceCondition: addonProfiles.azurePolicy.enabled = true → equals "true" is true' });
    expect(only(rows, 'plain')).toMatchObject({ result: 'non-compliant', reason: 'the existenceCondition is not met by the resource itself: the resource itself: addonProfiles.azurePolicy.enabled is absent → equals "true" is false' });
  });

  test('the if selects the resources: when it matches none, one not-applicable row says why', () => {
    const guarded = definition('Guarded.json', {
      if: { allOf: [{ field: 'type', equals: AKS }, { field: `${AKS}/aadProfile`, exists: true }] },
      then: { effect: 'AuditIfNotExists', details: { type: AKS, name: "[field('name')]" } },
    });
    expect(only(run([planned(T.cluster, 'aks', { resourceGroupName: 'rg' })], [guarded]))).toMatchObject({
      resource: null,
      result: 'not-applicable',
      reason: `the if condition matches none of the planned resources; e.g. ManagedCluster 'aks' (${AKS}): aadProfile is absent → exists true is false`,
    });
  });

  const subscriptionRules = [
    definition('Defender.json', {
      if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
      then: { effect: 'AuditIfNotExists', details: { type: 'Microsoft.Security/pricings', name: 'Containers', existenceScope: 'subscription', existenceCondition: { field: 'Microsoft.Security/pricings/pricingTier', equals: 'Standard' } } },
    }, { mode: 'All' }),
    definition('Activity.json', {
      if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
      then: { effect: 'DeployIfNotExists', details: { type: DIAG, existenceScope: 'Subscription', existenceCondition: { field: `${DIAG}/logs.enabled`, equals: 'True' } } },
    }, { mode: 'All' }),
  ];

  test('subscription rules are evaluated on the plan\'s subscription, against subscription-scope resources only', () => {
    const plan = [
      ...base,
      setting('aks-diag', cluster, [{ category: 'guard', enabled: true }]),
      planned(T.pricing, 'vm', { scopeId: `/subscriptions/${SUB}`, pricingName: 'VirtualMachines', pricingTier: 'Standard' }),
    ];
    const rows = run(plan, subscriptionRules);
    expect(rows.map((r) => [r.definition, r.resource, r.type, r.result])).toEqual([
      ['Defender.json', `/subscriptions/${SUB}`, 'Microsoft.Resources/subscriptions', 'non-compliant'],
      ['Activity.json', `/subscriptions/${SUB}`, 'Microsoft.Resources/subscriptions', 'non-compliant'],
    ]);
    expect(rows[0].reason).toMatch(/^no Microsoft.Security\/pricings named 'Containers' on the subscription is in the plan/);
    expect(rows[1].reason).toMatch(/^no Microsoft.Insights\/diagnosticSettings on the subscription is in the plan/);
    const hardened = [
      ...plan,
      planned(T.pricing, 'containers', { scopeId: `/subscriptions/${SUB}`, pricingName: 'Containers', pricingTier: 'Standard' }),
      planned(T.subDiag, 'activity', { workspaceId: idOf(workspace), logs: [{ category: 'Administrative', enabled: true }, { category: 'Policy', enabled: true }] }),
    ];
    const ok = run(hardened, subscriptionRules);
    expect(ok.map((r) => r.result)).toEqual(['compliant', 'compliant']);
    expect(ok[0].reason).toBe("Pricing 'containers' satisfies the existenceCondition: pricingTier = \"Standard\" → equals \"Standard\" is true");
    expect(ok[1].reason).toBe("SubscriptionDiagnosticSetting 'activity' satisfies the existenceCondition: logs.enabled every one of 2 elements → equals \"True\" is true");
    const free = run([...plan, planned(T.pricing, 'containers', { scopeId: `/subscriptions/${SUB}`, pricingName: 'containers', pricingTier: 'Free' })], subscriptionRules.slice(0, 1));
    expect(only(free)).toMatchObject({ result: 'non-compliant', reason: expect.stringMatching(/none satisfies the existenceCondition: Pricing 'containers': pricingTier = "Free" → equals "Standard" is false/) });
  });

  test('with no Azure resource planned, subscription rules apply to nothing', () => {
    expect(only(run([], subscriptionRules.slice(0, 1)))).toMatchObject({ resource: null, result: 'not-applicable', reason: 'no planned resource of type Microsoft.Resources/subscriptions' });
  });
});

describe('strict mode', () => {
  test('unsupported constructs throw with the file name; missing parameters never throw', () => {
    const bad = definition('Bad.json', { if: { field: 'type', equals: AKS }, then: { effect: "[toJson('x')]" } });
    expect(() => evaluatePolicies([hardenedCluster()], [bad], { strict: true })).toThrow(/^Bad\.json: template function 'toJson'/);
    expect(evaluatePolicies([hardenedCluster()], [bad])).toEqual([expect.objectContaining({ resource: null, result: 'non-compliant', reason: expect.stringMatching(/^kubeward cannot evaluate this definition: template function 'toJson'/) })]);
    const needsParam = definition('P.json', auditRule(AKS, { field: 'location', in: "[parameters('where')]" }), { parameters: { effect: { type: 'String', defaultValue: 'Audit' }, where: { type: 'Array' } } });
    expect(() => evaluatePolicies([hardenedCluster()], [needsParam], { strict: true })).not.toThrow();
    expect(PolicyParameterError).toBeDefined();
  });

  test('a malformed definition given directly is reported, or thrown in strict mode', () => {
    const broken: PolicyDefinitionFile = { file: 'Broken.json', json: { properties: { displayName: 'Broken' } } };
    expect(evaluatePolicies([], [broken])).toEqual([{
      definition: 'Broken.json',
      displayName: 'Broken',
      effect: '',
      resource: null,
      type: null,
      result: 'non-compliant',
      reason: 'kubeward cannot evaluate this definition: no policyRule (expected properties.policyRule with if and then)',
    }]);
    expect(() => evaluatePolicies([], [broken], { strict: true })).toThrow(/^Broken\.json: no policyRule/);
  });
});
