import { ApiObject, Chart } from 'cdk8s';
import { Auditor, DEFAULT_ALLOWED_REGISTRIES, type AuditOptions } from '../audit/engine';
import type { AuditReport, Finding } from '../audit/report';

/**
 * Synth-time validation: every chart that holds a kubeward construct runs the whole catalogue
 * over everything it synthesises (other constructs included), and a failing control fails
 * `cdk8s synth` with the control id, the object, the field path and the remediation.
 */

/** Charts whose validation is registered, with the registries their workloads allow. */
const REGISTERED = new WeakMap<Chart, Set<string>>();

/**
 * Registers the audit of `chart` as a validation of the chart (once per chart), run by
 * `App.synth()` before anything is written.
 * @param allowedRegistries registries the chart's kubeward workloads allow (merged per chart)
 */
export function validateOnSynth(chart: Chart, allowedRegistries: readonly string[] = DEFAULT_ALLOWED_REGISTRIES): void {
  let registries = REGISTERED.get(chart);
  if (!registries) {
    registries = new Set();
    REGISTERED.set(chart, registries);
    const allowed = registries;
    chart.node.addValidation({ validate: () => validationErrors(auditChart(chart, { allowedRegistries: [...allowed] })) });
  }
  for (const r of allowedRegistries) registries.add(r);
}

/**
 * Audits what a chart synthesises. Each object is one document of the file named by the
 * chart's construct path; `line` is the object's position in the chart (1-based).
 */
export function auditChart(chart: Chart, options: AuditOptions = {}): AuditReport {
  const auditor = new Auditor(options);
  auditor.addObjects(chart.node.path || chart.node.id, chartObjects(chart));
  return auditor.finish();
}

/**
 * The objects a chart synthesises, in construct-tree order. Not `chart.toJson()`: that runs the
 * app's validations first, this one included.
 */
function chartObjects(chart: Chart): unknown[] {
  return chart.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map((o) => o.toJson());
}

/** One error line per failing finding (the report's `failOn` threshold), for cdk8s validation. */
export function validationErrors(report: AuditReport): string[] {
  const rank = { error: 0, warning: 1, note: 2 } as const;
  const threshold = report.failOn === 'none' ? -1 : rank[report.failOn];
  return report.findings
    .filter((f) => !f.suppression && rank[f.severity] <= threshold)
    .map(describeFinding);
}

/** `[pss.privileged] Deployment shop/api at spec.template.spec.containers[0]...: message. Fix: ...` */
export function describeFinding(f: Finding): string {
  const object = `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`;
  return `[${f.ruleId}] ${object} at ${f.field || '(object)'}: ${f.message}. Fix: ${f.remediation}`;
}
