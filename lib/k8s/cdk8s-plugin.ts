import { DEFAULT_ALLOWED_REGISTRIES } from '../audit/engine';
import { auditPaths } from '../audit/files';
import type { AuditReport, FailOn, Finding } from '../audit/report';
import { escapeControlCharacters } from '../audit/reporters/text';
import { isIsoDate } from '../audit/suppressions';
import { SEVERITIES, STANDARDS, type Severity, type Standard } from '../controls/types';

/**
 * A validation plugin for the cdk8s CLI: `cdk8s synth` runs the kubeward audit over every
 * manifest the app synthesises and fails (exit status 2) when a control fails.
 *
 * Enable it in the app's `cdk8s.yaml` (a path starting with `./`, or an absolute path, makes the
 * CLI `require` the package from disk instead of installing it from npm; `version` is required
 * by the CLI and must be an exact version, it is only shown in the report):
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/kubeward
 *     class: KubewardValidation
 *     version: 0.0.0
 *     properties:
 *       standard: kubeward
 *       failOn: error
 *       allowedRegistries: [contoso.azurecr.io]
 * ```
 *
 * This module never loads the cdk8s CLI (a development tool, not a dependency of kubeward) nor
 * cdk8s itself: the types below describe, structurally, the part of the CLI's plugin contract
 * (`cdk8s-cli/plugins`) the plugin uses.
 */

/** Construct metadata of one synthesised resource, keyed by `metadata.name` in {@link Cdk8sValidationContext.metadata}. */
export interface Cdk8sResourceConstructMetadata {
  /** The construct path of the resource in the cdk8s app. */
  readonly path: string;
}

/** A resource that violates a rule, as the cdk8s CLI's report takes it. */
export interface Cdk8sViolatingResource {
  /** The resource's `metadata.name`: the CLI looks it up in the construct metadata to name the construct. */
  readonly resourceName: string;
  /** Where in the resource the violation is. */
  readonly locations: readonly string[];
  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/** A violation, as the cdk8s CLI's report takes it (`ValidationViolation` of `cdk8s-cli/plugins`). */
export interface Cdk8sValidationViolation {
  /** The rule violated (a kubeward rule id). */
  readonly ruleName: string;
  /** What is wrong (the CLI prints it as "Recommendation"). */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources that violate the rule. */
  readonly violatingResources: readonly Cdk8sViolatingResource[];
}

/** The report a cdk8s validation plugin fills (`ValidationReport` of `cdk8s-cli/plugins`). */
export interface Cdk8sValidationReport {
  /** Adds a violation. */
  addViolation(violation: Cdk8sValidationViolation): void;
  /** Completes the report; `metadata` appears in the report's summary table. */
  submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
}

/** What the cdk8s CLI passes to a validation plugin (`ValidationContext` of `cdk8s-cli/plugins`). */
export interface Cdk8sValidationContext {
  /** The synthesised manifest files. */
  readonly manifests: readonly string[];
  /** Construct metadata by resource name (present when the app recorded it). */
  readonly metadata?: { readonly [name: string]: Cdk8sResourceConstructMetadata };
  /** The report to fill. */
  readonly report: Cdk8sValidationReport;
  /** Where plugin messages go. */
  readonly logger: { log(message: string): void };
}

/** The `properties` of the plugin in `cdk8s.yaml`. */
export interface KubewardValidationProperties {
  /**
   * Which controls to evaluate: `kubeward`, `pss-baseline` or `pss-restricted`.
   * @default 'kubeward'
   */
  readonly standard?: Standard;
  /**
   * Severity at or above which an unsuppressed finding fails the validation (`error`,
   * `warning`, `note`, or `none` to only report).
   * @default 'error'
   */
  readonly failOn?: FailOn;
  /**
   * Registries images may come from (`mcr.microsoft.com`, `*.azurecr.io`, `myacr.azurecr.io/team`).
   * @default DEFAULT_ALLOWED_REGISTRIES
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * The date (YYYY-MM-DD) suppression end dates are compared with.
   * @default - today (UTC)
   */
  readonly now?: string;
}

const PROPERTY_NAMES: readonly string[] = ['standard', 'failOn', 'allowedRegistries', 'now'];
const FAIL_ON: readonly FailOn[] = [...SEVERITIES, 'none'];
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, note: 2 };

/**
 * The kubeward cdk8s CLI validation plugin (see the module comment for `cdk8s.yaml`). The CLI
 * constructs it with the `properties` of `cdk8s.yaml` and calls {@link validate} after synthesis.
 */
export class KubewardValidation {
  /** The standard evaluated. */
  public readonly standard: Standard;
  /** The failing threshold. */
  public readonly failOn: FailOn;
  /** The allowed registries. */
  public readonly allowedRegistries: readonly string[];
  /** The audit date, when fixed. */
  public readonly now?: string;

