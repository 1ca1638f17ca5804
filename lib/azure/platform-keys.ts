import * as authorization from '@pulumi/azure-native/authorization';
import * as compute from '@pulumi/azure-native/compute';
import * as keyvault from '@pulumi/azure-native/keyvault';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as monitor from '@pulumi/azure-native/monitor';
import * as pulumi from '@pulumi/pulumi';
import { kubewardTags } from './common';
import { privateEndpointWithDns } from './private-endpoint';
import { grantRole } from './roles';

/**
 * Customer-managed keys for the platform (guidance E-10: encryption of data for containers):
 * one private key vault holding a key for the node disks (through a disk encryption set), one for
 * KMS encryption of Kubernetes secrets in etcd, and one for the registry. Controls:
 * `keyvault.rbac-authorization`, `keyvault.purge-protection`, `keyvault.private-network`,
 * `keyvault.key-rotation`, and through its consumers `aks.customer-managed-keys` and
 * `acr.customer-managed-key`.
 */

/** Args of {@link PlatformKeys}. */
export interface PlatformKeysArgs {
  /** The resource group of the vault, keys, identity and disk encryption set. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The Azure region (the same as the cluster's: a disk encryption set serves its region only). */
  readonly location: pulumi.Input<string>;
  /** The subnet in which the vault's private endpoint gets its address. */
  readonly privateEndpointSubnetId: pulumi.Input<string>;
  /** The `privatelink.vaultcore.azure.net` private DNS zone, linked to the cluster's network. */
  readonly privateDnsZoneId: pulumi.Input<string>;
  /** Log Analytics workspace receiving the vault's audit log (every key operation). */
  readonly logAnalyticsWorkspaceId: pulumi.Input<string>;
  /**
   * Principal (object) id of the cluster's user-assigned control-plane identity: it gets Key
   * Vault Crypto User on the etcd key and Key Vault Contributor on the vault, which AKS KMS
   * needs to reach a private vault through API Server VNet Integration.
   */
  readonly clusterIdentityPrincipalId: pulumi.Input<string>;
  /**
   * The vault's globally unique name (3 to 24 letters, digits and hyphens).
   * @default - Pulumi's auto-naming: the logical name `${name}-kv` and a random suffix
   */
  readonly vaultName?: pulumi.Input<string>;
  /**
   * Size of the RSA keys, in bits (the services accept 2048, 3072 and 4096).
   * @default 3072
   */
  readonly keySize?: 2048 | 3072 | 4096;
  /**
   * Days after which Key Vault rotates each key (creates a new version). Each version expires
   * twice this long after it is created, so a version in use by KMS stays valid for one rotation
   * period after the next one exists.
   * @default 365
   */
  readonly keyRotationDays?: number;
  /**
   * Days a deleted vault or key stays recoverable (7 to 90).
   * @default 90
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * Tags for every resource, merged with kubeward's.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A key and what its consumer needs to use it. */
export interface PlatformKey {
  /** The key's Key Vault id without a version (`https://<vault>.vault.azure.net/keys/<name>`). */
  readonly keyUri: pulumi.Output<string>;
  /** The key's current version id (what AKS KMS and disk encryption sets are given). */
  readonly keyUriWithVersion: pulumi.Output<string>;
  /** The key's ARM resource id (the scope of its role assignments). */
  readonly resourceId: pulumi.Output<string>;
}

/** The purposes of the platform's keys, each its own key (a compromise or rotation of one leaves the others). */
export const PLATFORM_KEY_PURPOSES = ['disks', 'etcd', 'registry'] as const;
/** One of {@link PLATFORM_KEY_PURPOSES}. */
export type PlatformKeyPurpose = typeof PLATFORM_KEY_PURPOSES[number];

const DEFAULT_KEY_SIZE = 3072;
const DEFAULT_ROTATION_DAYS = 365;
const DEFAULT_SOFT_DELETE_DAYS = 90;

/**
 * A private Key Vault (Premium: HSM-protected keys; RBAC authorization; purge protection; no
 * public network access; audit log to Log Analytics) with three customer-managed keys, each
 * rotated by Key Vault, and what uses them: a disk encryption set for the node OS and data
 * disks, the grants KMS etcd encryption needs, and a user-assigned identity for the registry's
 * encryption. Pass its outputs to `SecureAksCluster` (`diskEncryptionSetId`, `kmsKeyId`,
 * `kmsKeyVaultResourceId`) and `PrivateRegistry` (`customerManagedKey`); `SecureAksPlatform`
 * does so.
 *
 * @example
 * const keys = new PlatformKeys('prod-keys', { resourceGroupName, location, privateEndpointSubnetId,
 *   privateDnsZoneId: network.privateDnsZoneIds.keyVault, logAnalyticsWorkspaceId, clusterIdentityPrincipalId });
 */
export class PlatformKeys extends pulumi.ComponentResource {
  /** The key vault. */
  public readonly vault: keyvault.Vault;
  /** The vault's ARM id. */
  public readonly vaultId: pulumi.Output<string>;
  /** The keys, by purpose. */
  public readonly keys: Readonly<Record<PlatformKeyPurpose, PlatformKey>>;
  /** The disk encryption set for the cluster's node disks (key `disks`). */
  public readonly diskEncryptionSetId: pulumi.Output<string>;
  /** The registry's user-assigned identity (reads key `registry`). */
  public readonly registryIdentity: { readonly id: pulumi.Output<string>; readonly clientId: pulumi.Output<string> };
  /** The role assignments, by what they are for. */
  public readonly roleAssignments: Readonly<Record<string, authorization.RoleAssignment>>;

