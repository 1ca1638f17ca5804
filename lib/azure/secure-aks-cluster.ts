import type * as authorization from '@pulumi/azure-native/authorization';
import * as containerservice from '@pulumi/azure-native/containerservice';
import * as monitor from '@pulumi/azure-native/monitor';
import * as pulumi from '@pulumi/pulumi';
import { kubewardTags, requireJustification, type JustifiedArg } from './common';
import { grantRole } from './roles';

/**
 * `SecureAksCluster`: an AKS cluster whose defaults satisfy the Azure side of kubeward's controls
 * (issue #5 item 1). Each secure default below names the control id (lib/controls/azure.ts) and
 * the guidance checklist id (W-xx / E-xx) it implements.
 */

/**
 * Label and taint key of the node pools per sensitivity level. It MUST equal `SENSITIVITY_KEY`
 * of lib/k8s/policy.ts (what `SecureNamespace` and the hardened workloads select and tolerate);
 * it is duplicated here so that `kubeward/azure` does not load cdk8s. A unit test asserts both
 * are equal.
 */
const SENSITIVITY_KEY = 'kubeward.io/sensitivity';

/**
 * The AKS control-plane log categories, in the order of the built-in policy "Deploy - Configure
 * diagnostic settings for Azure Kubernetes Service to Log Analytics workspace" (one `True`/`False`
 * parameter each).
 */
export const AKS_DIAGNOSTIC_LOG_CATEGORIES = [
  'kube-apiserver', 'kube-audit', 'kube-controller-manager', 'kube-scheduler', 'cluster-autoscaler', 'kube-audit-admin', 'guard',
  'cloud-controller-manager', 'csi-azuredisk-controller', 'csi-azurefile-controller', 'csi-snapshot-controller',
] as const;

/** An AKS control-plane log category. */
export type AksDiagnosticLogCategory = (typeof AKS_DIAGNOSTIC_LOG_CATEGORIES)[number];

/**
 * The categories SecureAksCluster's diagnostic setting sends (control `aks.audit-logs`). The
 * setting lists the other categories and `AllMetrics` as off, and PolicyBaseline's
 * `aks-diagnostics` assignment sets its parameters the same way.
 */
export const SECURE_AKS_CLUSTER_LOG_CATEGORIES: readonly AksDiagnosticLogCategory[] = ['kube-audit-admin', 'kube-apiserver', 'guard'];

/** The name of the cluster's diagnostic setting (PolicyBaseline's `aks-diagnostics` remediation uses it too). */
export const CLUSTER_DIAGNOSTIC_SETTING_NAME = 'kubeward-control-plane-logs';

/** Default VM size: 4 vCPU with a 150 GiB local disk, so the ephemeral OS disk fits and encryption at host is supported. */
const DEFAULT_VM_SIZE = 'Standard_D4ds_v5';

const CONTAINER_INSIGHTS_STREAM = 'Microsoft-ContainerInsights-Group-Default';
const PROMETHEUS_STREAM = 'Microsoft-PrometheusMetrics';

const LABEL_VALUE = /^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REGISTRY_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i;
const IPV4_RANGE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** How the cluster's egress leaves the virtual network. `loadBalancer` (public IPs on the cluster's load balancer) is not offered. */
export type SecureAksOutboundType = 'userDefinedRouting' | 'managedNATGateway' | 'userAssignedNATGateway';

/** A day of the week, as AKS maintenance configurations spell it. */
export type SecureAksWeekDay = 'Sunday' | 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday';

/** Network access of the key vault holding the KMS key. */
export type SecureAksKeyVaultNetworkAccess = 'Private' | 'Public';

/** The system node pool (runs only the cluster's add-ons: tainted `CriticalAddonsOnly`). */
export interface SecureAksSystemPoolArgs {
  /**
   * VM size; it needs a local (cache or temp) disk large enough for the ephemeral OS disk and
   * must support encryption at host.
   * @default 'Standard_D4ds_v5'
   */
  readonly vmSize?: pulumi.Input<string>;
  /**
   * Minimum node count of the autoscaler (1 to 1000).
   * @default 3
   */
  readonly minCount?: number;
  /**
   * Maximum node count of the autoscaler.
   * @default 5
   */
  readonly maxCount?: number;
}

/** A user node pool for one sensitivity level. */
export interface SecureAksUserPoolArgs {
  /** Subnet of the pool's nodes (one subnet per sensitivity level: guidance E-11). */
  readonly subnetId: pulumi.Input<string>;
  /**
   * VM size; it needs a local disk large enough for the ephemeral OS disk and must support
   * encryption at host.
   * @default 'Standard_D4ds_v5'
   */
  readonly vmSize?: pulumi.Input<string>;
  /**
   * Minimum node count of the autoscaler (0 to 1000).
   * @default 1
   */
  readonly minCount?: number;
  /**
   * Maximum node count of the autoscaler.
   * @default 3
   */
  readonly maxCount?: number;
  /**
   * The agent pool's name (lowercase letters and digits, starting with a letter, at most 12).
   * @default - the level with every character other than a-z and 0-9 removed, cut to 12
   */
  readonly poolName?: string;
}

