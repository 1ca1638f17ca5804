import type { Severity, Standard } from '../controls/types';

/** A suppression that applied to a finding. */
export interface AppliedSuppression {
  /** The reason written in the `suppress.kubeward.io/<rule-id>` annotation. */
  readonly justification: string;
  /** The `suppress-until.kubeward.io/<rule-id>` date (YYYY-MM-DD), when one is set. */
  readonly until?: string;
}

/**
 * One finding: a control that one object violates at one field. The field names and their
 * order are the JSON report contract of DESIGN.md.
 */
export interface Finding {
  /** The control's id, e.g. `pss.privileged`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** What is wrong with this object. */
  readonly message: string;
  /** The file as given on the command line joined with its relative path (`-` for standard input). */
  readonly file: string;
  /** 1-based line of the field in the file (of the object when the field is absent). */
  readonly line: number;
  /** 0-based index of the YAML document in the file. */
  readonly documentIndex: number;
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.namespace`, or null when the object has none. */
  readonly namespace: string | null;
  readonly name: string;
  /** The field path, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly field: string;
  /** How to fix it (the control's remediation). */
  readonly remediation: string;
  /** External references of the control, e.g. `PSS: Privileged Containers`. */
  readonly references: readonly string[];
  /** The suppression that applies, or null when the finding counts. */
  readonly suppression: AppliedSuppression | null;
}

/** Totals of one audit. */
export interface AuditSummary {
  /** Kubernetes objects audited (List items count one each). */
  readonly resources: number;
  /** All findings, suppressed included. */
  readonly findings: number;
  /** Unsuppressed findings at or above the `failOn` severity. */
  readonly failing: number;
  /** Suppressed findings. */
  readonly suppressed: number;
}

/** An input that could not be audited: unreadable, not YAML/JSON, too large, not Kubernetes. */
export interface InputError {
  /** The file (as for findings). */
  readonly file: string;
  /** 1-based line, for YAML syntax errors. */
  readonly line?: number;
  /** One line saying what is wrong. */
  readonly message: string;
}

/** The severity at or above which unsuppressed findings fail an audit; `none` never fails. */
export type FailOn = Severity | 'none';

/** The result of one audit, what every reporter renders. */
export interface AuditReport {
  /** Report format version (the JSON contract's `version`). */
  readonly version: 1;
  /** The standard the audit evaluated. */
  readonly standard: Standard;
  /** The severity threshold `summary.failing` counts against. */
  readonly failOn: FailOn;
  readonly summary: AuditSummary;
  /** Findings, ordered by file, line, rule id. */
  readonly findings: readonly Finding[];
  /** Inputs that could not be audited. */
  readonly errors: readonly InputError[];
}