  constructor(name: string, args: PlatformKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeward:azure:PlatformKeys', name, {}, opts);
    const arg = (argument: string): string => `PlatformKeys '${name}' argument '${argument}'`;
    const fail = (message: string): never => {
      throw new pulumi.ResourceError(message, this);
    };
    const keySize = args.keySize ?? DEFAULT_KEY_SIZE;
    if (![2048, 3072, 4096].includes(keySize)) fail(`${arg('keySize')} is ${String(keySize)}: disk encryption sets, AKS KMS and ACR accept RSA keys of 2048, 3072 or 4096 bits.`);
    const rotationDays = args.keyRotationDays ?? DEFAULT_ROTATION_DAYS;
    if (!Number.isInteger(rotationDays) || rotationDays < 28 || rotationDays > 730) {
      fail(`${arg('keyRotationDays')} is ${String(rotationDays)}: give whole days from 28 to 730 (Key Vault rotates at most once every 28 days; the guidance asks for regular rotation) [keyvault.key-rotation].`);
    }
    const softDeleteDays = args.softDeleteRetentionDays ?? DEFAULT_SOFT_DELETE_DAYS;
    if (!Number.isInteger(softDeleteDays) || softDeleteDays < 7 || softDeleteDays > 90) {
      fail(`${arg('softDeleteRetentionDays')} is ${String(softDeleteDays)}: Key Vault keeps deleted vaults 7 to 90 days [keyvault.purge-protection].`);
    }

    const tags = kubewardTags('PlatformKeys', args.tags ? { ...args.tags } : undefined);
    const common = { resourceGroupName: args.resourceGroupName, location: args.location, tags };
    const parent = { parent: this };
    const tenantId = authorization.getClientConfigOutput(parent).tenantId;

    // keyvault.rbac-authorization, keyvault.purge-protection, keyvault.private-network (E-10, E-31).
    const vault = new keyvault.Vault(`${name}-kv`, {
      ...common,
      ...(args.vaultName !== undefined ? { vaultName: args.vaultName } : {}),
      properties: {
        tenantId,
        sku: { family: 'A', name: 'premium' },
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: softDeleteDays,
        enablePurgeProtection: true,
        enabledForDeployment: false,
        enabledForTemplateDeployment: false,
        enabledForDiskEncryption: false,
        publicNetworkAccess: 'Disabled',
        // Disk encryption sets reach a private vault as a trusted Microsoft service.
        networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
      },
    }, parent);
    this.vault = vault;
    this.vaultId = vault.id;

    privateEndpointWithDns(this, {
      endpointName: `${name}-kv-pe`,
      zoneGroupName: `${name}-kv-pe-dns`,
      connectionName: 'vault',
      ...common,
      subnetId: args.privateEndpointSubnetId,
      targetId: vault.id,
      groupId: 'vault',
      zones: [['privatelink-vaultcore-azure-net', args.privateDnsZoneId]],
    });

    new monitor.DiagnosticSetting(`${name}-kv-diagnostics`, {
      name: 'kubeward-key-vault-audit',
      resourceUri: vault.id,
      workspaceId: args.logAnalyticsWorkspaceId,
      logs: [{ categoryGroup: 'audit', enabled: true }],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    }, parent);

    // keyvault.key-rotation: Key Vault rotates each key; each version expires after two periods.
    const keyFor = (purpose: PlatformKeyPurpose): PlatformKey => {
      const key = new keyvault.Key(`${name}-${purpose}-key`, {
        resourceGroupName: args.resourceGroupName,
        vaultName: vault.name,
        keyName: `kubeward-${purpose}`,
        properties: {
          kty: 'RSA-HSM',
          keySize,
          keyOps: ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt'],
          rotationPolicy: {
            attributes: { expiryTime: `P${2 * rotationDays}D` },
            lifetimeActions: [
              { trigger: { timeAfterCreate: `P${rotationDays}D` }, action: { type: 'rotate' } },
              { trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'notify' } },
            ],
          },
        },
        tags,
      }, { ...parent, dependsOn: [vault] });
      return { keyUri: key.keyUri, keyUriWithVersion: key.keyUriWithVersion, resourceId: key.id };
    };
    this.keys = {
      disks: keyFor('disks'),
      etcd: keyFor('etcd'),
      registry: keyFor('registry'),
    };

