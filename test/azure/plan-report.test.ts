import type { PlannedResource } from '../../lib/azure/mock-plan';
import { renderPlanText } from '../../lib/azure/plan-report';
import { BUILT_IN_ROLES } from '../../lib/azure/roles';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';

function resource(type: string, name: string, inputs: Record<string, any>, parent: string | null = null): PlannedResource {
  return { type, name, urn: `urn:pulumi:plan::p::${type}::${name}`, parent, inputs };
}

describe('renderPlanText', () => {
  test('a role assignment shows its built-in role by name and the resource it is scoped to', () => {
    const text = renderPlanText([
      resource('azure-native:authorization:RoleAssignment', 'pull', {
        roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.AcrPull}`,
        scope: `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr1`,
        principalId: 'p',
        principalType: 'ServicePrincipal',
        description: 'kubeward: pulls',
      }),
      resource('azure-native:authorization:RoleAssignment', 'custom', {
        roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/0000aaaa-0000-0000-0000-000000000000`,
        scope: `${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/keys/k`,
      }),
    ]);
    expect(text).toContain('azure-native:authorization:RoleAssignment pull  role=AcrPull scope=Microsoft.ContainerRegistry/registries/acr1 principalType=ServicePrincipal\n');
    expect(text).toContain('RoleAssignment custom  role=0000aaaa-0000-0000-0000-000000000000 scope=Microsoft.KeyVault/vaults/kv/keys/k\n');
    expect(text).not.toContain('description=');
  });

  test('every key setting of a type is shown, then at most eight others, ids and long values left out', () => {
    const others = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`extra${String(i).padStart(2, '0')}`, i]));
    const text = renderPlanText([resource('azure-native:containerservice:ManagedCluster', 'aks', {
      ...others,
      apiServerAccessProfile: { enablePrivateCluster: true, enableVnetIntegration: true, subnetId: '/long/id' },
      securityProfile: { azureKeyVaultKms: { enabled: true, keyId: 'https://kv/keys/etcd/1' } },
      diskEncryptionSetID: '/subscriptions/x/des',
      note: 'x'.repeat(61),
    })]);
    const line = text.split('\n')[0]!;
    expect(line).toContain('apiServerAccessProfile.enablePrivateCluster=true apiServerAccessProfile.enableVnetIntegration=true securityProfile.azureKeyVaultKms.enabled=true');
    expect(line.match(/extra\d\d=/g)).toHaveLength(8);
    expect(line).not.toMatch(/subnetId|diskEncryptionSetID|note=/);
  });
});