/** A weekly window for automatic upgrades. */
export interface SecureAksMaintenanceWindow {
  /**
   * Day of the week.
   * @default 'Sunday'
   */
  readonly dayOfWeek?: SecureAksWeekDay;
  /**
   * Start time, `HH:mm`, in the time zone of `utcOffset`.
   * @default '00:00'
   */
  readonly startTime?: string;
  /**
   * Length of the window in hours (4 to 24).
   * @default 4
   */
  readonly durationHours?: number;
  /**
   * UTC offset of `startTime`, `+HH:mm` or `-HH:mm`.
   * @default '+00:00'
   */
  readonly utcOffset?: string;
  /**
   * Weeks between two windows (1 to 4).
   * @default 1
   */
  readonly intervalWeeks?: number;
}

/** The API server reachable from the internet, restricted to a list of source ranges. */
export interface SecureAksPublicApiServer {
  /** Source ranges allowed to reach the API server (IPv4 addresses or CIDRs; not empty, no `/0`). */
  readonly authorizedIpRanges: readonly string[];
}

/** Arguments of {@link SecureAksCluster}. */
export interface SecureAksClusterArgs {
  /** Resource group of the cluster. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region of the cluster. */
  readonly location: pulumi.Input<string>;
  /**
   * Name of the managed cluster resource.
   * @default - Pulumi auto-names it from the component name
   * @see ManagedClusterArgs.resourceName
   */
  readonly clusterName?: pulumi.Input<string>;
  /**
   * Kubernetes version (`1.31` or `1.31.2`); automatic upgrades keep it current afterwards.
   * @default - the AKS default version of the region
   * @see ManagedClusterArgs.kubernetesVersion
   */
  readonly kubernetesVersion?: pulumi.Input<string>;
  /** Subnet of the system node pool. Its route table must send 0.0.0.0/0 to your firewall with the default `outboundType`. */
  readonly systemSubnetId: pulumi.Input<string>;
  /**
   * The system node pool.
   * @default - 3 to 5 nodes of Standard_D4ds_v5
   */
  readonly systemPool?: SecureAksSystemPoolArgs;
  /**
   * One user node pool per sensitivity level (`public`, `internal`, `confidential` or your own
   * lowercase label value), tainted `kubeward.io/sensitivity=<level>:NoSchedule` and labelled
   * `kubeward.io/sensitivity=<level>` to match `SecureNamespace` (guidance E-11, E-12).
   * @default {} - only the system pool
   */
  readonly userPools?: Readonly<Record<string, SecureAksUserPoolArgs>>;
  /**
   * Object ids of the Entra ID groups that are cluster admins (control aks.entra-rbac). Required and
   * not empty: with local accounts disabled, nobody else can administer the cluster.
   * @see ManagedClusterAADProfileArgs.adminGroupObjectIDs
   */
  readonly adminGroupObjectIds: readonly pulumi.Input<string>[];
  /**
   * Resource id of the Log Analytics workspace for Defender (aks.defender-profile), Container
   * Insights (aks.monitoring) and the control-plane diagnostic settings (aks.audit-logs).
   */
  readonly logAnalyticsWorkspaceId: pulumi.Input<string>;
  /**
   * Resource id of the Azure Monitor workspace receiving managed Prometheus metrics: a data
   * collection endpoint and rule are created and associated with the cluster (as
   * `az aks create --azure-monitor-workspace-resource-id` does).
   * @default - metrics are collected but sent nowhere until a rule is associated (a warning says so)
   * @see ManagedClusterAzureMonitorProfileMetricsArgs
   */
  readonly azureMonitorWorkspaceId?: pulumi.Input<string>;
  /**
   * An existing data collection rule for managed Prometheus (for example from `SecurityMonitoring`)
   * to associate with the cluster instead of creating one; takes precedence over `azureMonitorWorkspaceId`.
   * @default - one is created when `azureMonitorWorkspaceId` is given
   */
  readonly prometheusDataCollectionRuleId?: pulumi.Input<string>;
  /**
   * An existing Container Insights data collection rule (for example from `SecurityMonitoring`)
   * to associate with the cluster instead of creating one.
   * @default - a rule sending Container Insights to `logAnalyticsWorkspaceId` is created
   */
  readonly containerInsightsDataCollectionRuleId?: pulumi.Input<string>;
  /**
   * Region of the workspaces: the data collection rules and endpoint are created there.
   * @default - the cluster's location
   */
  readonly monitoringLocation?: pulumi.Input<string>;
  /**
   * Resource id of the container registry the nodes pull from: the kubelet identity gets
   * `AcrPull` on that registry only (guidance E-06).
   * @default - no role assignment
   */
  readonly registryId?: pulumi.Input<string>;
  /**
   * Egress path. `userDefinedRouting` sends it through your firewall (guidance E-23).
   * @default 'userDefinedRouting'
   * @see ContainerServiceNetworkProfileArgs.outboundType
   */
  readonly outboundType?: SecureAksOutboundType;
  /**
   * CIDR of the pod overlay network; it must not overlap the VNet or networks peered with it.
   * @default '10.244.0.0/16'
   * @see ContainerServiceNetworkProfileArgs.podCidr
   */
  readonly podCidr?: pulumi.Input<string>;
  /**
   * CIDR of the Kubernetes services; it must not overlap the VNet or networks peered with it.
   * @default '10.0.0.0/16'
   * @see ContainerServiceNetworkProfileArgs.serviceCidr
   */
  readonly serviceCidr?: pulumi.Input<string>;
  /**
   * Address of the cluster DNS service, inside `serviceCidr`.
   * @default '10.0.0.10'
   * @see ContainerServiceNetworkProfileArgs.dnsServiceIP
   */
  readonly dnsServiceIp?: pulumi.Input<string>;
  /**
   * A public API server restricted to authorized IP ranges instead of a private cluster
   * (weakens aks.private-cluster; needs a justification).
   * @default - private cluster
   * @see ManagedClusterAPIServerAccessProfileArgs
   */
  readonly publicApiServer?: JustifiedArg<SecureAksPublicApiServer>;
  /**
   * Subnet for API Server VNet Integration (the API server gets an internal IP in your network).
   * Required for KMS with a private key vault.
   * @default - no VNet integration
   * @see ManagedClusterAPIServerAccessProfileArgs.subnetId
   */
  readonly apiServerSubnetId?: pulumi.Input<string>;
  /**
   * The private DNS zone of the private API server: the resource id of a
   * `privatelink.<region>.azmk8s.io` zone (or a subzone of it) that your network resolves, for
   * example a hub's central zone. It needs `userAssignedIdentityId`, granted Private DNS Zone
   * Contributor on the zone. `'system'` lets AKS create a zone in the node resource group.
   * @default 'system'
   * @see ManagedClusterAPIServerAccessProfileArgs.privateDNSZone
   */
  readonly privateDnsZoneId?: pulumi.Input<string>;
  /**
   * A user-assigned identity for the control plane (required for KMS).
   * @default - a system-assigned identity
   * @see ManagedClusterIdentityArgs
   */
  readonly userAssignedIdentityId?: pulumi.Input<string>;
  /**
   * Disk encryption set encrypting OS and data disks with your keys (guidance E-10).
   * @default - platform-managed keys
   * @see ManagedClusterArgs.diskEncryptionSetID
   */
  readonly diskEncryptionSetId?: pulumi.Input<string>;
  /**
   * Versioned Key Vault key id for KMS etcd encryption of Kubernetes secrets (guidance E-10).
   * Needs `userAssignedIdentityId`.
   * @default - no KMS encryption of etcd
   * @see AzureKeyVaultKmsArgs.keyId
   */
  readonly kmsKeyId?: pulumi.Input<string>;
  /**
   * Network access of the KMS key vault; `Private` needs `kmsKeyVaultResourceId` and `apiServerSubnetId`.
   * @default 'Private'
   * @see AzureKeyVaultKmsArgs.keyVaultNetworkAccess
   */
  readonly kmsKeyVaultNetworkAccess?: SecureAksKeyVaultNetworkAccess;
  /**
   * Resource id of the KMS key vault (required when its network access is `Private`).
   * @default - none
   * @see AzureKeyVaultKmsArgs.keyVaultResourceId
   */
  readonly kmsKeyVaultResourceId?: pulumi.Input<string>;
  /**
   * Window of the automatic cluster and node OS upgrades (`aksManagedAutoUpgradeSchedule`,
   * `aksManagedNodeOSUpgradeSchedule`).
   * @default - every Sunday, 00:00 UTC, 4 hours
   */
  readonly maintenanceWindow?: SecureAksMaintenanceWindow;
  /**
   * Tags for every resource, merged with kubeward's.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A hardened AKS cluster: private API server, Entra ID with Azure RBAC and no local accounts,
 * managed and workload identity, Defender, Azure Policy, Key Vault secrets provider, Container
 * Insights and managed Prometheus, automatic upgrades in a maintenance window, Azure Linux nodes
 * without SSH and with host encryption and ephemeral OS disks, Azure CNI overlay with Cilium,
 * egress through a firewall, node pools per sensitivity level, control-plane audit logs and
 * `AcrPull` for the kubelet on one registry.
 */
export class SecureAksCluster extends pulumi.ComponentResource {
  /** Label and taint key of the user pools (equals `SENSITIVITY_KEY` of `kubeward/k8s`). */
  public static readonly SENSITIVITY_KEY = SENSITIVITY_KEY;

