import { joinPath, resolveField, type FieldTarget } from './aliases';
import type { ArmResource } from './arm-view';
import { InvalidPolicyDefinitionError, UnknownPlanValueError, UnsupportedPolicyConstructError } from './errors';
import { evaluateValue, isExpression, type ExpressionScope } from './expressions';
import { ABSENT, formatValue, hasKey, isAbsent, isObject, lookupKey, looseEquals, PULUMI_UNKNOWN } from './values';

/**
 * The policy condition language: `allOf` / `anyOf` / `not`, `field` / `value` / `count`
 * conditions with every documented operator, `[*]` array aliases (a `field` condition holds for
 * every selected element; inside `count.where` the counted alias selects only the current
 * element), and Azure's applicability rule for `Audit`/`Deny`-style effects. Every result carries
 * a short explanation (`why`) naming the fields and values that decided it.
 * @internal
 */

/** The outcome of a condition and the facts that decided it. */
export interface ConditionResult {
  readonly value: boolean;
  readonly why: readonly string[];
}

/** What a condition is evaluated against. */
export interface ConditionContext {
  /** The resource `field` conditions read (the related resource in an existenceCondition). */
  readonly target: ArmResource;
  /** The resource the `if` is evaluated on (what the `field()` function reads). */
  readonly ifResource: ArmResource;
  /** Resolves `parameters(name)`. */
  readonly parameter: (name: string) => unknown;
  /** The subscription resource (for `subscription()`). */
  readonly subscription: ArmResource;
  /** The resource group of a resource (for `resourceGroup()`), or null. */
  readonly resourceGroupOf: (resource: ArmResource) => ArmResource | null;
}

/** How conditions are evaluated: fully, or only for applicability (type/name/kind conditions). */
export type EvaluationMode =
  | { readonly kind: 'full' }
  | { readonly kind: 'applicability'; readonly considered: ReadonlySet<'type' | 'name' | 'kind'> };

/** The state of a `count` iteration. */
interface Frame {
  /** `[*]` path prefixes (lowercase, e.g. `properties.logs[*]`) bound to the current element. */
  readonly bindings: ReadonlyMap<string, unknown>;
  /** `current(name)` values: value-count names and field-count aliases, lowercase. */
  readonly currents: ReadonlyMap<string, unknown>;
  /** What `current()` without a name returns. */
  readonly innermost: { readonly value: unknown } | null;
}

const ROOT: Frame = { bindings: new Map(), currents: new Map(), innermost: null };

const OPERATORS = new Map<string, string>([
  'equals', 'notEquals', 'like', 'notLike', 'match', 'matchInsensitively', 'notMatch', 'notMatchInsensitively',
  'contains', 'notContains', 'in', 'notIn', 'containsKey', 'notContainsKey', 'less', 'lessOrEquals', 'greater',
  'greaterOrEquals', 'exists',
].map((op) => [op.toLowerCase(), op]));

/** Evaluates a condition (the `if`, a `where`, an `existenceCondition`). */
export function evaluateCondition(node: unknown, ctx: ConditionContext, mode: EvaluationMode = { kind: 'full' }): ConditionResult {
  return evaluate(node, ctx, ROOT, false, mode);
}

/** The kinds of leaf conditions in a rule (for the applicability rule) and whether it reads `location`. */
export function conditionKinds(node: unknown): { kinds: Set<'type' | 'name' | 'kind' | 'other'>; readsLocation: boolean } {
  const kinds = new Set<'type' | 'name' | 'kind' | 'other'>();
  let readsLocation = false;
  const walk = (n: unknown, top: boolean): void => {
    if (!isObject(n)) return;
    for (const [k, v] of Object.entries(n)) {
      const key = k.toLowerCase();
      if (key === 'allof' || key === 'anyof') {(Array.isArray(v) ? v : []).forEach((c) => walk(c, top));} else if (key === 'not') {walk(v, top);} else if (key === 'where') {walk(v, false);} else if (key === 'count' && isObject(v)) {
        if (top) kinds.add('other');
        walk(v, false);
      } else if (key === 'field' && typeof v === 'string') {
        const f = v.trim().toLowerCase();
        if (f === 'location') readsLocation = true;
        if (top) kinds.add(f === 'type' || f === 'name' || f === 'kind' ? f : 'other');
      } else if (key === 'value' && top) {
        kinds.add('other');
      }
    }
  };
  walk(node, true);
  return { kinds, readsLocation };
}

