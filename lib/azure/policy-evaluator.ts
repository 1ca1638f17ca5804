import * as fs from 'fs';
import * as path from 'path';
import type { PlannedResource } from './mock-plan';
import { isExtensionType } from './policy/arm-types';
import { buildArmView, normalizeId, type ArmResource, type ArmView } from './policy/arm-view';
import {
  applicabilityMode, conditionKinds, evaluateCondition, rootExpressionScope, type ConditionContext, type ConditionResult,
} from './policy/conditions';
import {
  InvalidPolicyDefinitionError, PolicyEvaluationError, PolicyParameterError, UnknownPlanValueError, UnsupportedPolicyConstructError,
} from './policy/errors';
import { evaluateValue, type ExpressionScope } from './policy/expressions';
import { formatValue, isObject, lookupKey, sameText } from './policy/values';

/**
 * The Azure Policy evaluator behind `kubeward plan --azure-policy DIR`: evaluates Azure Policy
 * definitions (JSON files as published in Azure/azure-policy) against the resources a Pulumi
 * program plans, the way Azure Resource Manager would evaluate them once deployed. Pure, except
 * {@link loadPolicyDefinitions}. See docs/azure/policy-evaluation.md.
 */

export {
  InvalidPolicyDefinitionError, PolicyEvaluationError, PolicyParameterError, UnknownPlanValueError, UnsupportedPolicyConstructError,
} from './policy/errors';
export { ARM_TYPES, type ArmTypeMapping } from './policy/arm-types';
export { ALIAS_PATHS } from './policy/aliases';
export { buildArmView, type ArmResource, type ArmView } from './policy/arm-view';

/** A policy definition file: its name (relative to the folder) and parsed JSON. */
export interface PolicyDefinitionFile {
  /** The file name (relative path for files in subfolders), as results report it. */
  readonly file: string;
  /** The parsed JSON: `{ properties: { displayName, mode, parameters, policyRule } }` or the properties alone. */
  readonly json: unknown;
}

/** The result of one definition for one resource (DESIGN.md `kubeward plan` contract). */
export interface PolicyResult {
  /** The definition's file name. */
  readonly definition: string;
  /** The definition's displayName (else its name, else the file name). */
  readonly displayName: string;
  /** The effect after parameters are applied, canonically spelled (`Audit`, `DeployIfNotExists`, ...). */
  readonly effect: string;
  /** The resource's URN; the subscription's ARM id for subscription rows; null when nothing applies. */
  readonly resource: string | null;
  /** The ARM type of the resource (or, for a null resource, the type(s) the rule targets, or null). */
  readonly type: string | null;
  /** `compliant`, `non-compliant` or `not-applicable`. */
  readonly result: 'compliant' | 'non-compliant' | 'not-applicable';
  /** Why: the fields and values that decided the result. */
  readonly reason: string;
}

/** Options of {@link evaluatePolicies}. */
export interface EvaluatePoliciesOptions {
  /**
   * The subscription the plan deploys into (ids, the subscription row).
   * @default the mock-mode subscription, 00000000-0000-0000-0000-000000000000
   */
  readonly subscriptionId?: string;
  /**
   * Parameter values by name, for every definition that declares the parameter (plain values,
   * e.g. `{ listOfAllowedLocations: ['westeurope'] }`).
   * @default - none: planned policy assignments' values, then the definitions' defaults
   */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /**
   * Parameter values for one definition, keyed by its file name or its name (GUID); they win
   * over `parameters`.
   * @default - none
   */
  readonly definitionParameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Throw on a construct the evaluator does not implement or a malformed definition, instead of
   * reporting it as a non-compliant result. Tests set it, so gaps are loud.
   * @default false
   */
  readonly strict?: boolean;
}

/**
 * Reads every `*.json` file under `dir` (recursively), sorted by relative path. Throws an error
 * naming the file (and line and column) for unreadable files, invalid JSON, or JSON that is not
 * a policy definition (no `policyRule` with `if` and `then`).
 */
