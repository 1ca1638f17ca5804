import { loadManifests, ManifestSyntaxError, type LoadedDocument } from './loader';
import type { AppliedSuppression, AuditReport, FailOn, Finding, InputError } from './report';
import { SetFactsCollector } from './set-facts';
import { NO_SUPPRESSIONS, readSuppressions, type ObjectSuppressions, type SuppressionAnnotation } from './suppressions';
import { formatPath, isRecord, toWorkload } from './workload';
import { controlsFor, findControl } from '../controls/catalogue';
import { SEVERITIES } from '../controls/types';
import type {
  CheckContext, Control, FieldPath, KubeObject, ObjectControl, ObjectRef, SetControl, Severity, Standard, WorkloadControl,
} from '../controls/types';

/** Registries allowed when the caller names none: Microsoft's and Azure Container Registry. */
export const DEFAULT_ALLOWED_REGISTRIES: readonly string[] = ['mcr.microsoft.com', '*.azurecr.io'];

/** Options of an audit. */
export interface AuditOptions {
  /**
   * Which controls to evaluate.
   * @default 'kubeward'
   */
  readonly standard?: Standard;
  /**
   * Severity at or above which unsuppressed findings count as failing (`summary.failing`).
   * @default 'error'
   */
  readonly failOn?: FailOn;
  /**
   * The date of the audit, `YYYY-MM-DD`, against which suppression end dates are compared.
   * Pass it for reproducible results.
   * @default - today's date (UTC)
   */
  readonly now?: string;
  /**
   * Registries images may come from (`mcr.microsoft.com`, `*.azurecr.io`, `myacr.azurecr.io/team`).
   * @default DEFAULT_ALLOWED_REGISTRIES
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Registries allowed in particular namespaces (namespace name → list), overriding
   * `allowedRegistries` for workloads there.
   * @default - the same list everywhere
   */
  readonly namespaceRegistries?: Readonly<Record<string, readonly string[]>>;
}

/** Everything the engine keeps about an object that a set-level finding may be placed on. */
interface ObjectRecord {
  readonly file: string;
  readonly documentIndex: number;
  readonly object: KubeObject;
  readonly suppressions: ObjectSuppressions;
  /** Lines of the few fields set-level findings point at, by formatted path. */
  readonly lines: ReadonlyMap<string, number>;
  readonly line: number;
  /** Path of the object inside its document (`['items', 3]` for a List item). */
  readonly prefix: FieldPath;
}

/** An object found in a document, with where it sits. */
interface DocumentObject {
  readonly object: KubeObject;
  readonly prefix: FieldPath;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, note: 2 };

/**
 * The audit engine. Feed it files (or already parsed objects) one at a time, then call
 * {@link Auditor.finish} for the report. It keeps findings and a few facts per object, never
 * the objects themselves, so memory stays bounded however many files it reads.
 */
export class Auditor {
  /** The standard evaluated. */
  public readonly standard: Standard;
  /** The failing threshold. */
  public readonly failOn: FailOn;
  /** The audit date, YYYY-MM-DD. */
  public readonly now: string;

  private readonly context: CheckContext;
  private readonly workloadControls: readonly WorkloadControl[];
  private readonly objectControls: ReadonlyMap<string, readonly ObjectControl[]>;
  private readonly setControls: readonly SetControl[];
  private readonly enabled: ReadonlySet<string>;
  private readonly findings: Finding[] = [];
  private readonly errors: InputError[] = [];
  private readonly facts = new SetFactsCollector();
  private readonly records = new Map<number, ObjectRecord>();
  private readonly fileOrder = new Map<string, number>();
  private resources = 0;
  private finished = false;