  /** The managed cluster. */
  public readonly cluster: containerservice.ManagedCluster;
  /** The user pools, by sensitivity level. */
  public readonly userPools: Readonly<Record<string, containerservice.AgentPool>>;
  /** The `AcrPull` role assignment of the kubelet identity, when `registryId` is given. */
  public readonly acrPullAssignment?: authorization.RoleAssignment;
  /** Whether the API server is private (false only with a justified `publicApiServer`). */
  public readonly privateCluster: boolean;
  /** The egress path. */
  public readonly outboundType: SecureAksOutboundType;
  /** The resolved maintenance window. */
  public readonly maintenanceWindow: Required<SecureAksMaintenanceWindow>;
  /** The sensitivity levels that have a user pool. */
  public readonly sensitivityLevels: readonly string[];

  /** ARM resource id of the cluster. */
  public readonly clusterId: pulumi.Output<string>;
  /** Name of the managed cluster resource. */
  public readonly clusterName: pulumi.Output<string>;
  /** The OIDC issuer URL, for workload identity federated credentials. */
  public readonly oidcIssuerUrl: pulumi.Output<string>;
  /** Object id of the kubelet identity (the one that pulls images). */
  public readonly kubeletIdentityObjectId: pulumi.Output<string>;
  /** Principal id of the system-assigned control-plane identity (undefined with `userAssignedIdentityId`). */
  public readonly principalId?: pulumi.Output<string>;

