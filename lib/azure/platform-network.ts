import * as network from '@pulumi/azure-native/network';
import type * as privatedns from '@pulumi/azure-native/privatedns';
import type * as azureInputs from '@pulumi/azure-native/types/input';
import * as pulumi from '@pulumi/pulumi';
import { cidrContains, cidrsOverlap, parseCidr, parseIpv4, subdivideCidr, type Ipv4Cidr } from './cidr';
import { kubewardTags, requireJustification, type JustifiedArg } from './common';
import { linkedPrivateZone } from './private-endpoint';

/**
 * Control ids this component refers to when a secure default is weakened. They are proposed to
 * the catalogue (lib/controls/azure.ts): network segmentation between sensitivity levels
 * (guidance E-11, E-23) and no inbound traffic from the Internet to node subnets.
 */
export const NETWORK_SEGMENTATION_CONTROL = 'network.segmentation';
/** See NETWORK_SEGMENTATION_CONTROL. */
export const NETWORK_INTERNET_INGRESS_CONTROL = 'network.internet-ingress';

/** The address space used when none is given. */
export const DEFAULT_ADDRESS_SPACE = '10.240.0.0/16';
/** The sensitivity levels used when none are given (the levels `Sensitivity` defines in kubeward/k8s). */
export const DEFAULT_SENSITIVITY_LEVELS: readonly string[] = ['public', 'internal', 'confidential'];
/** AKS's default Azure CNI Overlay pod CIDR. */
export const DEFAULT_POD_CIDR = '10.244.0.0/16';
/** AKS's default service CIDR. */
export const DEFAULT_SERVICE_CIDR = '10.0.0.0/16';

/** Subnet names inside the virtual network (a contract: renaming one replaces the subnet). */
export const SYSTEM_SUBNET_NAME = 'snet-system';
/** See SYSTEM_SUBNET_NAME. */
export const PRIVATE_ENDPOINT_SUBNET_NAME = 'snet-private-endpoints';
/** See SYSTEM_SUBNET_NAME. */
export const API_SERVER_SUBNET_NAME = 'snet-apiserver';
/** See SYSTEM_SUBNET_NAME. */
export const REGISTRY_TASKS_SUBNET_NAME = 'snet-acr-tasks';
/** The default size of the ACR Tasks agent pool subnet. */
const REGISTRY_TASKS_SUBNET_PREFIX = 27;
/** The delegation AKS API Server VNet Integration requires on its subnet. */
export const API_SERVER_SUBNET_DELEGATION = 'Microsoft.ContainerService/managedClusters';
/** AKS needs at least a /28 for API Server VNet Integration. */
const API_SERVER_SUBNET_PREFIX = 28;
/** The private DNS zone of Key Vault private endpoints. */
export const KEY_VAULT_PRIVATE_DNS_ZONE = 'privatelink.vaultcore.azure.net';
/** The subnet name of a user pool sensitivity level. */
export function userSubnetName(level: string): string {
  return `snet-user-${level}`;
}

/** The computed subnets are cut into 2^SLOT_BITS equal blocks of the address space. */
const SLOT_BITS = 4;
const SLOTS = 2 ** SLOT_BITS;
/** Azure's smallest subnet is a /29. */
const SMALLEST_SUBNET_PREFIX = 29;
const MAX_LEVELS = 50;
const LEVEL_NAME = /^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/;

/** A user node pool sensitivity level and its subnet. */
export interface SensitivityLevelSubnet {
  /**
   * The level's name, the value of the `kubeward.io/sensitivity` label and taint on its node pool
   * (a lowercase label value, as `Sensitivity.of()` accepts).
   */
  readonly name: string;
  /**
   * The subnet's CIDR, inside the address space.
   * @default - block `1 + index` of the address space cut into 16 equal blocks
   */
  readonly cidr?: string;
  /**
   * TCP ports on which the level's nodes accept traffic from the Internet (a public load
   * balancer in front of this pool). Weakens `network.internet-ingress`; prefer a gateway or a
   * firewall in front of a private load balancer.
   * @default - no inbound traffic from the Internet
   */
  readonly internetIngressPorts?: JustifiedArg<readonly number[]>;
}

