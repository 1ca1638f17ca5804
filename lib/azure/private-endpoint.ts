import * as network from '@pulumi/azure-native/network';
import * as privatedns from '@pulumi/azure-native/privatedns';
import * as pulumi from '@pulumi/pulumi';

/** A private endpoint to one sub-resource of a service, and the DNS records that resolve it. */
export interface PrivateEndpointWithDns {
  /** Logical name of the `PrivateEndpoint`. */
  readonly endpointName: string;
  /** Logical name of its `PrivateDnsZoneGroup`. */
  readonly zoneGroupName: string;
  /** Name of the private link service connection. */
  readonly connectionName: string;
  /** The resource group of the endpoint. */
  readonly resourceGroupName: pulumi.Input<string>;
  /**
   * Its region (the same as its virtual network's).
   * @default - the resource group's region
   */
  readonly location?: pulumi.Input<string>;
  /** The subnet the endpoint's network interface goes in. */
  readonly subnetId: pulumi.Input<string>;
  /** The resource reached through the endpoint. */
  readonly targetId: pulumi.Input<string>;
  /** The sub-resource (`registry`, `vault`, `azuremonitor`...). */
  readonly groupId: string;
  /** The private DNS zones the zone group writes records in: config name to zone id. */
  readonly zones: readonly (readonly [string, pulumi.Input<string>])[];
  /** Tags of the endpoint. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Resources to create first (for example what an Azure Monitor private link scope holds).
   * @default []
   */
  readonly dependsOn?: pulumi.Resource[];
}

/**
 * Creates a private endpoint and its DNS zone group, as children of `parent`: the one way every
 * kubeward component reaches a PaaS service privately (guidance E-31, E-35).
 */
export function privateEndpointWithDns(parent: pulumi.Resource, args: PrivateEndpointWithDns): network.PrivateEndpoint {
  const endpoint = new network.PrivateEndpoint(args.endpointName, {
    resourceGroupName: args.resourceGroupName,
    location: args.location,
    subnet: { id: args.subnetId },
    privateLinkServiceConnections: [{ name: args.connectionName, privateLinkServiceId: args.targetId, groupIds: [args.groupId] }],
    tags: { ...args.tags },
  }, { parent, dependsOn: args.dependsOn ?? [] });
  new network.PrivateDnsZoneGroup(args.zoneGroupName, {
    resourceGroupName: args.resourceGroupName,
    privateEndpointName: endpoint.name,
    privateDnsZoneGroupName: 'default',
    privateDnsZoneConfigs: args.zones.map(([name, privateDnsZoneId]) => ({ name, privateDnsZoneId })),
  }, { parent });
  return endpoint;
}

/** A private DNS zone linked to one virtual network. */
export interface LinkedPrivateZone {
  /** Logical name of the zone; its link is `<logicalName>-link`. */
  readonly logicalName: string;
  /** The resource group of the zone. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The DNS name, e.g. `privatelink.azurecr.io`. */
  readonly zoneName: pulumi.Input<string>;
  /** The virtual network whose resolver answers from the zone. */
  readonly virtualNetworkId: pulumi.Input<string>;
  /** Tags of the zone and the link. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Creates a private DNS zone (`global`) and links it to a virtual network without
 * auto-registration, as children of `parent`: where private endpoints' records live.
 */
export function linkedPrivateZone(parent: pulumi.Resource, args: LinkedPrivateZone): privatedns.PrivateZone {
  const zone = new privatedns.PrivateZone(args.logicalName, {
    resourceGroupName: args.resourceGroupName, location: 'global', privateZoneName: args.zoneName, tags: { ...args.tags },
  }, { parent });
  new privatedns.VirtualNetworkLink(`${args.logicalName}-link`, {
    resourceGroupName: args.resourceGroupName,
    location: 'global',
    // The zone's id carries the dependency; the name is the DNS name given above.
    privateZoneName: pulumi.all([zone.id, args.zoneName]).apply(([, n]) => n),
    registrationEnabled: false,
    virtualNetwork: { id: args.virtualNetworkId },
    tags: { ...args.tags },
  }, { parent });
  return zone;
}