/**
 * Which leaf kinds decide applicability (Azure Policy's documented rule for effects other than
 * AuditIfNotExists/DeployIfNotExists): `type` conditions; `name` and `kind` ones too when the
 * rule also has other conditions; a rule of only `name` or only `kind` conditions applies to all.
 */
export function applicabilityMode(ifNode: unknown): EvaluationMode {
  const { kinds } = conditionKinds(ifNode);
  const considered = new Set<'type' | 'name' | 'kind'>();
  const hasOther = kinds.has('other');
  if (kinds.has('type')) {
    considered.add('type');
    if (hasOther && kinds.has('name')) considered.add('name');
    if (hasOther && kinds.has('kind')) considered.add('kind');
  } else if (hasOther) {
    if (kinds.has('name')) considered.add('name');
    if (kinds.has('kind')) considered.add('kind');
  }
  return { kind: 'applicability', considered };
}

function evaluate(node: unknown, ctx: ConditionContext, frame: Frame, negated: boolean, mode: EvaluationMode): ConditionResult {
  if (!isObject(node)) throw new InvalidPolicyDefinitionError(`a condition must be an object, got ${formatValue(node)}`);
  const keys = Object.keys(node);
  const logical = keys.filter((k) => ['allof', 'anyof', 'not'].includes(k.toLowerCase()));
  if (logical.length > 0) {
    if (keys.length !== 1) throw new InvalidPolicyDefinitionError(`a condition has '${logical[0]}' beside other keys (${keys.join(', ')})`);
    const key = logical[0];
    const op = key.toLowerCase();
    const value = node[key];
    if (op === 'not') {
      const inner = evaluate(value, ctx, frame, !negated, mode);
      return { value: !inner.value, why: inner.why.map((w) => `not (${w})`) };
    }
    if (!Array.isArray(value)) throw new InvalidPolicyDefinitionError(`'${key}' takes an array of conditions`);
    const results: ConditionResult[] = [];
    for (const child of value) results.push(evaluate(child, ctx, frame, negated, mode));
    if (op === 'allof') {
      const firstFalse = results.find((r) => !r.value);
      return firstFalse ? { value: false, why: firstFalse.why } : { value: true, why: results.flatMap((r) => r.why) };
    }
    const firstTrue = results.find((r) => r.value);
    return firstTrue ? { value: true, why: firstTrue.why } : { value: false, why: results.flatMap((r) => r.why) };
  }
  return leaf(node, ctx, frame, negated, mode);
}

