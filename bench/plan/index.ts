/**
 * The plan benchmark: how long `kubeward plan` takes to plan examples/aks-platform in mock mode,
 * against an empty Pulumi program (bench/plan/empty-program), both planned in this process,
 * under the same mocks, through the same entry point (`planProgram`), their runs interleaved.
 *
 * Run from the repository root:
 *
 *     npx ts-node --transpile-only bench/plan/index.ts [--runs N]
 *
 * It prints a short table and, last, one JSON line with every figure. See bench/README.md for
 * the method. Nothing here is a test: timings are printed, never asserted.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format } from 'util';
import { findProgram, planProgram } from '../../lib/azure/plan';
import { garbageCollector, median } from '../common';

/** Warm runs of each program when `--runs` is not given (the median is reported). */
const DEFAULT_RUNS = 7;
/** The repository root, so the benchmark finds its programs from any working directory. */
const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

/** A program the benchmark plans. */
interface BenchProgram {
  /** How the table names it. */
  readonly label: string;
  /** Its folder (with Pulumi.yaml). */
  readonly dir: string;
  /** Its entry file, as `planProgram` requires it. */
  readonly main: string;
}

/** What one `planProgram` call took and gave. */
interface PlanRun {
  readonly seconds: number;
  readonly resources: number;
  /** What the program printed with console.warn (Pulumi's `log.warn` in mock mode). */
  readonly warnings: readonly string[];
}

const gc = garbageCollector();

function benchProgram(dir: string, label = path.relative(REPOSITORY_ROOT, dir)): BenchProgram {
  return { label, dir, main: findProgram(dir).main };
}