    // Node disks: a disk encryption set that follows new key versions by itself.
    const des = new compute.DiskEncryptionSet(`${name}-des`, {
      ...common,
      identity: { type: 'SystemAssigned' },
      encryptionType: 'EncryptionAtRestWithCustomerKey',
      activeKey: { keyUrl: this.keys.disks.keyUriWithVersion, sourceVault: { id: vault.id } },
      rotationToLatestKeyVersionEnabled: true,
    }, parent);
    this.diskEncryptionSetId = des.id;
    const desPrincipalId = des.identity.apply((i) => i?.principalId
      ?? fail(`PlatformKeys '${name}': the disk encryption set reported no system-assigned identity`));

    // The registry: a user-assigned identity, because ACR takes its key at creation.
    const registryIdentity = new managedidentity.UserAssignedIdentity(`${name}-registry-identity`, common, parent);
    this.registryIdentity = { id: registryIdentity.id, clientId: registryIdentity.clientId };

    // Each grant on the one key (or vault) it needs.
    this.roleAssignments = {
      disks: grantRole(this, `${name}-disks-key-user`, {
        scope: this.keys.disks.resourceId,
        role: 'KeyVaultCryptoServiceEncryptionUser',
        principalId: desPrincipalId,
        description: 'the disk encryption set wraps node disk keys with this key only',
      }),
      registry: grantRole(this, `${name}-registry-key-user`, {
        scope: this.keys.registry.resourceId,
        role: 'KeyVaultCryptoServiceEncryptionUser',
        principalId: registryIdentity.principalId,
        description: 'the registry encrypts its content with this key only',
      }),
      etcd: grantRole(this, `${name}-etcd-key-user`, {
        scope: this.keys.etcd.resourceId,
        role: 'KeyVaultCryptoUser',
        principalId: args.clusterIdentityPrincipalId,
        description: 'AKS KMS encrypts Kubernetes secrets in etcd with this key only',
      }),
      kmsPrivateLink: grantRole(this, `${name}-kms-vault-contributor`, {
        scope: vault.id,
        role: 'KeyVaultContributor',
        principalId: args.clusterIdentityPrincipalId,
        description: 'AKS KMS with a private key vault links the API server to the vault (management plane only, no key access)',
      }),
    };

    this.registerOutputs({
      vaultId: this.vaultId,
      diskEncryptionSetId: this.diskEncryptionSetId,
      registryIdentityId: this.registryIdentity.id,
    });
  }
}