  constructor(name: string, args: SecureAksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeward:azure:SecureAksCluster', name, {}, opts);
    const arg = (argument: string): string => `SecureAksCluster '${name}' argument '${argument}'`;
    const fail: (message: string) => never = (message) => {
      throw new pulumi.ResourceError(message, this);
    };

    // ---- validation and resolved defaults (plain values now, unknown Inputs inside apply) ----
    if (!Array.isArray(args.adminGroupObjectIds) || args.adminGroupObjectIds.length === 0) {
      fail(`${arg('adminGroupObjectIds')} is empty [aks.entra-rbac]. With local accounts disabled only Entra ID admin groups can administer the cluster: pass at least one group object id.`);
    }
    for (const id of args.adminGroupObjectIds) {
      if (typeof id === 'string' && !GUID.test(id)) fail(`${arg('adminGroupObjectIds')} has '${id}', which is not an Entra ID object id (a GUID) [aks.entra-rbac]. Pass the group's object id.`);
    }

    const outboundType = args.outboundType ?? 'userDefinedRouting';
    if (!['userDefinedRouting', 'managedNATGateway', 'userAssignedNATGateway'].includes(outboundType)) {
      fail(`${arg('outboundType')} is '${String(outboundType)}'; kubeward allows 'userDefinedRouting' (egress through a firewall), 'managedNATGateway' or 'userAssignedNATGateway' (guidance E-23).`);
    }
    this.outboundType = outboundType;

    const tags = kubewardTags('SecureAksCluster', args.tags);
    let clusterTags: Record<string, string> = { ...tags };
    let authorizedIpRanges: string[] | undefined;
    if (args.publicApiServer !== undefined) {
      clusterTags = {
        ...clusterTags,
        ...requireJustification(this, {
          argument: arg('publicApiServer'),
          controlId: 'aks.private-cluster',
          fix: 'Leave publicApiServer unset for a private cluster and reach the API server from your network (VPN, ExpressRoute, a jump host or Azure Bastion).',
        }, args.publicApiServer.justification),
      };
      const ranges = args.publicApiServer.value?.authorizedIpRanges;
      if (!Array.isArray(ranges) || ranges.length === 0) {
        fail(`${arg('publicApiServer.value.authorizedIpRanges')} is empty [aks.private-cluster]. A public API server must be restricted to the source ranges of your administrators and pipelines (guidance E-26): list them as CIDRs.`);
      }
      for (const range of ranges) checkIpRange(range, arg('publicApiServer.value.authorizedIpRanges'), fail);
      authorizedIpRanges = [...ranges];
    }
    this.privateCluster = authorizedIpRanges === undefined;
    const privateDnsZone = args.privateDnsZoneId ?? 'system';
    if (args.privateDnsZoneId !== undefined) {
      if (!this.privateCluster) fail(`${arg('privateDnsZoneId')} is set for a public API server: a private DNS zone serves a private cluster only; leave it unset.`);
      if (typeof privateDnsZone === 'string' && privateDnsZone.toLowerCase() === 'none') {
        fail(`${arg('privateDnsZoneId')} is 'none', which publishes the API server's private address in public DNS [aks.private-cluster]. Leave it unset ('system') or give your privatelink.<region>.azmk8s.io zone's id.`);
      }
      if (typeof privateDnsZone === 'string' && privateDnsZone !== 'system'
        && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+\.)?privatelink\.[a-z0-9]+\.azmk8s\.io$/i.test(privateDnsZone)) {
        fail(`${arg('privateDnsZoneId')} is '${privateDnsZone}', which is not the resource id of a privatelink.<region>.azmk8s.io private DNS zone (or a subzone of it).`);
      }
      if (privateDnsZone !== 'system' && args.userAssignedIdentityId === undefined) {
        fail(`${arg('privateDnsZoneId')} needs ${arg('userAssignedIdentityId')}: AKS writes the API server's record into your zone with the control plane's user-assigned identity (granted Private DNS Zone Contributor on the zone).`);
      }
    }

    const kmsNetworkAccess = args.kmsKeyVaultNetworkAccess ?? 'Private';
    if (args.kmsKeyId !== undefined) {
      if (args.userAssignedIdentityId === undefined) {
        fail(`${arg('kmsKeyId')} needs ${arg('userAssignedIdentityId')}: KMS etcd encryption does not work with a system-assigned identity. Create a user-assigned identity, grant it Key Vault Crypto User on the key, and pass its id.`);
      }
      if (typeof args.kmsKeyId === 'string' && !/^https:\/\/[^/]+\/keys\/[^/]+\/[^/]+$/.test(args.kmsKeyId)) {
        fail(`${arg('kmsKeyId')} is '${args.kmsKeyId}', which is not a versioned Key Vault key id (https://<vault>.vault.azure.net/keys/<name>/<version>).`);
      }
      if (kmsNetworkAccess !== 'Private' && kmsNetworkAccess !== 'Public') fail(`${arg('kmsKeyVaultNetworkAccess')} is '${String(kmsNetworkAccess)}'; use 'Private' or 'Public'.`);
      if (kmsNetworkAccess === 'Private' && args.kmsKeyVaultResourceId === undefined) {
        fail(`${arg('kmsKeyVaultResourceId')} is missing: KMS with a private key vault (the default kmsKeyVaultNetworkAccess 'Private') needs the key vault's resource id.`);
      }
      if (kmsNetworkAccess === 'Private' && args.apiServerSubnetId === undefined) {
        fail(`${arg('apiServerSubnetId')} is missing: KMS with a private key vault needs API Server VNet Integration; pass a subnet delegated to Microsoft.ContainerService/managedClusters.`);
      }
    } else if (args.kmsKeyVaultResourceId !== undefined || args.kmsKeyVaultNetworkAccess !== undefined) {
      fail(`${arg(args.kmsKeyVaultResourceId !== undefined ? 'kmsKeyVaultResourceId' : 'kmsKeyVaultNetworkAccess')} is set without ${arg('kmsKeyId')}: pass the key id to turn on KMS etcd encryption.`);
    }

