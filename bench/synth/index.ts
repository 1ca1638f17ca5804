/**
 * The synth benchmark: how much longer `cdk8s synth` takes with 1,000 HardenedDeployments
 * (synth-time validation included) than with 1,000 plain cdk8s-plus-28 Deployments of the same
 * image and port, in the same process, and where the hardened time goes.
 *
 * Run from the repository root:
 *
 *     npx ts-node --transpile-only bench/synth/index.ts
 *
 * It prints a short table and, last, one JSON line with every figure. See bench/README.md for
 * the method. Nothing here is a test: timings are printed, never asserted.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Node, type IValidation } from 'constructs';
import { Auditor, DEFAULT_ALLOWED_REGISTRIES } from '../../lib/audit/engine';
import { HardenedDeployment } from '../../lib/k8s/hardened-workloads';
import { auditChart, validationErrors } from '../../lib/k8s/validation';
import { garbageCollector, median } from '../common';

/** The image of every Deployment: pinned by digest, from an allowed registry. */
const IMAGE = `contoso.azurecr.io/shop/api@sha256:${'0123456789abcdef'.repeat(4)}`;
/** The container port of every Deployment. */
const PORT = 8080;
/** Timed repetitions of each measurement (the median is reported). */
const REPETITIONS = 5;
/** Instrumented repetitions for the breakdown (the median of each part is reported). */
const BREAKDOWN_REPETITIONS = 3;
/** The aim: hardened synth time at most this multiple of the plain one. */
const AIM = 1.5;

/** How an app is divided: `charts` charts (one namespace each) of `perChart` Deployments. */
interface Shape {
  readonly name: string;
  readonly charts: number;
  readonly perChart: number;
}

/** The main shape: ten teams' charts of 100 services. */
const MAIN: Shape = { name: '10x100', charts: 10, perChart: 100 };
/** For context: the same 1,000 Deployments in one chart. */
const ONE_CHART: Shape = { name: '1x1000', charts: 1, perChart: 1000 };

/**
 * What is synthesised: plain cdk8s-plus Deployments; HardenedDeployments; and, for context,
 * HardenedDeployments without the synth-time validation (what hardening costs without the audit)
 * and with an uncached validation (`auditChart` on every call, as the validation was before it
 * kept its result for the synthesis: what the cache saves).
 */
type Variant = 'plain' | 'hardened' | 'hardenedNoValidation' | 'uncachedValidation';

const gc = garbageCollector();


const now = (): bigint => process.hrtime.bigint();
const seconds = (from: bigint, to: bigint = now()): number => Number(to - from) / 1e9;
const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

// Validations are registered at construction (`chart.node.addValidation`). One wrapper, installed
// once, lets a run drop them (`hardenedNoValidation`, `uncachedValidation`) or time them (the
// breakdown).
let validationMode: 'keep' | 'drop' | 'time' = 'keep';
const timers = { validation: 0, validationCalls: 0, inValidation: false };
// eslint-disable-next-line @typescript-eslint/unbound-method
const originalAddValidation = Node.prototype.addValidation;
Node.prototype.addValidation = function addValidation(this: Node, validation: IValidation): void {
  if (validationMode === 'drop') return;
  if (validationMode === 'keep') return originalAddValidation.call(this, validation);
  originalAddValidation.call(this, {
    validate: () => {
      const start = now();
      timers.inValidation = true;
      try {
        return validation.validate();
      } finally {
        timers.inValidation = false;
        timers.validation += seconds(start);
        timers.validationCalls++;
      }
    },
  });
};

/** Builds the app of one run: the charts and their Deployments (with `timed`, validations timed). */
function build(variant: Variant, shape: Shape, outdir: string, timed = false): App {
  const register = timed ? 'time' : 'keep';
  validationMode = variant === 'hardened' ? register : variant === 'plain' ? 'keep' : 'drop';
  const app = new App({ outdir });
  for (let c = 0; c < shape.charts; c++) {
    const chart = new Chart(app, `team-${c}`, { namespace: `team-${c}` });
    for (let i = 0; i < shape.perChart; i++) {
      if (variant === 'plain') new kplus.Deployment(chart, `svc-${i}`, { containers: [{ image: IMAGE, portNumber: PORT }] });
      else new HardenedDeployment(chart, `svc-${i}`, { image: IMAGE, port: PORT });
    }
    if (variant === 'uncachedValidation') {
      // The validation as it was first written: audit the chart (serialising every object) on every call.
      validationMode = register;
      chart.node.addValidation({ validate: () => validationErrors(auditChart(chart, { allowedRegistries: DEFAULT_ALLOWED_REGISTRIES })) });
      validationMode = 'drop';
    }
  }
  validationMode = 'keep';
  return app;
}

