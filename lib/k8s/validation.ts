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
    chart.node.addValidation({ validate: () => validateChart(chart, [...allowed]) });
  }
  for (const r of allowedRegistries) registries.add(r);
}

/**
 * The audit of a chart in the current synthesis.
 *
 * cdk8s validates the whole app once in `App.synth()` and again inside every `chart.toJson()` it
 * then calls, and serialises every object after validating. Auditing means serialising, so a
 * naive validation would serialise and audit each chart once per chart in the app, plus once
 * more for the output. Instead, the first validation in a synthesis serialises the chart's
 * objects once, audits them, and hands each object's serialisation to its next `toJson()` call
 * (the one the synthesis makes for the output); later validations in the same synthesis return
 * the same result as long as the chart holds the same objects. A synthesis is synchronous, so
 * the result is dropped, and unused serialisations with it, at the next microtask.
 */
interface ChartAudit {
  readonly objects: readonly ApiObject[];
  readonly errors: string[];
}

const CURRENT = new WeakMap<Chart, ChartAudit>();

function validateChart(chart: Chart, allowedRegistries: readonly string[]): string[] {
  const objects = chartApiObjects(chart);
  const current = CURRENT.get(chart);
  if (current && sameObjects(current.objects, objects)) return current.errors;
  const serialised = objects.map((o) => o.toJson());
  const errors = validationErrors(auditObjects(chart, serialised, { allowedRegistries }));
  if (errors.length > 0) return errors; // synthesis stops here: nothing to hand on
  const restores = objects.map((o, i) => serveOnce(o, serialised[i]));
  const audit: ChartAudit = { objects, errors };
  CURRENT.set(chart, audit);
  queueMicrotask(() => {
    if (CURRENT.get(chart) === audit) CURRENT.delete(chart);
    for (const restore of restores) restore();
  });
  return errors;
}

function sameObjects(a: readonly ApiObject[], b: readonly ApiObject[]): boolean {
  return a.length === b.length && a.every((o, i) => o === b[i]);
}

/**
 * Makes the next `toJson()` of `apiObject` return `json` (serialised by the validation of the
 * same synthesis) and then restores the object's own `toJson`. Returns a function that restores
 * it if the serialisation was not used.
 */
function serveOnce(apiObject: ApiObject, json: unknown): () => void {
  const own = Object.prototype.hasOwnProperty.call(apiObject, 'toJson') ? apiObject.toJson : undefined;
  const serve = (): any => {
    restore();
    return json;
  };
  const restore = (): void => {
    if (apiObject.toJson !== serve) return;
    if (own) apiObject.toJson = own;
    else delete (apiObject as { toJson?: unknown }).toJson;
  };
  apiObject.toJson = serve;
  return restore;
}

/**
 * Audits what a chart synthesises. Each object is one document of the file named by the
 * chart's construct path; `line` is the object's position in the chart (1-based).
 */
export function auditChart(chart: Chart, options: AuditOptions = {}): AuditReport {
  return auditObjects(chart, chartApiObjects(chart).map((o) => o.toJson()), options);
}

function auditObjects(chart: Chart, objects: readonly unknown[], options: AuditOptions): AuditReport {
  const auditor = new Auditor(options);
  auditor.addObjects(chart.node.path || chart.node.id, objects);
  return auditor.finish();
}

/**
 * The API objects a chart synthesises, in construct-tree order. Not `chart.toJson()`: that runs
 * the app's validations first, this one included.
 */
function chartApiObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
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