/** Arguments of a PlatformNetwork. */
export interface PlatformNetworkArgs {
  /** The resource group of the network resources. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The Azure region, e.g. `westeurope` (also names the AKS private DNS zone). */
  readonly location: pulumi.Input<string>;
  /**
   * The virtual network's IPv4 address space. A plain string, because subnets are computed
   * and validated from it when the component is constructed.
   * @default '10.240.0.0/16'
   * @see https://learn.microsoft.com/azure/templates/microsoft.network/virtualnetworks (addressSpace)
   */
  readonly addressSpace?: string;
  /**
   * The sensitivity levels of user node pools: one subnet (and NSG) per level (guidance E-11).
   * Append new levels at the end: a computed CIDR depends on the level's position.
   * @default ['public', 'internal', 'confidential']
   */
  readonly sensitivityLevels?: readonly (string | SensitivityLevelSubnet)[];
  /**
   * The system node pool subnet's CIDR.
   * @default - block 0 of the address space cut into 16 equal blocks
   */
  readonly systemSubnetCidr?: string;
  /**
   * The private endpoints subnet's CIDR.
   * @default - the last of 16 equal blocks of the address space
   */
  readonly privateEndpointSubnetCidr?: string;
  /**
   * The CIDR of the subnet delegated to AKS for API Server VNet Integration (the API server's
   * internal load balancer; a /28 or larger). KMS etcd encryption with a private key vault
   * needs it.
   * @default - the first /28 of block 14 of the address space cut into 16 equal blocks
   */
  readonly apiServerSubnetCidr?: string;
  /**
   * The CIDR of the subnet of the registry's ACR Tasks agent pool, which runs the scheduled purge
   * of stale images inside the network (a registry without public network access refuses ACR's
   * shared agents). Its egress goes through the firewall when `firewallPrivateIp` is given.
   * @default - the second /27 of block 14 of the address space cut into 16 equal blocks
   */
  readonly registryTasksSubnetCidr?: string;
  /**
   * The Azure CNI Overlay pod CIDR the cluster will use; NSGs allow it as AKS requires. It must
   * not overlap the address space.
   * @default '10.244.0.0/16'
   */
  readonly podCidr?: string;
  /**
   * The cluster's service CIDR; checked not to overlap the address space or the pod CIDR.
   * @default '10.0.0.0/16'
   */
  readonly serviceCidr?: string;
  /**
   * TCP ports on which nodes may reach the private endpoints subnet.
   * @default [443]
   */
  readonly privateEndpointPorts?: readonly number[];
  /**
   * Other networks allowed to reach the private endpoints (for example build agents pushing to
   * the registry, or a hub's jump hosts).
   * @default - only the node subnets
   */
  readonly privateEndpointClientCidrs?: readonly string[];
  /**
   * The private IP of a firewall or network virtual appliance: when given, a route table sends
   * 0.0.0.0/0 to it from every node subnet (AKS `outboundType: userDefinedRouting`; guidance E-23).
   * @default - no route table; the cluster's own outbound (load balancer or NAT gateway)
   */
  readonly firewallPrivateIp?: pulumi.Input<string>;
  /**
   * Whether the egress route table ignores routes learned over BGP (VPN/ExpressRoute), so that
   * all traffic, including to on-premises networks, goes through the firewall.
   * @default true
   * @see https://learn.microsoft.com/azure/templates/microsoft.network/routetables (disableBgpRoutePropagation)
   */
  readonly disableBgpRoutePropagation?: boolean;
  /**
   * Allows node-level traffic between the subnets of different sensitivity levels. Weakens
   * `network.segmentation` (guidance E-11, E-23).
   * @default - traffic between user levels is denied in both directions
   */
  readonly trafficBetweenLevels?: JustifiedArg<'allow'>;
  /**
   * DNS servers of the virtual network (for example a hub's DNS resolver that forwards the
   * privatelink zones).
   * @default - Azure-provided DNS
   */
  readonly dnsServers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Tags for every resource, merged with kubeward's.
   * @default - kubeward's tags only
   */
  readonly tags?: Record<string, string>;
}

/** The ids of the private DNS zones the platform's private endpoints use. */
export interface PlatformPrivateDnsZoneIds {
  /** `privatelink.<region>.azmk8s.io`, for the private AKS API server. */
  readonly aks: pulumi.Output<string>;
  /** `privatelink.azurecr.io`, for the private registry. */
  readonly acr: pulumi.Output<string>;
  /** `privatelink.vaultcore.azure.net`, for private key vaults. */
  readonly keyVault: pulumi.Output<string>;
}

/** The CIDRs the component planned. */
export interface PlatformSubnetCidrs {
  /** The system node pool subnet. */
  readonly system: string;
  /** The user node pool subnets, by sensitivity level. */
  readonly user: Readonly<Record<string, string>>;
  /** The private endpoints subnet. */
  readonly privateEndpoints: string;
  /** The API server subnet (API Server VNet Integration). */
  readonly apiServer: string;
  /** The ACR Tasks agent pool subnet. */
  readonly registryTasks: string;
}

/** A subnet as planned: role, argument that set it (for errors), and CIDR. */
interface PlannedSubnet {
  readonly subnetName: string;
  readonly argument: string;
  readonly cidr: Ipv4Cidr;
  readonly level?: string;
}