  constructor(options: AuditOptions = {}) {
    this.standard = options.standard ?? 'kubeward';
    this.failOn = options.failOn ?? 'error';
    this.now = options.now ?? new Date().toISOString().slice(0, 10);
    this.context = {
      allowedRegistries: options.allowedRegistries ?? DEFAULT_ALLOWED_REGISTRIES,
      namespaceRegistries: options.namespaceRegistries ? new Map(Object.entries(options.namespaceRegistries)) : undefined,
    };
    const controls = controlsFor(this.standard);
    this.enabled = new Set(controls.map((c) => c.id));
    this.workloadControls = controls.filter((c): c is WorkloadControl => c.scope === 'workload');
    this.setControls = controls.filter((c): c is SetControl => c.scope === 'set');
    const byKind = new Map<string, ObjectControl[]>();
    for (const c of controls) {
      if (c.scope !== 'object') continue;
      for (const kind of c.kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), c]);
    }
    this.objectControls = byKind;
  }

  /**
   * Audits the text of one file.
   * @param file the name findings report (the path as given joined with the relative path)
   * @param text the file's content
   * @param json parse as JSON
   * @default json - true when `file` ends in `.json`
   */
  public addText(file: string, text: string, json = /\.json$/i.test(file)): void {
    this.assertOpen();
    this.orderOf(file);
    if (text.includes('\u0000')) {
      this.addError({ file, message: 'binary content (NUL bytes): not a YAML or JSON manifest' });
      return;
    }
    let documents: LoadedDocument[];
    try {
      documents = loadManifests(text, json);
    } catch (e) {
      const err = e instanceof ManifestSyntaxError ? e : new ManifestSyntaxError(String((e as Error)?.message ?? e));
      this.addError({ file, line: err.line, message: `${json ? 'JSON' : 'YAML'} syntax error: ${err.message}` });
      return;
    }
    const problems: InputError[] = [];
    for (const doc of documents) {
      if (doc.value === null || doc.value === undefined) continue;
      for (const found of this.objectsOf(file, doc, problems)) this.auditObject(file, doc, found);
    }
    if (problems.length > 0) {
      const first = problems[0];
      this.addError({ ...first, message: problems.length > 1 ? `${first.message} (and ${problems.length - 1} more in this file)` : first.message });
    }
  }

  /**
   * Audits objects that are already parsed (for example a cdk8s chart's `toJson()`): each
   * counts as one document of `file`, and lines are document indexes + 1.
   */
  public addObjects(file: string, objects: readonly unknown[]): void {
    this.assertOpen();
    this.orderOf(file);
    const problems: InputError[] = [];
    objects.forEach((value, index) => {
      const doc: LoadedDocument = { index, line: index + 1, value, lineOf: () => index + 1 };
      for (const found of this.objectsOf(file, doc, problems)) this.auditObject(file, doc, found);
    });
    for (const p of problems) this.addError(p);
  }

  /** Records an input that could not be audited (an unreadable file, say). */
  public addError(error: InputError): void {
    this.assertOpen();
    this.orderOf(error.file);
    this.errors.push(error);
  }

  /** Evaluates the set-level controls and returns the report. The auditor is spent after. */
  public finish(): AuditReport {
    this.assertOpen();
    this.finished = true;
    const facts = this.facts.facts();
    for (const control of this.setControls) {
      for (const v of control.check(facts, this.context)) {
        const record = this.records.get(v.object.handle);
        if (!record) continue;
        const line = record.lines.get(formatPath(v.path)) ?? nearestLine(record, v.path);
        this.addFinding(record.file, record.documentIndex, record.object, record.prefix, control, v.path, v.message, line, record.suppressions);
      }
    }
    const order = (f: string): number => this.fileOrder.get(f) ?? 0;
    const findings = [...this.findings].sort((a, b) =>
      order(a.file) - order(b.file) || a.documentIndex - b.documentIndex || a.line - b.line
      || compare(a.ruleId, b.ruleId) || compare(a.field, b.field));
    const errors = [...this.errors].sort((a, b) => order(a.file) - order(b.file) || (a.line ?? 0) - (b.line ?? 0));
    const threshold = this.failOn === 'none' ? -1 : SEVERITY_RANK[this.failOn];
    return {
      version: 1,
      standard: this.standard,
      failOn: this.failOn,
      summary: {
        resources: this.resources,
        findings: findings.length,
        failing: findings.filter((f) => !f.suppression && SEVERITY_RANK[f.severity] <= threshold).length,
        suppressed: findings.filter((f) => f.suppression).length,
      },
      findings,
      errors,
    };
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('this Auditor has finished; create a new one for another audit');
  }

  private orderOf(file: string): void {
    if (!this.fileOrder.has(file)) this.fileOrder.set(file, this.fileOrder.size);
  }

  /** The Kubernetes objects of a document (one, or the items of a List). */
  private objectsOf(file: string, doc: LoadedDocument, problems: InputError[]): DocumentObject[] {
    const where = `document ${doc.index + 1}`;
    const object = toKubeObject(doc.value);
    if (typeof object === 'string') {
      problems.push({ file, line: doc.line, message: `${where} ${object}` });
      return [];
    }
    const items = (object.raw as Record<string, unknown>).items;
    if (object.kind.endsWith('List') && Array.isArray(items)) {
      const out: DocumentObject[] = [];
      items.forEach((item, i) => {
        const o = toKubeObject(item);
        if (typeof o === 'string') problems.push({ file, line: doc.lineOf(['items', i]), message: `${where}, items[${i}] ${o}` });
        else out.push({ object: o, prefix: ['items', i] });
      });
      return out;
    }
    return [{ object, prefix: [] }];
  }

  private auditObject(file: string, doc: LoadedDocument, { object, prefix }: DocumentObject): void {
    const handle = this.resources++;
    const workload = toWorkload(object);
    const suppressions = this.suppressionsOf(object, workload?.podMeta.annotations, workload?.podMetaPath);
    const lineOf = (path: FieldPath): number => doc.lineOf(prefix.length ? [...prefix, ...path] : path);
    const report = (control: Control, path: FieldPath, message: string): void =>
      this.addFinding(file, doc.index, object, prefix, control, path, message, lineOf(path), suppressions);

    if (workload) {
      for (const control of this.workloadControls) {
        for (const v of control.check(workload, this.context)) report(control, v.path, v.message);
      }
    }
    for (const control of this.objectControls.get(object.kind) ?? []) {
      for (const v of control.check(object, this.context)) report(control, v.path, v.message);
    }
    for (const p of suppressions.problems) {
      const control = findControl(p.ruleId);
      if (control && this.enabled.has(control.id)) report(control, p.path, p.message);
    }

    const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, name: object.name, namespace: object.namespace, handle };
    // Remember where the object is only when set-level findings may be placed on it.
    if (this.facts.add(object, ref) && this.setControls.length > 0) {
      this.records.set(handle, {
        file,
        documentIndex: doc.index,
        object: slim(object),
        suppressions,
        prefix,
        line: lineOf([]),
        lines: setFindingLines(object, lineOf),
      });
    }
  }

  private suppressionsOf(object: KubeObject, podAnnotations: unknown, podMetaPath: FieldPath | undefined): ObjectSuppressions {
    const meta = object.raw.metadata;
    const own = isRecord(meta) ? meta.annotations : undefined;
    if (!isRecord(own) && !isRecord(podAnnotations)) return NO_SUPPRESSIONS;
    const sources = [{ annotations: own, path: ['metadata', 'annotations'] as FieldPath }];
    if (podMetaPath && podMetaPath.length > 1) sources.push({ annotations: podAnnotations, path: [...podMetaPath, 'annotations'] });
    return readSuppressions(sources, this.now, (id) => findControl(id) !== undefined);
  }

  private addFinding(
    file: string, documentIndex: number, object: KubeObject, prefix: FieldPath, control: Control,
    path: FieldPath, message: string, line: number, suppressions: ObjectSuppressions,
  ): void {
    const canSuppress = control.scope !== 'meta';
    const active: SuppressionAnnotation | undefined = canSuppress ? suppressions.active.get(control.id) : undefined;
    const expired = canSuppress ? suppressions.expired.get(control.id) : undefined;
    this.findings.push({
      ruleId: control.id,
      severity: control.severity,
      message: expired ? `${message} (suppression expired on ${expired.until})` : message,
      file,
      line,
      documentIndex,
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.namespace ?? null,
      name: object.name,
      field: formatPath(prefix.length ? [...prefix, ...path] : path),
      remediation: control.remediation,
      references: referencesOf(control),
      suppression: active ? appliedSuppression(active) : null,
    });
  }
}

