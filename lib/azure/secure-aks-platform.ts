import * as authorization from '@pulumi/azure-native/authorization';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as resources from '@pulumi/azure-native/resources';
import * as pulumi from '@pulumi/pulumi';
import { formatIpv4, parseCidr } from './cidr';
import { kubewardTags, requireJustification, type JustifiedArg } from './common';
import { DefenderForContainers } from './defender';
import { PlatformKeys, type PlatformKeysArgs } from './platform-keys';
import { normaliseRegion, PlatformNetwork } from './platform-network';
import { PolicyBaseline, type PolicyBaselineArgs } from './policy-baseline';
import { PrivateRegistry } from './private-registry';
import { grantRole } from './roles';
import { SecureAksCluster } from './secure-aks-cluster';
import { SecurityMonitoring } from './security-monitoring';

/** The Azure Policy assignments of a {@link SecureAksPlatform}, on its resource group. */
export interface SecureAksPlatformPolicy extends Partial<Pick<PolicyBaselineArgs, 'effect' | 'effectOverrides' | 'podSecurityStandard' | 'excludedNamespaces'>> {
  /**
   * The regions resources may be created in.
   * @default - the platform's `location` only
   */
  readonly allowedLocations?: readonly string[];
  /**
   * Registries containers may pull from besides the platform's own (for example
   * `mcr.microsoft.com` for Microsoft images).
   * @default []
   */
  readonly additionalAllowedRegistries?: readonly pulumi.Input<string>[];
  /**
   * `{ value: true, justification }` when your organisation assigns the same policies at a
   * management group or subscription: the platform then makes no assignments (weakens
   * `policy.allowed-locations` and the controls the baseline enforces, if the claim is wrong).
   * @default - the platform assigns its `PolicyBaseline` on its resource group
   */
  readonly assignedElsewhere?: JustifiedArg<true>;
}

/** Args of {@link SecureAksPlatform}. */
export interface SecureAksPlatformArgs {
  /** The Azure region of every resource. */
  readonly location: string;
  /** Entra ID groups (object ids) that administer the cluster through Azure RBAC (at least one). */
  readonly adminGroupObjectIds: readonly pulumi.Input<string>[];
  /**
   * An existing resource group for everything.
   * @default - a new resource group `${name}-rg`
   */
  readonly resourceGroupName?: pulumi.Input<string>;
  /**
   * Sensitivity levels: one subnet and one tainted user node pool each, matching `SecureNamespace`.
   * @default ['internal']
   */
  readonly sensitivityLevels?: readonly string[];
  /**
   * The virtual network's address space.
   * @default - PlatformNetwork's default
   */
  readonly addressSpace?: string;
  /**
   * Private IP of the egress firewall (Azure Firewall or a network virtual appliance in your hub):
   * node subnets route 0.0.0.0/0 to it and the cluster uses `userDefinedRouting`, so all egress
   * is inspected (guidance E-23).
   */
  readonly firewallPrivateIp: pulumi.Input<string>;
  /**
   * Turn on Microsoft Sentinel on the workspace (guidance W-27).
   * @default false
   */
  readonly sentinel?: boolean;
  /**
   * `{ value: false, justification }` keeps Microsoft-managed keys for the node disks, etcd and
   * the registry (weakens `aks.customer-managed-keys` and `acr.customer-managed-key`).
   * @default - customer-managed keys in a private key vault (`PlatformKeys`) for all three
   */
  readonly customerManagedKeys?: JustifiedArg<false>;
  /**
   * Options of the key vault and keys (name, key size, rotation period).
   * @default - PlatformKeys' defaults
   */
  readonly keyOptions?: Pick<PlatformKeysArgs, 'vaultName' | 'keySize' | 'keyRotationDays' | 'softDeleteRetentionDays'>;
  /**
   * The Azure Policy assignments on the platform's resource group (`PolicyBaseline`), with the
   * remediation assignments for the platform's workspace (cluster and registry diagnostic
   * settings) and admin groups.
   * @default - allowed locations = `location`, allowed registries = the platform's registry,
   * each assignment's default effect
   */
  readonly policy?: SecureAksPlatformPolicy;
  /**
   * Tags on every resource.
   * @default - kubeward's own tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * The hardened AKS platform in one constructor: network, monitoring, customer-managed keys, the
 * private registry, the cluster (with a user-assigned control-plane identity and API Server VNet
 * Integration), Defender for Containers and the Azure Policy baseline on its resource group,
 * wired together with secure defaults.
 *
 * @example new SecureAksPlatform('prod', { location: 'westeurope', adminGroupObjectIds: ['<entra group id>'] })
 */
export class SecureAksPlatform extends pulumi.ComponentResource {
  /** The resource group holding the platform. */
  public readonly resourceGroupName: pulumi.Output<string>;
  /** Its resource id (the scope for PolicyBaseline, for example). */
  public readonly resourceGroupId: pulumi.Output<string>;
  /** The network. */
  public readonly network: PlatformNetwork;
  /** Log Analytics, Azure Monitor workspace, data collection rules, activity log export. */
  public readonly monitoring: SecurityMonitoring;
  /** The private container registry. */
  public readonly registry: PrivateRegistry;
  /** The cluster. */
  public readonly cluster: SecureAksCluster;
  /** Defender for Containers on the subscription. */
  public readonly defender: DefenderForContainers;
  /** The customer-managed keys (undefined when justified away). */
  public readonly keys?: PlatformKeys;
  /** The Azure Policy assignments (undefined when assigned elsewhere). */
  public readonly policy?: PolicyBaseline;
  /** The cluster's user-assigned control-plane identity. */
  public readonly clusterIdentity: managedidentity.UserAssignedIdentity;

