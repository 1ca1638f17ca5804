import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { MockRecorder, type PlannedResource } from './mock-plan';

/**
 * `kubeward plan PROGRAM`: runs a Pulumi program in mock mode (no Pulumi CLI, no cloud) and
 * returns the resources it would create.
 */

/** Options of {@link planProgram}. */
export interface PlanProgramOptions {
  /**
   * Stack configuration, `key` or `project:key` → value (what `pulumi config set` would hold).
   * @default {}
   */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * The stack name.
   * @default 'plan'
   */
  readonly stack?: string;
}

/** A program that cannot be planned: not found, not a Node.js Pulumi program, or it threw. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** The project name and entry file of a Pulumi program folder. */
export interface PulumiProgram {
  readonly project: string;
  readonly main: string;
}

/** Reads `Pulumi.yaml` of a program folder and finds its entry file. */
export function findProgram(dir: string): PulumiProgram {
  const projectFile = ['Pulumi.yaml', 'Pulumi.yml'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new PlanError(`${dir}: not a directory`);
  if (!projectFile) throw new PlanError(`${dir}: no Pulumi.yaml: not a Pulumi program`);
  const text = fs.readFileSync(projectFile, 'utf8');
  const field = (key: string): string | undefined => new RegExp(`^${key}:\\s*(?:name:\\s*)?["']?([^"'#\\n]+?)["']?\\s*(?:#.*)?$`, 'm').exec(text)?.[1]?.trim();
  const project = field('name');
  const runtime = field('runtime');
  if (!project) throw new PlanError(`${projectFile}: no project name`);
  if (runtime && runtime !== 'nodejs') throw new PlanError(`${projectFile}: runtime '${runtime}' is not supported; kubeward plan runs Node.js programs`);
  const declared = field('main');
  const candidates = declared ? [path.join(dir, declared)] : ['index.ts', 'index.js'].map((f) => path.join(dir, f));
  const main = candidates.map((c) => (fs.existsSync(c) && fs.statSync(c).isDirectory() ? path.join(c, 'index.ts') : c)).find((c) => fs.existsSync(c));
  if (!main) throw new PlanError(`${dir}: no entry point (${candidates.map((c) => path.basename(c)).join(' or ')})`);
  return { project, main: path.resolve(main) };
}

/**
 * Runs the program in mock mode and returns every resource it registers, in order. The Pulumi
 * runtime is global: each call installs fresh mocks, so plans do not overlap; a program whose
 * work is done when its module loads (rather than in an exported function) runs only on the
 * first `require` of its entry file.
 */
export async function planProgram(dir: string, options: PlanProgramOptions = {}): Promise<PlannedResource[]> {
  const program = findProgram(dir);
  setConfig(program.project, options.config ?? {});
  const recorder = MockRecorder.install(program.project, options.stack ?? 'plan');
  if (program.main.endsWith('.ts')) registerTypeScript(program.main);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(program.main);
    // As the Pulumi runtime does: a program may export its main function (called here, so a
    // program can be planned more than once in a process) or a promise.
    const main = exported?.default ?? exported;
    if (typeof main === 'function') await main();
    else if (main && typeof main.then === 'function') await main;
  } catch (e) {
    throw new PlanError(`${path.relative(process.cwd(), program.main) || program.main}: the program failed: ${firstLine(e)}`);
  }
  await recorder.settle();
  return recorder.resources();
}

/** Replaces the stack configuration (keys `project:key`) for the program about to run. */
function setConfig(project: string, config: Readonly<Record<string, string>>): void {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) values[key.includes(':') ? key : `${project}:${key}`] = value;
  pulumi.runtime.setAllConfig(values);
}

/**
 * Lets `require` load TypeScript programs, once per process: with the user's ts-node (as Pulumi
 * runs TypeScript programs), unless ts-node is already registered (`ts-node` runs us, say).
 */
function registerTypeScript(main: string): void {
  if ((process as unknown as Record<symbol, unknown>)[Symbol.for('ts-node.register.instance')] !== undefined) return;
  let tsnode: { register(options: object): unknown };
  try {
    // The user's own ts-node, as Pulumi uses it for TypeScript programs (kubeward does not ship one).
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    tsnode = require('ts-node');
  } catch {
    throw new PlanError(`${main} is TypeScript: install ts-node beside it (npm install --save-dev ts-node typescript), or point at the compiled program`);
  }
  const prepareStackTrace = Error.prepareStackTrace;
  tsnode.register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
  // ts-node maps every stack trace to the TypeScript source. Pulumi captures a stack for each of
  // its promises, so the mapping took about 40 % of the time to plan examples/aks-platform
  // (bench/plan), and a plan reports only the first line of an error: keep stacks unmapped.
  Error.prepareStackTrace = prepareStackTrace;
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0];
}