function leaf(node: Record<string, unknown>, ctx: ConditionContext, frame: Frame, negated: boolean, mode: EvaluationMode): ConditionResult {
  let fieldKey: string | undefined;
  let valueKey: string | undefined;
  let countKey: string | undefined;
  const ops: string[] = [];
  for (const k of Object.keys(node)) {
    const lower = k.toLowerCase();
    if (lower === 'field') fieldKey = k;
    else if (lower === 'value') valueKey = k;
    else if (lower === 'count') countKey = k;
    else if (OPERATORS.has(lower)) ops.push(k);
    else throw new UnsupportedPolicyConstructError(`condition key '${k}' is not a condition operator this evaluator knows (${[...OPERATORS.values()].join(', ')})`);
  }
  const subjects = [fieldKey, valueKey, countKey].filter((k) => k !== undefined);
  if (subjects.length !== 1) throw new InvalidPolicyDefinitionError(`a condition needs exactly one of field, value or count, got ${JSON.stringify(node).slice(0, 120)}`);
  if (ops.length !== 1) throw new InvalidPolicyDefinitionError(`a condition needs exactly one operator, got ${ops.length ? ops.join(', ') : 'none'} in ${JSON.stringify(node).slice(0, 120)}`);
  const opKey = ops[0];
  const op = OPERATORS.get(opKey.toLowerCase())!;
  const scope = expressionScope(ctx, frame);

  if (mode.kind === 'applicability') {
    const f = fieldKey ? String(node[fieldKey]).trim().toLowerCase() : '';
    const kind = f === 'type' || f === 'name' || f === 'kind' ? f : null;
    if (!kind || !mode.considered.has(kind)) return { value: !negated, why: [] };
  }

  const target = evaluateValue(node[opKey], scope);
  if (countKey) return countCondition(node[countKey], op, target, ctx, frame, negated, mode);
  if (valueKey) {
    const raw = node[valueKey];
    const actual = evaluateValue(raw, scope);
    const label = typeof raw === 'string' && isExpression(raw) ? raw : formatValue(raw);
    const value = test(op, actual, target, false);
    return { value, why: [`value ${label} ${state(actual)} → ${op} ${formatValue(target)} is ${value}`] };
  }
  const rawField = node[fieldKey!];
  const fieldName = evaluateValue(rawField, scope);
  if (typeof fieldName !== 'string') throw new InvalidPolicyDefinitionError(`'field' must name a field, got ${formatValue(fieldName)}`);
  const ref = resolveField(fieldName, ctx.target.type);
  const selected = selectField(ref, ctx.target, frame);
  const isLocation = ref.kind === 'special' && ref.field === 'location';
  if (!selected.collection) {
    const actual = selected.values[0];
    const value = test(op, actual, target, isLocation);
    return { value, why: [`${labelOf(ref)} ${state(actual)} → ${op} ${formatValue(target)} is ${value}`] };
  }
  // A [*] alias outside a count: true when every selected element satisfies the condition.
  const results = selected.values.map((v) => test(op, v, target, isLocation));
  const failing = results.indexOf(false);
  if (failing >= 0) {
    return { value: false, why: [`${labelOf(ref)} element #${failing} ${state(selected.values[failing])} → ${op} ${formatValue(target)} is false`] };
  }
  const what = selected.values.length === 0 ? 'selects no element (a condition on every element of none holds)' : `every one of ${selected.values.length} elements`;
  return { value: true, why: [`${labelOf(ref)} ${what} → ${op} ${formatValue(target)} is true`] };
}

function labelOf(ref: FieldTarget): string {
  return ref.kind === 'foreign' ? `${ref.label} (an alias of another resource type)` : ref.label;
}

function state(value: unknown): string {
  return isAbsent(value) ? 'is absent' : `= ${formatValue(value)}`;
}

// ---------------------------------------------------------------------------------------------
// Counting