  constructor(name: string, args: SecureAksPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeward:azure:SecureAksPlatform', name, {}, opts);
    const parent = { parent: this };
    const tags = kubewardTags('SecureAksPlatform', args.tags);
    const levels = [...(args.sensitivityLevels ?? ['internal'])];
    if (levels.length === 0) throw new pulumi.ResourceError(`SecureAksPlatform '${name}' argument 'sensitivityLevels' is empty: give at least one level, e.g. ['internal']`, this);

    if (args.resourceGroupName !== undefined) {
      this.resourceGroupName = pulumi.output(args.resourceGroupName);
      const client = authorization.getClientConfigOutput(parent);
      this.resourceGroupId = pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${this.resourceGroupName}`;
    } else {
      const group = new resources.ResourceGroup(`${name}-rg`, { location: args.location, tags }, parent);
      this.resourceGroupName = group.name;
      this.resourceGroupId = group.id;
    }
    const common = { resourceGroupName: this.resourceGroupName, location: args.location, tags };
    const cmkTags = args.customerManagedKeys === undefined ? undefined : microsoftManagedKeyTags(this, name, args.customerManagedKeys);
    const policyTag = args.policy?.assignedElsewhere === undefined ? undefined : requireJustification(this, {
      argument: `SecureAksPlatform '${name}' argument 'policy.assignedElsewhere'`,
      controlId: 'policy.allowed-locations',
      fix: 'Leave policy.assignedElsewhere unset: the platform assigns its PolicyBaseline on its resource group.',
    }, args.policy.assignedElsewhere.justification);

    this.network = new PlatformNetwork(`${name}-network`, {
      ...common,
      sensitivityLevels: levels,
      addressSpace: args.addressSpace,
      firewallPrivateIp: args.firewallPrivateIp,
    }, parent);

    this.monitoring = new SecurityMonitoring(`${name}-monitoring`, {
      ...common,
      sentinel: args.sentinel ?? false,
      privateLink: { subnetId: this.network.privateEndpointSubnetId, virtualNetworkId: this.network.vnetId },
    }, parent);

    // The control plane's own identity: KMS needs a user-assigned one, and it is granted its
    // subnets before the cluster exists (a network you bring, guidance E-06).
    this.clusterIdentity = new managedidentity.UserAssignedIdentity(`${name}-aks-identity`, common, parent);
    const clusterPrincipalId = this.clusterIdentity.principalId;
    const subnets: [string, pulumi.Input<string>][] = [
      ['system', this.network.systemSubnetId],
      ...levels.map((level): [string, pulumi.Input<string>] => [`user-${level}`, this.network.userSubnetIds[level]!]),
      ['apiserver', this.network.apiServerSubnetId],
    ];
    const clusterGrants: pulumi.Resource[] = subnets.map(([role, subnetId]) => grantRole(this, `${name}-aks-subnet-${role}`, {
      scope: subnetId,
      role: 'NetworkContributor',
      principalId: clusterPrincipalId,
      description: 'the AKS control plane joins nodes (or its API server) to this subnet only',
    }));
    clusterGrants.push(grantRole(this, `${name}-aks-private-dns`, {
      scope: this.network.privateDnsZoneIds.aks,
      role: 'PrivateDnsZoneContributor',
      principalId: clusterPrincipalId,
      description: 'the AKS control plane writes its private API server record in the platform zone only',
    }));

    let registryKey: { keyId: pulumi.Input<string>; identityId: pulumi.Input<string>; identityClientId: pulumi.Input<string> } | undefined;
    const registryGrants: pulumi.Resource[] = [];
    if (cmkTags === undefined) {
      const keys = new PlatformKeys(`${name}-keys`, {
        ...common,
        ...args.keyOptions,
        privateEndpointSubnetId: this.network.privateEndpointSubnetId,
        privateDnsZoneId: this.network.privateDnsZoneIds.keyVault,
        logAnalyticsWorkspaceId: this.monitoring.workspaceId,
        clusterIdentityPrincipalId: clusterPrincipalId,
      }, parent);
      this.keys = keys;
      registryKey = { keyId: keys.keys.registry.keyUri, identityId: keys.registryIdentity.id, identityClientId: keys.registryIdentity.clientId };
      registryGrants.push(keys.roleAssignments.registry!);
      // The node disks are encrypted through the disk encryption set's own grant on its key.
      clusterGrants.push(keys.roleAssignments.disks!, keys.roleAssignments.etcd!, keys.roleAssignments.kmsPrivateLink!, grantRole(this, `${name}-aks-des-reader`, {
        scope: keys.diskEncryptionSetId,
        role: 'Reader',
        principalId: clusterPrincipalId,
        description: 'the AKS control plane reads the disk encryption set of its node disks',
      }));
    }

    this.registry = new PrivateRegistry(`${name}-acr`, {
      ...common,
      tags: { ...tags, ...cmkTags?.registry },
      privateEndpointSubnetId: this.network.privateEndpointSubnetId,
      virtualNetworkId: this.network.vnetId,
      privateDnsZoneId: this.network.privateDnsZoneIds.acr,
      logAnalyticsWorkspaceId: this.monitoring.workspaceId,
      // The purge of stale images runs on an agent pool inside the network (the registry refuses ACR's shared agents).
      imagePurge: { agentPoolSubnetId: this.network.registryTasksSubnetId },
      ...(registryKey ? { customerManagedKey: registryKey } : {}),
    }, { parent: this, dependsOn: registryGrants });

    this.cluster = new SecureAksCluster(`${name}-aks`, {
      ...common,
      tags: { ...tags, ...cmkTags?.cluster, ...policyTag },
      userAssignedIdentityId: this.clusterIdentity.id,
      apiServerSubnetId: this.network.apiServerSubnetId,
      privateDnsZoneId: this.network.privateDnsZoneIds.aks,
      ...(this.keys ? {
        diskEncryptionSetId: this.keys.diskEncryptionSetId,
        kmsKeyId: this.keys.keys.etcd.keyUriWithVersion,
        kmsKeyVaultResourceId: this.keys.vaultId,
      } : {}),
      systemSubnetId: this.network.systemSubnetId,
      userPools: Object.fromEntries(levels.map((level) => [level, { subnetId: this.network.userSubnetIds[level] }])),
      adminGroupObjectIds: args.adminGroupObjectIds,
      logAnalyticsWorkspaceId: this.monitoring.workspaceId,
      azureMonitorWorkspaceId: this.monitoring.azureMonitorWorkspaceId,
      prometheusDataCollectionRuleId: this.monitoring.prometheusRuleId,
      containerInsightsDataCollectionRuleId: this.monitoring.containerInsightsRuleId,
      registryId: this.registry.registryId,
      outboundType: 'userDefinedRouting',
      podCidr: this.network.podCidr,
      serviceCidr: this.network.serviceCidr,
      dnsServiceIp: tenthAddress(this.network.serviceCidr),
    }, { parent: this, dependsOn: clusterGrants });
    // The cluster associates the monitoring rules itself; the platform adds the private-link
    // endpoint association only.
    this.monitoring.associateCluster(this.cluster.clusterId, 'cluster', { rules: false });

    this.defender = new DefenderForContainers(`${name}-defender`, {}, parent);

    if (policyTag === undefined) {
      const { allowedLocations, additionalAllowedRegistries, assignedElsewhere: _, ...policyOptions } = args.policy ?? {};
      this.policy = new PolicyBaseline(`${name}-policy`, {
        ...policyOptions,
        scope: this.resourceGroupId,
        allowedLocations: allowedLocations ?? [normaliseRegion(args.location)],
        allowedRegistries: [this.registry.loginServer, ...(additionalAllowedRegistries ?? [])],
        // Remediation (DeployIfNotExists): the platform's workspace and admin groups, so
        // diagnostic settings and admin access that drift or go missing are deployed again.
        logAnalyticsWorkspaceId: this.monitoring.workspaceId,
        adminGroupObjectIds: args.adminGroupObjectIds,
        location: normaliseRegion(args.location),
      }, parent);
    }

    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      resourceGroupId: this.resourceGroupId,
      clusterId: this.cluster.clusterId,
      registryLoginServer: this.registry.loginServer,
      workspaceId: this.monitoring.workspaceId,
    });
  }
}

/** The justification tags of `customerManagedKeys: { value: false }`, on the cluster and on the registry. */
function microsoftManagedKeyTags(
  platform: SecureAksPlatform, name: string, choice: JustifiedArg<false>,
): { cluster: Record<string, string>; registry: Record<string, string> } {
  const argument = `SecureAksPlatform '${name}' argument 'customerManagedKeys'`;
  if (choice.value !== false) {
    throw new pulumi.ResourceError(`${argument}: value '${String(choice.value)}' is not false. Leave customerManagedKeys unset to keep customer-managed keys.`, platform);
  }
  const fix = 'Leave customerManagedKeys unset: the platform creates a private key vault with rotated keys for the disks, etcd and the registry.';
  return {
    cluster: requireJustification(platform, { argument, controlId: 'aks.customer-managed-keys', fix }, choice.justification),
    registry: requireJustification(platform, { argument, controlId: 'acr.customer-managed-key', fix }, choice.justification),
  };
}

/** The tenth address of a CIDR block (`10.0.0.0/16` → `10.0.0.10`), where AKS puts cluster DNS by convention. */
function tenthAddress(cidr: string): string {
  return formatIpv4(parseCidr(cidr).network + 10);
}