const REFERENCES = new WeakMap<Control, readonly string[]>();

/** A control's references as findings list them (`PSS: Privileged Containers`), built once per control. */
function referencesOf(control: Control): readonly string[] {
  let refs = REFERENCES.get(control);
  if (!refs) {
    refs = control.references.map((r) => `${r.source}: ${r.id}`);
    REFERENCES.set(control, refs);
  }
  return refs;
}

function appliedSuppression(s: SuppressionAnnotation): AppliedSuppression {
  return s.until ? { justification: s.justification, until: s.until } : { justification: s.justification };
}

/** Audits the given texts (file name → content) and returns the report. */
export function auditTexts(files: Readonly<Record<string, string>>, options: AuditOptions = {}): AuditReport {
  const auditor = new Auditor(options);
  for (const file of Object.keys(files)) auditor.addText(file, files[file]);
  return auditor.finish();
}

/** True when the report has unsuppressed findings at or above its failing threshold. */
export function hasFailures(report: AuditReport): boolean {
  return report.summary.failing > 0;
}

/** The severities at or above a threshold. */
export function severitiesAtOrAbove(failOn: FailOn): readonly Severity[] {
  return failOn === 'none' ? [] : SEVERITIES.filter((s) => SEVERITY_RANK[s] <= SEVERITY_RANK[failOn]);
}

