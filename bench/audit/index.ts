/**
 * The audit benchmark: how fast the audit engine reads 10,000 workload documents compared with
 * the fastest plain YAML parse in JavaScript (`js-yaml`'s `loadAll` of the same text, in the
 * same process), and how its memory grows when it reads ten times more.
 *
 * Run from the repository root (the `bench` task):
 *
 *     npx ts-node --transpile-only bench/audit/index.ts
 *
 * It prints a short table and, last, one JSON line with every figure. See bench/README.md for
 * the method. Nothing here is a test: timings are printed, never asserted.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { corpusFile, corpusFileName, DEFAULT_SEED } from './corpus';
import { Auditor } from '../../lib/audit/engine';
import { auditPaths } from '../../lib/audit/files';
import { garbageCollector, median } from '../common';

/** Files of the timed corpus. */
const FILES = 100;
/** Documents per file. */
const DOCUMENTS_PER_FILE = 100;
/** Files of the memory corpus (ten times the timed one). */
const MEMORY_FILES = 1000;
/** Timed repetitions of each measurement (the median is reported). */
const REPETITIONS = 5;
/** Repetitions of the `yaml` library's parse, which is shown for context only and is slow. */
const YAML_REPETITIONS = 3;
/** The audit date: fixed, so suppression end dates give the same findings every run. */
const NOW = '2026-01-01';
/** The aim: audit throughput at least this fraction of js-yaml's. */
const AIM = 0.5;

/** The flag that makes this file the memory probe, run in a child process. */
const MEMORY_CHILD_FLAG = '--memory-child';

/** What the memory probe reports for one directory. */
interface MemoryFigures {
  readonly files: number;
  readonly documents: number;
  readonly findings: number;
  readonly seconds: number;
  /** heapUsed after a forced GC before the audit, in bytes. */
  readonly baselineHeap: number;
  /** Highest heapUsed sampled after each file was read (garbage included), in bytes. */
  readonly peakHeapUsed: number;
  /** Highest heapUsed after a forced GC, sampled four times during the walk (the last before the last file): what the auditor retains. */
  readonly peakRetainedHeap: number;
  /** heapUsed after a forced GC once the report is returned (the report still referenced). */
  readonly reportHeap: number;
  /** Highest RSS sampled after each file was read, in bytes. */
  readonly peakRss: number;
  /** The process's maximum resident set size (getrusage), in bytes. */
  readonly maxRss: number;
}

const gc = garbageCollector();


