import * as pulumi from '@pulumi/pulumi';
import { MockRecorder, type PlannedResource } from '../../lib/azure/mock-plan';

const recorder = MockRecorder.install('proj', 'dev');

// Imported after the mocks, as Pulumi's testing guide requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PlatformKeys } = require('../../lib/azure/platform-keys') as typeof import('../../lib/azure/platform-keys');
type PlatformKeysArgs = import('../../lib/azure/platform-keys').PlatformKeysArgs;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BUILT_IN_ROLES } = require('../../lib/azure/roles') as typeof import('../../lib/azure/roles');

const T = {
  component: 'kubeward:azure:PlatformKeys',
  vault: 'azure-native:keyvault:Vault',
  key: 'azure-native:keyvault:Key',
  des: 'azure-native:compute:DiskEncryptionSet',
  identity: 'azure-native:managedidentity:UserAssignedIdentity',
  role: 'azure-native:authorization:RoleAssignment',
  endpoint: 'azure-native:network:PrivateEndpoint',
  zoneGroup: 'azure-native:network:PrivateDnsZoneGroup',
  diagnostics: 'azure-native:monitor:DiagnosticSetting',
} as const;

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const RG = `${SUB}/resourceGroups/rg`;
const SUBNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-private-endpoints`;
const ZONE = `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;
const WORKSPACE = `${RG}/providers/Microsoft.OperationalInsights/workspaces/logs`;

const BASE: PlatformKeysArgs = {
  resourceGroupName: 'rg',
  location: 'westeurope',
  privateEndpointSubnetId: SUBNET,
  privateDnsZoneId: ZONE,
  logAnalyticsWorkspaceId: WORKSPACE,
  clusterIdentityPrincipalId: 'aks-principal',
};

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

async function plan(name: string, extra: Partial<PlatformKeysArgs> = {}) {
  const keys = new PlatformKeys(name, { ...BASE, ...extra });
  await recorder.settle(keys.vaultId, keys.diskEncryptionSetId, keys.keys.etcd.keyUriWithVersion, keys.registryIdentity.clientId);
  const urn = recorder.get(T.component, name).urn;
  const children = recorder.resources().filter((r) => r.parent === urn);
  const child = (type: string, role: string): PlannedResource => recorder.get(type, `${name}-${role}`);
  return { keys, children, child };
}

describe('PlatformKeys secure defaults', () => {
  let planned: Awaited<ReturnType<typeof plan>>;
  beforeAll(async () => {
    planned = await plan('keys');
  });

  test('creates the vault, its private endpoint and audit log, three keys, the disk encryption set, the registry identity and four grants', () => {
    expect(planned.children.map((c) => `${c.type} ${c.name}`).sort()).toEqual([
      `${T.vault} keys-kv`,
      `${T.endpoint} keys-kv-pe`,
      `${T.zoneGroup} keys-kv-pe-dns`,
      `${T.diagnostics} keys-kv-diagnostics`,
      `${T.key} keys-disks-key`,
      `${T.key} keys-etcd-key`,
      `${T.key} keys-registry-key`,
      `${T.des} keys-des`,
      `${T.identity} keys-registry-identity`,
      `${T.role} keys-disks-key-user`,
      `${T.role} keys-registry-key-user`,
      `${T.role} keys-etcd-key-user`,
      `${T.role} keys-kms-vault-contributor`,
    ].sort());
  });

  test('the vault: Premium, RBAC authorization, purge protection, no public network access (keyvault.*)', () => {
    const vault = planned.child(T.vault, 'kv');
    expect(vault.inputs.resourceGroupName).toBe('rg');
    expect(vault.inputs.location).toBe('westeurope');
    expect(vault.inputs.vaultName).toBeUndefined();
    expect(vault.inputs.properties).toEqual({
      tenantId: '11111111-1111-1111-1111-111111111111',
      sku: { family: 'A', name: 'premium' },
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      enabledForDeployment: false,
      enabledForTemplateDeployment: false,
      enabledForDiskEncryption: false,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
    });
    expect(vault.inputs.properties.accessPolicies).toBeUndefined();
    expect(vault.inputs.tags).toEqual({ 'managed-by': 'kubeward', 'kubeward-component': 'PlatformKeys' });
  });

  test('the vault is reached through a private endpoint registered in the vaultcore zone, and audited to Log Analytics', () => {
    const vaultId = `${RG}/providers/Microsoft.KeyVault/vaults/keys-kv`;
    expect(planned.child(T.endpoint, 'kv-pe').inputs).toMatchObject({
      resourceGroupName: 'rg',
      subnet: { id: SUBNET },
      privateLinkServiceConnections: [{ name: 'vault', privateLinkServiceId: vaultId, groupIds: ['vault'] }],
    });
    expect(planned.child(T.zoneGroup, 'kv-pe-dns').inputs).toMatchObject({
      privateEndpointName: 'keys-kv-pe',
      privateDnsZoneConfigs: [{ name: 'privatelink-vaultcore-azure-net', privateDnsZoneId: ZONE }],
    });
    expect(planned.child(T.diagnostics, 'kv-diagnostics').inputs).toEqual({
      name: 'kubeward-key-vault-audit',
      resourceUri: vaultId,
      workspaceId: WORKSPACE,
      logs: [{ categoryGroup: 'audit', enabled: true }],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    });
  });

  test.each(['disks', 'etcd', 'registry'])('the %s key: RSA-HSM 3072, rotated yearly by Key Vault, each version expiring after two years (keyvault.key-rotation)', (purpose) => {
    const key = planned.child(T.key, `${purpose}-key`);
    expect(key.inputs).toMatchObject({ resourceGroupName: 'rg', vaultName: 'keys-kv', keyName: `kubeward-${purpose}` });
    expect(key.inputs.properties).toEqual({
      kty: 'RSA-HSM',
      keySize: 3072,
      keyOps: ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt'],
      rotationPolicy: {
        attributes: { expiryTime: 'P730D' },
        lifetimeActions: [
          { trigger: { timeAfterCreate: 'P365D' }, action: { type: 'rotate' } },
          { trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'notify' } },
        ],
      },
    });
  });

  test('the disk encryption set uses the disks key with a system identity and follows new key versions', () => {
    expect(planned.child(T.des, 'des').inputs).toEqual({
      resourceGroupName: 'rg',
      location: 'westeurope',
      tags: expect.any(Object),
      identity: { type: 'SystemAssigned' },
      encryptionType: 'EncryptionAtRestWithCustomerKey',
      activeKey: {
        keyUrl: 'https://keys-kv.vault.azure.net/keys/kubeward-disks/00000000000000000000000000000001',
        sourceVault: { id: `${RG}/providers/Microsoft.KeyVault/vaults/keys-kv` },
      },
      rotationToLatestKeyVersionEnabled: true,
    });
  });

  test('each identity gets one role on the one key (or vault) it needs, nothing broader', () => {
    const key = (purpose: string): string => `${RG}/providers/Microsoft.KeyVault/vaults/keys-kv/keys/kubeward-${purpose}`;
    const role = (id: string): string => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
    const grants = Object.fromEntries(planned.children.filter((c) => c.type === T.role).map((c) => [c.name, c.inputs]));
    expect(grants['keys-disks-key-user']).toMatchObject({
      scope: key('disks'), roleDefinitionId: role(BUILT_IN_ROLES.KeyVaultCryptoServiceEncryptionUser), principalId: 'keys-des-principal-id', principalType: 'ServicePrincipal',
    });
    expect(grants['keys-registry-key-user']).toMatchObject({
      scope: key('registry'), roleDefinitionId: role(BUILT_IN_ROLES.KeyVaultCryptoServiceEncryptionUser), principalId: 'keys-registry-identity-principal-id',
    });
    expect(grants['keys-etcd-key-user']).toMatchObject({
      scope: key('etcd'), roleDefinitionId: role(BUILT_IN_ROLES.KeyVaultCryptoUser), principalId: 'aks-principal',
    });
    expect(grants['keys-kms-vault-contributor']).toMatchObject({
      scope: `${RG}/providers/Microsoft.KeyVault/vaults/keys-kv`, roleDefinitionId: role(BUILT_IN_ROLES.KeyVaultContributor), principalId: 'aks-principal',
    });
    for (const grant of Object.values(grants)) expect(String(grant.description)).toMatch(/^kubeward: /);
  });

  test('typed outputs: key ids, the disk encryption set and the registry identity', async () => {
    const { keys } = planned;
    expect(await value(keys.keys.etcd.keyUriWithVersion)).toBe('https://keys-kv.vault.azure.net/keys/kubeward-etcd/00000000000000000000000000000001');
    expect(await value(keys.keys.registry.keyUri)).toBe('https://keys-kv.vault.azure.net/keys/kubeward-registry');
    expect(await value(keys.diskEncryptionSetId)).toBe(`${RG}/providers/Microsoft.Compute/diskEncryptionSets/keys-des`);
    expect(await value(keys.registryIdentity.clientId)).toBe('keys-registry-identity-client-id');
  });
});

