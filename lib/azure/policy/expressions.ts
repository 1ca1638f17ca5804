import { InvalidPolicyDefinitionError, UnsupportedPolicyConstructError } from './errors';
import { ABSENT, isAbsent, isObject, lookupKey } from './values';

/**
 * Template expressions in policy rules: `"[parameters('effect')]"`, `"[field('name')]"`,
 * `"[current('x').enabled]"`, `"[padLeft(..., 3, '0')]"`. A string is an expression when it
 * starts with `[` and ends with `]`; `[[` escapes a literal bracket. The functions Azure Policy
 * offers that depend on the request or the clock (`utcNow`, `requestContext`, `policy`, ...)
 * are not implemented and raise {@link UnsupportedPolicyConstructError}.
 * @internal
 */

/** What an expression can read while a rule is evaluated. */
export interface ExpressionScope {
  /** `parameters(name)`: the assigned value, else the default; throws when neither exists. */
  parameter(name: string): unknown;
  /** `field(name)`: a field of the resource the `if` is evaluated on. */
  field(name: string): unknown;
  /** `current(name?)`: the member a `count` is enumerating. */
  current(name: string | undefined): unknown;
  /** `subscription()`. */
  subscription(): Record<string, unknown>;
  /** `resourceGroup()`. */
  resourceGroup(): Record<string, unknown>;
}

/** Whether `value` is a template expression (and not an escaped `[[` literal). */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 2 && value.startsWith('[') && value.endsWith(']') && !value.startsWith('[[');
}

/**
 * Evaluates a value from a definition: expressions are computed, `[[` literals unescaped, and
 * arrays and objects evaluated member by member (as `count.value` literals need).
 */
export function evaluateValue(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value === 'string') {
    if (isExpression(value)) return evaluateExpression(value, scope);
    if (value.startsWith('[[')) return value.slice(1);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, scope));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluateValue(v, scope);
    return out;
  }
  return value;
}

/** Evaluates one `[...]` expression string. */
export function evaluateExpression(text: string, scope: ExpressionScope): unknown {
  const node = parseExpression(text);
  return evalNode(node, scope, text);
}

/** The function names an expression calls (lowercase), to describe or pre-check a rule. */
export function functionsCalled(text: string): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.kind === 'call') {
      out.push(n.name.toLowerCase());
      n.args.forEach(walk);
    } else if (n.kind === 'member') {
      walk(n.target);
      if (typeof n.key !== 'string') walk(n.key);
    }
  };
  walk(parseExpression(text));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parser

type Node =
  | { kind: 'literal'; value: string | number }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'member'; target: Node; key: string | Node };

interface Token { type: 'ident' | 'string' | 'number' | 'punct'; text: string; pos: number }

const cache = new Map<string, Node>();

function parseExpression(text: string): Node {
  const cached = cache.get(text);
  if (cached) return cached;
  if (!isExpression(text)) throw new InvalidPolicyDefinitionError(`'${text}' is not a template expression`);
  const tokens = tokenize(text.slice(1, -1), text);
  let i = 0;
  const fail = (what: string): never => {
    const at = tokens[i]?.pos ?? text.length - 2;
    throw new InvalidPolicyDefinitionError(`cannot parse the expression ${text}: ${what} at character ${at + 1}`);
  };
  const peek = (): Token | undefined => tokens[i];
  const expectPunct = (p: string): void => {
    if (peek()?.type !== 'punct' || peek()?.text !== p) fail(`expected '${p}'`);
    i++;
  };
  const parsePrimary = (): Node => {
    const t = peek();
    if (!t) return fail('unexpected end');
    if (t.type === 'string') {
      i++;
      return { kind: 'literal', value: t.text };
    }
    if (t.type === 'number') {
      i++;
      return { kind: 'literal', value: Number(t.text) };
    }
    if (t.type === 'ident') {
      i++;
      expectPunct('(');
      const args: Node[] = [];
      if (!(peek()?.type === 'punct' && peek()?.text === ')')) {
        for (;;) {
          args.push(parsePostfix());
          if (peek()?.type === 'punct' && peek()?.text === ',') {
            i++;
            continue;
          }
          break;
        }
      }
      expectPunct(')');
      return { kind: 'call', name: t.text, args };
    }
    return fail(`unexpected '${t.text}'`);
  };
  const parsePostfix = (): Node => {
    let node = parsePrimary();
    for (;;) {
      const t = peek();
      if (t?.type === 'punct' && t.text === '.') {
        i++;
        const key = peek();
        if (key?.type !== 'ident') return fail('expected a property name');
        i++;
        node = { kind: 'member', target: node, key: key.text };
      } else if (t?.type === 'punct' && t.text === '[') {
        i++;
        const key = parsePostfix();
        expectPunct(']');
        node = { kind: 'member', target: node, key };
      } else {
        return node;
      }
    }
  };
  const node = parsePostfix();
  if (i !== tokens.length) fail(`unexpected '${tokens[i].text}'`);
  cache.set(text, node);
  return node;
}

