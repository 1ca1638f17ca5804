import { ApiObject, App, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { allowedRegistriesFor } from './policy';
import { Auditor, type AuditOptions } from '../audit/engine';
import type { AuditReport, Finding } from '../audit/report';

/**
 * Synth-time validation: every chart that holds a kubeward construct runs the whole catalogue
 * over everything it synthesises (other constructs included), and a failing control fails
 * `cdk8s synth` with the control id, the object, the field path and the remediation.
 */

/** What a chart's validation knows: the registries each SecureNamespace in it allows. */
interface ChartRegistration {
  readonly namespaceRegistries: Map<string, readonly string[]>;
}

const REGISTERED = new WeakMap<Chart, ChartRegistration>();

/**
 * Registers the audit of `chart` as a validation of the chart (once per chart), run by
 * `App.synth()` before anything is written.
 * @param namespace a namespace whose own allowed registries apply to workloads in it
 */
export function validateOnSynth(chart: Chart, namespace?: { name: string; allowedRegistries: readonly string[] }): void {
  let registration = REGISTERED.get(chart);
  if (!registration) {
    registration = { namespaceRegistries: new Map() };
    REGISTERED.set(chart, registration);
    const reg = registration;
    chart.node.addValidation({
      validate: () => validateChart(chart, {
        allowedRegistries: allowedRegistriesFor(chart),
        namespaceRegistries: Object.fromEntries(reg.namespaceRegistries),
      }),
    });
    instrumentSynthesis(chart);
  }
  if (namespace) registration.namespaceRegistries.set(namespace.name, namespace.allowedRegistries);
}

/**
 * Serialising once per synthesis.
 *
 * cdk8s validates the whole app once in `App.synth()` and again inside every `chart.toJson()`
 * it then calls, and serialises every object after validating. Auditing means serialising, so
 * a naive validation would serialise and audit each chart once per chart in the app, plus once
 * more for the output. Inside a synthesis (`App.synth()`, `App.synthYaml()`, `chart.toJson()`,
 * which kubeward wraps, as cdk8s has no synthesis hooks), the first validation of a chart
 * serialises its objects once, audits them, and hands each object's serialisation to its next
 * `toJson()` (the one the synthesis makes for the output); later validations in the same
 * synthesis return the same result. Nothing can change the tree during a synthesis, and
 * whatever was not used is dropped when the outermost synthesis returns. Outside a synthesis
 * (`node.validate()` called directly) the validation serialises afresh and keeps nothing.
 */
interface ChartAudit {
  readonly errors: string[];
  readonly restores: readonly (() => void)[];
}

let synthesisDepth = 0;
const CURRENT = new Map<Chart, ChartAudit>();
const INSTRUMENTED = new WeakSet<object>();

function inSynthesis<T>(run: () => T): T {
  synthesisDepth++;
  try {
    return run();
  } finally {
    if (--synthesisDepth === 0) {
      for (const audit of CURRENT.values()) for (const restore of audit.restores) restore();
      CURRENT.clear();
    }
  }
}

/** Wraps the synthesis entry points of the chart and its app (once each). */
function instrumentSynthesis(chart: Chart): void {
  const wrap = (target: object, method: 'synth' | 'synthYaml' | 'toJson'): void => {
    const own = target as Record<string, unknown>;
    const original = own[method];
    if (typeof original !== 'function') return;
    own[method] = function wrapped(this: unknown, ...args: unknown[]) {
      return inSynthesis(() => (original as (...a: unknown[]) => unknown).apply(this, args));
    };
  };
  if (!INSTRUMENTED.has(chart)) {
    INSTRUMENTED.add(chart);
    wrap(chart, 'toJson');
  }
  const root: IConstruct = chart.node.root;
  if (root instanceof App && !INSTRUMENTED.has(root)) {
    INSTRUMENTED.add(root);
    wrap(root, 'synth');
    wrap(root, 'synthYaml');
  }
}

function validateChart(chart: Chart, options: AuditOptions): string[] {
  const cached = CURRENT.get(chart);
  if (cached) return cached.errors;
  const objects = chartApiObjects(chart);
  const serialised = objects.map((o) => o.toJson());
  const errors = validationErrors(auditObjects(chart, serialised, options));
  if (synthesisDepth > 0 && errors.length === 0) {
    CURRENT.set(chart, { errors, restores: objects.map((o, i) => serveOnce(o, serialised[i])) });
  }
  return errors;
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
 * @param options audit options; allowed registries default to the chart's (its namespaces' lists and the app's)
 */
export function auditChart(chart: Chart, options: AuditOptions = {}): AuditReport {
  const registration = REGISTERED.get(chart);
  return auditObjects(chart, chartApiObjects(chart).map((o) => o.toJson()), {
    allowedRegistries: allowedRegistriesFor(chart),
    namespaceRegistries: registration ? Object.fromEntries(registration.namespaceRegistries) : undefined,
    ...options,
  });
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