function countCondition(
  spec: unknown, op: string, target: unknown, ctx: ConditionContext, frame: Frame, negated: boolean, mode: EvaluationMode,
): ConditionResult {
  if (!isObject(spec)) throw new InvalidPolicyDefinitionError(`'count' takes an object with 'field' or 'value', got ${formatValue(spec)}`);
  const keyOf = (name: string): string | undefined => Object.keys(spec).find((k) => k.toLowerCase() === name);
  const fieldKey = keyOf('field');
  const valueKey = keyOf('value');
  const whereKey = keyOf('where');
  const nameKey = keyOf('name');
  for (const k of Object.keys(spec)) {
    if (![fieldKey, valueKey, whereKey, nameKey].includes(k)) throw new UnsupportedPolicyConstructError(`'count' has an unknown key '${k}'`);
  }
  if ((fieldKey === undefined) === (valueKey === undefined)) throw new InvalidPolicyDefinitionError("'count' needs exactly one of 'field' or 'value'");
  const scope = expressionScope(ctx, frame);
  const where = whereKey ? spec[whereKey] : undefined;
  const elements: { value: unknown; frame: Frame; label: string }[] = [];
  let label: string;
  if (fieldKey) {
    const fieldName = evaluateValue(spec[fieldKey], scope);
    if (typeof fieldName !== 'string') throw new InvalidPolicyDefinitionError(`count.field must name an [*] alias, got ${formatValue(fieldName)}`);
    const ref = resolveField(fieldName, ctx.target.type);
    if (ref.kind === 'special') throw new InvalidPolicyDefinitionError(`count.field must be an [*] alias, got '${fieldName}'`);
    label = labelOf(ref);
    if (ref.kind === 'path') {
      if (ref.path[ref.path.length - 1] !== '*') throw new InvalidPolicyDefinitionError(`count.field must be an [*] alias (ending in [*]), got '${fieldName}'`);
      const prefix = joinPath(ref.path).toLowerCase();
      const selected = selectField(ref, ctx.target, frame);
      selected.values.forEach((value, i) => {
        const bindings = new Map(frame.bindings);
        bindings.set(prefix, value);
        const currents = new Map(frame.currents);
        currents.set(fieldName.toLowerCase(), value);
        const named = isObject(value) && typeof value.name === 'string' ? ` ('${value.name}')` : '';
        elements.push({ value, frame: { bindings, currents, innermost: { value } }, label: `${ref.label.replace(/\[\*\]$/, '')}[${i}]${named}` });
      });
    }
  } else {
    const array = evaluateValue(spec[valueKey!], scope);
    if (!Array.isArray(array)) throw new InvalidPolicyDefinitionError(`count.value must be an array, got ${formatValue(array)}`);
    const name = nameKey ? spec[nameKey] : 'default';
    if (typeof name !== 'string' || !/^[A-Za-z0-9]+$/.test(name)) throw new InvalidPolicyDefinitionError(`count.name must be letters and digits, got ${formatValue(name)}`);
    label = nameKey ? name : 'value';
    for (const value of array) {
      const currents = new Map(frame.currents);
      currents.set(name.toLowerCase(), value);
      elements.push({ value, frame: { bindings: frame.bindings, currents, innermost: { value } }, label: `${label} ${formatValue(value, 60)}` });
    }
  }
  const perElement = elements.map((e) => ({ e, r: where === undefined ? { value: true, why: [] } : evaluate(where, ctx, e.frame, negated, mode) }));
  const n = perElement.filter((x) => x.r.value).length;
  const value = test(op, n, target, false);
  const head = `count(${label}${where === undefined ? '' : ' where …'}) = ${n} → ${op} ${formatValue(target)} is ${value}`;
  // Name the elements that explain the count: the matching ones when there are too many, the
  // others when there are too few.
  const wanted = typeof target === 'number' || (typeof target === 'string' && target.trim() !== '' && !isNaN(Number(target))) ? Number(target) : NaN;
  let examples: typeof perElement = [];
  if (where !== undefined && !isNaN(wanted)) {
    if (!value && n > wanted) examples = perElement.filter((x) => x.r.value);
    else if (!value && n < wanted) examples = perElement.filter((x) => !x.r.value);
    // "some element matches" (greater 0): name those elements.
    else if (value && wanted === 0 && (op === 'greater' || op === 'notEquals')) examples = perElement.filter((x) => x.r.value);
  }
  const details = examples.slice(0, 3).map((x) => `${x.e.label}: ${x.r.why.join('; ') || (x.r.value ? 'matches' : 'does not match')}`);
  const more = examples.length > 3 ? [`and ${examples.length - 3} more`] : [];
  return { value, why: [details.length ? `${head} [${[...details, ...more].join(' | ')}]` : head] };
}

// ---------------------------------------------------------------------------------------------
// Field selection

interface Selection {
  /** True when the field is an [*] alias not bound by an enclosing count: `values` are its elements. */
  readonly collection: boolean;
  readonly values: readonly unknown[];
}

function selectField(ref: FieldTarget, resource: ArmResource, frame: Frame): Selection {
  switch (ref.kind) {
    case 'foreign':
      return { collection: false, values: [ABSENT] };
    case 'special': {
      const v = ref.field === 'type' ? resource.type
        : ref.field === 'name' ? resource.name
          : ref.field === 'fullName' ? resource.fullName
            : ref.field === 'id' ? resource.id
              : lookupKey(resource.body, ref.field);
      return { collection: false, values: [checkKnown(v, ref.label, resource)] };
    }
    case 'path':
      return selectPath(resource, ref.path, frame, ref.label);
  }
}