describe('PlatformKeys options', () => {
  test('vault name, key size, rotation period, soft-delete retention and tags', async () => {
    const { child } = await plan('opt', { vaultName: 'kv-prod-001', keySize: 4096, keyRotationDays: 90, softDeleteRetentionDays: 30, tags: { env: 'prod' } });
    const vault = child(T.vault, 'kv');
    expect(vault.inputs.vaultName).toBe('kv-prod-001');
    expect(vault.inputs.properties.softDeleteRetentionInDays).toBe(30);
    expect(vault.inputs.tags).toEqual({ 'managed-by': 'kubeward', 'kubeward-component': 'PlatformKeys', 'env': 'prod' });
    const key = child(T.key, 'etcd-key');
    expect(key.inputs.vaultName).toBe('kv-prod-001');
    expect(key.inputs.properties.keySize).toBe(4096);
    expect(key.inputs.properties.rotationPolicy.attributes).toEqual({ expiryTime: 'P180D' });
    expect(key.inputs.properties.rotationPolicy.lifetimeActions[0]).toEqual({ trigger: { timeAfterCreate: 'P90D' }, action: { type: 'rotate' } });
  });
});

describe('PlatformKeys refuses bad input', () => {
  test.each<[string, Partial<PlatformKeysArgs>, RegExp]>([
    ['a key size the services do not accept', { keySize: 1024 as 2048 }, /argument 'keySize' is 1024: .*2048, 3072 or 4096/],
    ['a rotation period that is too short', { keyRotationDays: 7 }, /argument 'keyRotationDays' is 7: give whole days from 28 to 730.*\[keyvault\.key-rotation\]/],
    ['a rotation period that is too long', { keyRotationDays: 1000 }, /argument 'keyRotationDays' is 1000/],
    ['a fractional rotation period', { keyRotationDays: 30.5 }, /argument 'keyRotationDays' is 30\.5/],
    ['a soft-delete retention out of range', { softDeleteRetentionDays: 120 }, /argument 'softDeleteRetentionDays' is 120: .*7 to 90 days \[keyvault\.purge-protection\]/],
  ])('%s', (_what, extra, message) => {
    expect(() => new PlatformKeys(`bad-${Object.keys(extra)[0]}-${String(Object.values(extra)[0])}`, { ...BASE, ...extra })).toThrow(message);
  });
});