    if ((args.serviceCidr === undefined) !== (args.dnsServiceIp === undefined)) {
      fail(`${arg(args.serviceCidr === undefined ? 'dnsServiceIp' : 'serviceCidr')} is set without ${arg(args.serviceCidr === undefined ? 'serviceCidr' : 'dnsServiceIp')}: set both (the DNS service address must be inside the service CIDR).`);
    }

    const window = resolveMaintenanceWindow(args.maintenanceWindow, arg('maintenanceWindow'), fail);
    this.maintenanceWindow = window;

    const systemPool = args.systemPool ?? {};
    const systemMin = systemPool.minCount ?? 3;
    const systemMax = systemPool.maxCount ?? 5;
    checkCounts(systemMin, systemMax, 1, arg('systemPool'), fail);

    const levels = Object.keys(args.userPools ?? {});
    const poolNames = new Map<string, string>(); // pool name -> level
    const poolNameOf = new Map<string, string>(); // level -> pool name
    for (const level of levels) {
      if (!LABEL_VALUE.test(level)) {
        fail(`${arg('userPools')} has level '${level}', which is not a lowercase label value (a-z, 0-9, '-', '_', '.'; at most 63 characters), so it cannot be the value of the ${SENSITIVITY_KEY} label and taint.`);
      }
      const pool = args.userPools![level]!;
      const poolName = pool.poolName ?? level.replace(/[^a-z0-9]/g, '').slice(0, 12);
      if (!/^[a-z][a-z0-9]{0,11}$/.test(poolName) || poolName === 'system') {
        fail(`${arg(`userPools.${level}.poolName`)} ${pool.poolName === undefined ? `derived from the level is '${poolName}', which` : `'${poolName}'`} is not a valid agent pool name (a lowercase letter, then letters or digits, at most 12, not 'system'): set poolName.`);
      }
      const clash = poolNames.get(poolName);
      if (clash !== undefined) fail(`${arg('userPools')}: levels '${clash}' and '${level}' both give the agent pool name '${poolName}': set poolName on one of them.`);
      poolNames.set(poolName, level);
      poolNameOf.set(level, poolName);
      checkCounts(pool.minCount ?? 1, pool.maxCount ?? 3, 0, arg(`userPools.${level}`), fail);
    }
    this.sensitivityLevels = levels;

    // Nothing broader than the registry: a subscription or resource group scope would grant pull on every registry in it.
    const checkRegistryId = (id: string): string => {
      if (!REGISTRY_ID.test(id)) {
        fail(`${arg('registryId')} is '${id}', which is not the resource id of one container registry: AcrPull is granted on the registry only, never on a resource group or subscription.`);
      }
      return id;
    };
    if (typeof args.registryId === 'string') checkRegistryId(args.registryId);
    const registryId = args.registryId === undefined ? undefined : pulumi.output(args.registryId).apply(checkRegistryId);

    // ---- the cluster ----
    const workspaceId = args.logAnalyticsWorkspaceId;
    const nodeHardening = {
      // aks.node-os-hardening (E-17): Azure Linux, a container-optimised OS; no SSH; encryption at host (E-10); ephemeral OS disk.
      osType: 'Linux',
      osSKU: 'AzureLinux',
      enableEncryptionAtHost: true,
      osDiskType: 'Ephemeral',
      securityProfile: { sshAccess: 'Disabled' },
      // No public IP on any node.
      enableNodePublicIP: false,
      type: 'VirtualMachineScaleSets',
      enableAutoScaling: true,
    } as const;

    const identity: containerservice.ManagedClusterArgs['identity'] = args.userAssignedIdentityId === undefined
      ? { type: 'SystemAssigned' }
      : { type: 'UserAssigned', userAssignedIdentities: [args.userAssignedIdentityId] };

