import { TOP_LEVEL_FIELDS } from './arm-types';
import { UnsupportedPolicyConstructError } from './errors';

/**
 * Field references of policy rules: the special fields (`type`, `name`, `fullName`, `kind`,
 * `location`, `id`, `identity.type`, `tags`, `tags['x']`) and property aliases
 * (`<Namespace>/<type>/<path>`), resolved to paths into a resource's ARM JSON.
 * @internal
 */

/** Where a field reference points. `*` in a path is an `[*]` array step. */
export type FieldTarget =
  | { readonly kind: 'special'; readonly field: 'type' | 'name' | 'fullName' | 'kind' | 'location' | 'id'; readonly label: string }
  | { readonly kind: 'path'; readonly path: readonly string[]; readonly label: string; readonly alias: string | null }
  | { readonly kind: 'foreign'; readonly label: string; readonly alias: string };

/**
 * The ARM paths of the aliases the built-in AKS, ACR, Defender, monitoring and location
 * definitions read, as `az provider show --expand resourceTypes/aliases` lists them. Aliases not
 * listed resolve by the general rule: the part after the type is a path under `properties`,
 * except top-level fields (`sku.*`, `identity.*`, `location`, `tags`, `kind`, ...). Entries that
 * differ from that rule are the reason for this table:
 * - `privateEndpointConnections[*].<x>`: each connection is a sub-resource with its own
 *   `properties` (`properties.privateEndpointConnections[*].properties.<x>`);
 * - `Microsoft.Insights/diagnosticSettings/logs.enabled`: a legacy alias without `[*]` whose
 *   path is `properties.logs[*].enabled`, so it selects every log entry (and only the current
 *   one inside a `count` over `logs[*]`).
 * Keys are lowercase.
 */
export const ALIAS_PATHS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries({
  // Microsoft.ContainerService/managedClusters
  'Microsoft.ContainerService/managedClusters/aadProfile': 'properties.aadProfile',
  'Microsoft.ContainerService/managedClusters/aadProfile.adminGroupObjectIDs[*]': 'properties.aadProfile.adminGroupObjectIDs[*]',
  'Microsoft.ContainerService/managedClusters/addonProfiles.azurePolicy.enabled': 'properties.addonProfiles.azurePolicy.enabled',
  'Microsoft.ContainerService/managedClusters/agentPoolProfiles[*]': 'properties.agentPoolProfiles[*]',
  'Microsoft.ContainerService/managedClusters/agentPoolProfiles[*].enableEncryptionAtHost': 'properties.agentPoolProfiles[*].enableEncryptionAtHost',
  'Microsoft.ContainerService/managedClusters/apiServerAccessProfile.authorizedIPRanges': 'properties.apiServerAccessProfile.authorizedIPRanges',
  'Microsoft.ContainerService/managedClusters/apiServerAccessProfile.disableRunCommand': 'properties.apiServerAccessProfile.disableRunCommand',
  'Microsoft.ContainerService/managedClusters/apiServerAccessProfile.enablePrivateCluster': 'properties.apiServerAccessProfile.enablePrivateCluster',
  'Microsoft.ContainerService/managedClusters/autoUpgradeProfile.nodeOSUpgradeChannel': 'properties.autoUpgradeProfile.nodeOSUpgradeChannel',
  'Microsoft.ContainerService/managedClusters/autoUpgradeProfile.upgradeChannel': 'properties.autoUpgradeProfile.upgradeChannel',
  'Microsoft.ContainerService/managedClusters/disableLocalAccounts': 'properties.disableLocalAccounts',
  'Microsoft.ContainerService/managedClusters/diskEncryptionSetID': 'properties.diskEncryptionSetID',
  'Microsoft.ContainerService/managedClusters/enableRBAC': 'properties.enableRBAC',
  'Microsoft.ContainerService/managedClusters/kubernetesVersion': 'properties.kubernetesVersion',
  'Microsoft.ContainerService/managedClusters/securityProfile.azureKeyVaultKms.enabled': 'properties.securityProfile.azureKeyVaultKms.enabled',
  'Microsoft.ContainerService/managedClusters/securityProfile.defender.securityMonitoring.enabled': 'properties.securityProfile.defender.securityMonitoring.enabled',
  'Microsoft.ContainerService/managedClusters/securityProfile.workloadIdentity.enabled': 'properties.securityProfile.workloadIdentity.enabled',
  'Microsoft.ContainerService/managedClusters/servicePrincipalProfile': 'properties.servicePrincipalProfile',
  'Microsoft.ContainerService/managedClusters/servicePrincipalProfile.clientId': 'properties.servicePrincipalProfile.clientId',
  // Microsoft.ContainerRegistry/registries
  'Microsoft.ContainerRegistry/registries/adminUserEnabled': 'properties.adminUserEnabled',
  'Microsoft.ContainerRegistry/registries/anonymousPullEnabled': 'properties.anonymousPullEnabled',
  'Microsoft.ContainerRegistry/registries/encryption.status': 'properties.encryption.status',
  'Microsoft.ContainerRegistry/registries/networkRuleSet.defaultAction': 'properties.networkRuleSet.defaultAction',
  'Microsoft.ContainerRegistry/registries/policies.azureADAuthenticationAsArmPolicy': 'properties.policies.azureADAuthenticationAsArmPolicy',
  'Microsoft.ContainerRegistry/registries/policies.azureADAuthenticationAsArmPolicy.status': 'properties.policies.azureADAuthenticationAsArmPolicy.status',
  'Microsoft.ContainerRegistry/registries/policies.exportPolicy.status': 'properties.policies.exportPolicy.status',
  'Microsoft.ContainerRegistry/registries/privateEndpointConnections[*]': 'properties.privateEndpointConnections[*]',
  'Microsoft.ContainerRegistry/registries/privateEndpointConnections[*].privateLinkServiceConnectionState.status':
    'properties.privateEndpointConnections[*].properties.privateLinkServiceConnectionState.status',
  'Microsoft.ContainerRegistry/registries/publicNetworkAccess': 'properties.publicNetworkAccess',
  'Microsoft.ContainerRegistry/registries/sku.name': 'sku.name',
  'Microsoft.ContainerRegistry/registries/tokens/status': 'properties.status',
  // Microsoft.Insights/diagnosticSettings
  'Microsoft.Insights/diagnosticSettings/logs.enabled': 'properties.logs[*].enabled',
  'Microsoft.Insights/diagnosticSettings/logs[*]': 'properties.logs[*]',
  'Microsoft.Insights/diagnosticSettings/logs[*].category': 'properties.logs[*].category',
  'Microsoft.Insights/diagnosticSettings/logs[*].categoryGroup': 'properties.logs[*].categoryGroup',
  'Microsoft.Insights/diagnosticSettings/logs[*].enabled': 'properties.logs[*].enabled',
  'Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.days': 'properties.logs[*].retentionPolicy.days',
  'Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.enabled': 'properties.logs[*].retentionPolicy.enabled',
  'Microsoft.Insights/diagnosticSettings/metrics[*]': 'properties.metrics[*]',
  'Microsoft.Insights/diagnosticSettings/metrics[*].category': 'properties.metrics[*].category',
  'Microsoft.Insights/diagnosticSettings/metrics[*].enabled': 'properties.metrics[*].enabled',
  'Microsoft.Insights/diagnosticSettings/storageAccountId': 'properties.storageAccountId',
  'Microsoft.Insights/diagnosticSettings/workspaceId': 'properties.workspaceId',
  // Microsoft.OperationalInsights/workspaces
  'Microsoft.OperationalInsights/workspaces/features.disableLocalAuth': 'properties.features.disableLocalAuth',
  'Microsoft.OperationalInsights/workspaces/publicNetworkAccessForIngestion': 'properties.publicNetworkAccessForIngestion',
  'Microsoft.OperationalInsights/workspaces/publicNetworkAccessForQuery': 'properties.publicNetworkAccessForQuery',
  'Microsoft.OperationalInsights/workspaces/sku.name': 'properties.sku.name',
  // Microsoft.Security/pricings
  'Microsoft.Security/pricings/pricingTier': 'properties.pricingTier',
  'Microsoft.Security/pricings/subPlan': 'properties.subPlan',
}).map(([k, v]) => [k.toLowerCase(), v]));