/** Walks an ARM path; `*` expands arrays unless an enclosing count bound that prefix. */
function selectPath(resource: ArmResource, path: readonly string[], frame: Frame, label: string): Selection {
  let nodes: unknown[] = [resource.body];
  let collection = false;
  let inElement = false;
  const prefix: string[] = [];
  path.forEach((seg, i) => {
    prefix.push(seg);
    if (seg === '*') {
      const bound = frame.bindings.get(joinPath(prefix).toLowerCase());
      if (bound !== undefined) {
        nodes = [bound];
      } else {
        collection = true;
        nodes = nodes.flatMap((n) => (Array.isArray(n) ? n : []));
      }
      inElement = true;
      return;
    }
    nodes = nodes.map((n) => {
      let v = step(n, seg, inElement);
      // A top-level field some types keep under properties (e.g. a workspace's sku).
      if (i === 0 && v === ABSENT && seg !== 'properties' && isObject(resource.body.properties)) v = lookupKey(resource.body.properties, seg);
      return v;
    });
  });
  return { collection, values: nodes.map((n) => checkKnown(n, label, resource)) };
}

/**
 * One step into an object. Inside array elements, the sub-resource `properties` envelope is
 * optional both ways: azure-native flattens it, ARM (and synthesized elements) keep it.
 */
function step(node: unknown, key: string, inElement: boolean): unknown {
  if (!isObject(node)) return ABSENT;
  const v = lookupKey(node, key);
  if (v !== ABSENT || !inElement) return v;
  if (key.toLowerCase() === 'properties') return node;
  return isObject(node.properties) ? lookupKey(node.properties, key) : ABSENT;
}