/** A KubeObject, or a sentence saying why the value is not one. */
function toKubeObject(value: unknown): KubeObject | string {
  if (!isRecord(value)) return `is not a Kubernetes object (a mapping with apiVersion and kind): found ${Array.isArray(value) ? 'a list' : typeof value}`;
  const { apiVersion, kind } = value;
  const missing = [typeof apiVersion === 'string' && apiVersion ? '' : 'apiVersion', typeof kind === 'string' && kind ? '' : 'kind'].filter(Boolean);
  if (missing.length > 0) return `has no ${missing.join(' or ')}: not a Kubernetes object`;
  const meta = isRecord(value.metadata) ? value.metadata : {};
  return {
    apiVersion: apiVersion as string,
    kind: kind as string,
    name: typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '',
    namespace: typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : undefined,
    raw: value,
  };
}

/** The object without its body: set findings need only its identity. */
function slim(object: KubeObject): KubeObject {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.name, namespace: object.namespace, raw: {} };
}

/** Lines of the metadata fields set-level controls point at (labels, namespace). */
function setFindingLines(object: KubeObject, lineOf: (path: FieldPath) => number): Map<string, number> {
  const lines = new Map<string, number>();
  const meta = object.raw.metadata;
  if (!isRecord(meta)) return lines;
  lines.set('metadata', lineOf(['metadata']));
  if ('namespace' in meta) lines.set('metadata.namespace', lineOf(['metadata', 'namespace']));
  if (isRecord(meta.labels)) {
    lines.set('metadata.labels', lineOf(['metadata', 'labels']));
    for (const key of Object.keys(meta.labels)) lines.set(formatPath(['metadata', 'labels', key]), lineOf(['metadata', 'labels', key]));
  }
  return lines;
}

/** The line of the nearest recorded ancestor of `path`. */
function nearestLine(record: ObjectRecord, path: FieldPath): number {
  for (let n = path.length - 1; n > 0; n--) {
    const line = record.lines.get(formatPath(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return record.line;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