function tokenize(src: string, whole: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= src.length) throw new InvalidPolicyDefinitionError(`cannot parse the expression ${whole}: unterminated string`);
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += src[j++];
      }
      tokens.push({ type: 'string', text, pos: i });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      tokens.push({ type: 'number', text: m[0], pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      tokens.push({ type: 'ident', text: m[0], pos: i });
      i += m[0].length;
    } else if ('(),.[]'.includes(c)) {
      tokens.push({ type: 'punct', text: c, pos: i });
      i++;
    } else {
      throw new InvalidPolicyDefinitionError(`cannot parse the expression ${whole}: unexpected '${c}'`);
    }
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Functions Azure Policy offers that this evaluator refuses, with why. */
const REFUSED: Readonly<Record<string, string>> = {
  utcnow: 'depends on the clock',
  adddays: 'depends on the clock',
  requestcontext: 'depends on the request',
  policy: 'depends on the assignment',
  iprangecontains: 'is not implemented',
  resourceid: 'is not available in policy rules',
  reference: 'is not available in policy rules',
  list: 'is not available in policy rules',
};

type Fn = (args: unknown[], scope: ExpressionScope, text: string) => unknown;

function evalNode(node: Node, scope: ExpressionScope, text: string): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'member': {
      const target = evalNode(node.target, scope, text);
      const key = typeof node.key === 'string' ? node.key : evalNode(node.key, scope, text);
      if (Array.isArray(target) && typeof key === 'number') return target[key] ?? ABSENT;
      if (isObject(target) && (typeof key === 'string' || typeof key === 'number')) return lookupKey(target, String(key));
      if (isAbsent(target)) return ABSENT;
      throw new InvalidPolicyDefinitionError(`in ${text}: cannot read '${String(key)}' of ${describeType(target)}`);
    }
    case 'call': {
      const name = node.name.toLowerCase();
      const fn = FUNCTIONS[name];
      if (!fn) {
        const why = REFUSED[name] ?? 'is not implemented by the kubeward evaluator';
        throw new UnsupportedPolicyConstructError(`template function '${node.name}' in ${text} ${why}`);
      }
      const args = node.args.map((a) => evalNode(a, scope, text));
      return fn(args, scope, text);
    }
  }
}

function describeType(v: unknown): string {
  if (v === ABSENT || v === undefined) return 'an absent value';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

function arity(name: string, args: unknown[], min: number, max: number, text: string): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw new InvalidPolicyDefinitionError(`in ${text}: ${name}() takes ${want} argument(s), got ${args.length}`);
  }
}

function str(name: string, v: unknown, text: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isAbsent(v)) return '';
  throw new InvalidPolicyDefinitionError(`in ${text}: ${name}() expects a string, got ${describeType(v)}`);
}

function int(name: string, v: unknown, text: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new InvalidPolicyDefinitionError(`in ${text}: ${name}() expects an integer, got ${JSON.stringify(v)}`);
  return n;
}

function bool(name: string, v: unknown, text: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw new InvalidPolicyDefinitionError(`in ${text}: ${name}() expects a boolean, got ${JSON.stringify(v)}`);
}