function checkKnown(value: unknown, label: string, resource: ArmResource): unknown {
  if (value === PULUMI_UNKNOWN) throw new UnknownPlanValueError(`${label} of ${resource.urn ?? resource.id} is not known until deployment`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Expressions inside conditions

/** The expression scope outside any count (for `then.details` values). */
export function rootExpressionScope(ctx: ConditionContext): ExpressionScope {
  return expressionScope(ctx, ROOT);
}

function expressionScope(ctx: ConditionContext, frame: Frame): ExpressionScope {
  return {
    parameter: ctx.parameter,
    field: (name) => {
      const ref = resolveField(name, ctx.ifResource.type);
      const sel = selectField(ref, ctx.ifResource, ctx.ifResource === ctx.target ? frame : ROOT);
      if (sel.collection) return sel.values.filter((v) => !isAbsent(v));
      const v = sel.values[0];
      return isAbsent(v) ? '' : v;
    },
    current: (name) => {
      if (name === undefined) {
        if (!frame.innermost) throw new InvalidPolicyDefinitionError('current() is only available inside count.where');
        return frame.innermost.value;
      }
      const lower = name.toLowerCase();
      if (frame.currents.has(lower)) return frame.currents.get(lower);
      if (name.includes('/')) {
        const ref = resolveField(name, ctx.target.type);
        const sel = selectField(ref, ctx.target, frame);
        if (!sel.collection) return sel.values[0];
      }
      throw new InvalidPolicyDefinitionError(`current('${name}') does not name an enclosing count (its count.name or [*] alias)`);
    },
    subscription: () => ({
      id: ctx.subscription.id, subscriptionId: ctx.subscription.name, displayName: ctx.subscription.name, tenantId: '',
    }),
    resourceGroup: () => {
      const rg = ctx.resourceGroupOf(ctx.ifResource);
      if (!rg) throw new InvalidPolicyDefinitionError(`resourceGroup() is not available for ${ctx.ifResource.urn ?? ctx.ifResource.id}, which is not in a resource group`);
      return { id: rg.id, name: rg.name, type: rg.type, location: lookupKey(rg.body, 'location'), tags: lookupKey(rg.body, 'tags'), managedBy: lookupKey(rg.body, 'managedBy') };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Operators

/** Applies a condition operator. A property that is absent satisfies only the negative ones. */
export function test(op: string, actual: unknown, target: unknown, isLocation: boolean): boolean {
  const eq = (a: unknown, b: unknown): boolean =>
    (isLocation && typeof a === 'string' && typeof b === 'string' ? normalizeLocation(a) === normalizeLocation(b) : looseEquals(a, b));
  switch (op) {
    case 'equals': return !isAbsent(actual) && eq(actual, target);
    case 'notEquals': return !test('equals', actual, target, isLocation);
    case 'in': return !isAbsent(actual) && asArray(op, target).some((t) => eq(actual, t));
    case 'notIn': return !test('in', actual, target, isLocation);
    case 'like': return typeof scalarText(actual) === 'string' && likePattern(stringTarget(op, target)).test(scalarText(actual)!);
    case 'notLike': return !test('like', actual, target, isLocation);
    case 'match': return typeof scalarText(actual) === 'string' && matchPattern(stringTarget(op, target), false).test(scalarText(actual)!);
    case 'matchInsensitively': return typeof scalarText(actual) === 'string' && matchPattern(stringTarget(op, target), true).test(scalarText(actual)!);
    case 'notMatch': return !test('match', actual, target, isLocation);
    case 'notMatchInsensitively': return !test('matchInsensitively', actual, target, isLocation);
    case 'contains':
      if (typeof actual === 'string') return actual.toLowerCase().includes(stringTarget(op, target).toLowerCase());
      if (Array.isArray(actual)) return actual.some((x) => eq(x, target));
      return false;
    case 'notContains': return !test('contains', actual, target, isLocation);
    case 'containsKey': return isObject(actual) && hasKey(actual, stringTarget(op, target));
    case 'notContainsKey': return !test('containsKey', actual, target, isLocation);
    case 'less': return !isAbsent(actual) && compareValues(op, actual, target) < 0;
    case 'lessOrEquals': return !isAbsent(actual) && compareValues(op, actual, target) <= 0;
    case 'greater': return !isAbsent(actual) && compareValues(op, actual, target) > 0;
    case 'greaterOrEquals': return !isAbsent(actual) && compareValues(op, actual, target) >= 0;
    case 'exists': return !isAbsent(actual) === existsTarget(target);
    default: throw new UnsupportedPolicyConstructError(`condition operator '${op}' is not implemented`);
  }
}

/** `East US 2` and `eastus2` are the same location. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

function asArray(op: string, target: unknown): unknown[] {
  if (Array.isArray(target)) return target;
  throw new InvalidPolicyDefinitionError(`'${op}' takes an array, got ${formatValue(target)}`);
}

function stringTarget(op: string, target: unknown): string {
  if (typeof target === 'string') return target;
  if (typeof target === 'number' || typeof target === 'boolean') return String(target);
  throw new InvalidPolicyDefinitionError(`'${op}' takes a string, got ${formatValue(target)}`);
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function existsTarget(target: unknown): boolean {
  if (typeof target === 'boolean') return target;
  if (typeof target === 'string' && /^(true|false)$/i.test(target.trim())) return target.trim().toLowerCase() === 'true';
  throw new InvalidPolicyDefinitionError(`'exists' takes true or false, got ${formatValue(target)}`);
}

const likeCache = new Map<string, RegExp>();
/** `like`: `*` matches any run of characters; case-insensitive; the whole value. */
function likePattern(pattern: string): RegExp {
  let re = likeCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('[\\s\\S]*')}$`, 'i');
    likeCache.set(pattern, re);
  }
  return re;
}

/** `match`: `#` a digit, `?` a letter, `.` any character, anything else itself; the whole value. */
function matchPattern(pattern: string, insensitive: boolean): RegExp {
  const body = [...pattern].map((c) => (c === '#' ? '[0-9]' : c === '?' ? '[A-Za-z]' : c === '.' ? '[\\s\\S]' : escapeRegExp(c))).join('');
  return new RegExp(`^${body}$`, insensitive ? 'i' : '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compareValues(op: string, a: unknown, b: unknown): number {
  const num = (v: unknown): number | undefined =>
    (typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : undefined);
  if (typeof a === 'number' || typeof b === 'number') {
    const x = num(a);
    const y = num(b);
    if (x !== undefined && y !== undefined) return x - y;
  } else if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw new InvalidPolicyDefinitionError(`'${op}' compares numbers or strings, got ${formatValue(a)} and ${formatValue(b)}`);
}
