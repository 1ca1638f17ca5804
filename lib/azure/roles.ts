import * as authorization from '@pulumi/azure-native/authorization';
import * as pulumi from '@pulumi/pulumi';

/**
 * The Azure built-in roles kubeward grants, by name and role definition id (the same GUID in
 * every subscription). Each grant is scoped to the one resource that needs it (guidance E-06:
 * least privilege for managed identities); the remediation identities of PolicyBaseline's
 * DeployIfNotExists assignments get theirs at the assignment's scope, which is where they deploy.
 * @see https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 */
export const BUILT_IN_ROLES = {
  /** Pull images from a registry. */
  AcrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  /** Wrap and unwrap with a key (what services encrypting with a customer-managed key need). */
  KeyVaultCryptoServiceEncryptionUser: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  /** Cryptographic operations with keys (KMS etcd encryption). */
  KeyVaultCryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424',
  /** Manage a key vault (not its data): AKS KMS with a private key vault creates its private link with it. */
  KeyVaultContributor: 'f25e0fa2-a7c8-4377-a976-54943a77a395',
  /** Join and manage a subnet (the cluster identity on its subnets in a network you bring). */
  NetworkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7',
  /** Manage the records of a private DNS zone (the AKS control plane in a zone you bring). */
  PrivateDnsZoneContributor: 'b12aa53e-6015-4669-85d0-8515ebb3ae7f',
  /** Read a resource. */
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  /** "Monitoring Contributor": read monitoring data and edit monitoring settings (policy remediation deploys diagnostic settings). */
  MonitoringContributor: '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
  /** "Log Analytics Contributor": manage Log Analytics and configure diagnostic settings that send to a workspace. */
  LogAnalyticsContributor: '92aaf0da-9dab-42b6-94a3-d43ce8d16293',
  /** "Azure Kubernetes Service Contributor Role": read and write AKS clusters (policy remediation updates a cluster). */
  AzureKubernetesServiceContributor: 'ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8',
  /** "Azure Kubernetes Service Policy Add-on Deployment": the deployments Azure Policy remediation runs against AKS clusters. */
  AzureKubernetesServicePolicyAddOnDeployment: '18ed5180-3e48-46fd-8541-4ea054d57064',
} as const;

/** A built-in role's name. */
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** A built-in role's definition id (GUID), one of {@link BUILT_IN_ROLES}' values. */
export type BuiltInRoleId = (typeof BUILT_IN_ROLES)[BuiltInRole];

/** One role assignment: who gets which role on what, and why. */
export interface RoleGrant {
  /** The resource the role applies to (never wider than needed). */
  readonly scope: pulumi.Input<string>;
  /** The built-in role. */
  readonly role: BuiltInRole;
  /** Object id of the managed identity receiving the role. */
  readonly principalId: pulumi.Input<string>;
  /** Why the identity needs it (recorded on the assignment). */
  readonly description: string;
}

/**
 * Assigns a built-in role to a managed identity, as a child of `parent`. The role definition id
 * is built from the provider's subscription, as ARM expects.
 */
export function grantRole(parent: pulumi.Resource, name: string, grant: RoleGrant): authorization.RoleAssignment {
  const subscriptionId = subscriptionOf(parent);
  return new authorization.RoleAssignment(name, {
    scope: grant.scope,
    roleDefinitionId: pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[grant.role]}`,
    principalId: grant.principalId,
    principalType: 'ServicePrincipal',
    description: `kubeward: ${grant.description}`,
  }, { parent });
}

/** The provider's subscription, asked once per component however many grants it makes. */
const subscriptions = new WeakMap<pulumi.Resource, pulumi.Output<string>>();
function subscriptionOf(parent: pulumi.Resource): pulumi.Output<string> {
  let subscriptionId = subscriptions.get(parent);
  if (subscriptionId === undefined) {
    subscriptionId = authorization.getClientConfigOutput({ parent }).subscriptionId;
    subscriptions.set(parent, subscriptionId);
  }
  return subscriptionId;
}