    this.cluster = new containerservice.ManagedCluster(`${name}-cluster`, {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      ...(args.clusterName !== undefined ? { resourceName: args.clusterName } : {}),
      dnsPrefix: dnsPrefixOf(typeof args.clusterName === 'string' ? args.clusterName : name),
      ...(args.kubernetesVersion !== undefined ? { kubernetesVersion: args.kubernetesVersion } : {}),
      // Standard tier: the uptime SLA, and required by the cost analysis add-on.
      sku: { name: 'Base', tier: 'Standard' },
      // aks.managed-identity (E-09): a managed identity, never servicePrincipalProfile.
      identity,
      enableRBAC: true,
      // aks.entra-rbac (E-09, E-32): Entra ID sign-in and Azure RBAC for Kubernetes authorization.
      aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [...args.adminGroupObjectIds] },
      // aks.local-accounts-disabled (E-09, E-32): no static admin kubeconfig.
      disableLocalAccounts: true,
      apiServerAccessProfile: {
        // aks.private-cluster (E-29, E-26): private API server, or a public one limited to authorized ranges.
        enablePrivateCluster: this.privateCluster,
        ...(this.privateCluster ? { privateDNSZone: privateDnsZone } : {}),
        ...(authorizedIpRanges ? { authorizedIPRanges: authorizedIpRanges } : {}),
        // aks.run-command-disabled (E-09, E-16): no command execution that bypasses the API server's identity and audit.
        disableRunCommand: true,
        ...(args.apiServerSubnetId !== undefined ? { enableVnetIntegration: true, subnetId: args.apiServerSubnetId } : {}),
      },
      // aks.workload-identity (W-14, W-15): pods get Entra tokens through federated service account tokens.
      oidcIssuerProfile: { enabled: true },
      securityProfile: {
        workloadIdentity: { enabled: true },
        // aks.defender-profile (E-24, E-26): Defender sensor sending runtime events to the workspace.
        defender: { logAnalyticsWorkspaceResourceId: workspaceId, securityMonitoring: { enabled: true } },
        // aks.image-cleaner (E-04, E-14): removes unused, vulnerable images from the nodes every day.
        imageCleaner: { enabled: true, intervalHours: 24 },
        // E-10: Kubernetes secrets in etcd encrypted with your key.
        ...(args.kmsKeyId !== undefined ? {
          azureKeyVaultKms: {
            enabled: true,
            keyId: args.kmsKeyId,
            keyVaultNetworkAccess: kmsNetworkAccess,
            ...(kmsNetworkAccess === 'Private' ? { keyVaultResourceId: args.kmsKeyVaultResourceId } : {}),
          },
        } : {}),
      },
      // E-10: OS and data disks encrypted with customer-managed keys.
      ...(args.diskEncryptionSetId !== undefined ? { diskEncryptionSetID: args.diskEncryptionSetId } : {}),
      addonProfiles: {
        // aks.azure-policy-addon (E-13, E-34): Gatekeeper with Azure Policy definitions.
        azurepolicy: { enabled: true },
        // aks.key-vault-secrets-provider (E-19, W-20): secrets mounted from Key Vault at run time, rotated.
        azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: 'true', rotationPollInterval: '2m' } },
        // aks.monitoring (W-25): Container Insights with managed identity (Entra) authentication.
        omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceId, useAADAuth: 'true' } },
      },
      // aks.monitoring (W-25): managed Prometheus.
      azureMonitorProfile: { metrics: { enabled: true } },
      // E-28: cost analysis by namespace and workload (needs the Standard tier).
      metricsProfile: { costAnalysis: { enabled: true } },
      // aks.auto-upgrade (E-14, E-18): patch versions of the stable minor and weekly node images, in the maintenance window.
      autoUpgradeProfile: { upgradeChannel: 'stable', nodeOSUpgradeChannel: 'NodeImage' },
      networkProfile: {
        // aks.network-policy (W-24, E-11): Azure CNI overlay powered by Cilium; Cilium enforces NetworkPolicy in eBPF
        // (Azure's recommended engine; Azure Network Policy Manager is on its way out).
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkPolicy: 'cilium',
        networkDataplane: 'cilium',
        // E-23: egress through a firewall (user-defined route) or a NAT gateway, never the load balancer's public IPs.
        outboundType,
        loadBalancerSku: 'standard',
        podCidr: args.podCidr ?? '10.244.0.0/16',
        serviceCidr: args.serviceCidr ?? '10.0.0.0/16',
        dnsServiceIP: args.dnsServiceIp ?? '10.0.0.10',
      },
      agentPoolProfiles: [{
        name: 'system',
        // The system pool runs only critical add-ons; workloads go to the pools of their sensitivity level (E-12).
        mode: 'System',
        nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'],
        vmSize: systemPool.vmSize ?? DEFAULT_VM_SIZE,
        vnetSubnetID: args.systemSubnetId,
        count: systemMin,
        minCount: systemMin,
        maxCount: systemMax,
        ...nodeHardening,
        tags,
      }],
      tags: clusterTags,
      // A component's dependsOn does not reach its children: the cluster waits for what the
      // caller names (role assignments its identity needs when AKS checks them, for example).
    }, { parent: this, dependsOn: opts?.dependsOn });

    const cluster = this.cluster;
    const clusterName = cluster.name;

    // ---- user pools per sensitivity level (E-11, E-12) ----
    const userPools: Record<string, containerservice.AgentPool> = {};
    for (const level of levels) {
      const pool = args.userPools![level]!;
      const minCount = pool.minCount ?? 1;
      userPools[level] = new containerservice.AgentPool(`${name}-pool-${level}`, {
        resourceGroupName: args.resourceGroupName,
        resourceName: clusterName,
        agentPoolName: poolNameOf.get(level)!,
        mode: 'User',
        vmSize: pool.vmSize ?? DEFAULT_VM_SIZE,
        vnetSubnetID: pool.subnetId,
        count: minCount,
        minCount,
        maxCount: pool.maxCount ?? 3,
        ...(args.kubernetesVersion !== undefined ? { orchestratorVersion: args.kubernetesVersion } : {}),
        // Only pods that tolerate the level (HardenedDeployment in a SecureNamespace of that level) run here.
        nodeTaints: [`${SENSITIVITY_KEY}=${level}:NoSchedule`],
        nodeLabels: { [SENSITIVITY_KEY]: level },
        ...nodeHardening,
        tags,
      }, { parent: this });
    }
    this.userPools = userPools;

    // ---- maintenance window for both automatic upgrades (aks.auto-upgrade, E-18) ----
    const maintenanceWindow: containerservice.MaintenanceConfigurationArgs['maintenanceWindow'] = {
      schedule: { weekly: { dayOfWeek: window.dayOfWeek, intervalWeeks: window.intervalWeeks } },
      durationHours: window.durationHours,
      startTime: window.startTime,
      utcOffset: window.utcOffset,
    };
    for (const [role, configName] of [['upgrade-window', 'aksManagedAutoUpgradeSchedule'], ['node-os-window', 'aksManagedNodeOSUpgradeSchedule']] as const) {
      new containerservice.MaintenanceConfiguration(`${name}-${role}`, {
        resourceGroupName: args.resourceGroupName,
        resourceName: clusterName,
        configName,
        maintenanceWindow,
      }, { parent: this });
    }

    // ---- control-plane audit logs (aks.audit-logs, E-16) ----
    new monitor.DiagnosticSetting(`${name}-diagnostics`, {
      name: CLUSTER_DIAGNOSTIC_SETTING_NAME,
      resourceUri: cluster.id,
      workspaceId,
      // Resource-specific tables (AKSAudit, AKSAuditAdmin, AKSControlPlane) rather than AzureDiagnostics.
      logAnalyticsDestinationType: 'Dedicated',
      // Control-plane logs (aks.audit-logs): every category is listed, those not sent as
      // disabled, and AllMetrics as disabled, so PolicyBaseline's aks-diagnostics
      // (DeployIfNotExists) assignment, which counts all of them, finds this setting compliant.
      logs: AKS_DIAGNOSTIC_LOG_CATEGORIES.map((category) => ({ category, enabled: SECURE_AKS_CLUSTER_LOG_CATEGORIES.includes(category) })),
      metrics: [{ category: 'AllMetrics', enabled: false }],
    }, { parent: this });

    // ---- Container Insights and managed Prometheus data collection (aks.monitoring, W-25) ----
    const monitoringLocation = args.monitoringLocation ?? args.location;
    const containerInsightsRuleId = args.containerInsightsDataCollectionRuleId ?? new monitor.DataCollectionRule(`${name}-ci-dcr`, {
      resourceGroupName: args.resourceGroupName,
      location: monitoringLocation,
      kind: 'Linux',
      description: 'kubeward: Container Insights of the AKS cluster to Log Analytics',
      dataSources: {
        extensions: [{
          name: 'ContainerInsightsExtension',
          extensionName: 'ContainerInsights',
          streams: [CONTAINER_INSIGHTS_STREAM],
          extensionSettings: { dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true } },
        }],
      },
      destinations: { logAnalytics: [{ name: 'ciworkspace', workspaceResourceId: workspaceId }] },
      dataFlows: [{ streams: [CONTAINER_INSIGHTS_STREAM], destinations: ['ciworkspace'] }],
      tags,
    }, { parent: this }).id;
    new monitor.DataCollectionRuleAssociation(`${name}-ci-dcra`, {
      resourceUri: cluster.id,
      associationName: 'ContainerInsightsExtension',
      dataCollectionRuleId: containerInsightsRuleId,
      description: 'kubeward: Container Insights data collection of the cluster; deleting it stops the collection',
    }, { parent: this });

    let prometheusRuleId: pulumi.Input<string> | undefined = args.prometheusDataCollectionRuleId;
    if (prometheusRuleId === undefined && args.azureMonitorWorkspaceId !== undefined) {
      const endpoint = new monitor.DataCollectionEndpoint(`${name}-prometheus-dce`, {
        resourceGroupName: args.resourceGroupName,
        location: monitoringLocation,
        kind: 'Linux',
        description: 'kubeward: managed Prometheus ingestion of the AKS cluster',
        tags,
      }, { parent: this });
      prometheusRuleId = new monitor.DataCollectionRule(`${name}-prometheus-dcr`, {
        resourceGroupName: args.resourceGroupName,
        location: monitoringLocation,
        kind: 'Linux',
        description: 'kubeward: managed Prometheus metrics of the AKS cluster to the Azure Monitor workspace',
        dataCollectionEndpointId: endpoint.id,
        dataSources: { prometheusForwarder: [{ name: 'PrometheusDataSource', streams: [PROMETHEUS_STREAM], labelIncludeFilter: {} }] },
        destinations: { monitoringAccounts: [{ name: 'MonitoringAccount1', accountResourceId: args.azureMonitorWorkspaceId }] },
        dataFlows: [{ streams: [PROMETHEUS_STREAM], destinations: ['MonitoringAccount1'] }],
        tags,
      }, { parent: this }).id;
      // The agents read their configuration from this endpoint (needed behind Azure Monitor Private Link Scope).
      new monitor.DataCollectionRuleAssociation(`${name}-prometheus-dcea`, {
        resourceUri: cluster.id,
        associationName: 'configurationAccessEndpoint',
        dataCollectionEndpointId: endpoint.id,
      }, { parent: this });
    }
    if (prometheusRuleId !== undefined) {
      new monitor.DataCollectionRuleAssociation(`${name}-prometheus-dcra`, {
        resourceUri: cluster.id,
        associationName: 'ContainerInsightsMetricsExtension',
        dataCollectionRuleId: prometheusRuleId,
        description: 'kubeward: managed Prometheus data collection of the cluster; deleting it stops the collection',
      }, { parent: this });
    } else {
      void pulumi.log.warn(`SecureAksCluster '${name}': managed Prometheus is on but no Azure Monitor workspace receives the metrics [aks.monitoring]; pass azureMonitorWorkspaceId or prometheusDataCollectionRuleId.`, this);
    }

    // ---- outputs ----
    this.clusterId = cluster.id;
    this.clusterName = clusterName;
    this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? fail(`SecureAksCluster '${name}': the cluster reported no OIDC issuer URL`));
    this.kubeletIdentityObjectId = cluster.identityProfile.apply((p) => p?.kubeletidentity?.objectId
      ?? fail(`SecureAksCluster '${name}': the cluster reported no kubelet identity`));
    if (args.userAssignedIdentityId === undefined) {
      this.principalId = cluster.identity.apply((i) => i?.principalId ?? fail(`SecureAksCluster '${name}': the cluster reported no system-assigned identity`));
    }

    // ---- AcrPull for the kubelet identity on the registry only (E-06) ----
    if (registryId !== undefined) {
      this.acrPullAssignment = grantRole(this, `${name}-acr-pull`, {
        scope: registryId,
        role: 'AcrPull',
        principalId: this.kubeletIdentityObjectId,
        description: 'the AKS kubelet identity pulls images from this registry (AcrPull only)',
      });
    }

    this.registerOutputs({
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      oidcIssuerUrl: this.oidcIssuerUrl,
      kubeletIdentityObjectId: this.kubeletIdentityObjectId,
      principalId: this.principalId,
    });
  }
}

