import * as network from '@pulumi/azure-native/network';
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
