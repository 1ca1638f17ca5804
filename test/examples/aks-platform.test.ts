import * as path from 'path';
import { DEFAULT_ALLOWED_REGISTRIES } from '../../lib/audit/engine';
import type { PlannedResource } from '../../lib/azure/mock-plan';
import { planProgram } from '../../lib/azure/plan';
import { CATALOGUE } from '../../lib/controls/catalogue';
import type { AzureControl } from '../../lib/controls/types';

/** The README's example program, planned in mock mode as `kubeward plan examples/aks-platform` does. */
describe('examples/aks-platform', () => {
  let resources: PlannedResource[];
  beforeAll(async () => {
    resources = await planProgram(path.join(__dirname, '..', '..', 'examples', 'aks-platform'));
  }, 120_000);

  const azureControls = CATALOGUE.filter((c): c is AzureControl => c.scope === 'azure');

  test('plans every component of the platform', () => {
    const components = resources.filter((r) => r.type.startsWith('kubeward:azure:')).map((r) => r.type.split(':')[2]).sort();
    expect(components).toEqual([
      'DefenderForContainers', 'PlatformKeys', 'PlatformNetwork', 'PolicyBaseline', 'PrivateRegistry', 'SecureAksCluster', 'SecureAksPlatform', 'SecurityMonitoring',
    ]);
    expect(resources.length).toBeGreaterThan(100);
  });

  test('every Azure control of the catalogue passes on every planned resource it applies to', () => {
    const context = { allowedRegistries: DEFAULT_ALLOWED_REGISTRIES };
    const findings: string[] = [];
    let evaluated = 0;
    for (const resource of resources) {
      for (const control of azureControls.filter((c) => c.resourceTypes.includes(resource.type))) {
        evaluated++;
        for (const v of control.check(resource, context)) findings.push(`${control.id} ${resource.type} ${resource.name}: ${v.message}`);
      }
    }
    expect(findings).toEqual([]);
    // The check is not vacuous: the cluster, registry, workspace, vault, keys, network and assignments are all evaluated.
    expect(evaluated).toBeGreaterThan(60);
    const checkedTypes = new Set(resources.filter((r) => azureControls.some((c) => c.resourceTypes.includes(r.type))).map((r) => r.type));
    for (const type of ['azure-native:containerservice:ManagedCluster', 'azure-native:containerregistry:Registry', 'azure-native:operationalinsights:Workspace', 'azure-native:keyvault:Vault', 'azure-native:keyvault:Key']) {
      expect(checkedTypes).toContain(type);
    }
  });

  test('no role assignment is wider than one resource group, and none is Owner or Contributor', () => {
    const assignments = resources.filter((r) => r.type === 'azure-native:authorization:RoleAssignment');
    expect(assignments.length).toBeGreaterThan(5);
    // The one exception, by design: the identity of a DeployIfNotExists policy assignment gets the
    // definition's roles at the assignment's scope, the platform's resource group, where it deploys.
    const remediation = assignments.filter((a) => /^kubeward: remediation identity of policy assignment '/.test(String(a.inputs.description)));
    expect(remediation.length).toBeGreaterThan(0);
    for (const a of remediation) {
      const owner = /^kubeward: remediation identity of policy assignment '([^']+)'/.exec(String(a.inputs.description))![1];
      const policy = resources.find((r) => r.type === 'azure-native:authorization:PolicyAssignment' && r.name === owner);
      expect(policy?.inputs.identity).toEqual({ type: 'SystemAssigned' });
      expect(a.name.startsWith(`${owner}-`)).toBe(true);
      expect(a.inputs.principalId).toBe(`${owner}-principal-id`);
      expect(a.inputs.scope).toBe(policy!.inputs.scope);
      expect(String(a.inputs.scope)).toMatch(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/);
    }
    for (const a of assignments) {
      if (!remediation.includes(a)) expect(String(a.inputs.scope)).toMatch(/\/resourceGroups\/[^/]+\/providers\//);
      expect(String(a.inputs.roleDefinitionId)).not.toMatch(/(8e3af657-a8ff-443c-a75c-2fe8c4bcb635|b24988ac-6180-42a0-ab88-20f7382dd24c)$/);
    }
  });
});
