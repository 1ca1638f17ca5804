import * as authorization from '@pulumi/azure-native/authorization';
import * as resources from '@pulumi/azure-native/resources';
import * as pulumi from '@pulumi/pulumi';
import { kubewardTags } from './common';
import { DefenderForContainers } from './defender';
import { PlatformNetwork } from './platform-network';
import { PrivateRegistry } from './private-registry';
import { SecureAksCluster } from './secure-aks-cluster';
import { SecurityMonitoring } from './security-monitoring';

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
   * Tags on every resource.
   * @default - kubeward's own tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * The hardened AKS platform in one constructor: network, monitoring, private registry, the
 * cluster, and Defender for Containers, wired together with secure defaults. Azure Policy
 * assignments (`PolicyBaseline`) are assigned at the scope your organisation governs, next to it.
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

    this.registry = new PrivateRegistry(`${name}-acr`, {
      ...common,
      privateEndpointSubnetId: this.network.privateEndpointSubnetId,
      virtualNetworkId: this.network.vnetId,
      privateDnsZoneId: this.network.privateDnsZoneIds.acr,
      logAnalyticsWorkspaceId: this.monitoring.workspaceId,
    }, parent);

    this.cluster = new SecureAksCluster(`${name}-aks`, {
      ...common,
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
    }, parent);
    // The cluster associates the monitoring rules itself; the platform adds the private-link
    // endpoint association only.
    this.monitoring.associateCluster(this.cluster.clusterId, 'cluster', { rules: false });

    this.defender = new DefenderForContainers(`${name}-defender`, {}, parent);

    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      resourceGroupId: this.resourceGroupId,
      clusterId: this.cluster.clusterId,
      registryLoginServer: this.registry.loginServer,
      workspaceId: this.monitoring.workspaceId,
    });
  }
}

/** The tenth address of a CIDR block (`10.0.0.0/16` → `10.0.0.10`), where AKS puts cluster DNS by convention. */
function tenthAddress(cidr: string): string {
  /* eslint-disable no-bitwise */
  const octets = cidr.split('/')[0].split('.').map(Number);
  const value = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3] + 10;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
  /* eslint-enable no-bitwise */
}
