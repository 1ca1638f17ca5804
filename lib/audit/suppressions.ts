import { isRecord } from './workload';
import type { FieldPath } from '../controls/types';

/** Annotation name prefix of a suppression: `suppress.kubeward.io/<rule-id>: <justification>`. */
export const SUPPRESS_PREFIX = 'suppress.kubeward.io/';

/** Annotation name prefix of a suppression's end date: `suppress-until.kubeward.io/<rule-id>: YYYY-MM-DD`. */
export const SUPPRESS_UNTIL_PREFIX = 'suppress-until.kubeward.io/';

/** Justifications shorter than this (trimmed) are placeholders, not reasons. */
export const MIN_JUSTIFICATION_LENGTH = 12;

const PLACEHOLDERS = /^(n\/?a|none|todo|tbd|fixme|ok|okay|test|testing|temp|temporary|ignore|ignored|skip|wip|x+|-+|\.+|\?+)$/i;

/** A suppression annotation as found on an object. */
export interface SuppressionAnnotation {
  readonly ruleId: string;
  readonly justification: string;
  /** The end date, when a `suppress-until` annotation is set. */
  readonly until?: string;
  /** Path of the `suppress.kubeward.io/<rule-id>` annotation. */
  readonly path: FieldPath;
  /** Path of the `suppress-until.kubeward.io/<rule-id>` annotation, when set. */
  readonly untilPath?: FieldPath;
}

/** A problem with a suppression annotation, reported as a finding of a `suppression.*` control. */
export interface SuppressionProblem {
  readonly ruleId: 'suppression.empty-justification' | 'suppression.expired' | 'suppression.invalid-expiry' | 'suppression.unknown-rule';
  readonly path: FieldPath;
  readonly message: string;
}

/** The suppressions of one object, sorted into those that apply and those that do not. */
export interface ObjectSuppressions {
  /** Suppressions that apply now, by rule id. */
  readonly active: ReadonlyMap<string, SuppressionAnnotation>;
  /** Suppressions past their end date, by rule id: their findings count again. */
  readonly expired: ReadonlyMap<string, SuppressionAnnotation>;
  /** Problems to report. */
  readonly problems: readonly SuppressionProblem[];
}

/** An object with no suppressions. */
export const NO_SUPPRESSIONS: ObjectSuppressions = { active: new Map(), expired: new Map(), problems: [] };

/** True when a justification states a reason (not empty, not a placeholder, long enough). */
export function isRealJustification(text: string): boolean {
  const t = text.trim();
  return t.length >= MIN_JUSTIFICATION_LENGTH && !PLACEHOLDERS.test(t);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * Reads the suppression annotations of an object from the annotation maps given (the object's
 * own metadata first, then its pod template's), and decides which apply on `today`.
 * @param sources annotation maps with the path of each map
 * @param today the date of the audit, YYYY-MM-DD (an input, so runs are reproducible)
 * @param knownRule whether a rule id exists in the catalogue
 */
export function readSuppressions(
  sources: readonly { annotations: unknown; path: FieldPath }[],
  today: string,
  knownRule: (id: string) => boolean,
): ObjectSuppressions {
  let found: Map<string, SuppressionAnnotation> | undefined;
  const untils = new Map<string, { value: string; path: FieldPath }>();
  for (const { annotations, path } of sources) {
    if (!isRecord(annotations)) continue;
    for (const key of Object.keys(annotations)) {
      if (key.startsWith(SUPPRESS_PREFIX)) {
        const ruleId = key.slice(SUPPRESS_PREFIX.length);
        found ??= new Map();
        if (!found.has(ruleId)) {
          const value = annotations[key];
          found.set(ruleId, { ruleId, justification: typeof value === 'string' ? value : '', path: [...path, key] });
        }
      } else if (key.startsWith(SUPPRESS_UNTIL_PREFIX)) {
        const ruleId = key.slice(SUPPRESS_UNTIL_PREFIX.length);
        if (!untils.has(ruleId)) untils.set(ruleId, { value: String(annotations[key] ?? ''), path: [...path, key] });
      }
    }
  }
  if (!found) return NO_SUPPRESSIONS;

  const active = new Map<string, SuppressionAnnotation>();
  const expired = new Map<string, SuppressionAnnotation>();
  const problems: SuppressionProblem[] = [];
  for (const [ruleId, s] of [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const until = untils.get(ruleId);
    const suppression: SuppressionAnnotation = until ? { ...s, until: until.value, untilPath: until.path } : s;
    if (!knownRule(ruleId) || ruleId.startsWith('suppression.')) {
      problems.push({
        ruleId: 'suppression.unknown-rule',
        path: s.path,
        message: `annotation ${SUPPRESS_PREFIX}${ruleId} names no control that can be suppressed, so it suppresses nothing`,
      });
      continue;
    }
    if (!isRealJustification(s.justification)) {
      problems.push({
        ruleId: 'suppression.empty-justification',
        path: s.path,
        message: `suppression of ${ruleId} has ${s.justification.trim() ? `only a placeholder justification "${s.justification.trim()}"` : 'an empty justification'}, so it does not apply`,
      });
      continue;
    }
    if (until && !isIsoDate(until.value)) {
      problems.push({
        ruleId: 'suppression.invalid-expiry',
        path: until.path,
        message: `suppression of ${ruleId} has an unreadable end date "${until.value}" (expected YYYY-MM-DD), so it does not apply`,
      });
      continue;
    }
    if (until && today > until.value) {
      problems.push({
        ruleId: 'suppression.expired',
        path: until.path,
        message: `suppression of ${ruleId} expired on ${until.value}; its findings count again`,
      });
      expired.set(ruleId, suppression);
      continue;
    }
    active.set(ruleId, suppression);
  }
  return { active, expired, problems };
}