function jsonEquals(a: unknown, b: unknown): boolean {
  if (isAbsent(a) && isAbsent(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function compare(name: string, a: unknown, b: unknown, text: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new InvalidPolicyDefinitionError(`in ${text}: ${name}() compares two numbers or two strings, got ${describeType(a)} and ${describeType(b)}`);
}

const FUNCTIONS: Readonly<Record<string, Fn>> = {
  parameters: (a, s, t) => {
    arity('parameters', a, 1, 1, t);
    return s.parameter(str('parameters', a[0], t));
  },
  field: (a, s, t) => {
    arity('field', a, 1, 1, t);
    return s.field(str('field', a[0], t));
  },
  current: (a, s, t) => {
    arity('current', a, 0, 1, t);
    return s.current(a.length ? str('current', a[0], t) : undefined);
  },
  subscription: (a, s, t) => {
    arity('subscription', a, 0, 0, t);
    return s.subscription();
  },
  resourcegroup: (a, s, t) => {
    arity('resourceGroup', a, 0, 0, t);
    return s.resourceGroup();
  },
  concat: (a) => {
    if (a.some(Array.isArray)) return a.flatMap((x) => (Array.isArray(x) ? x : isAbsent(x) ? [] : [x]));
    return a.map((x) => (isAbsent(x) ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x))).join('');
  },
  tolower: (a, _s, t) => {
    arity('toLower', a, 1, 1, t);
    return str('toLower', a[0], t).toLowerCase();
  },
  toupper: (a, _s, t) => {
    arity('toUpper', a, 1, 1, t);
    return str('toUpper', a[0], t).toUpperCase();
  },
  trim: (a, _s, t) => {
    arity('trim', a, 1, 1, t);
    return str('trim', a[0], t).trim();
  },
  empty: (a, _s, t) => {
    arity('empty', a, 1, 1, t);
    const v = a[0];
    if (isAbsent(v) || v === '') return true;
    if (Array.isArray(v)) return v.length === 0;
    if (isObject(v)) return Object.keys(v).length === 0;
    return false;
  },
  if: (a, _s, t) => {
    arity('if', a, 3, 3, t);
    return bool('if', a[0], t) ? a[1] : a[2];
  },
  not: (a, _s, t) => {
    arity('not', a, 1, 1, t);
    return !bool('not', a[0], t);
  },
  and: (a, _s, t) => a.every((x) => bool('and', x, t)),
  or: (a, _s, t) => a.some((x) => bool('or', x, t)),
  true: () => true,
  false: () => false,
  null: () => null,
  equals: (a, _s, t) => {
    arity('equals', a, 2, 2, t);
    return jsonEquals(a[0], a[1]);
  },
  less: (a, _s, t) => {
    arity('less', a, 2, 2, t);
    return compare('less', a[0], a[1], t) < 0;
  },
  lessorequals: (a, _s, t) => {
    arity('lessOrEquals', a, 2, 2, t);
    return compare('lessOrEquals', a[0], a[1], t) <= 0;
  },
  greater: (a, _s, t) => {
    arity('greater', a, 2, 2, t);
    return compare('greater', a[0], a[1], t) > 0;
  },
  greaterorequals: (a, _s, t) => {
    arity('greaterOrEquals', a, 2, 2, t);
    return compare('greaterOrEquals', a[0], a[1], t) >= 0;
  },
  length: (a, _s, t) => {
    arity('length', a, 1, 1, t);
    const v = a[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    if (isAbsent(v)) return 0;
    throw new InvalidPolicyDefinitionError(`in ${t}: length() expects a string, an array or an object, got ${describeType(v)}`);
  },
  first: (a, _s, t) => {
    arity('first', a, 1, 1, t);
    const v = a[0];
    if (Array.isArray(v)) return v.length ? v[0] : ABSENT;
    if (typeof v === 'string') return v.slice(0, 1);
    if (isAbsent(v)) return ABSENT;
    throw new InvalidPolicyDefinitionError(`in ${t}: first() expects an array or a string, got ${describeType(v)}`);
  },
  last: (a, _s, t) => {
    arity('last', a, 1, 1, t);
    const v = a[0];
    if (Array.isArray(v)) return v.length ? v[v.length - 1] : ABSENT;
    if (typeof v === 'string') return v.slice(-1);
    if (isAbsent(v)) return ABSENT;
    throw new InvalidPolicyDefinitionError(`in ${t}: last() expects an array or a string, got ${describeType(v)}`);
  },
  padleft: (a, _s, t) => {
    arity('padLeft', a, 2, 3, t);
    const pad = a.length > 2 ? str('padLeft', a[2], t) : ' ';
    if (pad.length !== 1) throw new InvalidPolicyDefinitionError(`in ${t}: padLeft() pads with one character, got '${pad}'`);
    return str('padLeft', a[0], t).padStart(int('padLeft', a[1], t), pad);
  },
  string: (a, _s, t) => {
    arity('string', a, 1, 1, t);
    const v = a[0];
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : isAbsent(v) ? '' : String(v);
  },
  int: (a, _s, t) => {
    arity('int', a, 1, 1, t);
    return int('int', a[0], t);
  },
  bool: (a, _s, t) => {
    arity('bool', a, 1, 1, t);
    return bool('bool', a[0], t);
  },
  contains: (a, _s, t) => {
    arity('contains', a, 2, 2, t);
    const [c, item] = a;
    if (typeof c === 'string') return c.includes(str('contains', item, t));
    if (Array.isArray(c)) return c.some((x) => jsonEquals(x, item));
    if (isObject(c)) return Object.prototype.hasOwnProperty.call(c, str('contains', item, t));
    if (isAbsent(c)) return false;
    throw new InvalidPolicyDefinitionError(`in ${t}: contains() expects a string, an array or an object, got ${describeType(c)}`);
  },
  split: (a, _s, t) => {
    arity('split', a, 2, 2, t);
    const delims = Array.isArray(a[1]) ? a[1].map((d) => str('split', d, t)) : [str('split', a[1], t)];
    let parts = [str('split', a[0], t)];
    for (const d of delims) parts = parts.flatMap((p) => p.split(d));
    return parts;
  },
  replace: (a, _s, t) => {
    arity('replace', a, 3, 3, t);
    return str('replace', a[0], t).split(str('replace', a[1], t)).join(str('replace', a[2], t));
  },
  substring: (a, _s, t) => {
    arity('substring', a, 1, 3, t);
    const s = str('substring', a[0], t);
    const start = a.length > 1 ? int('substring', a[1], t) : 0;
    const len = a.length > 2 ? int('substring', a[2], t) : s.length - start;
    if (start < 0 || len < 0 || start + len > s.length) throw new InvalidPolicyDefinitionError(`in ${t}: substring() is out of range for '${s}'`);
    return s.substring(start, start + len);
  },
  startswith: (a, _s, t) => {
    arity('startsWith', a, 2, 2, t);
    return str('startsWith', a[0], t).toLowerCase().startsWith(str('startsWith', a[1], t).toLowerCase());
  },
  endswith: (a, _s, t) => {
    arity('endsWith', a, 2, 2, t);
    return str('endsWith', a[0], t).toLowerCase().endsWith(str('endsWith', a[1], t).toLowerCase());
  },
  indexof: (a, _s, t) => {
    arity('indexOf', a, 2, 2, t);
    return str('indexOf', a[0], t).toLowerCase().indexOf(str('indexOf', a[1], t).toLowerCase());
  },
  lastindexof: (a, _s, t) => {
    arity('lastIndexOf', a, 2, 2, t);
    return str('lastIndexOf', a[0], t).toLowerCase().lastIndexOf(str('lastIndexOf', a[1], t).toLowerCase());
  },
  createarray: (a) => a,
  coalesce: (a) => a.find((x) => !isAbsent(x)) ?? null,
  take: (a, _s, t) => {
    arity('take', a, 2, 2, t);
    const n = Math.max(0, int('take', a[1], t));
    return Array.isArray(a[0]) ? a[0].slice(0, n) : str('take', a[0], t).slice(0, n);
  },
  skip: (a, _s, t) => {
    arity('skip', a, 2, 2, t);
    const n = Math.max(0, int('skip', a[1], t));
    return Array.isArray(a[0]) ? a[0].slice(n) : str('skip', a[0], t).slice(n);
  },
  join: (a, _s, t) => {
    arity('join', a, 2, 2, t);
    if (!Array.isArray(a[0])) throw new InvalidPolicyDefinitionError(`in ${t}: join() expects an array`);
    return a[0].map((x) => str('join', x, t)).join(str('join', a[1], t));
  },
  union: (a, _s, t) => {
    if (a.every(Array.isArray)) return [...new Map(a.flat().map((x) => [JSON.stringify(x), x])).values()];
    if (a.every(isObject)) return Object.assign({}, ...a);
    throw new InvalidPolicyDefinitionError(`in ${t}: union() expects arrays or objects`);
  },
  intersection: (a, _s, t) => {
    if (a.every(Array.isArray)) {
      const [head, ...rest] = a;
      return head.filter((x) => rest.every((r) => r.some((y) => jsonEquals(x, y))));
    }
    throw new InvalidPolicyDefinitionError(`in ${t}: intersection() is implemented for arrays only`);
  },
  json: (a, _s, t) => {
    arity('json', a, 1, 1, t);
    try {
      return JSON.parse(str('json', a[0], t));
    } catch {
      throw new InvalidPolicyDefinitionError(`in ${t}: json() got text that is not JSON`);
    }
  },
  tryget: (a, _s, t) => {
    arity('tryGet', a, 2, 2, t);
    const [obj, key] = a;
    if (isObject(obj)) return lookupKey(obj, str('tryGet', key, t));
    if (Array.isArray(obj) && typeof key === 'number') return obj[key] ?? ABSENT;
    return ABSENT;
  },
};
