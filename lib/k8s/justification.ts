import type { ApiObjectMetadataDefinition } from 'cdk8s';
import { isRealJustification, MIN_JUSTIFICATION_LENGTH, SUPPRESS_PREFIX } from '../audit/suppressions';
import { findControl } from '../controls/catalogue';

/**
 * A reason for weakening a secure default. Every kubeward option that weakens a default takes
 * one; it is written into the synthesised manifest as `suppress.kubeward.io/<rule-id>` so that
 * reviewers see it and the audit reports the finding as suppressed.
 */
export interface Justified<T> {
  /** The weaker setting. */
  readonly value: T;
  /**
   * Why the default cannot be kept, and what mitigates the risk: a sentence, at least
   * MIN_JUSTIFICATION_LENGTH characters, not a placeholder such as `n/a` or `todo`.
   */
  readonly justification: string;
}

/** What a weakening option is, for the error a missing justification raises. */
export interface Weakening {
  /** The construct and prop the user set, e.g. `HardenedDeployment 'api' prop 'capabilities'`. */
  readonly property: string;
  /** The control the setting violates. */
  readonly ruleId: string;
  /** What to do instead, or how to justify it. */
  readonly fix: string;
  /**
   * How the option takes its justification: a `{ value, justification }` object, or the
   * justification string itself (e.g. `allowMutableTag`).
   * @default 'value'
   */
  readonly form?: 'value' | 'string';
}

/**
 * Checks the justification of a weakening option and records it as a suppression annotation on
 * `metadata`. Throws, naming the property, the control and the fix, when it is missing, empty
 * or a placeholder.
 */
export function recordJustification(metadata: ApiObjectMetadataDefinition, weakening: Weakening, justification: string | undefined): void {
  assertJustified(weakening, justification);
  if (!findControl(weakening.ruleId)) throw new Error(`kubeward: internal error: no control '${weakening.ruleId}' in the catalogue`);
  const key = `${SUPPRESS_PREFIX}${weakening.ruleId}`;
  const annotations: Record<string, string> = metadata.toJson().annotations ?? {};
  const existing = annotations[key];
  const reason = justification!.trim();
  // Two weakenings of the same control on one object: keep both reasons.
  metadata.addAnnotation(key, existing && !existing.split('; ').includes(reason) ? `${existing}; ${reason}` : reason);
}

/** Throws the construction-time error for a weakening without a real justification. */
export function assertJustified(weakening: Weakening, justification: string | undefined): void {
  if (typeof justification === 'string' && isRealJustification(justification)) return;
  const what = justification === undefined || justification.trim() === '' ? 'needs a justification' : `has only a placeholder justification ("${justification.trim()}")`;
  throw new Error(
    `${weakening.property} weakens a secure default and ${what} [${weakening.ruleId}]. `
    + `${weakening.fix} If the weaker setting is really needed, ${weakening.form === 'string' ? 'set the option to a justification' : 'pass { value, justification } with a justification'} `
    + `of at least ${MIN_JUSTIFICATION_LENGTH} characters saying why and what mitigates the risk; it is written to the manifest as `
    + `the annotation ${SUPPRESS_PREFIX}${weakening.ruleId}.`,
  );
}
