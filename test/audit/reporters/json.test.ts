import { emptyReport, finding, fullReport } from './fixtures';
import type { AuditReport, Finding } from '../../../lib/audit/report';
import { renderJson, toJsonReport } from '../../../lib/audit/reporters/json';

const FINDING_KEYS = [
  'ruleId', 'severity', 'message', 'file', 'line', 'documentIndex', 'apiVersion', 'kind',
  'namespace', 'name', 'field', 'remediation', 'references', 'suppression',
];

describe('renderJson', () => {
  test('top-level, summary, finding and error keys come in contract order', () => {
    const out = JSON.parse(renderJson(fullReport()));
    expect(Object.keys(out)).toEqual(['version', 'summary', 'findings', 'errors']);
    expect(out.version).toBe(1);
    expect(Object.keys(out.summary)).toEqual(['resources', 'findings', 'failing', 'suppressed']);
    for (const f of out.findings) expect(Object.keys(f)).toEqual(FINDING_KEYS);
    expect(Object.keys(out.errors[0])).toEqual(['file', 'line', 'message']);
    expect(Object.keys(out.errors[1])).toEqual(['file', 'message']);
  });

  test('key order holds even when the report objects list their fields in another order', () => {
    const f = finding();
    const shuffled = Object.fromEntries(Object.entries(f).reverse()) as unknown as Finding;
    const report: AuditReport = { ...emptyReport(1), summary: { suppressed: 0, failing: 1, findings: 1, resources: 1 }, findings: [shuffled] };
    const out = JSON.parse(renderJson(report));
    expect(Object.keys(out.summary)).toEqual(['resources', 'findings', 'failing', 'suppressed']);
    expect(Object.keys(out.findings[0])).toEqual(FINDING_KEYS);
  });

  test('writes exactly the contract fields, with 2-space indentation and a trailing newline', () => {
    const out = renderJson({ ...emptyReport(1), summary: { resources: 1, findings: 1, failing: 1, suppressed: 0 }, findings: [finding()] });
    expect(out).toBe(`{
  "version": 1,
  "summary": {
    "resources": 1,
    "findings": 1,
    "failing": 1,
    "suppressed": 0
  },
  "findings": [
    {
      "ruleId": "test.privileged",
      "severity": "error",
      "message": "container \\"web\\" runs privileged",
      "file": "deploy/app.yaml",
      "line": 20,
      "documentIndex": 0,
      "apiVersion": "apps/v1",
      "kind": "Deployment",
      "namespace": "prod",
      "name": "web",
      "field": "spec.template.spec.containers[0].securityContext.privileged",
      "remediation": "Set securityContext.privileged to false on container \\"web\\".",
      "references": [
        "PSS: Privileged Containers",
        "CIS: 5.2.2"
      ],
      "suppression": null
    }
  ],
  "errors": []
}
`);
  });

  test('does not leak fields outside the contract (standard, failOn, extra finding fields)', () => {
    const extra = { ...finding(), internalHandle: 7 } as Finding;
    const out = JSON.parse(renderJson({ ...emptyReport(1), findings: [extra] }));
    expect(out).not.toHaveProperty('standard');
    expect(out).not.toHaveProperty('failOn');
    expect(out.findings[0]).not.toHaveProperty('internalHandle');
  });

  test('suppression is null or {justification, until?}; namespace null stays null', () => {
    const out = JSON.parse(renderJson(fullReport()));
    expect(out.findings[0].suppression).toBeNull();
    expect(out.findings[2].suppression).toEqual({ justification: 'approved by security review SEC-42', until: '2030-01-01' });
    expect(Object.keys(out.findings[2].suppression)).toEqual(['justification', 'until']);
    expect(out.findings[3].suppression).toEqual({ justification: 'break-glass role' });
    expect(out.findings[3].namespace).toBeNull();
  });

  test('round-trips: parsing the output gives back the report, and rendering that again gives the same text', () => {
    const report = fullReport();
    const out = renderJson(report);
    const parsed = JSON.parse(out);
    expect(parsed).toEqual(toJsonReport(report));
    expect(parsed.findings).toEqual(report.findings);
    expect(parsed.errors).toEqual(report.errors);
    expect(parsed.summary).toEqual(report.summary);
    const again: AuditReport = { ...parsed, standard: report.standard, failOn: report.failOn };
    expect(renderJson(again)).toBe(out);
  });

  test('escapes control characters from the audited files', () => {
    const out = renderJson({ ...emptyReport(1), findings: [finding({ name: 'evil\u001b[2Jname\n' })] });
    expect(out).not.toContain('\u001b');
    expect(JSON.parse(out).findings[0].name).toBe('evil\u001b[2Jname\n');
  });

  test('an empty report has empty arrays', () => {
    expect(JSON.parse(renderJson(emptyReport()))).toEqual({
      version: 1,
      summary: { resources: 12, findings: 0, failing: 0, suppressed: 0 },
      findings: [],
      errors: [],
    });
  });
});
