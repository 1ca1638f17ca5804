import { MOCK_SUBSCRIPTION_ID, type PlannedResource } from '../mock-plan';
import { isAzureNativeToken, mappingFor, TOP_LEVEL_FIELDS, unversionedToken, type ArmTypeMapping } from './arm-types';
import { isObject, lookupKey, plainInputs, sameText } from './values';

/**
 * The Azure Resource Manager view of planned resources: what Azure Policy sees. azure-native
 * flattens ARM `properties` into the resource inputs; this puts them back (`type`, `name`,
 * `location`, `tags`, `kind`, `sku`, `identity`... at the top, the rest under `properties`),
 * gives every resource its ARM id, and adds what ARM itself would show after deployment:
 * agent pools created as separate resources in the cluster's `agentPoolProfiles`, private
 * endpoint connections on the resource a planned private endpoint connects to, and the
 * location a resource inherits from its resource group when the program sets none.
 * @internal
 */

/** One resource as Azure Policy evaluates it. */
export interface ArmResource {
  /** The ARM resource id. */
  readonly id: string;
  /** The ARM resource type, e.g. `Microsoft.ContainerService/managedClusters`. */
  readonly type: string;
  /** The resource's own name (the last name segment). */
  readonly name: string;
  /** Parent names and the name, joined by `/` (the `fullName` field). */
  readonly fullName: string;
  /** The ARM JSON: `id`, `type`, `name`, top-level fields and `properties`. */
  readonly body: Record<string, unknown>;
  /** Whether `mode: Indexed` definitions evaluate it (the type supports tags and location). */
  readonly indexed: boolean;
  /** The URN of the planned resource, or null for the subscription. */
  readonly urn: string | null;
  /** The Pulumi type token, or null for the subscription. */
  readonly pulumiType: string | null;
  /** The resource group name, or null for subscription-level resources. */
  readonly resourceGroup: string | null;
  /** For extension resources (diagnostic settings, pricings, ...): the id of the extended resource. */
  readonly scope: string | null;
  /** How the view departs from the inputs (derived type mapping, inherited location, ...). */
  readonly notes: readonly string[];
}

/** Options of {@link buildArmView}. */
export interface ArmViewOptions {
  /** The subscription the plan deploys into. @default the mock-mode subscription */
  readonly subscriptionId?: string;
}

/** The plan as ARM resources, plus the subscription itself (first) when anything Azure is planned. */
export interface ArmView {
  readonly resources: readonly ArmResource[];
  readonly subscription: ArmResource;
  /**
   * Moves a mock-mode id (text starting `/subscriptions/<mock subscription>`) into the plan's
   * subscription; any other text is returned unchanged.
   */
  readonly canonicalId: (text: string) => string;
}

