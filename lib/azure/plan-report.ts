import type { PlannedResource } from './mock-plan';
import type { PolicyResult } from './policy-evaluator';
import { BUILT_IN_ROLES } from './roles';

/**
 * Reports of `kubeward plan`: the resource tree with each resource's key settings (text), or
 * `{"resources":[{"type","name","urn","parent","inputs"}]}` (JSON, the DESIGN.md contract), with
 * the Azure Policy results when `--azure-policy` is given.
 */

/** One Azure Policy result, as `--format json` prints it under `policy` (the evaluator's result). */
export type PolicyResultRow = PolicyResult;

/** The plan as JSON (2-space indented, trailing newline). */
export function renderPlanJson(resources: readonly PlannedResource[], policy?: readonly PolicyResultRow[]): string {
  const out: Record<string, unknown> = {
    resources: resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, parent: r.parent, inputs: r.inputs })),
  };
  if (policy) {
    out.policy = policy.map((p) => ({
      definition: p.definition, displayName: p.displayName, effect: p.effect, resource: p.resource, type: p.type, result: p.result, reason: p.reason,
    }));
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Settings shown first for a type (paths into the inputs); others follow, up to MAX_SETTINGS. */
const KEY_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  'azure-native:containerservice:ManagedCluster': [
    'apiServerAccessProfile.enablePrivateCluster', 'apiServerAccessProfile.enableVnetIntegration', 'aadProfile.enableAzureRBAC', 'disableLocalAccounts',
    'securityProfile.workloadIdentity.enabled', 'securityProfile.defender.securityMonitoring.enabled', 'securityProfile.azureKeyVaultKms.enabled',
    'addonProfiles.azurepolicy.enabled', 'networkProfile.networkPolicy', 'autoUpgradeProfile.upgradeChannel',
  ],
  'azure-native:containerregistry:Registry': ['sku.name', 'publicNetworkAccess', 'adminUserEnabled', 'anonymousPullEnabled', 'policies.quarantinePolicy.status', 'encryption.status'],
  'azure-native:keyvault:Vault': ['properties.enableRbacAuthorization', 'properties.enablePurgeProtection', 'properties.publicNetworkAccess', 'properties.sku.name'],
  'azure-native:security:Pricing': ['pricingTier'],
  'azure-native:operationalinsights:Workspace': ['retentionInDays', 'features.disableLocalAuth', 'publicNetworkAccessForIngestion'],
};

/** Other settings shown after a type's key settings, at most. */
const MAX_OTHER_SETTINGS = 8;

/** Role definition GUID → built-in role name, to print role assignments readably. */
const ROLE_NAMES = new Map<string, string>(Object.entries(BUILT_IN_ROLES).map(([role, guid]) => [guid, role]));

/** The plan as a tree of resources with their key settings. */
export function renderPlanText(resources: readonly PlannedResource[], policy?: readonly PolicyResultRow[]): string {
  const byParent = new Map<string | null, PlannedResource[]>();
  const urns = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    const parent = r.parent && urns.has(r.parent) ? r.parent : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), r]);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, indent: string): void => {
    const children = byParent.get(parent) ?? [];
    children.forEach((r, i) => {
      const last = i === children.length - 1;
      const branch = parent === null ? '' : last ? '└─ ' : '├─ ';
      const settings = keySettings(r).map(([k, v]) => `${k}=${v}`).join(' ');
      lines.push(`${indent}${branch}${r.type} ${r.name}${settings ? `  ${settings}` : ''}`);
      walk(r.urn, parent === null ? indent : `${indent}${last ? '   ' : '│  '}`);
    });
  };
  walk(null, '');
  lines.push('', `${resources.length} resources planned (mock mode: no cloud was contacted)`);
  if (policy) {
    lines.push('', 'Azure Policy:');
    for (const p of policy) {
      lines.push(`  ${p.result.padEnd(14)} ${p.definition}${p.resource ? `  ${p.resource.split('::').pop()}` : ''}${p.result === 'compliant' ? '' : `  (${p.reason})`}`);
    }
    const count = (r: PolicyResultRow['result']): number => policy.filter((p) => p.result === r).length;
    lines.push(`  ${count('compliant')} compliant, ${count('non-compliant')} non-compliant, ${count('not-applicable')} not applicable`);
  }
  return `${lines.join('\n')}\n`;
}

/** The key settings of a resource: the type's list first, then other scalar inputs. */
function keySettings(r: PlannedResource): [string, string][] {
  const flat = flatten(r.inputs);
  const preferred = KEY_SETTINGS[r.type] ?? [];
  const picked: [string, string][] = r.type === 'azure-native:authorization:RoleAssignment' ? roleAssignmentSettings(r.inputs) : [];
  for (const key of preferred) if (flat.has(key)) picked.push([key, flat.get(key)!]);
  let others = 0;
  for (const [key, value] of flat) {
    if (others >= MAX_OTHER_SETTINGS) break;
    if (preferred.includes(key) || /(^|\.)(id|.*Id|.*ID|resourceGroupName|location|description)$/.test(key) || value.length > 60) continue;
    picked.push([key, value]);
    others++;
  }
  return picked;
}

/** A role assignment as a reader wants it: which role, on which resource (its type and name). */
function roleAssignmentSettings(inputs: Record<string, any>): [string, string][] {
  const guid = String(inputs.roleDefinitionId ?? '').split('/').pop() ?? '';
  const scope = String(inputs.scope ?? '').split('/providers/').pop() ?? '';
  return [['role', ROLE_NAMES.get(guid) ?? guid], ['scope', scope]];
}

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object')) out.set(prefix, `[${value.join(',')}]`);
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, String(value));
  }
  return out;
}