/** One NSG rule, before it is written in ARM's shape. */
interface Rule {
  readonly name: string;
  readonly priority: number;
  readonly direction: 'Inbound' | 'Outbound';
  readonly access: 'Allow' | 'Deny';
  readonly protocol: '*' | 'Tcp';
  readonly source: string | readonly string[];
  readonly destination: string | readonly string[];
  readonly ports: string | readonly string[];
  readonly description: string;
}

/**
 * The platform's virtual network, segmented by purpose and sensitivity (guidance E-11, E-23):
 *
 * - a subnet for the system node pool, one per user pool sensitivity level, one for private
 *   endpoints (with private endpoint network policies on, so NSGs apply to them), one
 *   delegated to AKS for API Server VNet Integration, and one for the registry's ACR Tasks agents;
 * - a network security group per subnet: no inbound traffic from the Internet, node-level
 *   traffic between sensitivity levels denied in both directions (the system subnet may reach
 *   every level), and only the node subnets may reach the private endpoints and the API server;
 * - the private DNS zones of the private AKS API server (`privatelink.<region>.azmk8s.io`), the
 *   registry (`privatelink.azurecr.io`) and key vaults (`privatelink.vaultcore.azure.net`),
 *   linked to the network;
 * - optionally a route table sending all egress of the node subnets to a firewall.
 *
 * Subnets are declared inline in the virtual network, never as separate `Subnet` resources:
 * azure-native sends the whole subnet list on every update of the network, so mixing (or using
 * only) standalone subnets makes updates delete and recreate them (pulumi-azure-native #611).
 *
 * @example
 * const net = new PlatformNetwork('prod', {
 *   resourceGroupName: rg.name, location: 'westeurope',
 *   sensitivityLevels: ['public', 'internal', 'confidential'],
 *   firewallPrivateIp: '10.0.1.4',
 * });
 */
export class PlatformNetwork extends pulumi.ComponentResource {
  /** The address space. */
  public readonly addressSpace: string;
  /** The sensitivity levels, in order. */
  public readonly sensitivityLevels: readonly string[];
  /** The planned subnet CIDRs. */
  public readonly subnetCidrs: PlatformSubnetCidrs;
  /** The pod CIDR the NSGs allow (pass it to the cluster's network profile). */
  public readonly podCidr: string;
  /** The service CIDR checked against the network (pass it to the cluster's network profile). */
  public readonly serviceCidr: string;
  /** The virtual network's id. */
  public readonly vnetId: pulumi.Output<string>;
  /** The virtual network's name. */
  public readonly vnetName: pulumi.Output<string>;
  /** The system node pool subnet's id. */
  public readonly systemSubnetId: pulumi.Output<string>;
  /** The user node pool subnet ids, by sensitivity level. */
  public readonly userSubnetIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** The private endpoints subnet's id. */
  public readonly privateEndpointSubnetId: pulumi.Output<string>;
  /** The id of the subnet delegated to AKS for API Server VNet Integration. */
  public readonly apiServerSubnetId: pulumi.Output<string>;
  /** The id of the ACR Tasks agent pool subnet (pass it to `PrivateRegistry` as `imagePurge.agentPoolSubnetId`). */
  public readonly registryTasksSubnetId: pulumi.Output<string>;
  /** The private DNS zone ids. */
  public readonly privateDnsZoneIds: PlatformPrivateDnsZoneIds;
  /** The NSG ids: `system`, `privateEndpoints`, `apiServer`, `registryTasks`, and `user:<level>` for each level. */
  public readonly networkSecurityGroupIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** The egress route table's id, when `firewallPrivateIp` is given. */
  public readonly routeTableId?: pulumi.Output<string>;