/** Lowercase id without a trailing slash, with a leading slash: for comparing ids. */
export function normalizeId(id: string): string {
  let s = id.trim().toLowerCase();
  if (!s.startsWith('/')) s = `/${s}`;
  while (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

interface Draft {
  readonly planned: PlannedResource;
  readonly token: string;
  readonly mapping: ArmTypeMapping;
  readonly derived: boolean;
  inputs: Record<string, unknown>;
  id: string;
  name: string;
  fullName: string;
  resourceGroup: string | null;
  scope: string | null;
  body: Record<string, unknown>;
  notes: string[];
}

/** Builds the ARM view of the planned resources. Pure. */
export function buildArmView(planned: readonly PlannedResource[], options: ArmViewOptions = {}): ArmView {
  const subscriptionId = options.subscriptionId ?? MOCK_SUBSCRIPTION_ID;
  const subscriptionArmId = `/subscriptions/${subscriptionId}`;
  // Mock mode gives resources ARM ids in the mock subscription; the plan deploys into
  // `subscriptionId`, so those ids (and the references holding them) move there.
  const mockSubscription = new RegExp(`^(/?subscriptions/)${MOCK_SUBSCRIPTION_ID}(?=/|$)`, 'i');
  const canonicalId = (text: string): string => text.replace(mockSubscription, (_match, prefix: string) => `${prefix}${subscriptionId}`);
  const azure = planned.filter((r) => isAzureNativeToken(r.type));

  // Resource groups by every name a program may use for them (the ARM name or the Pulumi name,
  // which is what `rg.name` resolves to in mock mode).
  const groups = azure.filter((r) => unversionedToken(r.type) === 'azure-native:resources:ResourceGroup');
  const groupName = (ref: unknown): string | null => {
    if (typeof ref !== 'string' || ref === '') return null;
    const g = groups.find((x) => x.name === ref) ?? groups.find((x) => typeof x.inputs.resourceGroupName === 'string' && sameText(x.inputs.resourceGroupName, ref));
    return g ? stringInput(g.inputs, 'resourceGroupName') ?? g.name : ref;
  };
  const groupLocation = (rgName: string | null): string | undefined => {
    if (!rgName) return undefined;
    const g = groups.find((x) => sameText(stringInput(x.inputs, 'resourceGroupName') ?? x.name, rgName));
    return g && typeof g.inputs.location === 'string' ? g.inputs.location : undefined;
  };

  // Pass 1: names and ids (raw inputs; references are resolved in pass 2).
  const drafts: Draft[] = azure.map((r) => {
    const raw = (plainInputs(r.inputs) ?? {}) as Record<string, unknown>;
    const { mapping, derived } = mappingFor(r.type, raw);
    const name = firstString(raw, mapping.nameArgs) ?? r.name;
    const parents = (mapping.parentArgs ?? []).map((a) => stringInput(raw, a) ?? '?');
    const resourceGroup = mapping.arm === 'Microsoft.Resources/subscriptions/resourceGroups' ? name : groupName(raw.resourceGroupName);
    const notes: string[] = [];
    if (derived) notes.push(`type ${r.type} is not in the mapping table; ARM type ${mapping.arm} was derived from the token`);
    return {
      planned: r,
      token: unversionedToken(r.type),
      mapping,
      derived,
      inputs: raw,
      id: '',
      name,
      fullName: [...parents, name].join('/'),
      resourceGroup,
      scope: null,
      body: {},
      notes,
    };
  });
  const idOf = (d: Draft): string => {
    const m = d.mapping;
    const [namespace, ...types] = m.arm.split('/');
    if (m.arm === 'Microsoft.Resources/subscriptions/resourceGroups') return `${subscriptionArmId}/resourceGroups/${d.name}`;
    const names = d.fullName.split('/');
    const path = types.map((t, i) => `${t}/${names[i] ?? '?'}`).join('/');
    if (m.scope) {
      d.scope = scopeOf(d, m);
      return `${d.scope}/providers/${namespace}/${path}`;
    }
    const rgName = d.resourceGroup ?? 'unknown-resource-group';
    return `${subscriptionArmId}/resourceGroups/${rgName}/providers/${namespace}/${path}`;
  };
  const scopeOf = (d: Draft, m: ArmTypeMapping): string => {
    if (m.scope === 'subscription') return subscriptionArmId;
    if (m.scope && 'arg' in m.scope) {
      const raw = stringInput(d.inputs, m.scope.arg);
      if (!raw) return subscriptionArmId;
      const s = canonicalId(raw);
      // A plan deploys into one subscription: `/subscriptions/<any>` is that subscription.
      return /^\/?subscriptions\/[^/]+\/?$/i.test(s) ? subscriptionArmId : `/${s.replace(/^\/+|\/+$/g, '')}`;
    }
    if (m.scope && 'parentType' in m.scope) {
      const [ns, ...types] = m.scope.parentType.split('/');
      const names = m.scope.args.map((a) => stringInput(d.inputs, a) ?? '?');
      return `${subscriptionArmId}/resourceGroups/${d.resourceGroup ?? 'unknown-resource-group'}/providers/${ns}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
    }
    return subscriptionArmId;
  };

  for (const d of drafts) d.id = idOf(d);

  // Pass 2: ARM bodies with references resolved.
  for (const d of drafts) {
    d.inputs = (plainInputs(d.inputs, canonicalId) ?? {}) as Record<string, unknown>;
    d.body = armBody(d);
    const location = d.body.location;
    if (d.mapping.indexed && (location === undefined || location === null)) {
      const inherited = d.mapping.defaultLocation ?? groupLocation(d.resourceGroup);
      if (inherited) {
        d.body.location = inherited;
        d.notes.push(d.mapping.defaultLocation
          ? `location '${inherited}' is the type's default`
          : `location '${inherited}' is inherited from resource group '${d.resourceGroup}' (azure-native sets it so)`);
      }
    }
  }
  mergeAgentPools(drafts);
  mergePrivateEndpointConnections(drafts);

  const subscription: ArmResource = {
    id: subscriptionArmId,
    type: 'Microsoft.Resources/subscriptions',
    name: subscriptionId,
    fullName: subscriptionId,
    body: { id: subscriptionArmId, type: 'Microsoft.Resources/subscriptions', name: subscriptionId, subscriptionId, properties: {} },
    indexed: false,
    urn: null,
    pulumiType: null,
    resourceGroup: null,
    scope: null,
    notes: [],
  };
  const resources: ArmResource[] = drafts.map((d) => ({
    id: d.id,
    type: d.mapping.arm,
    name: d.name,
    fullName: d.fullName,
    body: d.body,
    indexed: d.mapping.indexed,
    urn: d.planned.urn,
    pulumiType: d.planned.type,
    resourceGroup: d.resourceGroup,
    scope: d.scope,
    notes: d.notes,
  }));
  return { resources: azure.length > 0 ? [subscription, ...resources] : [], subscription, canonicalId };
}

