/**
 * A complete hardened AKS platform with kubeward/azure: `pulumi up` in this folder (with the Azure
 * Native provider configured), or `npx kubeward plan examples/aks-platform` to see the plan in mock
 * mode without any cloud. In your own program, import from 'kubeward/azure'.
 *
 * One constructor creates: a resource group; a segmented virtual network (system, one subnet per
 * sensitivity level, API server, private endpoints) with NSGs, private DNS zones and egress
 * through your firewall; Log Analytics and Azure Monitor with private link, the activity log and
 * Sentinel; a private key vault with rotated customer-managed keys for node disks, etcd (KMS) and
 * the registry; a Premium registry reached only through its private endpoint; the private AKS
 * cluster (Entra ID + Azure RBAC, no local accounts, workload identity, Defender, Azure Policy
 * add-on, Azure Linux nodes with host encryption, Cilium, one tainted pool per level); Defender
 * for Containers; and the Azure Policy baseline on the resource group.
 *
 * Configuration (`pulumi config set <key> <value>`):
 * - `location`: the Azure region (default westeurope);
 * - `adminGroupObjectIds`: JSON list of the Entra ID groups that administer the cluster;
 * - `firewallPrivateIp`: the private IP of your hub's egress firewall (default 10.0.0.4);
 * - `sensitivityLevels`: JSON list of levels (default ["public","internal","confidential"]).
 */
import * as pulumi from '@pulumi/pulumi';
import { SecureAksPlatform } from '../../lib/azure';

const config = new pulumi.Config();
const location = config.get('location') ?? 'westeurope';
/** Replace with your platform administrators' Entra ID group. */
const EXAMPLE_ADMIN_GROUP = '6f1c9d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f';

const platform = new SecureAksPlatform('prod', {
  location,
  adminGroupObjectIds: config.getObject<string[]>('adminGroupObjectIds') ?? [EXAMPLE_ADMIN_GROUP],
  sensitivityLevels: config.getObject<string[]>('sensitivityLevels') ?? ['public', 'internal', 'confidential'],
  firewallPrivateIp: config.get('firewallPrivateIp') ?? '10.0.0.4',
  sentinel: true,
  tags: { 'environment': 'production', 'cost-center': 'cc-4711' },
});

export const clusterName = platform.cluster.clusterName;
export const registryLoginServer = platform.registry.loginServer;
export const oidcIssuerUrl = platform.cluster.oidcIssuerUrl;
export const keyVaultId = platform.keys?.vaultId;