  constructor(name: string, args: PlatformNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeward:azure:PlatformNetwork', name, {}, opts);
    const what = (argument: string): string => `PlatformNetwork '${name}' argument '${argument}'`;
    const fail = (argument: string, problem: string, fix: string): pulumi.ResourceError =>
      new pulumi.ResourceError(`${what(argument)}: ${problem}. ${fix}`, this);
    const cidrOf = (argument: string, text: string): Ipv4Cidr => {
      try {
        return parseCidr(text);
      } catch (e) {
        throw fail(argument, (e as Error).message, 'Give an IPv4 network such as 10.240.0.0/16.');
      }
    };

    // --- The address plan, validated before anything is registered.
    const space = cidrOf('addressSpace', args.addressSpace ?? DEFAULT_ADDRESS_SPACE);
    const levels = normaliseLevels(args.sensitivityLevels ?? DEFAULT_SENSITIVITY_LEVELS, fail);
    const slot = (argument: string, index: number): Ipv4Cidr => {
      const prefix = space.prefixLength + SLOT_BITS;
      if (prefix > SMALLEST_SUBNET_PREFIX) {
        throw fail(argument, `the address space ${space.cidr} is too small to compute subnets from (it needs to be a /${SMALLEST_SUBNET_PREFIX - SLOT_BITS} or larger)`,
          'Give a larger addressSpace, or give every subnet CIDR explicitly.');
      }
      return subdivideCidr(space, prefix, index);
    };
    // Block 0 is the system subnet, block SLOTS - 2 holds the API server subnet and the last
    // block the private endpoints: the levels take the blocks between.
    const levelSlot = (argument: string, index: number): Ipv4Cidr => {
      if (index >= SLOTS - 2) {
        throw fail(argument, `only the first ${SLOTS - 3} sensitivity levels can have a computed CIDR`, 'Give this level a cidr explicitly.');
      }
      return slot(argument, index);
    };
    const explicit = (argument: string, text: string): Ipv4Cidr => {
      const cidr = cidrOf(argument, text);
      if (cidr.prefixLength > SMALLEST_SUBNET_PREFIX) {
        throw fail(argument, `${cidr.cidr} is smaller than Azure's smallest subnet (/${SMALLEST_SUBNET_PREFIX})`, `Give a /${SMALLEST_SUBNET_PREFIX} or larger network.`);
      }
      return cidr;
    };
    const apiServerCidr = (): Ipv4Cidr => {
      if (args.apiServerSubnetCidr !== undefined) {
        const cidr = explicit('apiServerSubnetCidr', args.apiServerSubnetCidr);
        if (cidr.prefixLength > API_SERVER_SUBNET_PREFIX) {
          throw fail('apiServerSubnetCidr', `${cidr.cidr} is smaller than the /${API_SERVER_SUBNET_PREFIX} AKS needs for API Server VNet Integration`, `Give a /${API_SERVER_SUBNET_PREFIX} or larger network.`);
        }
        return cidr;
      }
      const block = slot('apiServerSubnetCidr', SLOTS - 2);
      return block.prefixLength >= API_SERVER_SUBNET_PREFIX ? block : subdivideCidr(block, API_SERVER_SUBNET_PREFIX, 0);
    };
    // The second /27 of block 14: after the API server's /28 (in the first /27).
    const registryTasksCidr = (): Ipv4Cidr => {
      if (args.registryTasksSubnetCidr !== undefined) return explicit('registryTasksSubnetCidr', args.registryTasksSubnetCidr);
      const block = slot('registryTasksSubnetCidr', SLOTS - 2);
      if (block.prefixLength > REGISTRY_TASKS_SUBNET_PREFIX - 1) {
        throw fail('registryTasksSubnetCidr', `block 14 of the address space (${block.cidr}) cannot hold the API server subnet and a /${REGISTRY_TASKS_SUBNET_PREFIX} for ACR Tasks`,
          'Give a larger addressSpace, or give apiServerSubnetCidr and registryTasksSubnetCidr explicitly.');
      }
      return subdivideCidr(block, REGISTRY_TASKS_SUBNET_PREFIX, 1);
    };
    const planned: PlannedSubnet[] = [
      {
        subnetName: SYSTEM_SUBNET_NAME,
        argument: 'systemSubnetCidr',
        cidr: args.systemSubnetCidr !== undefined ? explicit('systemSubnetCidr', args.systemSubnetCidr) : slot('systemSubnetCidr', 0),
      },
      ...levels.map((level, i) => {
        const argument = `sensitivityLevels[${i}].cidr`;
        return {
          subnetName: userSubnetName(level.name),
          argument,
          level: level.name,
          cidr: level.cidr !== undefined ? explicit(argument, level.cidr) : levelSlot(argument, i + 1),
        };
      }),
      { subnetName: API_SERVER_SUBNET_NAME, argument: 'apiServerSubnetCidr', cidr: apiServerCidr() },
      { subnetName: REGISTRY_TASKS_SUBNET_NAME, argument: 'registryTasksSubnetCidr', cidr: registryTasksCidr() },
      {
        subnetName: PRIVATE_ENDPOINT_SUBNET_NAME,
        argument: 'privateEndpointSubnetCidr',
        cidr: args.privateEndpointSubnetCidr !== undefined ? explicit('privateEndpointSubnetCidr', args.privateEndpointSubnetCidr) : slot('privateEndpointSubnetCidr', SLOTS - 1),
      },
    ];
    for (const subnet of planned) {
      if (!cidrContains(space, subnet.cidr)) {
        throw fail(subnet.argument, `${subnet.cidr.cidr} is outside the address space ${space.cidr}`, 'Give a CIDR inside the address space, or widen addressSpace.');
      }
    }
    for (let i = 0; i < planned.length; i++) {
      for (let j = i + 1; j < planned.length; j++) {
        const [a, b] = [planned[i]!, planned[j]!];
        if (cidrsOverlap(a.cidr, b.cidr)) {
          throw fail(b.argument, `${b.cidr.cidr} overlaps ${a.cidr.cidr} of '${a.argument}' (subnets of different purposes or sensitivity levels must not share addresses, guidance E-11)`,
            'Give each subnet its own range.');
        }
      }
    }
    const podCidr = cidrOf('podCidr', args.podCidr ?? DEFAULT_POD_CIDR);
    const serviceCidr = cidrOf('serviceCidr', args.serviceCidr ?? DEFAULT_SERVICE_CIDR);
    if (cidrsOverlap(podCidr, space)) {
      throw fail('podCidr', `${podCidr.cidr} overlaps the address space ${space.cidr}; Azure CNI Overlay needs a pod CIDR outside the virtual network`, 'Choose another podCidr (AKS default 10.244.0.0/16) or another addressSpace.');
    }
    if (cidrsOverlap(serviceCidr, space)) {
      throw fail('serviceCidr', `${serviceCidr.cidr} overlaps the address space ${space.cidr}; AKS refuses a service CIDR inside the virtual network`, 'Choose another serviceCidr or another addressSpace.');
    }
    if (cidrsOverlap(serviceCidr, podCidr)) {
      throw fail('serviceCidr', `${serviceCidr.cidr} overlaps the pod CIDR ${podCidr.cidr}`, 'Choose ranges that do not overlap.');
    }
    const clientCidrs = (args.privateEndpointClientCidrs ?? []).map((c, i) => cidrOf(`privateEndpointClientCidrs[${i}]`, c).cidr);
    const privateEndpointPorts = validatePorts('privateEndpointPorts', args.privateEndpointPorts ?? [443], fail);
    if (privateEndpointPorts.length === 0) {
      throw fail('privateEndpointPorts', 'the list is empty, so nothing could reach the private endpoints', 'Give at least one port, e.g. [443].');
    }
    if (typeof args.firewallPrivateIp === 'string' && parseIpv4(args.firewallPrivateIp) === undefined) {
      throw fail('firewallPrivateIp', `'${args.firewallPrivateIp}' is not an IPv4 address`, 'Give the firewall\'s private IP, e.g. 10.0.1.4.');
    }

    // --- Weakened defaults, each with its justification.
    const baseTags = kubewardTags('PlatformNetwork', args.tags);
    let lateralTag: Record<string, string> = {};
    if (args.trafficBetweenLevels !== undefined) {
      if (args.trafficBetweenLevels.value !== 'allow') {
        throw fail('trafficBetweenLevels', `value '${String(args.trafficBetweenLevels.value)}' is not 'allow'`, 'Leave trafficBetweenLevels unset to keep the levels apart.');
      }
      lateralTag = requireJustification(this, {
        argument: what('trafficBetweenLevels'),
        controlId: NETWORK_SEGMENTATION_CONTROL,
        fix: 'Keep the sensitivity levels apart and let the system subnet reach them; move workloads that must talk into one level.',
      }, args.trafficBetweenLevels.justification);
    }
    const ingress = new Map<string, { ports: string[]; tag: Record<string, string> }>();
    levels.forEach((level, i) => {
      if (level.internetIngressPorts === undefined) return;
      const argument = `sensitivityLevels[${i}].internetIngressPorts`;
      const tag = requireJustification(this, {
        argument: what(argument),
        controlId: NETWORK_INTERNET_INGRESS_CONTROL,
        fix: 'Publish services through an Application Gateway, Front Door or firewall in front of a private (internal) load balancer.',
      }, level.internetIngressPorts.justification);
      const ports = validatePorts(argument, level.internetIngressPorts.value, fail);
      if (ports.length === 0) throw fail(argument, 'the port list is empty', 'Give the ports to open, or leave internetIngressPorts unset.');
      ingress.set(level.name, { ports, tag });
    });

    // --- Children.
    const common = { resourceGroupName: args.resourceGroupName, location: args.location };
    const system = planned[0]!;
    const users = planned.slice(1, -3);
    const apiServer = planned[planned.length - 3]!;
    const registryTasks = planned[planned.length - 2]!;
    const endpoints = planned[planned.length - 1]!;
    const nodeCidrs = [system, ...users].map((s) => s.cidr.cidr);

    const nsgFor = (role: string, rules: readonly Rule[], tags: Record<string, string>): network.NetworkSecurityGroup =>
      new network.NetworkSecurityGroup(`${name}-nsg-${role}`, { ...common, securityRules: rules.map(toSecurityRule), tags: { ...baseTags, ...tags } }, { parent: this });
    const commonNodeRules = nodeBaselineRules(nodeCidrs, podCidr.cidr);
    const systemNsg = nsgFor('system', commonNodeRules, {});
    const userNsgs = new Map<string, network.NetworkSecurityGroup>();
    for (const subnet of users) {
      const others = args.trafficBetweenLevels ? [] : users.filter((u) => u !== subnet);
      const open = ingress.get(subnet.level!);
      const rules = [...commonNodeRules, ...lateralRules(subnet, others), ...(open ? [internetIngressRule(open.ports)] : [])];
      userNsgs.set(subnet.level!, nsgFor(`user-${subnet.level!}`, rules, { ...lateralTag, ...(open?.tag ?? {}) }));
    }
    // ACR Tasks agents push and pull through the registry's private endpoint like the nodes.
    const endpointNsg = nsgFor('private-endpoints', privateEndpointRules(endpoints.cidr.cidr, [...nodeCidrs, registryTasks.cidr.cidr], clientCidrs, privateEndpointPorts), {});
    const registryTasksNsg = nsgFor('acr-tasks', denyOtherInbound('the ACR Tasks agents'), {});
    const apiServerNsg = nsgFor('apiserver', apiServerRules(apiServer.cidr.cidr, nodeCidrs), {});

    let routeTable: network.RouteTable | undefined;
    if (args.firewallPrivateIp !== undefined) {
      const nextHop = pulumi.output(args.firewallPrivateIp).apply((ip) => {
        if (parseIpv4(ip) === undefined) {
          throw fail('firewallPrivateIp', `'${ip}' is not an IPv4 address`, 'Give the firewall\'s private IP, e.g. 10.0.1.4.');
        }
        return ip;
      });
      routeTable = new network.RouteTable(`${name}-egress-rt`, {
        ...common,
        disableBgpRoutePropagation: args.disableBgpRoutePropagation ?? true,
        routes: [{ name: 'default-via-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: nextHop }],
        tags: baseTags,
      }, { parent: this });
    }

    // Subnets whose egress goes through the firewall: the node pools and the ACR Tasks agents.
    const routedSubnet = (subnet: PlannedSubnet, nsg: network.NetworkSecurityGroup): azureInputs.network.SubnetArgs => ({
      name: subnet.subnetName,
      addressPrefix: subnet.cidr.cidr,
      networkSecurityGroup: { id: nsg.id },
      ...(routeTable ? { routeTable: { id: routeTable.id } } : {}),
      defaultOutboundAccess: false,
    });
    const vnet = new network.VirtualNetwork(`${name}-vnet`, {
      ...common,
      addressSpace: { addressPrefixes: [space.cidr] },
      ...(args.dnsServers !== undefined ? { dhcpOptions: { dnsServers: args.dnsServers } } : {}),
      subnets: [
        routedSubnet(system, systemNsg),
        ...users.map((u) => routedSubnet(u, userNsgs.get(u.level!)!)),
        {
          name: apiServer.subnetName,
          addressPrefix: apiServer.cidr.cidr,
          networkSecurityGroup: { id: apiServerNsg.id },
          delegations: [{ name: 'aks-apiserver', serviceName: API_SERVER_SUBNET_DELEGATION }],
          defaultOutboundAccess: false,
        },
        routedSubnet(registryTasks, registryTasksNsg),
        {
          name: endpoints.subnetName,
          addressPrefix: endpoints.cidr.cidr,
          networkSecurityGroup: { id: endpointNsg.id },
          privateEndpointNetworkPolicies: 'Enabled',
          defaultOutboundAccess: false,
        },
      ],
      tags: baseTags,
    }, { parent: this });

    const zone = (role: string, zoneName: pulumi.Input<string>): privatedns.PrivateZone => linkedPrivateZone(this, {
      logicalName: `${name}-${role}-dns`, resourceGroupName: args.resourceGroupName, zoneName, virtualNetworkId: vnet.id, tags: baseTags,
    });
    const aksZone = zone('aks', pulumi.output(args.location).apply((l) => `privatelink.${normaliseRegion(l)}.azmk8s.io`));
    const acrZone = zone('acr', 'privatelink.azurecr.io');
    const keyVaultZone = zone('keyvault', KEY_VAULT_PRIVATE_DNS_ZONE);

    // --- Outputs.
    const subnetId = (subnetName: string): pulumi.Output<string> => pulumi.interpolate`${vnet.id}/subnets/${subnetName}`;
    this.addressSpace = space.cidr;
    this.sensitivityLevels = levels.map((l) => l.name);
    this.subnetCidrs = {
      system: system.cidr.cidr,
      user: Object.fromEntries(users.map((u) => [u.level!, u.cidr.cidr])),
      privateEndpoints: endpoints.cidr.cidr,
      apiServer: apiServer.cidr.cidr,
      registryTasks: registryTasks.cidr.cidr,
    };
    this.podCidr = podCidr.cidr;
    this.serviceCidr = serviceCidr.cidr;
    this.vnetId = vnet.id;
    this.vnetName = vnet.name;
    this.systemSubnetId = subnetId(system.subnetName);
    this.userSubnetIds = Object.fromEntries(users.map((u) => [u.level!, subnetId(u.subnetName)]));
    this.privateEndpointSubnetId = subnetId(endpoints.subnetName);
    this.apiServerSubnetId = subnetId(apiServer.subnetName);
    this.registryTasksSubnetId = subnetId(registryTasks.subnetName);
    this.privateDnsZoneIds = { aks: aksZone.id, acr: acrZone.id, keyVault: keyVaultZone.id };
    this.networkSecurityGroupIds = {
      system: systemNsg.id,
      privateEndpoints: endpointNsg.id,
      apiServer: apiServerNsg.id,
      registryTasks: registryTasksNsg.id,
      ...Object.fromEntries([...userNsgs].map(([level, nsg]) => [`user:${level}`, nsg.id])),
    };
    this.routeTableId = routeTable?.id;
    this.registerOutputs({
      vnetId: this.vnetId,
      systemSubnetId: this.systemSubnetId,
      userSubnetIds: this.userSubnetIds,
      privateEndpointSubnetId: this.privateEndpointSubnetId,
      apiServerSubnetId: this.apiServerSubnetId,
      registryTasksSubnetId: this.registryTasksSubnetId,
      privateDnsZoneIds: this.privateDnsZoneIds,
      routeTableId: this.routeTableId,
    });
  }
}

/** Normalises a region's display name to its programmatic name (`West Europe` → `westeurope`). @internal */
export function normaliseRegion(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

type Fail = (argument: string, problem: string, fix: string) => pulumi.ResourceError;

/** Validates and normalises the sensitivity levels. */
function normaliseLevels(input: readonly (string | SensitivityLevelSubnet)[], fail: Fail): SensitivityLevelSubnet[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw fail('sensitivityLevels', 'no level is given; user workloads must not run on the system pool', "Give at least one level, e.g. ['internal'].");
  }
  if (input.length > MAX_LEVELS) {
    throw fail('sensitivityLevels', `${input.length} levels are more than ${MAX_LEVELS}`, 'Group workloads into fewer levels.');
  }
  const seen = new Set<string>();
  return input.map((entry, i) => {
    const level: SensitivityLevelSubnet = typeof entry === 'string' ? { name: entry } : entry;
    const argument = typeof entry === 'string' ? `sensitivityLevels[${i}]` : `sensitivityLevels[${i}].name`;
    if (typeof level?.name !== 'string' || !LEVEL_NAME.test(level.name)) {
      throw fail(argument, `'${String(level?.name)}' is not a valid level name`, "Use a lowercase label value (a-z, 0-9, '-', '_', '.'; at most 63 characters), as Sensitivity.of() accepts.");
    }
    if (seen.has(level.name)) {
      throw fail(argument, `level '${level.name}' is given twice`, 'Give each level once.');
    }
    seen.add(level.name);
    return level;
  });
}

/** Validates TCP ports; returns them as strings for NSG rules. */
function validatePorts(argument: string, ports: readonly number[], fail: Fail): string[] {
  if (!Array.isArray(ports)) throw fail(argument, 'is not a list of ports', 'Give a list of TCP ports, e.g. [443].');
  return ports.map((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw fail(`${argument}[${i}]`, `${String(port)} is not a TCP port`, 'Give a whole number from 1 to 65535.');
    }
    return String(port);
  });
}

/**
 * Rules every node subnet has. Azure's default rules already allow the virtual network and the
 * load balancer and deny the rest; these make the cluster's needs explicit and put an explicit
 * Internet deny in front of later, broader rules.
 */
function nodeBaselineRules(nodeCidrs: readonly string[], podCidr: string): Rule[] {
  return [
    {
      name: 'allow-azure-load-balancer-in',
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: '*',
      source: 'AzureLoadBalancer',
      destination: '*',
      ports: '*',
      description: 'Azure Load Balancer health probes of AKS services and node pools.',
    },
    {
      name: 'allow-pod-to-pod-in',
      priority: 110,
      direction: 'Inbound',
      access: 'Allow',
      protocol: '*',
      source: podCidr,
      destination: podCidr,
      ports: '*',
      description: 'Azure CNI Overlay: pod-to-pod and pod-to-service traffic, DNS included; pods are segmented by NetworkPolicy.',
    },
    {
      name: 'allow-nodes-to-pods-in',
      priority: 120,
      direction: 'Inbound',
      access: 'Allow',
      protocol: '*',
      source: nodeCidrs,
      destination: podCidr,
      ports: '*',
      description: 'Azure CNI Overlay: node-to-pod traffic that AKS needs for service routing.',
    },
    denyInternetIn('No inbound traffic from the Internet: publish services through a gateway or firewall (E-23).'),
  ];
}

/** Rules that keep one user level's nodes apart from the other levels' nodes, both ways. */
function lateralRules(subnet: PlannedSubnet, others: readonly PlannedSubnet[]): Rule[] {
  return others.flatMap((other, i): Rule[] => [
    {
      name: `deny-in-from-${other.level!}`,
      priority: 200 + i,
      direction: 'Inbound',
      access: 'Deny',
      protocol: '*',
      source: other.cidr.cidr,
      destination: subnet.cidr.cidr,
      ports: '*',
      description: `Nodes of level '${other.level!}' may not reach this level's nodes (E-11, E-23).`.slice(0, 140),
    },
    {
      name: `deny-out-to-${other.level!}`,
      priority: 200 + i,
      direction: 'Outbound',
      access: 'Deny',
      protocol: '*',
      source: subnet.cidr.cidr,
      destination: other.cidr.cidr,
      ports: '*',
      description: `This level's nodes may not reach nodes of level '${other.level!}' (E-11, E-23).`.slice(0, 140),
    },
  ]);
}

/** The justified exception: the Internet may reach a level's nodes on some TCP ports. */
function internetIngressRule(ports: readonly string[]): Rule {
  return {
    name: 'allow-internet-in',
    priority: 300,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    source: 'Internet',
    destination: '*',
    ports,
    description: 'Justified exception: a public load balancer may bring Internet traffic to this level on these ports.',
  };
}

/** Rules of the private endpoints subnet: only nodes (and listed clients) reach the endpoints. */
function privateEndpointRules(subnetCidr: string, nodeCidrs: readonly string[], clientCidrs: readonly string[], ports: readonly string[]): Rule[] {
  return [
    {
      name: 'allow-nodes-to-endpoints-in',
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: nodeCidrs,
      destination: subnetCidr,
      ports,
      description: 'Node subnets (and pods, SNATed to their node) reach the private endpoints (E-31, E-35).',
    },
    ...(clientCidrs.length > 0 ? [{
      name: 'allow-clients-to-endpoints-in',
      priority: 110,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: clientCidrs,
      destination: subnetCidr,
      ports,
      description: 'Listed client networks (build agents, jump hosts) reach the private endpoints.',
    } satisfies Rule] : []),
    ...denyOtherInbound('the private endpoints'),
  ];
}

/**
 * Rules of the API server subnet (API Server VNet Integration): nodes reach the API server's
 * internal load balancer on 443 and 4443 (konnectivity), Azure Load Balancer probes it on 9988.
 * @see https://learn.microsoft.com/azure/aks/api-server-vnet-integration#network-security-group-security-rules
 */
function apiServerRules(subnetCidr: string, nodeCidrs: readonly string[]): Rule[] {
  return [
    {
      name: 'allow-nodes-to-apiserver-in',
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: nodeCidrs,
      destination: subnetCidr,
      ports: ['443', '4443'],
      description: 'Node subnets reach the API server (443) and its konnectivity endpoint (4443).',
    },
    {
      name: 'allow-azure-load-balancer-in',
      priority: 110,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source: 'AzureLoadBalancer',
      destination: subnetCidr,
      ports: '9988',
      description: 'Azure Load Balancer health probes of the API server.',
    },
    ...denyOtherInbound('the API server'),
  ];
}

/** No inbound traffic from the Internet (E-23), below every allow rule. */
function denyInternetIn(description: string): Rule {
  return { name: 'deny-internet-in', priority: 4000, direction: 'Inbound', access: 'Deny', protocol: '*', source: 'Internet', destination: '*', ports: '*', description };
}

/** The closing rules of a subnet only listed sources may reach. */
function denyOtherInbound(what: string): Rule[] {
  return [
    denyInternetIn('No inbound traffic from the Internet.'),
    {
      name: 'deny-all-other-in',
      priority: 4096,
      direction: 'Inbound',
      access: 'Deny',
      protocol: '*',
      source: '*',
      destination: '*',
      ports: '*',
      description: `Nothing else reaches ${what}, not even the rest of the virtual network.`,
    },
  ];
}

/** Writes a rule in ARM's shape (singular or plural prefix and port fields). */
function toSecurityRule(rule: Rule): azureInputs.network.SecurityRuleArgs {
  const list = (v: string | readonly string[]): v is readonly string[] => typeof v !== 'string';
  return {
    name: rule.name,
    priority: rule.priority,
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    description: rule.description,
    sourcePortRange: '*',
    ...(list(rule.source) ? { sourceAddressPrefixes: [...rule.source] } : { sourceAddressPrefix: rule.source }),
    ...(list(rule.destination) ? { destinationAddressPrefixes: [...rule.destination] } : { destinationAddressPrefix: rule.destination }),
    ...(list(rule.ports) ? { destinationPortRanges: [...rule.ports] } : { destinationPortRange: rule.ports }),
  };
}