  /**
   * @param properties the `properties` of the validation in `cdk8s.yaml`
   * @throws Error naming the property when a property is unknown or has a wrong value
   */
  constructor(properties: KubewardValidationProperties = {}) {
    const props: unknown = properties ?? {};
    if (!isPlainObject(props)) {
      throw new Error(`kubeward validation: 'properties' must be a mapping, got ${describe(props)}`);
    }
    const unknown = Object.keys(props).filter((k) => !PROPERTY_NAMES.includes(k));
    if (unknown.length > 0) {
      throw new Error(`kubeward validation: unknown ${unknown.length > 1 ? 'properties' : 'property'} ${unknown.map((k) => `'${k}'`).join(', ')}; expected ${PROPERTY_NAMES.join(', ')}`);
    }
    this.standard = oneOf(props.standard, 'standard', STANDARDS) ?? 'kubeward';
    this.failOn = oneOf(props.failOn, 'failOn', FAIL_ON) ?? 'error';
    this.allowedRegistries = registries(props.allowedRegistries) ?? DEFAULT_ALLOWED_REGISTRIES;
    if (props.now !== undefined) {
      if (typeof props.now !== 'string' || !isIsoDate(props.now)) {
        throw new Error(`kubeward validation: property 'now' must be a date written YYYY-MM-DD, got ${describe(props.now)}`);
      }
      this.now = props.now;
    }
  }

  /**
   * Audits the synthesised manifests (all together, so namespace-level controls see every chart)
   * and reports each failing finding as a violation. Suppressed findings and findings below
   * `failOn` are only counted in a log line. Inputs that cannot be audited fail the validation.
   */
  public async validate(context: Cdk8sValidationContext): Promise<void> {
    const report = auditPaths(context.manifests, {
      standard: this.standard,
      failOn: this.failOn,
      allowedRegistries: this.allowedRegistries,
      now: this.now,
    });
    const failing = report.findings.filter((f) => this.isFailing(f));
    for (const f of failing) context.report.addViolation(toViolation(f));

    context.logger.log(summaryLine(report, context.manifests.length, (f) => this.isFailing(f)));
    for (const e of report.errors) {
      context.logger.log(`kubeward: cannot audit ${escapeControlCharacters(e.file)}${e.line !== undefined ? `:${e.line}` : ''}: ${escapeControlCharacters(e.message)}`);
    }

    const metadata: Record<string, string> = {
      'Standard': report.standard,
      'Fail on': report.failOn,
      'Resources': String(report.summary.resources),
      'Failing': String(failing.length),
      'Suppressed': String(report.summary.suppressed),
    };
    if (report.errors.length > 0) metadata['Unreadable inputs'] = String(report.errors.length);
    context.report.submit(failing.length > 0 || report.errors.length > 0 ? 'failure' : 'success', metadata);
  }

  private isFailing(f: Finding): boolean {
    return f.suppression === null && this.failOn !== 'none' && SEVERITY_RANK[f.severity] <= SEVERITY_RANK[this.failOn];
  }
}

/** One violation for one finding. */
function toViolation(f: Finding): Cdk8sValidationViolation {
  const object = `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name || '(unnamed)'}`;
  return {
    ruleName: f.ruleId,
    recommendation: `${f.severity}: ${escapeControlCharacters(f.message)}`,
    fix: escapeControlCharacters(f.remediation),
    violatingResources: [{
      // The plain name: the CLI maps it to the construct path through the construct metadata.
      resourceName: escapeControlCharacters(f.name || `(unnamed ${f.kind})`),
      locations: [`${escapeControlCharacters(object)}: ${escapeControlCharacters(f.field || '(object)')} (line ${f.line})`],
      manifestPath: f.file,
    }],
  };
}

/**
 * One line of totals, e.g. `kubeward: 4 resources in 1 manifest (standard kubeward, fail-on error):
 * 2 failing, 1 below fail-on (workload.probes), 1 suppressed (pss.privileged)`.
 */
function summaryLine(report: AuditReport, manifests: number, isFailing: (f: Finding) => boolean): string {
  const failing = report.findings.filter(isFailing);
  const suppressed = report.findings.filter((f) => f.suppression !== null);
  const below = report.findings.filter((f) => f.suppression === null && !isFailing(f));
  const list = (found: readonly Finding[]): string => (found.length > 0 ? ` (${ids(found)})` : '');
  return `kubeward: ${plural(report.summary.resources, 'resource')} in ${plural(manifests, 'manifest')} `
    + `(standard ${report.standard}, fail-on ${report.failOn}): ${failing.length} failing, `
    + `${below.length} below fail-on${list(below)}, ${suppressed.length} suppressed${list(suppressed)}`;
}

/** The distinct rule ids of findings, sorted, comma-separated. */
function ids(findings: readonly Finding[]): string {
  return [...new Set(findings.map((f) => f.ruleId))].sort().join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is one of `allowed`, undefined when absent; throws otherwise. */
function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`kubeward validation: property '${name}' must be one of ${allowed.join(', ')}, got ${describe(value)}`);
}

function registries(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || !value.every((r) => typeof r === 'string' && r.trim() !== '')) {
    throw new Error(`kubeward validation: property 'allowedRegistries' must be a non-empty list of registry names (e.g. [contoso.azurecr.io]), got ${describe(value)}`);
  }
  return value.map((r: string) => r.trim());
}

/** A short description of a property value for error messages. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return `'${escapeControlCharacters(value)}'`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

