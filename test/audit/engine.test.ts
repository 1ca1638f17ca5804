import { Auditor, auditTexts } from '../../lib/audit/engine';
import { controlsFor } from '../../lib/controls/catalogue';

const NOW = '2026-06-01';

function pod(extraMeta = '', extraSpec = '', container = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
${extraMeta}spec:
${extraSpec}  containers:
    - name: app
      image: mcr.microsoft.com/app:1
      securityContext:
        privileged: true
${container}`;
}

const ids = (report: { findings: readonly { ruleId: string }[] }): string[] => report.findings.map((f) => f.ruleId);

describe('Auditor', () => {
  test('reports a finding with file, line, document index, object identity and field', () => {
    const report = auditTexts({ 'a.yaml': `---\n${pod()}` }, { now: NOW });
    const f = report.findings.find((x) => x.ruleId === 'pss.privileged')!;
    expect(f).toMatchObject({
      file: 'a.yaml',
      line: 12,
      documentIndex: 0,
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'shop',
      name: 'web',
      field: 'spec.containers[0].securityContext.privileged',
      severity: 'error',
      suppression: null,
    });
    expect(f.remediation.length).toBeGreaterThan(10);
    expect(f.references.some((r) => r.startsWith('PSS: '))).toBe(true);
  });

  test('counts every object, List items included, and prefixes List item fields', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {hostPID: true, containers: [{name: c, image: x}]}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n';
    const report = auditTexts({ 'l.yaml': list }, { now: NOW });
    expect(report.summary.resources).toBe(2);
    const f = report.findings.find((x) => x.ruleId === 'pss.host-namespaces')!;
    expect(f.field).toBe('items[0].spec.hostPID');
    expect(f.line).toBe(7);
  });

  test('--standard pss-baseline evaluates exactly the baseline PSS controls', () => {
    const baseline = new Set(controlsFor('pss-baseline').map((c) => c.id));
    const report = auditTexts({ 'a.yaml': pod() }, { standard: 'pss-baseline', now: NOW });
    expect(ids(report)).toContain('pss.privileged');
    expect(ids(report).every((id) => baseline.has(id))).toBe(true);
    const restricted = auditTexts({ 'a.yaml': pod() }, { standard: 'pss-restricted', now: NOW });
    expect(ids(restricted)).toContain('pss.run-as-non-root');
    expect(ids(restricted).every((id) => id.startsWith('pss.'))).toBe(true);
  });

  test('a suppression annotation with a justification suppresses exactly its rule', () => {
    const meta = '  annotations:\n    suppress.kubeward.io/pss.privileged: "CNI agent must configure host networking; reviewed by SEC-123"\n';
    const report = auditTexts({ 'a.yaml': pod(meta) }, { now: NOW });
    const privileged = report.findings.find((x) => x.ruleId === 'pss.privileged')!;
    expect(privileged.suppression).toEqual({ justification: 'CNI agent must configure host networking; reviewed by SEC-123' });
    expect(report.summary.suppressed).toBe(1);
    expect(report.findings.filter((x) => x.suppression).map((x) => x.ruleId)).toEqual(['pss.privileged']);
    expect(report.summary.failing).toBe(report.findings.filter((x) => !x.suppression && x.severity === 'error').length);
  });

  test('a suppression on the pod template applies to the workload', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: shop}
spec:
  template:
    metadata:
      annotations:
        suppress.kubeward.io/pss.host-namespaces: "node exporter reads host network statistics"
    spec:
      hostNetwork: true
      containers: [{name: c, image: x}]
`;
    const f = auditTexts({ 'd.yaml': deployment }, { now: NOW }).findings.find((x) => x.ruleId === 'pss.host-namespaces')!;
    expect(f.suppression?.justification).toBe('node exporter reads host network statistics');
  });

  test('an empty or placeholder justification does not suppress and is itself a finding', () => {
    for (const value of ['""', 'n/a', 'todo']) {
      const report = auditTexts({ 'a.yaml': pod(`  annotations:\n    suppress.kubeward.io/pss.privileged: ${value}\n`) }, { now: NOW });
      expect(report.findings.find((x) => x.ruleId === 'pss.privileged')!.suppression).toBeNull();
      const meta = report.findings.find((x) => x.ruleId === 'suppression.empty-justification')!;
      expect(meta.field).toBe('metadata.annotations["suppress.kubeward.io/pss.privileged"]');
      expect(meta.severity).toBe('error');
    }
  });

  test('a suppression past its end date counts again and says it expired; the clock is an input', () => {
    const meta = '  annotations:\n    suppress.kubeward.io/pss.privileged: "temporary exception while migrating to the CSI driver"\n    suppress-until.kubeward.io/pss.privileged: "2026-03-31"\n';
    const before = auditTexts({ 'a.yaml': pod(meta) }, { now: '2026-03-31' });
    expect(before.findings.find((x) => x.ruleId === 'pss.privileged')!.suppression).toEqual({
      justification: 'temporary exception while migrating to the CSI driver', until: '2026-03-31',
    });
    expect(ids(before)).not.toContain('suppression.expired');
    const after = auditTexts({ 'a.yaml': pod(meta) }, { now: '2026-04-01' });
    const finding = after.findings.find((x) => x.ruleId === 'pss.privileged')!;
    expect(finding.suppression).toBeNull();
    expect(finding.message).toMatch(/suppression expired on 2026-03-31/);
    const expired = after.findings.find((x) => x.ruleId === 'suppression.expired')!;
    expect(expired.field).toBe('metadata.annotations["suppress-until.kubeward.io/pss.privileged"]');
  });

  test('an unreadable end date and an unknown rule are findings', () => {
    const meta = '  annotations:\n    suppress.kubeward.io/pss.privileged: "needed by the storage driver on Azure Local"\n    suppress-until.kubeward.io/pss.privileged: "next spring"\n    suppress.kubeward.io/pss.privilegd: "typo in the rule id of this suppression"\n';
    const report = auditTexts({ 'a.yaml': pod(meta) }, { now: NOW });
    expect(ids(report)).toEqual(expect.arrayContaining(['suppression.invalid-expiry', 'suppression.unknown-rule']));
    expect(report.findings.find((x) => x.ruleId === 'pss.privileged')!.suppression).toBeNull();
  });

  test('documents that are not Kubernetes objects are input errors; the rest is still audited', () => {
    const auditor = new Auditor({ now: NOW });
    auditor.addText('bad.yaml', 'foo: bar\n---\n- a\n- b\n');
    auditor.addText('good.yaml', pod());
    const report = auditor.finish();
    expect(report.errors).toEqual([
      { file: 'bad.yaml', line: 1, message: 'document 1 has no apiVersion or kind: not a Kubernetes object (and 1 more in this file)' },
    ]);
    expect(report.findings.some((f) => f.file === 'good.yaml')).toBe(true);
  });

  test('syntax errors and binary content are input errors naming the line', () => {
    const report = auditTexts({ 'x.yaml': 'a: b\nc: [\n', 'bin.yaml': 'abc\u0000\u0001' }, { now: NOW });
    expect(report.errors[0]).toMatchObject({ file: 'x.yaml', line: expect.any(Number) });
    expect(report.errors[0].message).toMatch(/^YAML syntax error: /);
    expect(report.errors[1]).toMatchObject({ file: 'bin.yaml', message: expect.stringMatching(/binary/) });
  });

  test('failOn sets what counts as failing', () => {
    const text = { 'a.yaml': pod() };
    const errorCount = auditTexts(text, { now: NOW, failOn: 'error' }).summary.failing;
    const warningCount = auditTexts(text, { now: NOW, failOn: 'warning' }).summary.failing;
    const noteCount = auditTexts(text, { now: NOW, failOn: 'note' }).summary.failing;
    expect(errorCount).toBeGreaterThan(0);
    expect(warningCount).toBeGreaterThan(errorCount);
    expect(noteCount).toBeGreaterThanOrEqual(warningCount);
    expect(auditTexts(text, { now: NOW, failOn: 'none' }).summary.failing).toBe(0);
  });

  test('the same input gives the same report', () => {
    const text = { 'a.yaml': pod(), 'b.yaml': pod('', '  hostPID: true\n') };
    expect(JSON.stringify(auditTexts(text, { now: NOW }))).toBe(JSON.stringify(auditTexts(text, { now: NOW })));
  });

  test('allowed registries come from the options', () => {
    const text = { 'a.yaml': pod() };
    expect(ids(auditTexts(text, { now: NOW }))).not.toContain('image.allowed-registry');
    expect(ids(auditTexts(text, { now: NOW, allowedRegistries: ['contoso.azurecr.io'] }))).toContain('image.allowed-registry');
  });

  test('addObjects audits parsed objects (synth-time validation)', () => {
    const auditor = new Auditor({ now: NOW });
    auditor.addObjects('chart', [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostIPC: true, containers: [] } }]);
    expect(ids(auditor.finish())).toContain('pss.host-namespaces');
  });

  test('an auditor cannot be reused after finish', () => {
    const auditor = new Auditor({ now: NOW });
    auditor.finish();
    expect(() => auditor.addText('a.yaml', pod())).toThrow(/finished/);
  });
});
