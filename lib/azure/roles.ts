import * as authorization from '@pulumi/azure-native/authorization';
import * as pulumi from '@pulumi/pulumi';

/**
 * The Azure built-in roles kubeward grants, by name and role definition id (the same GUID in
 * every subscription). Each grant is scoped to the one resource that needs it (guidance E-06:
 * least privilege for managed identities).
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
  /** Read a resource. */
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
} as const;

/** A built-in role's name. */
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

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
  const subscriptionId = authorization.getClientConfigOutput({ parent }).subscriptionId;
  return new authorization.RoleAssignment(name, {
    scope: grant.scope,
    roleDefinitionId: pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[grant.role]}`,
    principalId: grant.principalId,
    principalType: 'ServicePrincipal',
    description: `kubeward: ${grant.description}`,
  }, { parent });
}
