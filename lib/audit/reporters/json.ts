import type { AuditReport, Finding, InputError } from '../report';

/**
 * A finding as the JSON report writes it: exactly the fields of {@link Finding}, which are the
 * DESIGN.md contract (in contract order).
 */
export type JsonFinding = Finding;

/** An input error as the JSON report writes it: exactly the fields of {@link InputError}. */
export type JsonInputError = InputError;

/**
 * The JSON report: the DESIGN.md contract (`version`, `summary`, `findings`) plus the `errors`
 * array at the end; the report's `standard` and `failOn` are left out.
 */
export type JsonReport = Pick<AuditReport, 'version' | 'summary' | 'findings' | 'errors'>;

/**
 * The JSON report object, built field by field so that its keys come out in contract order
 * whatever order (or extra fields) the report's objects carry.
 */
export function toJsonReport(report: AuditReport): JsonReport {
  return {
    version: 1,
    summary: {
      resources: report.summary.resources,
      findings: report.summary.findings,
      failing: report.summary.failing,
      suppressed: report.summary.suppressed,
    },
    findings: report.findings.map(jsonFinding),
    errors: report.errors.map(jsonError),
  };
}

/** Renders the report as the JSON contract of DESIGN.md: 2-space indentation, trailing newline. */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}

function jsonFinding(f: Finding): JsonFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    documentIndex: f.documentIndex,
    apiVersion: f.apiVersion,
    kind: f.kind,
    namespace: f.namespace ?? null,
    name: f.name,
    field: f.field,
    remediation: f.remediation,
    references: [...f.references],
    suppression: f.suppression
      ? {
        justification: f.suppression.justification,
        ...(f.suppression.until !== undefined ? { until: f.suppression.until } : {}),
      }
      : null,
  };
}

function jsonError(e: InputError): JsonInputError {
  return {
    file: e.file,
    ...(e.line !== undefined ? { line: e.line } : {}),
    message: e.message,
  };
}