function armBody(d: Draft): Record<string, unknown> {
  const m = d.mapping;
  const excluded = new Set<string>(['id', 'resourceGroupName', ...m.nameArgs, ...(m.parentArgs ?? [])]);
  if (m.scope && typeof m.scope === 'object' && 'arg' in m.scope) excluded.add(m.scope.arg);
  if (m.scope && typeof m.scope === 'object' && 'args' in m.scope) m.scope.args.forEach((a) => excluded.add(a));
  const propertyInputs = new Set(m.propertyInputs ?? []);
  const body: Record<string, unknown> = { id: d.id, type: m.arm, name: d.name };
  let properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(d.inputs)) {
    if (excluded.has(key)) continue;
    if (m.nestedProperties && key === 'properties' && isObject(value)) {
      properties = { ...properties, ...value };
    } else if (TOP_LEVEL_FIELDS.has(key) && !propertyInputs.has(key)) {
      body[key] = value;
    } else if ((key === 'name' || key === 'type') && !propertyInputs.has(key)) {
      // Sub-resource style inputs (`name`, `type`) are top-level ARM fields, already set.
      continue;
    } else {
      properties[key] = value;
    }
  }
  body.properties = properties;
  return body;
}

/** ARM lists every agent pool in the cluster's `agentPoolProfiles`, also those created separately. */
function mergeAgentPools(drafts: Draft[]): void {
  const clusters = drafts.filter((d) => d.mapping.arm === 'Microsoft.ContainerService/managedClusters');
  for (const pool of drafts.filter((d) => d.mapping.arm === 'Microsoft.ContainerService/managedClusters/agentPools')) {
    const clusterName = pool.fullName.split('/')[0];
    const cluster = clusters.find((c) => sameText(c.name, clusterName) && sameText(c.resourceGroup ?? '', pool.resourceGroup ?? ''))
      ?? clusters.find((c) => c.planned.name === clusterName);
    if (!cluster) continue;
    const props = cluster.body.properties as Record<string, unknown>;
    const profiles = Array.isArray(props.agentPoolProfiles) ? [...props.agentPoolProfiles] : [];
    if (profiles.some((p) => isObject(p) && typeof p.name === 'string' && sameText(p.name, pool.name))) continue;
    profiles.push({ name: pool.name, ...(pool.body.properties as Record<string, unknown>) });
    props.agentPoolProfiles = profiles;
    cluster.notes.push(`agentPoolProfiles include agent pool '${pool.name}' (${pool.planned.urn})`);
  }
}

/**
 * ARM shows a private endpoint connection on the resource a private endpoint connects to:
 * approved for `privateLinkServiceConnections` (auto-approval, same tenant), pending for
 * `manualPrivateLinkServiceConnections`. Planned PrivateEndpointConnection resources count too.
 */
function mergePrivateEndpointConnections(drafts: Draft[]): void {
  const byId = new Map(drafts.map((d) => [normalizeId(d.id), d]));
  const add = (target: Draft, connection: Record<string, unknown>, note: string): void => {
    const props = target.body.properties as Record<string, unknown>;
    const list = Array.isArray(props.privateEndpointConnections) ? [...props.privateEndpointConnections] : [];
    list.push(connection);
    props.privateEndpointConnections = list;
    target.notes.push(note);
  };
  for (const pe of drafts.filter((d) => d.mapping.arm === 'Microsoft.Network/privateEndpoints')) {
    const props = pe.body.properties as Record<string, unknown>;
    for (const [key, status] of [['privateLinkServiceConnections', 'Approved'], ['manualPrivateLinkServiceConnections', 'Pending']] as const) {
      const connections = Array.isArray(props[key]) ? props[key] as unknown[] : [];
      for (const c of connections) {
        if (!isObject(c)) continue;
        const inner = isObject(c.properties) ? c.properties : c;
        const targetId = lookupKey(inner, 'privateLinkServiceId');
        const target = typeof targetId === 'string' ? byId.get(normalizeId(targetId)) : undefined;
        if (!target) continue;
        const name = typeof c.name === 'string' ? c.name : pe.name;
        add(target, {
          id: `${target.id}/privateEndpointConnections/${name}`,
          name,
          type: `${target.mapping.arm}/privateEndpointConnections`,
          properties: {
            privateEndpoint: { id: pe.id },
            groupIds: lookupKey(inner, 'groupIds'),
            privateLinkServiceConnectionState: { status, description: status === 'Approved' ? 'Auto-Approved' : 'Awaiting approval' },
          },
        }, `privateEndpointConnections include '${name}' (${status}) from private endpoint ${pe.planned.urn}`);
      }
    }
  }
  for (const pec of drafts.filter((d) => /\/privateEndpointConnections$/i.test(d.mapping.arm))) {
    const parentType = pec.mapping.arm.replace(/\/privateEndpointConnections$/i, '');
    const parentName = pec.fullName.split('/')[0];
    const target = drafts.find((d) => sameText(d.mapping.arm, parentType) && sameText(d.name, parentName) && sameText(d.resourceGroup ?? '', pec.resourceGroup ?? ''));
    if (!target) continue;
    add(target, { id: pec.id, name: pec.name, type: pec.mapping.arm, properties: pec.body.properties }, `privateEndpointConnections include '${pec.name}' (${pec.planned.urn})`);
  }
}

function stringInput(inputs: Record<string, unknown>, key: string): string | undefined {
  const v = inputs[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function firstString(inputs: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = stringInput(inputs, k);
    if (v) return v;
  }
  return undefined;
}
