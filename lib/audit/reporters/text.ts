import type { Severity } from '../../controls/types';
import type { AuditReport, Finding } from '../report';

/** Options of the text reporter. */
export interface TextReporterOptions {
  /**
   * Colour the output with ANSI escape codes. The CLI passes
   * `process.stdout.isTTY && !process.env.NO_COLOR`; nothing else turns colour on.
   */
  readonly color: boolean;
}

/**
 * Renders the report for a terminal: findings grouped by file, then by resource
 * (`kind namespace/name`), one line each (`file:line severity rule-id field message`) with an
 * indented remediation line; then suppressed findings with their justification, then the inputs
 * that could not be audited, then a one-line summary.
 *
 * Output is a pure function of the report: groups appear in the order of their first finding in
 * `report.findings` (the engine sorts findings by file, line and rule id). Text that comes from
 * the audited files (names, messages, justifications, paths) is printed with control and
 * bidirectional-override characters escaped, so a manifest cannot inject terminal escape
 * sequences or reorder what the reader sees.
 */
export function renderText(report: AuditReport, options: TextReporterOptions): string {
  const style = options.color ? COLOURS : PLAIN;
  const out: string[] = [];
  const active = report.findings.filter((f) => f.suppression === null);
  const suppressed = report.findings.filter((f) => f.suppression !== null);

  if (report.findings.length === 0) {
    out.push(style.ok('No findings.'), '');
  } else if (active.length === 0) {
    out.push(style.ok('No unsuppressed findings.'), '');
  } else {
    renderGroups(out, active, style, (f) => [`fix: ${escapeControlCharacters(f.remediation)}`]);
  }

  if (suppressed.length > 0) {
    out.push(style.heading('Suppressed findings'), '');
    renderGroups(out, suppressed, style, (f) => {
      const s = f.suppression!;
      const until = s.until !== undefined ? ` (until ${escapeControlCharacters(s.until)})` : '';
      return [style.dim(`suppressed: ${escapeControlCharacters(s.justification)}${until}`)];
    });
  }

  if (report.errors.length > 0) {
    out.push(style.heading('Inputs that could not be audited'));
    for (const e of report.errors) {
      const where = e.line !== undefined ? `${escapeControlCharacters(e.file)}:${e.line}` : escapeControlCharacters(e.file);
      out.push(`  ${where}  ${style.severity('error', 'error')}  ${escapeControlCharacters(e.message)}`);
    }
    out.push('');
  }

  out.push(summaryLine(report, style));
  return `${out.join('\n')}\n`;
}

/** The closing line, e.g. `12 resources, 7 findings (5 failing at error or above, 2 suppressed)`. */
function summaryLine(report: AuditReport, style: Style): string {
  const s = report.summary;
  const failing = report.failOn === 'none'
    ? `${s.failing} failing with fail-on none`
    : `${s.failing} failing at ${report.failOn} or above`;
  let line = `${plural(s.resources, 'resource')}, ${plural(s.findings, 'finding')} (${failing}, ${s.suppressed} suppressed)`;
  if (report.errors.length > 0) {
    line += `, ${plural(report.errors.length, 'input')} could not be audited`;
  }
  return s.failing > 0 || report.errors.length > 0 ? style.bad(line) : style.ok(line);
}

/** Appends findings grouped by file, then resource; `detail` gives the indented lines under each. */
function renderGroups(out: string[], findings: readonly Finding[], style: Style, detail: (f: Finding) => string[]): void {
  const byFile = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    let resources = byFile.get(f.file);
    if (!resources) {
      resources = new Map();
      byFile.set(f.file, resources);
    }
    // One resource: same document, same identity (List items share a document index).
    const key = JSON.stringify([f.documentIndex, f.apiVersion, f.kind, f.namespace, f.name]);
    const list = resources.get(key);
    if (list) list.push(f);
    else resources.set(key, [f]);
  }
  for (const [file, resources] of byFile) {
    out.push(style.heading(escapeControlCharacters(file)));
    for (const list of resources.values()) {
      out.push(`  ${style.resource(resourceName(list[0]))}`);
      for (const f of list) {
        out.push(`    ${escapeControlCharacters(f.file)}:${f.line}  ${style.severity(f.severity, f.severity.padEnd(SEVERITY_WIDTH))}  ${escapeControlCharacters(f.ruleId)}  ${escapeControlCharacters(f.field)}  ${escapeControlCharacters(f.message)}`);
        for (const d of detail(f)) out.push(`      ${d}`);
      }
    }
    out.push('');
  }
}

/** `Deployment prod/web`, or `ClusterRole admin` for an object without a namespace. */
function resourceName(f: Finding): string {
  const name = f.name === '' ? '<unnamed>' : f.name;
  const kind = f.kind === '' ? '<no kind>' : f.kind;
  return escapeControlCharacters(f.namespace ? `${kind} ${f.namespace}/${name}` : `${kind} ${name}`);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const SEVERITY_WIDTH = Math.max(...(['error', 'warning', 'note'] as const).map((s) => s.length));

/**
 * C0 and C1 control characters, DEL, line/paragraph separators and bidirectional formatting
 * characters (the "Trojan Source" set).
 */
const UNSAFE = new RegExp('[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]', 'g');

/**
 * Escapes characters that would let text from an audited file control the terminal (control
 * characters and bidirectional overrides), for every place that prints manifest text.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

interface Style {
  readonly severity: (severity: Severity, text: string) => string;
  readonly heading: (text: string) => string;
  readonly resource: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly ok: (text: string) => string;
  readonly bad: (text: string) => string;
}

const identity = (text: string): string => text;

const PLAIN: Style = {
  severity: (_severity, text) => text,
  heading: identity,
  resource: identity,
  dim: identity,
  ok: identity,
  bad: identity,
};

const ESC = '\u001b[';
const sgr = (open: string, close: string) => (text: string): string => `${ESC}${open}m${text}${ESC}${close}m`;
const bold = sgr('1', '22');
const red = sgr('31', '39');
const yellow = sgr('33', '39');
const cyan = sgr('36', '39');
const green = sgr('32', '39');

const SEVERITY_COLOURS: Record<Severity, (text: string) => string> = {
  error: (text) => bold(red(text)),
  warning: yellow,
  note: cyan,
};

const COLOURS: Style = {
  severity: (severity, text) => (SEVERITY_COLOURS[severity] ?? identity)(text),
  heading: (text) => bold(text),
  resource: (text) => bold(text),
  dim: sgr('2', '22'),
  ok: green,
  bad: (text) => bold(red(text)),
};