/** A DNS prefix from a name: 1 to 54 lowercase letters, digits and hyphens, starting and ending with a letter or digit. */
function dnsPrefixOf(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 54).replace(/[^a-z0-9]+$/, '');
  return cleaned === '' ? 'aks' : cleaned;
}

function checkIpRange(range: unknown, argument: string, fail: (m: string) => never): void {
  const m = typeof range === 'string' ? IPV4_RANGE.exec(range.trim()) : null;
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || (m[5] !== undefined && Number(m[5]) > 32)) {
    fail(`${argument} has '${String(range)}', which is not an IPv4 address or CIDR (e.g. 203.0.113.0/24) [aks.private-cluster].`);
  }
  if (m[5] !== undefined && Number(m[5]) === 0) {
    fail(`${argument} has '${String(range)}', which authorizes the whole internet [aks.private-cluster]. List the ranges of your administrators and pipelines only.`);
  }
}

function checkCounts(min: unknown, max: unknown, lowest: number, argument: string, fail: (m: string) => never): void {
  const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= lowest && n <= 1000;
  if (!isCount(min)) fail(`${argument}.minCount is ${String(min)}; it must be a whole number from ${lowest} to 1000.`);
  if (!isCount(max) || max < 1) fail(`${argument}.maxCount is ${String(max)}; it must be a whole number from 1 to 1000.`);
  if (min > max) fail(`${argument}.minCount (${min}) is greater than maxCount (${max}).`);
}

