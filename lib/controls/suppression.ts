import { GUIDANCE } from './guidance';
import type { MetaControl } from './types';

/**
 * Controls about suppressions themselves. A suppression is an annotation
 * `suppress.kubeward.io/<rule-id>: <justification>` on an object or its pod template, optionally
 * bounded by `suppress-until.kubeward.io/<rule-id>: YYYY-MM-DD`. The engine raises these findings
 * while it applies suppressions (they have no check of their own), and they cannot themselves
 * be suppressed.
 */
const COMMON = {
  scope: 'meta',
  // Justified, reviewable, expiring exceptions are how a workload that needs more (a privileged
  // extension) gets only the exception it needs.
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-09'],
  references: [],
  satisfiedBy: [],
} as const;

/** Controls of the `suppression` domain. */
export const SUPPRESSION_CONTROLS: readonly MetaControl[] = [
  {
    ...COMMON,
    id: 'suppression.empty-justification',
    title: 'A suppression states a real justification',
    severity: 'error',
    rationale: 'Turning a control off is a risk decision; without a written reason no reviewer can judge it, so an empty or placeholder reason does not suppress anything.',
    remediation: 'Write why the control cannot be met and what mitigates the risk in the annotation value (at least a full sentence), or remove the annotation and fix the finding.',
  },
  {
    ...COMMON,
    id: 'suppression.expired',
    title: 'A time-bounded suppression has not expired',
    severity: 'warning',
    rationale: 'A suppression with an end date was meant to be temporary; past that date the finding counts again, and the stale annotation should be removed or renewed on purpose.',
    remediation: 'Fix the finding and remove both annotations, or, if the exception still holds, move the `suppress-until.kubeward.io/<rule-id>` date forward with a reviewed justification.',
  },
  {
    ...COMMON,
    id: 'suppression.invalid-expiry',
    title: 'A suppression expiry is a valid YYYY-MM-DD date',
    severity: 'error',
    rationale: 'An expiry that cannot be read would make a temporary exception permanent without anyone deciding so; such a suppression does not apply.',
    remediation: 'Write the `suppress-until.kubeward.io/<rule-id>` value as a calendar date, e.g. `2026-12-31`.',
  },
  {
    ...COMMON,
    id: 'suppression.unknown-rule',
    title: 'A suppression names an existing control',
    severity: 'warning',
    rationale: 'A suppression for a rule id that does not exist (a typo, or a renamed control) suppresses nothing and hides the author\'s intent.',
    remediation: 'Use a rule id from docs/controls.md in the annotation name, e.g. `suppress.kubeward.io/pss.privileged`.',
  },
];
