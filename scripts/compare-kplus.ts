/**
 * Audits a plain cdk8s-plus-28 Deployment and a HardenedDeployment of the same image and port,
 * each in a SecureNamespace (so the namespace controls pass for both), and prints a markdown
 * table: control id, severity, the plain Deployment's result, the HardenedDeployment's result.
 * The table in docs/hardened-workloads.md is this script's output.
 *
 * Run from the repository root:
 *
 *     npx ts-node --transpile-only scripts/compare-kplus.ts
 */
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Finding } from '../lib/audit/report';
import { CATALOGUE } from '../lib/controls/catalogue';
import { HardenedDeployment } from '../lib/k8s/hardened-workloads';
import { SecureNamespace } from '../lib/k8s/secure-namespace';
import { auditChart } from '../lib/k8s/validation';

/** The image of both Deployments: pinned by digest, from an Azure Container Registry. */
const IMAGE = `contoso.azurecr.io/shop/api@sha256:${'0123456789abcdef'.repeat(4)}`;
/** The container port of both Deployments. */
const PORT = 8080;
/** The audit date, fixed so the output does not change from day to day. */
const NOW = '2026-01-01';

/** What one side of the comparison produced: its findings and the kinds it synthesised. */
interface Side {
  readonly findings: readonly Finding[];
  readonly kinds: ReadonlySet<string>;
}

/** A chart with a SecureNamespace `shop` and, inside it, the Deployment `build` adds. */
function audit(build: (ns: SecureNamespace) => void): Side {
  const app = new App();
  const chart = new Chart(app, 'compare');
  const ns = new SecureNamespace(chart, 'shop', { name: 'shop' });
  build(ns);
  const report = auditChart(chart, { now: NOW });
  const kinds = new Set(chart.node.findAll().filter((c) => ApiObject.isApiObject(c)).map((o) => (o as ApiObject).kind));
  return { findings: report.findings, kinds };
}

const plain = audit((ns) => {
  new kplus.Deployment(ns, 'api', { metadata: { namespace: ns.name }, containers: [{ image: IMAGE, portNumber: PORT }] });
});
const hardened = audit((ns) => {
  new HardenedDeployment(ns, 'api', { image: IMAGE, port: PORT });
});

/** One cell: `pass`, `n/a` (nothing the control applies to), or the findings with their fields. */
function cell(side: Side, control: (typeof CATALOGUE)[number]): string {
  const findings = side.findings.filter((f) => f.ruleId === control.id);
  if (findings.length === 0) {
    const applies = control.scope === 'object' ? control.kinds.some((k) => side.kinds.has(k)) : control.scope !== 'meta';
    return applies ? 'pass' : 'n/a';
  }
  const suppressed = findings.every((f) => f.suppression);
  const fields = [...new Set(findings.map((f) => `${f.kind} \`${f.field || '(object)'}\``))];
  const shown = fields.slice(0, 3).join(', ') + (fields.length > 3 ? `, and ${fields.length - 3} more` : '');
  return `${suppressed ? 'suppressed' : '**fail**'}: ${shown}`;
}

const rows = CATALOGUE.map((c) => ({ control: c, plain: cell(plain, c), hardened: cell(hardened, c) }))
  .filter((r) => r.plain !== 'n/a' || r.hardened !== 'n/a');
const failing = (side: Side, severity: string): number =>
  new Set(side.findings.filter((f) => !f.suppression && f.severity === severity).map((f) => f.ruleId)).size;

const out: string[] = [];
out.push('| control | severity | plain `kplus.Deployment` | `HardenedDeployment` |');
out.push('|---|---|---|---|');
for (const r of rows) out.push(`| \`${r.control.id}\` | ${r.control.severity} | ${r.plain} | ${r.hardened} |`);
out.push('');
for (const [name, side] of [['plain kplus.Deployment', plain], ['HardenedDeployment', hardened]] as const) {
  out.push(`- ${name}: ${failing(side, 'error')} error, ${failing(side, 'warning')} warning and ${failing(side, 'note')} note controls failed `
    + `(${side.findings.filter((f) => !f.suppression).length} findings); objects: ${[...side.kinds].sort().join(', ')}.`);
}
const omitted = CATALOGUE.length - rows.length;
out.push(`- ${omitted} controls apply to neither (no Service, Role or binding, no suppression annotation): ${CATALOGUE.filter((c) => !rows.some((r) => r.control === c)).map((c) => `\`${c.id}\``).join(', ')}.`);
process.stdout.write(`${out.join('\n')}\n`);
