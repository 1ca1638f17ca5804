import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_ALLOWED_REGISTRIES } from '../audit/engine';
import { auditPaths, DEFAULT_MAX_FILE_BYTES } from '../audit/files';
import type { FailOn } from '../audit/report';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../audit/reporters';
import { isIsoDate } from '../audit/suppressions';
import { STANDARDS, type Standard } from '../controls/types';

/** Exit status: no finding at or above `--fail-on`. */
export const EXIT_OK = 0;
/** Exit status: findings at or above `--fail-on`. */
export const EXIT_FINDINGS = 1;
/** Exit status: usage error or an input that could not be audited. */
export const EXIT_USAGE = 2;

/** What the CLI reads and writes, so tests can run it in-process. */
export interface CliIo {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => string;
  /** Standard output is a terminal (colour is used only then, and not when NO_COLOR is set). */
  readonly isTTY: boolean;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The kubeward version, from package.json. */
export function toolVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

interface AuditFlags {
  readonly standard: Standard;
  readonly format: ReportFormat;
  readonly output?: string;
  readonly failOn: FailOn;
  readonly now?: string;
  readonly allowedRegistries?: string[];
  readonly maxFileSize: number;
}

/**
 * Runs the `kubeward` command line and returns its exit status (see DESIGN.md, "The CLI").
 * @param argv the arguments after the program name
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let status = EXIT_OK;
  const program = new Command('kubeward')
    .description('Secure building blocks for Kubernetes on Azure: audit manifests against the kubeward catalogue of controls.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`kubeward: ${text.replace(/^error: /, '')}`) })
    .showHelpAfterError('(run kubeward --help for usage)');

  program.command('audit')
    .description('Audit Kubernetes manifests (files, directories searched recursively for *.yaml, *.yml, *.json, or - for standard input)')
    .argument('<path...>', 'manifest files or directories, or - for standard input')
    .addOption(new Option('--standard <standard>', 'which controls to evaluate').choices([...STANDARDS]).default('kubeward'))
    .addOption(new Option('--format <format>', 'report format').choices([...REPORT_FORMATS]).default('text'))
    .option('--output <file>', 'write the report to a file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity is not suppressed').choices(['error', 'warning', 'note', 'none']).default('error'))
    .option('--now <date>', 'the date (YYYY-MM-DD) suppression end dates are compared with (default: today, UTC)')
    .option('--allowed-registries <list>', `comma-separated registries images may come from (default: ${DEFAULT_ALLOWED_REGISTRIES.join(',')})`, (v: string, prev?: string[]) => [...(prev ?? []), ...v.split(',').map((s) => s.trim()).filter(Boolean)])
    .addOption(new Option('--max-file-size <MiB>', 'largest manifest file accepted, in MiB').default(DEFAULT_MAX_FILE_BYTES / (1024 * 1024)).argParser(parsePositive))
    .action((paths: string[], flags: AuditFlags) => {
      status = audit(paths, flags, io);
    });

  program.command('plan')
    .description('Run a Pulumi program in mock mode (no Pulumi CLI, no cloud) and print the resources it would create')
    .argument('<program>', 'the folder of the Pulumi program (with Pulumi.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--azure-policy <dir>', 'evaluate the Azure Policy definitions (JSON files) in this folder against the planned resources')
    .option('--config <key=value>', 'stack configuration (repeatable)', (v: string, prev?: string[]) => [...(prev ?? []), v])
    .option('--output <file>', 'write the report to a file instead of standard output')
    .action(async (dir: string, flags: PlanFlags) => {
      status = await plan(dir, flags, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; every other parse error is a usage error.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr(`kubeward: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`kubeward: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (io.env.KUBEWARD_DEBUG) io.stderr(`${(e as Error)?.stack}\n`);
    return EXIT_USAGE;
  }
  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return EXIT_USAGE;
  }
  return status;
}

class UsageError extends Error {}

/** Writes a report to `--output`, or to standard output. */
function writeReport(rendered: string, output: string | undefined, io: CliIo): void {
  if (!output) {
    io.stdout(rendered);
    return;
  }
  try {
    fs.writeFileSync(output, rendered);
  } catch (e) {
    throw new UsageError(`cannot write --output ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

interface PlanFlags {
  readonly format: 'text' | 'json';
  readonly azurePolicy?: string;
  readonly config?: string[];
  readonly output?: string;
}

/** Effects whose non-compliance fails `kubeward plan` (DESIGN.md). */
const ENFORCED_EFFECTS = new Set(['audit', 'deny', 'auditifnotexists', 'deployifnotexists']);

async function plan(dir: string, flags: PlanFlags, io: CliIo): Promise<number> {
  const config: Record<string, string> = {};
  for (const pair of flags.config ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--config takes key=value, got '${pair}'`);
    config[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  // Loaded only for `plan`, so `audit` never loads Pulumi.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { planProgram, PlanError } = require('../azure/plan') as typeof import('../azure/plan');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderPlanJson, renderPlanText } = require('../azure/plan-report') as typeof import('../azure/plan-report');
  let definitions: { file: string; json: unknown }[] | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const evaluator = flags.azurePolicy ? require('../azure/policy-evaluator') as typeof import('../azure/policy-evaluator') : undefined;
  if (flags.azurePolicy && evaluator) {
    try {
      definitions = evaluator.loadPolicyDefinitions(flags.azurePolicy);
    } catch (e) {
      throw new UsageError(`--azure-policy ${flags.azurePolicy}: ${(e as Error).message}`);
    }
  }
  let resources;
  const failures: string[] = [];
  const onRejection = (reason: unknown): void => {
    failures.push(reason instanceof Error ? reason.message.split('\n')[0] : String(reason));
  };
  process.on('unhandledRejection', onRejection);
  try {
    resources = await planProgram(dir, { config });
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    throw e;
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  if (failures.length > 0) throw new UsageError(`${dir}: the program failed: ${failures[0]}`);
  const policy = evaluator && definitions ? evaluator.evaluatePolicies(resources, definitions) : undefined;
  const rendered = flags.format === 'json' ? renderPlanJson(resources, policy) : renderPlanText(resources, policy);
  writeReport(rendered, flags.output, io);
  const failing = (policy ?? []).filter((p) => p.result === 'non-compliant' && ENFORCED_EFFECTS.has(p.effect.toLowerCase()));
  return failing.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-file-size must be a positive number of MiB, got '${value}'`);
  return n;
}

function audit(paths: string[], flags: AuditFlags, io: CliIo): number {
  if (flags.now !== undefined && !isIsoDate(flags.now)) {
    throw new UsageError(`--now must be a date written YYYY-MM-DD, got '${flags.now}'`);
  }
  if (flags.allowedRegistries && flags.allowedRegistries.length === 0) {
    throw new UsageError('--allowed-registries needs at least one registry');
  }
  const report = auditPaths(paths, {
    standard: flags.standard,
    failOn: flags.failOn,
    now: flags.now,
    allowedRegistries: flags.allowedRegistries,
    maxFileBytes: Math.floor(flags.maxFileSize * 1024 * 1024),
    readStdin: io.readStdin,
  });
  const color = !flags.output && io.isTTY && !io.env.NO_COLOR && flags.format === 'text';
  const rendered = renderReport(report, flags.format, { color, toolVersion: toolVersion() });
  writeReport(rendered, flags.output, io);
  for (const error of report.errors) {
    io.stderr(`kubeward: ${error.file}${error.line !== undefined ? `:${error.line}` : ''}: ${error.message}\n`);
  }
  if (report.errors.length > 0) return EXIT_USAGE;
  return report.summary.failing > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** Runs the CLI on the real process: arguments, streams, environment. */
export function main(): void {
  void runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => fs.readFileSync(0, 'utf8'),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  }).then((status) => {
    process.exitCode = status;
  });
}