export function loadPolicyDefinitions(dir: string): PolicyDefinitionFile[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new Error(`${dir}: no such directory`);
  }
  if (!stat.isDirectory()) throw new Error(`${dir}: not a directory`);
  const files: string[] = [];
  const walk = (rel: string): void => {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) files.push(child);
    }
  };
  walk('');
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (files.length === 0) throw new Error(`${dir}: no policy definition files (*.json)`);
  return files.map((file) => {
    const full = path.join(dir, file);
    let text: string;
    try {
      text = fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, '');
    } catch (e) {
      throw new Error(`${full}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`${full}: invalid JSON: ${jsonErrorWhere(text, (e as Error).message)}`);
    }
    const problem = definitionProblem(json);
    if (problem) throw new Error(`${full}: not an Azure Policy definition: ${problem}`);
    return { file, json };
  });
}

/**
 * Evaluates each definition against the planned resources (ARM view: see buildArmView) and the
 * plan's subscription. One result per (definition, applicable resource); a definition that
 * applies to nothing, is Disabled, or lacks a parameter value gets one result with a null
 * resource and `not-applicable`. Pure.
 */
export function evaluatePolicies(
  resources: readonly PlannedResource[],
  definitions: readonly PolicyDefinitionFile[],
  options: EvaluatePoliciesOptions = {},
): PolicyResult[] {
  const view = buildArmView(resources, { subscriptionId: options.subscriptionId });
  const out: PolicyResult[] = [];
  for (const def of definitions) out.push(...evaluateDefinition(def, view, options));
  return out;
}

// ---------------------------------------------------------------------------------------------

interface ParsedDefinition {
  readonly file: string;
  readonly name: string | null;
  readonly displayName: string;
  readonly mode: string;
  readonly parameters: Record<string, unknown>;
  readonly ifNode: unknown;
  readonly then: Record<string, unknown>;
}

const EFFECTS = new Map([
  'Audit', 'Deny', 'Disabled', 'AuditIfNotExists', 'DeployIfNotExists', 'Modify', 'Append', 'DenyAction', 'Manual', 'Mutate', 'AddToNetworkGroup',
].map((e) => [e.toLowerCase(), e]));

/** Effects that are not evaluated against a plan (deletes, attestations, in-cluster admission). */
const NOT_PLANNABLE: Readonly<Record<string, string>> = {
  DenyAction: 'applies to delete requests',
  Manual: 'is an attestation, not a condition on resources',
  Mutate: 'is applied by the Azure Policy add-on inside the cluster',
  AddToNetworkGroup: 'is applied by Azure Virtual Network Manager',
};

function evaluateDefinition(def: PolicyDefinitionFile, view: ArmView, options: EvaluatePoliciesOptions): PolicyResult[] {
  let parsed: ParsedDefinition;
  try {
    parsed = parseDefinition(def);
  } catch (e) {
    return failure(def.file, fallbackName(def), '', null, e, options);
  }
  const assignment = plannedAssignment(parsed, view);
  const parameter = parameterResolver(parsed, options, assignment);
  const base = { definition: parsed.file, displayName: parsed.displayName };
  const suffix = assignment ? `; parameters from the planned policy assignment ${assignment.urn ?? assignment.id}` : '';
  let effect: string;
  try {
    const raw = evaluateValue(lookupKey(parsed.then, 'effect'), constantScope(parameter));
    if (typeof raw !== 'string') throw new InvalidPolicyDefinitionError(`then.effect must be a string, got ${formatValue(raw)}`);
    const canonical = EFFECTS.get(raw.toLowerCase());
    if (!canonical) throw new UnsupportedPolicyConstructError(`effect '${raw}' is not an Azure Policy effect this evaluator knows`);
    effect = canonical;
  } catch (e) {
    return failure(parsed.file, parsed.displayName, '', targetedTypes(parsed.ifNode), e, options, suffix);
  }
  const none = (reason: string): PolicyResult[] =>
    [{ ...base, effect, resource: null, type: targetedTypes(parsed.ifNode), result: 'not-applicable', reason: `${reason}${suffix}` }];

  const mode = parsed.mode.toLowerCase();
  if (mode !== 'all' && mode !== 'indexed') {
    return none(`mode '${parsed.mode}' is evaluated by the Azure Policy add-on or a resource provider, not against planned ARM resources`);
  }
  if (effect === 'Disabled') return none('the effect is Disabled: nothing is evaluated');
  if (NOT_PLANNABLE[effect]) return none(`the effect ${effect} ${NOT_PLANNABLE[effect]}; it is not evaluated against a plan`);

  const ifNotExists = effect === 'AuditIfNotExists' || effect === 'DeployIfNotExists';
  const { readsLocation } = conditionKinds(parsed.ifNode);
  const candidates = view.resources.filter((r) => mode === 'all' || r.indexed);
  const applicability = applicabilityMode(parsed.ifNode);
  const rows: PolicyResult[] = [];
  let firstMiss: { resource: ArmResource; why: ConditionResult } | null = null;
  try {
    for (const resource of candidates) {
      // "When any conditions include a location condition: not applicable to subscriptions."
      if (readsLocation && resource.type === 'Microsoft.Resources/subscriptions') continue;
      const ctx = contextFor(resource, resource, view, parameter);
      const row = { ...base, effect, resource: resource.urn ?? resource.id, type: resource.type };
      try {
        if (ifNotExists) {
          const matched = evaluateCondition(parsed.ifNode, ctx);
          if (!matched.value) {
            if (!firstMiss && evaluateCondition(parsed.ifNode, ctx, applicability).value) firstMiss = { resource, why: matched };
            continue;
          }
          const existence = evaluateExistence(parsed, effect, resource, view, parameter);
          rows.push({ ...row, result: existence.compliant ? 'compliant' : 'non-compliant', reason: `${existence.reason}${suffix}` });
        } else {
          if (!evaluateCondition(parsed.ifNode, ctx, applicability).value) continue;
          const matched = evaluateCondition(parsed.ifNode, ctx);
          const why = explain(matched, resource);
          rows.push(matched.value
            ? { ...row, result: 'non-compliant', reason: `the rule matches (${effect}): ${why || 'every resource of this type'}${suffix}` }
            : { ...row, result: 'compliant', reason: `the rule does not match: ${why}${suffix}` });
        }
      } catch (e) {
        if (e instanceof PolicyParameterError) throw e;
        rows.push(...failure(parsed.file, parsed.displayName, effect, resource.type, e, options, suffix, resource.urn ?? resource.id));
      }
    }
  } catch (e) {
    if (e instanceof PolicyParameterError) return none(e.message);
    throw e;
  }
  if (rows.length > 0) return rows;
  return none(nothingApplies(parsed, view, mode, firstMiss));
}

function parseDefinition(def: PolicyDefinitionFile): ParsedDefinition {
  const problem = definitionProblem(def.json);
  if (problem) throw new InvalidPolicyDefinitionError(problem);
  const root = def.json as Record<string, unknown>;
  const props = (isObject(root.properties) ? root.properties : root);
  const rule = lookupKey(props, 'policyRule') as Record<string, unknown>;
  const displayName = lookupKey(props, 'displayName');
  const mode = lookupKey(props, 'mode');
  const parameters = lookupKey(props, 'parameters');
  const name = typeof root.name === 'string' ? root.name : null;
  return {
    file: def.file,
    name,
    displayName: typeof displayName === 'string' ? displayName : name ?? def.file,
    // Definitions created without a mode get `All` (as the portal and the REST API do).
    mode: typeof mode === 'string' ? mode : 'All',
    parameters: isObject(parameters) ? parameters : {},
    ifNode: lookupKey(rule, 'if'),
    then: lookupKey(rule, 'then') as Record<string, unknown>,
  };
}

/** Why `json` is not a policy definition, or null when it is one. */
function definitionProblem(json: unknown): string | null {
  if (!isObject(json)) return 'the file holds no JSON object';
  const props = isObject(json.properties) ? json.properties : json;
  const rule = lookupKey(props, 'policyRule');
  if (!isObject(rule)) return 'no policyRule (expected properties.policyRule with if and then)';
  if (!isObject(lookupKey(rule, 'if'))) return 'policyRule has no if condition';
  const then = lookupKey(rule, 'then');
  if (!isObject(then) || lookupKey(then, 'effect') === undefined || typeof lookupKey(then, 'effect') === 'symbol') return 'policyRule has no then.effect';
  return null;
}

function fallbackName(def: PolicyDefinitionFile): string {
  if (isObject(def.json)) {
    const props = isObject(def.json.properties) ? def.json.properties : def.json;
    if (typeof props.displayName === 'string') return props.displayName;
  }
  return def.file;
}

/** Turns an evaluation error into a result row, or rethrows it (strict mode, programming errors). */
function failure(
  file: string, displayName: string, effect: string, type: string | null, e: unknown, options: EvaluatePoliciesOptions, suffix = '', resource: string | null = null,
): PolicyResult[] {
  if (!(e instanceof PolicyEvaluationError)) throw e;
  const base = { definition: file, displayName, effect, resource, type };
  if (e instanceof PolicyParameterError) return [{ ...base, result: 'not-applicable', reason: `${e.message}${suffix}` }];
  if (e instanceof UnknownPlanValueError) return [{ ...base, result: 'non-compliant', reason: `cannot decide: ${e.message}${suffix}` }];
  if (options.strict) {
    e.message = `${file}: ${e.message}`;
    throw e;
  }
  // A failed evaluation is an implicit deny in Azure; here it is never a silent pass.
  return [{ ...base, result: 'non-compliant', reason: `kubeward cannot evaluate this definition: ${e.message}${suffix}` }];
}

// ---------------------------------------------------------------------------------------------
// Parameters

function plannedAssignment(def: ParsedDefinition, view: ArmView): ArmResource | undefined {
  if (!def.name) return undefined;
  const suffix = `/policydefinitions/${def.name.toLowerCase()}`;
  return view.resources.find((r) => {
    if (r.type !== 'Microsoft.Authorization/policyAssignments') return false;
    const id = lookupKey(r.body.properties as Record<string, unknown>, 'policyDefinitionId');
    return typeof id === 'string' && id.toLowerCase().endsWith(suffix);
  });
}

function parameterResolver(def: ParsedDefinition, options: EvaluatePoliciesOptions, assignment: ArmResource | undefined): (name: string) => unknown {
  const supplied = new Map<string, { value: unknown; source: string }>();
  if (assignment) {
    const params = lookupKey(assignment.body.properties as Record<string, unknown>, 'parameters');
    if (isObject(params)) {
      for (const [k, v] of Object.entries(params)) {
        supplied.set(k.toLowerCase(), { value: isObject(v) && 'value' in v ? v.value : v, source: `the planned policy assignment ${assignment.urn ?? assignment.id}` });
      }
    }
  }
  for (const [k, v] of Object.entries(options.parameters ?? {})) supplied.set(k.toLowerCase(), { value: v, source: 'options.parameters' });
  const own = options.definitionParameters?.[def.file] ?? (def.name ? options.definitionParameters?.[def.name] : undefined) ?? {};
  for (const [k, v] of Object.entries(own)) supplied.set(k.toLowerCase(), { value: v, source: `options.definitionParameters['${def.file}']` });
  return (name: string) => {
    const declared = Object.keys(def.parameters).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!declared) throw new InvalidPolicyDefinitionError(`parameters('${name}') is not declared in the definition's parameters`);
    const spec = isObject(def.parameters[declared]) ? def.parameters[declared] as Record<string, unknown> : {};
    const given = supplied.get(name.toLowerCase());
    if (given) {
      checkAllowed(declared, spec, given.value, given.source);
      return given.value;
    }
    if ('defaultValue' in spec) return spec.defaultValue;
    throw new PolicyParameterError(`parameter '${declared}' has no defaultValue and no value was given: assign the definition in the program (a PolicyAssignment with this parameter) or pass it to the evaluator`);
  };
}

function checkAllowed(name: string, spec: Record<string, unknown>, value: unknown, source: string): void {
  const allowed = spec.allowedValues;
  if (!Array.isArray(allowed)) return;
  const values = Array.isArray(value) && !allowed.some(Array.isArray) ? value : [value];
  for (const v of values) {
    const ok = allowed.some((a) => (typeof a === 'string' && typeof v === 'string' ? sameText(a, v) : JSON.stringify(a) === JSON.stringify(v)));
    if (!ok) throw new PolicyParameterError(`parameter '${name}' = ${formatValue(v)} (from ${source}) is not one of its allowedValues ${formatValue(allowed, 200)}`);
  }
}

/** A scope for values outside conditions (the effect): parameters only. */
function constantScope(parameter: (name: string) => unknown): ExpressionScope {
  const none = (what: string) => (): never => {
    throw new InvalidPolicyDefinitionError(`${what} cannot be used in then.effect`);
  };
  return { parameter, field: none('field()'), current: none('current()'), subscription: none('subscription()'), resourceGroup: none('resourceGroup()') };
}

// ---------------------------------------------------------------------------------------------
// AuditIfNotExists / DeployIfNotExists

function contextFor(target: ArmResource, ifResource: ArmResource, view: ArmView, parameter: (name: string) => unknown): ConditionContext {
  return {
    target,
    ifResource,
    parameter,
    subscription: view.subscription,
    resourceGroupOf: (r) => (r.resourceGroup
      ? view.resources.find((x) => x.type === 'Microsoft.Resources/subscriptions/resourceGroups' && sameText(x.name, r.resourceGroup!)) ?? null
      : null),
  };
}

function evaluateExistence(
  def: ParsedDefinition, effect: string, resource: ArmResource, view: ArmView, parameter: (name: string) => unknown,
): { compliant: boolean; reason: string } {
  const details = lookupKey(def.then, 'details');
  if (!isObject(details)) throw new InvalidPolicyDefinitionError(`${effect} needs then.details with the related resource type`);
  const ctx = contextFor(resource, resource, view, parameter);
  // field() in then.details reads the resource the `if` matched.
  const scope = rootExpressionScope(ctx);
  const get = (key: string): unknown => {
    const v = lookupKey(details, key);
    return typeof v === 'symbol' ? undefined : evaluateValue(v, scope);
  };
  const relatedType = get('type');
  if (typeof relatedType !== 'string') throw new InvalidPolicyDefinitionError(`${effect} needs then.details.type`);
  const relatedName = get('name');
  const existenceScope = String(get('existenceScope') ?? 'resourceGroup').toLowerCase();
  const rgName = get('resourceGroupName');
  const condition = lookupKey(details, 'existenceCondition');
  const hasCondition = typeof condition !== 'symbol' && condition !== undefined;

  let where: string;
  let related = view.resources.filter((r) => sameText(r.type, relatedType));
  const atSubscription = existenceScope === 'subscription' || resource.type === 'Microsoft.Resources/subscriptions';
  if (isExtensionType(relatedType)) {
    // Extension resources live on a scope: the evaluated resource, or the subscription.
    const scopeId = normalizeId(atSubscription ? view.subscription.id : resource.id);
    related = related.filter((r) => r.scope !== null && normalizeId(r.scope) === scopeId);
    where = atSubscription ? 'on the subscription' : 'for this resource';
  } else if (atSubscription) {
    where = 'in the subscription';
  } else if (relatedType.toLowerCase().startsWith(`${resource.type.toLowerCase()}/`)) {
    related = related.filter((r) => normalizeId(r.id).startsWith(`${normalizeId(resource.id)}/`));
    where = 'under this resource';
  } else {
    const group = typeof rgName === 'string' ? rgName : resource.resourceGroup;
    related = related.filter((r) => r.resourceGroup !== null && group !== null && sameText(r.resourceGroup, group));
    where = `in resource group '${group ?? '?'}'`;
  }
  if (typeof relatedName === 'string' && relatedName !== '') {
    related = related.filter((r) => sameText(r.name, relatedName) || sameText(r.fullName, relatedName));
  }
  const self = related.length === 1 && related[0] === resource;
  const what = `${relatedType}${typeof relatedName === 'string' && relatedName ? ` named '${relatedName}'` : ''}`;
  if (related.length === 0) {
    return {
      compliant: false,
      reason: `no ${what} ${where} is in the plan (${effect} needs one${hasCondition ? ' that satisfies the existenceCondition' : ''}); a resource outside the plan cannot be checked`,
    };
  }
  if (!hasCondition) return { compliant: true, reason: `${describe(related[0], resource)} exists` };
  const failures: string[] = [];
  for (const r of related) {
    const result = evaluateCondition(condition, { ...ctx, target: r });
    if (result.value) return { compliant: true, reason: `${describe(r, resource)} satisfies the existenceCondition: ${explain(result, r)}` };
    failures.push(`${describe(r, resource)}: ${explain(result, r)}`);
  }
  const head = self ? 'the existenceCondition is not met by the resource itself' : `${related.length} planned ${what} ${where}, none satisfies the existenceCondition`;
  return { compliant: false, reason: `${head}: ${failures.slice(0, 2).join(' | ')}` };
}

function describe(r: ArmResource, evaluated: ArmResource): string {
  if (r === evaluated) return 'the resource itself';
  const pulumiName = r.urn ? r.urn.split('::').pop() : r.name;
  return `${r.pulumiType ? r.pulumiType.split(':').pop() : r.type} '${pulumiName}'`;
}

// ---------------------------------------------------------------------------------------------
// Reasons

/** The decisive facts of a result, without the `type` checks, plus the view notes they touch. */
function explain(result: ConditionResult, resource: ArmResource): string {
  const facts = result.why.filter((w) => !/^type (=|is absent)/.test(w));
  let text = facts.join('; ');
  const notes = resource.notes.filter((n) => text.includes(n.split(' ')[0]));
  if (notes.length) text += ` (${notes.join('; ')})`;
  return text.length > 700 ? `${text.slice(0, 699)}…` : text;
}

/** The ARM types a rule's `if` selects with `type` equals/in conditions (not under `not`). */
function targetedTypes(ifNode: unknown): string | null {
  const types: string[] = [];
  const walk = (n: unknown): void => {
    if (!isObject(n)) return;
    for (const [k, v] of Object.entries(n)) {
      const key = k.toLowerCase();
      if (key === 'allof' || key === 'anyof') (Array.isArray(v) ? v : []).forEach(walk);
    }
    const field = Object.entries(n).find(([k]) => k.toLowerCase() === 'field')?.[1];
    if (typeof field !== 'string' || field.trim().toLowerCase() !== 'type') return;
    for (const [k, v] of Object.entries(n)) {
      if (k.toLowerCase() === 'equals' && typeof v === 'string') types.push(v);
      if (k.toLowerCase() === 'in' && Array.isArray(v)) v.filter((x): x is string => typeof x === 'string').forEach((x) => types.push(x));
    }
  };
  walk(ifNode);
  return types.length ? [...new Set(types)].join(', ') : null;
}

function nothingApplies(
  def: ParsedDefinition, view: ArmView, mode: string, firstMiss: { resource: ArmResource; why: ConditionResult } | null,
): string {
  const types = targetedTypes(def.ifNode);
  const modeNote = mode === 'indexed' ? ' (mode Indexed evaluates only types that support tags and location)' : '';
  if (firstMiss) {
    const n = view.resources.filter((r) => r.type === firstMiss.resource.type).length;
    return `the if condition matches none of the planned resources; e.g. ${describe(firstMiss.resource, view.subscription)}` +
      `${n > 1 ? ` (one of ${n} ${firstMiss.resource.type})` : ` (${firstMiss.resource.type})`}: ${explain(firstMiss.why, firstMiss.resource)}`;
  }
  if (types) {
    const wanted = types.split(', ').map((t) => t.toLowerCase());
    const planned = view.resources.filter((r) => wanted.includes(r.type.toLowerCase()));
    if (planned.length === 0) return `no planned resource of type ${types}`;
    return `the planned ${types} resources are not evaluated by this definition${modeNote}`;
  }
  if (view.resources.length === 0) return 'the plan has no Azure resources';
  return `no planned resource is applicable${modeNote}`;
}

function jsonErrorWhere(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)/, '')} (line ${line}, column ${column})`;
}