const SPECIAL: Readonly<Record<string, 'type' | 'name' | 'fullName' | 'kind' | 'location' | 'id'>> = {
  type: 'type', name: 'name', fullname: 'fullName', kind: 'kind', location: 'location', id: 'id',
};

/** Splits `a.b[*].c` into `['a', 'b', '*', 'c']`. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\*\])*)$/.exec(part);
    if (!m) throw new UnsupportedPolicyConstructError(`cannot read the field path '${path}'`);
    if (m[1]) out.push(m[1]);
    for (let i = 0; i < m[2].length / 3; i++) out.push('*');
  }
  return out;
}

/** Joins path segments back: `['a', 'b', '*', 'c']` → `a.b[*].c`. */
export function joinPath(path: readonly string[]): string {
  return path.reduce((acc, seg) => (seg === '*' ? `${acc}[*]` : acc ? `${acc}.${seg}` : seg), '');
}

/**
 * Resolves a `field` reference for a resource of `resourceType`. An alias of another type (or a
 * child type's alias) is `foreign`: it selects nothing on this resource, as in Azure.
 */
export function resolveField(field: string, resourceType: string): FieldTarget {
  const trimmed = field.trim();
  const lower = trimmed.toLowerCase();
  const special = SPECIAL[lower];
  if (special) return { kind: 'special', field: special, label: special };
  if (lower === 'identity.type') return { kind: 'path', path: ['identity', 'type'], label: 'identity.type', alias: null };
  if (lower === 'tags') return { kind: 'path', path: ['tags'], label: 'tags', alias: null };
  const tag = /^tags(?:\[\s*'((?:[^']|'')*)'\s*\]|\[([^\]]*)\]|\.(.+))$/i.exec(trimmed);
  if (tag) {
    const name = tag[1] !== undefined ? tag[1].replace(/''/g, "'") : (tag[2] ?? tag[3]);
    return { kind: 'path', path: ['tags', name], label: `tags['${name}']`, alias: null };
  }
  if (!trimmed.includes('/')) {
    throw new UnsupportedPolicyConstructError(`field '${field}' is neither a special field (type, name, fullName, kind, location, id, identity.type, tags) nor an alias`);
  }
  const typePrefix = `${resourceType.toLowerCase()}/`;
  if (!lower.startsWith(typePrefix)) return { kind: 'foreign', label: field, alias: field };
  const rest = trimmed.slice(typePrefix.length);
  if (rest.includes('/')) return { kind: 'foreign', label: field, alias: field };
  const explicit = ALIAS_PATHS[lower];
  const path = explicit !== undefined ? splitPath(explicit) : generalPath(rest);
  return { kind: 'path', path, label: rest, alias: trimmed };
}

/** The general alias rule: a path under `properties`, unless it starts with a top-level field. */
function generalPath(rest: string): string[] {
  const segments = splitPath(rest);
  const head = segments[0];
  if (head && (TOP_LEVEL_FIELDS.has(head) || head === 'name' || head === 'type' || head === 'id')) return segments;
  return ['properties', ...segments];
}