/** Runs `fn` after a forced GC and returns its duration in seconds. */
function time(fn: () => void): number {
  gc();
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Keeps results alive so the optimiser cannot drop the work. */
let sink = 0;

/** Writes the corpus file by file (never holding more than one file) and returns its totals. */
function writeCorpus(dir: string, files: number, keep?: string[]): { bytes: number; lines: number } {
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  let lines = 0;
  for (let i = 0; i < files; i++) {
    const text = corpusFile(i, { seed: DEFAULT_SEED, documents: DOCUMENTS_PER_FILE });
    fs.writeFileSync(path.join(dir, corpusFileName(i)), text);
    bytes += Buffer.byteLength(text);
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
    keep?.push(text);
  }
  return { bytes, lines };
}

/**
 * The memory probe (a child process, so each run starts from a fresh heap and its own maximum
 * RSS): audits `dir` with `auditPaths`, sampling memory as each file is read.
 */
function memoryChild(dir: string): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).length;
  const every = Math.max(1, Math.floor(files / 4));
  let read = 0;
  let peakHeapUsed = 0;
  let peakRss = 0;
  let peakRetainedHeap = 0;
  // auditPaths reads each file with fs.readFileSync (one call per file) and audits it before
  // reading the next: wrapping the function is the one place to sample between files.
  // The real module object (the `import * as fs` binding is a read-only copy).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fsModule = require('fs') as typeof fs;
  const original = fsModule.readFileSync;
  const sampled = function sampledReadFileSync(this: unknown, ...args: unknown[]): unknown {
    if (++read % every === 0) {
      gc();
      peakRetainedHeap = Math.max(peakRetainedHeap, process.memoryUsage().heapUsed);
    }
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    const usage = process.memoryUsage();
    peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
    return result;
  };
  fsModule.readFileSync = sampled as typeof fs.readFileSync;

  gc();
  const baselineHeap = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  const report = auditPaths([dir], { now: NOW });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  fsModule.readFileSync = original;
  gc();
  const reportHeap = process.memoryUsage().heapUsed;
  const figures: MemoryFigures = {
    files,
    documents: report.summary.resources,
    findings: report.findings.length,
    seconds,
    baselineHeap,
    peakHeapUsed,
    peakRetainedHeap,
    reportHeap,
    peakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** Runs the memory probe on `dir` in a fresh Node.js process with `--expose-gc`. */
function measureMemory(dir: string): MemoryFigures {
  const args = ['--expose-gc', '-r', require.resolve('ts-node/register/transpile-only'), __filename, MEMORY_CHILD_FLAG, dir];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`memory probe failed (${child.status ?? child.signal}): ${child.stderr}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as MemoryFigures;
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
const rate = (docs: number, seconds: number): number => Math.round(docs / seconds);
const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

function main(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-'));
  try {
    const started = Date.now();
    const corpusDir = path.join(root, 'corpus-10k');
    const texts: string[] = [];
    const corpus = writeCorpus(corpusDir, FILES, texts);
    const names = texts.map((_, i) => path.join(corpusDir, corpusFileName(i)));
    const documents = FILES * DOCUMENTS_PER_FILE;

    const jsYamlRun = (): void => {
      for (const text of texts) sink += jsyaml.loadAll(text).length;
    };
    const yamlRun = (): void => {
      for (const text of texts) sink += parseAllDocuments(text).length;
    };
    let findings = 0;
    let errors = 0;
    const auditRun = (): void => {
      const auditor = new Auditor({ now: NOW });
      texts.forEach((text, i) => auditor.addText(names[i], text));
      const report = auditor.finish();
      findings = report.summary.findings;
      errors = report.errors.length;
    };
    let pathsFindings = 0;
    const auditPathsRun = (): void => {
      pathsFindings = auditPaths([corpusDir], { now: NOW }).summary.findings;
    };

    // Warm up every code path once (the `yaml` parse on a tenth of the files: it is slow).
    jsYamlRun();
    auditRun();
    auditPathsRun();
    for (const text of texts.slice(0, FILES / 10)) sink += parseAllDocuments(text).length;

    // Interleaved repetitions, so a slow phase of the machine hits every measurement alike.
    const times = { jsYaml: [] as number[], audit: [] as number[], auditPaths: [] as number[], yaml: [] as number[] };
    for (let r = 0; r < REPETITIONS; r++) {
      times.jsYaml.push(time(jsYamlRun));
      times.audit.push(time(auditRun));
      times.auditPaths.push(time(auditPathsRun));
      if (r < YAML_REPETITIONS) times.yaml.push(time(yamlRun));
    }
    const seconds = {
      jsYaml: median(times.jsYaml), audit: median(times.audit), auditPaths: median(times.auditPaths), yaml: median(times.yaml),
    };
    texts.length = 0;

    // Memory: the same corpus, then ten times more, each in a fresh process.
    const memoryDir = path.join(root, 'corpus-100k');
    writeCorpus(memoryDir, MEMORY_FILES);
    const memory10k = measureMemory(corpusDir);
    const memory100k = measureMemory(memoryDir);

    const throughput = {
      jsYaml: rate(documents, seconds.jsYaml),
      yaml: rate(documents, seconds.yaml),
      audit: rate(documents, seconds.audit),
      auditPaths: rate(documents, seconds.auditPaths),
    };
    const ratio = seconds.jsYaml / seconds.audit;
    const ratioPaths = seconds.jsYaml / seconds.auditPaths;
    const retained = (m: MemoryFigures): number => Math.max(0, m.reportHeap - m.baselineHeap);
    const auditorHeld = (m: MemoryFigures): number => Math.max(0, m.peakRetainedHeap - m.baselineHeap);

    const row = (cells: readonly string[]): string => `${cells[0].padEnd(40)}${cells.slice(1).map((c) => c.padStart(14)).join('')}`;
    const out: string[] = [];
    out.push(`kubeward audit benchmark: ${documents} documents in ${FILES} files, ${mib(corpus.bytes)} MiB, ${(corpus.lines / documents).toFixed(1)} lines per document (seed ${DEFAULT_SEED})`);
    out.push(`Node.js ${process.version}, ${os.cpus().length} CPUs; median of ${REPETITIONS} interleaved runs (yaml: ${YAML_REPETITIONS}) after a warm-up`);
    out.push('');
    out.push(row(['throughput', 'seconds', 'docs/s', 'vs js-yaml']));
    out.push(row(['js-yaml loadAll (baseline)', seconds.jsYaml.toFixed(3), String(throughput.jsYaml), '1.00']));
    out.push(row(['yaml parseAllDocuments (context)', seconds.yaml.toFixed(3), String(throughput.yaml), (seconds.jsYaml / seconds.yaml).toFixed(2)]));
    out.push(row(['Auditor.addText + finish', seconds.audit.toFixed(3), String(throughput.audit), ratio.toFixed(2)]));
    out.push(row(['auditPaths (with file reads)', seconds.auditPaths.toFixed(3), String(throughput.auditPaths), ratioPaths.toFixed(2)]));
    out.push(`findings: ${findings} (auditPaths: ${pathsFindings}), input errors: ${errors}; aim audit/js-yaml >= ${AIM}: ${ratio >= AIM ? 'met' : 'NOT met'}`);
    out.push('');
    out.push(row(['memory (auditPaths, fresh process)', '10k docs', '100k docs', '100k / 10k']));
    const memRow = (label: string, a: number, b: number, fmt: (n: number) => string = mib): string =>
      row([label, fmt(a), fmt(b), a > 0 ? (b / a).toFixed(2) : '-']);
    const count = (n: number): string => String(n);
    out.push(memRow('documents', memory10k.documents, memory100k.documents, count));
    out.push(memRow('findings', memory10k.findings, memory100k.findings, count));
    out.push(memRow('retained by the report (MiB, after GC)', retained(memory10k), retained(memory100k)));
    out.push(memRow('held by the auditor, peak (MiB, GC)', auditorHeld(memory10k), auditorHeld(memory100k)));
    out.push(memRow('peak heapUsed sampled (MiB)', memory10k.peakHeapUsed, memory100k.peakHeapUsed));
    out.push(memRow('peak RSS, getrusage (MiB)', memory10k.maxRss, memory100k.maxRss));
    const perFinding = (m: MemoryFigures): number => Math.round(retained(m) / Math.max(1, m.findings));
    const perDocument = (m: MemoryFigures): number => Math.round(auditorHeld(m) / Math.max(1, m.documents));
    const statePerDocument = (m: MemoryFigures): number => Math.round(Math.max(0, m.peakRetainedHeap - m.reportHeap) / Math.max(1, m.documents));
    const derived = (m: MemoryFigures): Record<string, number> => ({
      reportBytesPerFinding: perFinding(m), auditorBytesPerDocument: perDocument(m), stateBytesPerDocument: statePerDocument(m),
    });
    out.push(row(['report bytes per finding', String(perFinding(memory10k)), String(perFinding(memory100k)), '']));
    out.push(row(['auditor bytes per document (peak)', String(perDocument(memory10k)), String(perDocument(memory100k)), '']));
    out.push(row(['  of which not findings', String(statePerDocument(memory10k)), String(statePerDocument(memory100k)), '']));
    out.push(row(['auditPaths seconds (with sampling)', memory10k.seconds.toFixed(2), memory100k.seconds.toFixed(2), '']));
    out.push('');
    out.push(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(out.join('\n'));

    console.log(JSON.stringify({
      bench: 'audit',
      node: process.version,
      cpus: os.cpus().length,
      seed: DEFAULT_SEED,
      files: FILES,
      documents,
      bytes: corpus.bytes,
      linesPerDocument: round(corpus.lines / documents, 1),
      repetitions: REPETITIONS,
      yamlRepetitions: YAML_REPETITIONS,
      seconds: { jsYaml: round(seconds.jsYaml), yaml: round(seconds.yaml), audit: round(seconds.audit), auditPaths: round(seconds.auditPaths) },
      runs: {
        jsYaml: times.jsYaml.map((t) => round(t)),
        yaml: times.yaml.map((t) => round(t)),
        audit: times.audit.map((t) => round(t)),
        auditPaths: times.auditPaths.map((t) => round(t)),
      },
      docsPerSecond: throughput,
      ratioAuditToJsYaml: round(ratio),
      ratioAuditPathsToJsYaml: round(ratioPaths),
      ratioYamlToJsYaml: round(seconds.jsYaml / seconds.yaml),
      aim: AIM,
      aimMet: ratio >= AIM,
      findings,
      errors,
      memory: { docs10k: { ...memory10k, ...derived(memory10k) }, docs100k: { ...memory100k, ...derived(memory100k) } },
      totalSeconds: round((Date.now() - started) / 1000, 1),
    }));
    if (sink < 0) console.log(sink);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === MEMORY_CHILD_FLAG) memoryChild(process.argv[3]);
else main();