const WEEK_DAYS: readonly SecureAksWeekDay[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function resolveMaintenanceWindow(
  window: SecureAksMaintenanceWindow | undefined, argument: string, fail: (m: string) => never,
): Required<SecureAksMaintenanceWindow> {
  const w: Required<SecureAksMaintenanceWindow> = {
    dayOfWeek: window?.dayOfWeek ?? 'Sunday',
    startTime: window?.startTime ?? '00:00',
    durationHours: window?.durationHours ?? 4,
    utcOffset: window?.utcOffset ?? '+00:00',
    intervalWeeks: window?.intervalWeeks ?? 1,
  };
  if (!WEEK_DAYS.includes(w.dayOfWeek)) fail(`${argument}.dayOfWeek is '${String(w.dayOfWeek)}'; use one of ${WEEK_DAYS.join(', ')}.`);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(w.startTime)) fail(`${argument}.startTime is '${w.startTime}'; use HH:mm from 00:00 to 23:59.`);
  if (!Number.isInteger(w.durationHours) || w.durationHours < 4 || w.durationHours > 24) {
    fail(`${argument}.durationHours is ${w.durationHours}; AKS needs a whole number of hours from 4 to 24.`);
  }
  if (!/^[+-]([01]\d|2[0-3]):[0-5]\d$/.test(w.utcOffset)) fail(`${argument}.utcOffset is '${w.utcOffset}'; use +HH:mm or -HH:mm.`);
  if (!Number.isInteger(w.intervalWeeks) || w.intervalWeeks < 1 || w.intervalWeeks > 4) {
    fail(`${argument}.intervalWeeks is ${w.intervalWeeks}; use a whole number from 1 to 4.`);
  }
  return w;
}
