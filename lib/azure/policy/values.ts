/**
 * Values as Azure Policy compares them: absent properties, case-insensitive keys and strings,
 * loose equality between booleans, numbers and their string forms.
 * @internal
 */

/** A property that is not in the evaluated payload (distinct from `null` in a literal). */
export const ABSENT: unique symbol = Symbol('absent');

/** A value read from a resource or computed by an expression: JSON, or ABSENT. */
export type PolicyValue = unknown;

/** A plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for ABSENT, undefined and null: Azure Policy treats a null property as not existing. */
export function isAbsent(value: unknown): boolean {
  return value === ABSENT || value === undefined || value === null;
}

/** The value of `key` in `obj`: exact key first, then case-insensitively (ARM keys are). */
export function lookupKey(obj: Record<string, unknown>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return ABSENT;
}

/** Whether `obj` has `key`, case-insensitively. */
export function hasKey(obj: Record<string, unknown>, key: string): boolean {
  return lookupKey(obj, key) !== ABSENT;
}

/** Case-insensitive string equality (ordinal, as InvariantCultureIgnoreCase does for ASCII). */
export function sameText(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/**
 * Equality as policy conditions use it: strings case-insensitively; a boolean or number equals
 * its string form (`true` equals `"True"`, `0` equals `"0"`); arrays and objects member by member.
 */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (isAbsent(a) || isAbsent(b)) return isAbsent(a) && isAbsent(b);
  if (typeof a === 'string' && typeof b === 'string') return sameText(a, b);
  if (isScalar(a) && isScalar(b)) {
    if (typeof a === typeof b) return a === b;
    if (typeof a === 'number' && typeof b === 'string') return numberEqualsText(a, b);
    if (typeof b === 'number' && typeof a === 'string') return numberEqualsText(b, a);
    return sameText(String(a), String(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => looseEquals(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => hasKey(b, k) && looseEquals(a[k], lookupKey(b, k)));
  }
  return false;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function numberEqualsText(n: number, s: string): boolean {
  const t = s.trim();
  return t !== '' && Number(t) === n;
}

/** A short, readable rendering of a value for reasons (JSON, truncated). */
export function formatValue(value: unknown, max = 80): string {
  if (value === ABSENT || value === undefined) return 'absent';
  if (typeof value === 'string' && value.length + 2 > max) {
    // Keep both ends: resource ids differ in their last segments.
    const keep = max - 3;
    return `"${value.slice(0, Math.ceil(keep / 3))}…${value.slice(value.length - Math.floor((2 * keep) / 3))}"`;
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Pulumi's marker for a secret value in resolved inputs (`{ [SIG]: SECRET, value }`). */
const PULUMI_SIG = '4dabf18193072939515e22adb298388d';
const PULUMI_SECRET = '1b47061264138c4ac30d75fd1eb44270';
/** Pulumi's marker for a value unknown during a preview. */
export const PULUMI_UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/**
 * A deep copy of resolved Pulumi inputs with secrets unwrapped and every string passed through
 * `mapString` (used to turn mock-mode resource ids into ARM ids).
 */
export function plainInputs(value: unknown, mapString: (s: string) => string = (s) => s): unknown {
  if (typeof value === 'string') return mapString(value);
  if (Array.isArray(value)) return value.map((v) => plainInputs(v, mapString));
  if (isObject(value)) {
    if (value[PULUMI_SIG] === PULUMI_SECRET && 'value' in value) return plainInputs(value.value, mapString);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plainInputs(v, mapString);
    return out;
  }
  return value;
}