/**
 * Everything that defines the `toJson` of an app's objects: the classes in their prototype chains
 * (the generated L1 classes override ApiObject's and call it) and the objects that carry their own
 * (HardenedDeployment's ApiObject does: it binds the class's `toJson` at construction, so wrapping
 * the class alone would miss the outermost call).
 */
function toJsonOwners(app: App): Set<object> {
  const owners = new Set<object>();
  for (const c of app.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    for (let p: object | null = c; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      if (Object.prototype.hasOwnProperty.call(p, 'toJson')) owners.add(p);
    }
  }
  return owners;
}

/**
 * Replaces `key` of `owner` with `wrapper(original)`; returns the function that restores it.
 */
function patch(owner: object, key: string, wrapper: (original: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown): () => void {
  const record = owner as Record<string, unknown>;
  const original = record[key] as (...a: unknown[]) => unknown;
  record[key] = wrapper(original);
  return () => { record[key] = original; };
}

/** The figures of one run. */
interface Run {
  readonly construct: number;
  readonly synth: number;
  readonly total: number;
  readonly objects: number;
}

let runIndex = 0;

/** One run: build, then `app.synth()` into a fresh directory under `root`; a forced GC first. */
function run(root: string, variant: Variant, shape: Shape): Run {
  const outdir = path.join(root, `run-${runIndex++}`);
  gc();
  const start = now();
  const app = build(variant, shape, outdir);
  const built = now();
  app.synth();
  const done = now();
  const objects = app.node.findAll().filter((c) => ApiObject.isApiObject(c)).length;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { construct: seconds(start, built), synth: seconds(built, done), total: seconds(start, done), objects };
}

/** Where the time of an instrumented run goes, in seconds. */
interface Breakdown {
  readonly construct: number;
  readonly synth: number;
  /** Inside the registered validations (all passes). */
  readonly validation: number;
  /** ApiObject.toJson inside the validations. */
  readonly validationToJson: number;
  /** Auditor.addObjects + Auditor.finish inside the validations. */
  readonly validationAudit: number;
  /** The rest of the validations: findAll, Auditor setup, error lines. */
  readonly validationOther: number;
  /** ApiObject.toJson outside the validations: the serialisation of the output (what the validation did not hand on). */
  readonly outputToJson: number;
  /** The rest of synth: dependency resolution, topology, YAML dump, file writes. */
  readonly synthOther: number;
  /** Times cdk8s called each chart's validation during one `app.synth()`. */
  readonly validationCallsPerChart: number;
  /** Times each chart was audited (Auditor.finish calls per chart). */
  readonly auditsPerChart: number;
  /** ApiObject.toJson calls (outermost) inside and outside the validations. */
  readonly toJsonCallsInValidation: number;
  readonly toJsonCallsOutput: number;
}

/**
 * An instrumented run: validations timed, every `toJson` of the app's object classes timed
 * (the outermost call only), and the audit engine's `addObjects` and `finish` timed.
 */
function instrumentedRun(root: string, variant: Variant, shape: Shape): Breakdown {
  const outdir = path.join(root, `run-${runIndex++}`);
  timers.validation = 0;
  timers.validationCalls = 0;
  const t = { toJsonIn: 0, toJsonOut: 0, callsIn: 0, callsOut: 0, audit: 0, audits: 0, depth: 0 };
  /** Times the calls of `original` (with `outermost`, only calls not nested in another timed one). */
  const timed = (onDone: (s: number) => void, outermost: boolean) => (original: (...a: unknown[]) => unknown) =>
    function timedCall(this: unknown, ...args: unknown[]): unknown {
      if (outermost && t.depth > 0) return original.apply(this, args);
      if (outermost) t.depth++;
      const start = now();
      try {
        return original.apply(this, args);
      } finally {
        if (outermost) t.depth--;
        onDone(seconds(start));
      }
    };

  gc();
  const start = now();
  const app = build(variant, shape, outdir, true);
  const built = now();

  // One shared depth counter for every toJson: only the outermost call is timed.
  const onToJson = (s: number): void => {
    if (timers.inValidation) { t.toJsonIn += s; t.callsIn++; } else { t.toJsonOut += s; t.callsOut++; }
  };
  const restore = [...toJsonOwners(app)].map((p) => patch(p, 'toJson', timed(onToJson, true)));
  restore.push(patch(Auditor.prototype, 'addObjects', timed((s) => { t.audit += s; }, false)));
  restore.push(patch(Auditor.prototype, 'finish', timed((s) => { t.audit += s; t.audits++; }, false)));

  const synthStart = now();
  try {
    app.synth();
  } finally {
    for (const r of restore.reverse()) r();
  }
  const done = now();
  fs.rmSync(outdir, { recursive: true, force: true });
  const synth = seconds(synthStart, done);
  const validation = timers.validation;
  return {
    construct: seconds(start, built),
    synth,
    validation,
    validationToJson: t.toJsonIn,
    validationAudit: t.audit,
    validationOther: Math.max(0, validation - t.toJsonIn - t.audit),
    outputToJson: t.toJsonOut,
    synthOther: Math.max(0, synth - validation - t.toJsonOut),
    validationCallsPerChart: timers.validationCalls / shape.charts,
    auditsPerChart: t.audits / shape.charts,
    toJsonCallsInValidation: t.callsIn,
    toJsonCallsOutput: t.callsOut,
  };
}

/** The median of each field of the runs. */
function medianOf<T extends object>(runs: readonly T[]): T {
  const out: Record<string, number> = {};
  for (const key of Object.keys(runs[0])) out[key] = median(runs.map((r) => (r as Record<string, number>)[key]));
  return out as T;
}

function main(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-synth-'));
  try {
    const started = Date.now();
    const variants: readonly Variant[] = ['plain', 'hardened', 'hardenedNoValidation', 'uncachedValidation'];
    const shapes: readonly Shape[] = [MAIN, ONE_CHART];

    // Warm up every code path once.
    for (const shape of shapes) for (const v of variants) run(root, v, shape);
    for (const v of variants) instrumentedRun(root, v, MAIN);

    // Interleaved repetitions, so a slow phase of the machine hits every measurement alike.
    const runs = new Map<string, Run[]>();
    const key = (shape: Shape, v: Variant): string => `${shape.name}/${v}`;
    for (let r = 0; r < REPETITIONS; r++) {
      for (const shape of shapes) {
        for (const v of variants) {
          const k = key(shape, v);
          runs.set(k, [...(runs.get(k) ?? []), run(root, v, shape)]);
        }
      }
    }
    const med = (shape: Shape, v: Variant): Run => medianOf(runs.get(key(shape, v))!);
    const ratio = (shape: Shape, v: Variant): number => med(shape, v).total / med(shape, 'plain').total;

    // The breakdown: separate, instrumented runs (the wrappers cost a little).
    const hardenedParts: Breakdown[] = [];
    const uncachedParts: Breakdown[] = [];
    const plainParts: Breakdown[] = [];
    const oneChartParts: Breakdown[] = [];
    for (let r = 0; r < BREAKDOWN_REPETITIONS; r++) {
      hardenedParts.push(instrumentedRun(root, 'hardened', MAIN));
      uncachedParts.push(instrumentedRun(root, 'uncachedValidation', MAIN));
      plainParts.push(instrumentedRun(root, 'plain', MAIN));
      oneChartParts.push(instrumentedRun(root, 'hardened', ONE_CHART));
    }
    const hb = medianOf(hardenedParts);
    const ub = medianOf(uncachedParts);
    const pb = medianOf(plainParts);
    const ob = medianOf(oneChartParts);
    const perAudit = (b: Breakdown, pick: (x: Breakdown) => number): number => pick(b) / Math.max(1, b.auditsPerChart);
    const mainRatio = ratio(MAIN, 'hardened');

    const row = (cells: readonly string[]): string => `${cells[0].padEnd(48)}${cells.slice(1).map((c) => c.padStart(11)).join('')}`;
    const label: Record<Variant, string> = {
      plain: 'cdk8s-plus-28 Deployment (plain)',
      hardened: 'HardenedDeployment',
      hardenedNoValidation: '  without the validation',
      uncachedValidation: '  with the uncached validation',
    };
    const out: string[] = [];
    out.push(`kubeward synth benchmark: 1000 Deployments (image pinned by digest, port ${PORT}), new App({ outdir }).synth()`);
    out.push(`Node.js ${process.version}, ${os.cpus().length} CPUs; median of ${REPETITIONS} interleaved runs after a warm-up`);
    for (const shape of shapes) {
      out.push('');
      out.push(row([`${shape.charts} chart(s) x ${shape.perChart} (seconds)`, 'construct', 'synth', 'total', 'objects', 'vs plain']));
      for (const v of variants) {
        const m = med(shape, v);
        out.push(row([label[v], m.construct.toFixed(3), m.synth.toFixed(3), m.total.toFixed(3), String(m.objects), ratio(shape, v).toFixed(2)]));
      }
    }
    out.push('');
    out.push(`hardened/plain, ${MAIN.charts} charts x ${MAIN.perChart}: ${mainRatio.toFixed(2)} (1 chart x ${ONE_CHART.perChart}: ${ratio(ONE_CHART, 'hardened').toFixed(2)}); `
      + `aim <= ${AIM}: ${mainRatio <= AIM ? 'met' : 'NOT met'}`);
    out.push('');
    const wide = (cells: readonly string[]): string => `${cells[0].padEnd(48)}${cells.slice(1).map((c) => c.padStart(16)).join('')}`;
    const part = (name: string, pick: (b: Breakdown) => number, digits = 3): string =>
      wide([name, pick(hb).toFixed(digits), pick(ub).toFixed(digits), pick(pb).toFixed(digits), pick(ob).toFixed(digits)]);
    out.push(wide([`where the time goes (seconds, median of ${BREAKDOWN_REPETITIONS})`, '10x100 hard', '10x100 uncached', '10x100 plain', '1x1000 hard']));
    out.push(part('construction', (b) => b.construct));
    out.push(part('app.synth()', (b) => b.synth));
    out.push(part('  synth-time validation, all passes', (b) => b.validation));
    out.push(part('    toJson of the objects, for the audit', (b) => b.validationToJson));
    out.push(part('    audit engine (addObjects + finish)', (b) => b.validationAudit));
    out.push(part('    other (findAll, Auditor setup, errors)', (b) => b.validationOther));
    out.push(part('  toJson of the objects, for the output', (b) => b.outputToJson));
    out.push(part('  rest (dependencies, YAML dump, writes)', (b) => b.synthOther));
    out.push(part('validation calls per chart', (b) => b.validationCallsPerChart, 0));
    out.push(part('audits per chart', (b) => b.auditsPerChart, 0));
    out.push(part('toJson calls in the validation', (b) => b.toJsonCallsInValidation, 0));
    out.push(part('toJson calls for the output', (b) => b.toJsonCallsOutput, 0));
    out.push(part('one audit of each chart', (b) => perAudit(b, (x) => x.validation)));
    out.push(part('  of which toJson', (b) => perAudit(b, (x) => x.validationToJson)));
    out.push('');
    out.push(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(out.join('\n'));

    const figures = (shape: Shape): Record<string, unknown> => Object.fromEntries(variants.map((v) => {
      const m = med(shape, v);
      return [v, {
        construct: round(m.construct),
        synth: round(m.synth),
        total: round(m.total),
        objects: m.objects,
        ratioToPlain: round(ratio(shape, v)),
        runs: runs.get(key(shape, v))!.map((x) => round(x.total)),
      }];
    }));
    const rounded = (b: Breakdown): Record<string, number> => ({
      ...Object.fromEntries(Object.entries(b).map(([k, v]) => [k, round(v as number)])),
      validationPerAudit: round(perAudit(b, (x) => x.validation)),
      validationToJsonPerAudit: round(perAudit(b, (x) => x.validationToJson)),
    });
    console.log(JSON.stringify({
      bench: 'synth',
      node: process.version,
      cpus: os.cpus().length,
      deployments: MAIN.charts * MAIN.perChart,
      image: IMAGE,
      port: PORT,
      repetitions: REPETITIONS,
      breakdownRepetitions: BREAKDOWN_REPETITIONS,
      seconds: { [MAIN.name]: figures(MAIN), [ONE_CHART.name]: figures(ONE_CHART) },
      ratioHardenedToPlain: { [MAIN.name]: round(mainRatio), [ONE_CHART.name]: round(ratio(ONE_CHART, 'hardened')) },
      aim: AIM,
      aimMet: mainRatio <= AIM,
      breakdown: {
        [`${MAIN.name}/hardened`]: rounded(hb),
        [`${MAIN.name}/uncachedValidation`]: rounded(ub),
        [`${MAIN.name}/plain`]: rounded(pb),
        [`${ONE_CHART.name}/hardened`]: rounded(ob),
      },
      totalSeconds: round((Date.now() - started) / 1000, 1),
    }));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main();
