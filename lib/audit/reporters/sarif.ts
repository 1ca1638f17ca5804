import type * as sarif from 'sarif';
import { findControl } from '../../controls/catalogue';
import type { ControlInfo, Reference, Severity } from '../../controls/types';
import type { AuditReport, Finding, InputError } from '../report';

/** Where the SARIF `tool.driver.informationUri` points. */
export const KUBEWARD_INFORMATION_URI = 'https://github.com/kubeward/kubeward';

/** The `$schema` the SARIF log declares. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Options of the SARIF reporter. */
export interface SarifReporterOptions {
  /** The kubeward version, written to `tool.driver.version`. */
  readonly toolVersion: string;
  /**
   * Looks up the control behind a rule id, to describe the rule.
   * @default - the kubeward catalogue (`findControl`)
   */
  readonly findControl?: (id: string) => ControlInfo | undefined;
}

/**
 * Renders the report as a SARIF 2.1.0 log with one run, 2-space indentation and a trailing
 * newline. Rules are described from the catalogue (a rule id the catalogue does not know is
 * described from its findings); results are located at file and line, and at the Kubernetes
 * object (`kind/namespace/name`) as a logical location; suppressed findings carry an `inSource`
 * suppression with their justification; inputs that could not be audited are tool execution
 * notifications of the invocation, which is then not successful. No timestamps: the output is a
 * pure function of the report and the options.
 */
export function renderSarif(report: AuditReport, options: SarifReporterOptions): string {
  return `${JSON.stringify(toSarifLog(report, options), null, 2)}\n`;
}

/**
 * The SARIF log object {@link renderSarif} serialises.
 */
function toSarifLog(report: AuditReport, options: SarifReporterOptions): sarif.Log {
  const lookup = options.findControl ?? findControl;

  // Rules: every rule id that appears in the findings, once, in code-point order.
  const firstFinding = new Map<string, Finding>();
  for (const f of report.findings) {
    if (!firstFinding.has(f.ruleId)) firstFinding.set(f.ruleId, f);
  }
  const ruleIds = [...firstFinding.keys()].sort(compareCodePoints);
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => describeRule(id, lookup(id), firstFinding.get(id)!));

  const run: sarif.Run = {
    tool: {
      driver: {
        name: 'kubeward',
        version: options.toolVersion,
        informationUri: KUBEWARD_INFORMATION_URI,
        rules,
      },
    },
    invocations: [invocation(report.errors)],
    results: report.findings.map((f) => result(f, ruleIndex.get(f.ruleId)!)),
    properties: {
      standard: report.standard,
      failOn: report.failOn,
      resources: report.summary.resources,
      failing: report.summary.failing,
    },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function describeRule(id: string, control: ControlInfo | undefined, example: Finding): sarif.ReportingDescriptor {
  const severity = control?.severity ?? example.severity;
  const remediation = control?.remediation ?? example.remediation;
  const references = control ? control.references.map(referenceText) : [...example.references];
  const descriptor: sarif.ReportingDescriptor = {
    id,
    name: ruleName(id),
    shortDescription: { text: nonEmpty(control?.title, `kubeward rule ${id}`) },
    fullDescription: { text: nonEmpty(control?.rationale, nonEmpty(control?.title, `kubeward rule ${id}`)) },
    help: {
      text: nonEmpty(remediation, 'See the kubeward documentation of this rule.'),
      markdown: helpMarkdown(remediation, control?.references, references),
    },
    defaultConfiguration: { level: level(severity) },
    properties: {
      tags: ['security', 'kubernetes', ...references],
      ...(control?.checklist.length ? { checklist: [...control.checklist] } : {}),
    },
  };
  return descriptor;
}

function result(f: Finding, ruleIndex: number): sarif.Result {
  const r: sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: level(f.severity),
    message: { text: nonEmpty(f.message, f.ruleId) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(f.file) },
          region: { startLine: Math.max(1, Math.trunc(f.line) || 1) },
        },
        logicalLocations: [
          {
            name: f.name,
            fullyQualifiedName: objectName(f),
            kind: 'resource',
          },
        ],
      },
    ],
    properties: {
      field: f.field,
      documentIndex: f.documentIndex,
      apiVersion: f.apiVersion,
    },
  };
  if (f.suppression) {
    r.suppressions = [
      {
        kind: 'inSource',
        status: 'accepted',
        justification: f.suppression.justification,
        ...(f.suppression.until !== undefined ? { properties: { until: f.suppression.until } } : {}),
      },
    ];
  }
  return r;
}

function invocation(errors: readonly InputError[]): sarif.Invocation {
  if (errors.length === 0) return { executionSuccessful: true };
  return {
    executionSuccessful: false,
    toolExecutionNotifications: errors.map((e): sarif.Notification => ({
      level: 'error',
      message: { text: nonEmpty(e.message, 'input could not be audited') },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: fileUri(e.file) },
            ...(e.line !== undefined ? { region: { startLine: Math.max(1, Math.trunc(e.line) || 1) } } : {}),
          },
        },
      ],
    })),
  };
}

/** `Deployment/prod/web`, or `ClusterRole/admin` for an object without a namespace. */
function objectName(f: Finding): string {
  return f.namespace ? `${f.kind}/${f.namespace}/${f.name}` : `${f.kind}/${f.name}`;
}

function level(severity: Severity): sarif.ReportingConfiguration.level {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'note':
      return 'note';
    default:
      return 'warning';
  }
}

/** `pss.seccomp-profile` → `PssSeccompProfile`: the end-user name SARIF asks for beside the id. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('') || id;
}

function referenceText(r: Reference): string {
  return `${r.source}: ${r.id}`;
}

function helpMarkdown(remediation: string, references: readonly Reference[] | undefined, referenceTexts: readonly string[]): string {
  const lines = [nonEmpty(remediation, 'See the kubeward documentation of this rule.')];
  const items = references
    ? references.map((r) => (r.url ? `- [${referenceText(r)}](${r.url})` : `- ${referenceText(r)}`))
    : referenceTexts.map((t) => `- ${t}`);
  if (items.length > 0) lines.push('', 'References:', '', ...items);
  return lines.join('\n');
}

/**
 * The artifact URI of a file as the audit names it: a relative path stays relative (forward
 * slashes, each segment percent-encoded where a URI requires it); an absolute path becomes a
 * `file://` URI.
 */
function fileUri(file: string): string {
  const path = file.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.test(path);
  if (drive || path.startsWith('/')) {
    const segments = path.split('/');
    const encoded = segments.map((s, i) => (drive && i === 0 ? s : encodeSegment(s)));
    return `file://${drive ? '/' : ''}${encoded.join('/')}`;
  }
  return path.split('/').map(encodeSegment).join('/');
}

/** Percent-encodes what a URI path segment may not hold as is (and `:`, which a first segment may not). */
function encodeSegment(segment: string): string {
  return segment.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=@]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return '%EF%BF%BD'; // a lone surrogate: U+FFFD, the replacement character
    }
  });
}

function nonEmpty(text: string | undefined, fallback: string): string {
  return text !== undefined && text.trim() !== '' ? text : fallback;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