/** Reads `--runs N` (or `--runs=N`), the only option. */
function parseRuns(args: readonly string[]): number {
  let runs = DEFAULT_RUNS;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    if (flag !== '--runs') throw new Error(`unknown argument '${args[i]}'; usage: bench/plan/index.ts [--runs N]`);
    const value = inline ?? args[++i];
    runs = Number(value);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number of runs, at least 1, got '${value ?? ''}'`);
  }
  return runs;
}

/**
 * Makes the next `require` of a program's entry file run it again, as `planProgram` needs to
 * plan a program that does its work at the top level (examples/aks-platform does). The entry
 * module is removed from require.cache and from its parent's `children`, which would otherwise
 * keep every earlier run's resources alive (3.6 MB of heap per run of the example when it
 * planned 64 resources, and slower runs). The modules it imports (lib/azure,
 * @pulumi/azure-native) stay loaded.
 */
function forgetEntryModule(entryFile: string): void {
  const entry = require.cache[entryFile];
  if (!entry) return;
  for (const loaded of Object.values(require.cache)) {
    if (!loaded) continue;
    const at = loaded.children.indexOf(entry);
    if (at >= 0) loaded.children.splice(at, 1);
  }
  delete require.cache[entryFile];
}

/**
 * Plans the program once, after a forced GC, and times the `planProgram` call. Stack traces stay
 * unmapped while it runs, as in `kubeward plan` (this benchmark runs under ts-node, whose source
 * map support would otherwise map the stack Pulumi captures for each of its promises).
 */
async function planOnce(program: BenchProgram): Promise<PlanRun> {
  forgetEntryModule(program.main);
  gc();
  const prepareStackTrace = Error.prepareStackTrace;
  (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  // Kept, not printed: the example warns on every run, which would bury the table.
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]): void => {
    warnings.push(format(...args));
  };
  try {
    const start = process.hrtime.bigint();
    const resources = await planProgram(program.dir);
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, resources: resources.length, warnings };
  } finally {
    console.warn = warn;
    Error.prepareStackTrace = prepareStackTrace;
  }
}

/** The built CLI, as a user runs it. */
const CLI = path.join(REPOSITORY_ROOT, 'bin', 'kubeward.js');

/**
 * End to end: `node bin/kubeward.js plan <program>` in a fresh process, what a user waits for
 * (Node start, module loading, ts-node, the plan, the report). Needs the build (`npx projen compile`).
 */
function cliSeconds(program: BenchProgram): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'plan', program.dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`kubeward plan ${program.label} exited ${String(r.status)}: ${(r.stderr || r.stdout).split('\n')[0]}`);
  return seconds;
}

/** The resources every run planned; throws when two runs planned different numbers. */
function resourcesOf(program: BenchProgram, runs: readonly PlanRun[]): number {
  const counts = [...new Set(runs.map((r) => r.resources))];
  if (counts.length !== 1) throw new Error(`${program.label}: the runs planned different numbers of resources (${counts.join(', ')}); the benchmark cannot compare them`);
  return counts[0];
}

const ms = (seconds: number): string => (seconds * 1000).toFixed(1);
const round = (n: number, digits = 4): number => Number(n.toFixed(digits));

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  const example = benchProgram(path.join(REPOSITORY_ROOT, 'examples', 'aks-platform'));
  const empty = benchProgram(path.join(__dirname, 'empty-program'), 'empty program (baseline)');
  const started = Date.now();

  // Cold: the first call for each program in this process. The empty program goes first, so it
  // bears planProgram's own first-call costs and the example's cold run is its module loading.
  const cold = { empty: await planOnce(empty), example: await planOnce(example) };

  // Warm: the entry file runs again, everything it imports is loaded. Interleaved, the order
  // swapped every round, so a slow phase of the machine hits both programs alike.
  const warm = { example: [] as PlanRun[], empty: [] as PlanRun[] };
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? (['example', 'empty'] as const) : (['empty', 'example'] as const);
    for (const which of order) warm[which].push(await planOnce(which === 'example' ? example : empty));
  }

  const resources = {
    example: resourcesOf(example, [cold.example, ...warm.example]),
    empty: resourcesOf(empty, [cold.empty, ...warm.empty]),
  };
  const warmSeconds = { example: median(warm.example.map((r) => r.seconds)), empty: median(warm.empty.map((r) => r.seconds)) };
  const ratio = { cold: cold.example.seconds / cold.empty.seconds, warm: warmSeconds.example / warmSeconds.empty };
  const perResource = resources.example > 0 ? (warmSeconds.example - warmSeconds.empty) / resources.example : 0;

  // End to end through the CLI, interleaved the same way (fewer runs: each is a process).
  const cliRuns = Math.min(runs, 5);
  const cli = { example: [] as number[], empty: [] as number[] };
  const built = fs.existsSync(path.join(REPOSITORY_ROOT, 'dist', 'cli', 'main.js'));
  if (built) {
    for (let r = 0; r < cliRuns; r++) {
      const order = r % 2 === 0 ? (['example', 'empty'] as const) : (['empty', 'example'] as const);
      for (const which of order) cli[which].push(cliSeconds(which === 'example' ? example : empty));
    }
  }
  const cliMedian = { example: built ? median(cli.example) : NaN, empty: built ? median(cli.empty) : NaN };

  const row = (cells: readonly string[]): string => `${cells[0].padEnd(32)}${cells.slice(1).map((c) => c.padStart(12)).join('')}`;
  const out: string[] = [];
  out.push(`kubeward plan benchmark: ${example.label} against an empty Pulumi program, planProgram in mock mode`);
  out.push(`Node.js ${process.version}, ${os.cpus().length} CPUs; cold: first run in this process; warm: median of ${runs} interleaved runs`);
  out.push('');
  out.push(row(['program', 'resources', 'cold (ms)', 'warm (ms)']));
  out.push(row([example.label, String(resources.example), ms(cold.example.seconds), ms(warmSeconds.example)]));
  out.push(row([empty.label, String(resources.empty), ms(cold.empty.seconds), ms(warmSeconds.empty)]));
  out.push(row(['example / empty', '', `${ratio.cold.toFixed(1)}x`, `${ratio.warm.toFixed(1)}x`]));
  out.push('');
  out.push(built
    ? `kubeward plan (the CLI, a fresh process per run, median of ${cliRuns}): example ${ms(cliMedian.example)} ms, `
      + `empty ${ms(cliMedian.empty)} ms, example / empty ${(cliMedian.example / cliMedian.empty).toFixed(1)}x`
    : 'kubeward plan (the CLI): not measured, there is no build (run npx projen compile first)');
  out.push(`warm, per planned resource, over the empty program: ${ms(perResource)} ms`);
  const warnings = [...new Set([cold.example, ...warm.example].flatMap((r) => r.warnings))];
  if (warnings.length > 0) out.push(`${example.label} warned (on every run, shown once):\n  ${warnings.join('\n  ')}`);
  out.push(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(out.join('\n'));

  const seconds = (r: PlanRun): number => round(r.seconds);
  console.log(JSON.stringify({
    bench: 'plan',
    node: process.version,
    cpus: os.cpus().length,
    program: example.label,
    runs,
    resources,
    coldSeconds: { example: seconds(cold.example), empty: seconds(cold.empty) },
    warmMedianSeconds: { example: round(warmSeconds.example), empty: round(warmSeconds.empty) },
    warmRuns: { example: warm.example.map(seconds), empty: warm.empty.map(seconds) },
    ratioExampleToEmpty: { cold: round(ratio.cold, 2), warm: round(ratio.warm, 2) },
    warmSecondsPerResource: round(perResource, 5),
    cliMedianSeconds: built ? { example: round(cliMedian.example), empty: round(cliMedian.empty) } : null,
    totalSeconds: round((Date.now() - started) / 1000, 1),
  }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
