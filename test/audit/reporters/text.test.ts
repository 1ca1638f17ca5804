import { emptyReport, finding, fullReport } from './fixtures';
import type { AuditReport } from '../../../lib/audit/report';
import { renderText } from '../../../lib/audit/reporters/text';

const ESC = '\u001b';
const OFF = { color: false };
const ON = { color: true };

describe('renderText', () => {
  test('groups findings by file, then resource, one line per finding with an indented fix', () => {
    const out = renderText(fullReport(), OFF);
    expect(out).toContain([
      'deploy/app.yaml',
      '  Deployment prod/web',
      '    deploy/app.yaml:20  error    test.privileged  spec.template.spec.containers[0].securityContext.privileged  container "web" runs privileged',
      '      fix: Set securityContext.privileged to false on container "web".',
      '    deploy/app.yaml:24  warning  test.run-as-non-root  spec.template.spec.containers[0].securityContext.runAsNonRoot  container "web" may run as root',
      '      fix: Set securityContext.runAsNonRoot to true.',
      '',
      'dir with space/pod #1.yaml',
      '  Pod default/p',
      '    dir with space/pod #1.yaml:3  error    test.privileged  spec.containers[0].securityContext.privileged  container "web" runs privileged',
    ].join('\n'));
  });

  test('shows suppressed findings separately with their justification, and no fix line', () => {
    const out = renderText(fullReport(), OFF);
    const [active, rest] = out.split('Suppressed findings\n');
    expect(active).not.toContain('test.service-type');
    expect(active).not.toContain('zzz.not-in-catalogue');
    expect(rest).toContain([
      'deploy/app.yaml',
      '  Service prod/web-svc',
      '    deploy/app.yaml:40  note     test.service-type  spec.type  Service "web-svc" is of type LoadBalancer',
      '      suppressed: approved by security review SEC-42 (until 2030-01-01)',
      '',
      'rbac/role.yaml',
      '  ClusterRole admin-all',
      '    rbac/role.yaml:5  error    zzz.not-in-catalogue  rules[0].verbs  ClusterRole "admin-all" grants * on *',
      '      suppressed: break-glass role',
    ].join('\n'));
    expect(rest).not.toContain('fix:');
  });

  test('lists input errors and ends with the summary line', () => {
    const out = renderText(fullReport(), OFF);
    expect(out).toContain([
      'Inputs that could not be audited',
      '  bad.yaml:3  error  YAML syntax error: bad indentation of a mapping entry',
      '  big.json  error  file is larger than the 10 MiB limit',
    ].join('\n'));
    expect(out.endsWith('\n5 resources, 5 findings (2 failing at error or above, 2 suppressed), 2 inputs could not be audited\n')).toBe(true);
  });

  test('says so when there are no findings', () => {
    expect(renderText(emptyReport(), OFF)).toBe('No findings.\n\n12 resources, 0 findings (0 failing at error or above, 0 suppressed)\n');
  });

  test('says so when every finding is suppressed', () => {
    const report: AuditReport = {
      ...emptyReport(1),
      summary: { resources: 1, findings: 1, failing: 0, suppressed: 1 },
      findings: [finding({ suppression: { justification: 'accepted risk' } })],
    };
    const out = renderText(report, OFF);
    expect(out.startsWith('No unsuppressed findings.\n')).toBe(true);
    expect(out).toContain('suppressed: accepted risk');
    expect(out.endsWith('1 resource, 1 finding (0 failing at error or above, 1 suppressed)\n')).toBe(true);
  });

  test('the summary names the fail-on threshold, or says fail-on none', () => {
    const base = fullReport();
    expect(renderText({ ...base, failOn: 'warning' }, OFF)).toContain('(2 failing at warning or above, 2 suppressed)');
    expect(renderText({ ...base, failOn: 'none', summary: { ...base.summary, failing: 0 } }, OFF))
      .toContain('(0 failing with fail-on none, 2 suppressed)');
  });

  test('without colour there is no escape code at all', () => {
    expect(renderText(fullReport(), OFF)).not.toContain(ESC);
    expect(renderText(emptyReport(), OFF)).not.toContain(ESC);
  });

  test('with colour, severities are coloured (error red, warning yellow, note cyan)', () => {
    const out = renderText(fullReport(), ON);
    expect(out).toContain(`${ESC}[1m${ESC}[31merror  ${ESC}[39m${ESC}[22m`);
    expect(out).toContain(`${ESC}[33mwarning${ESC}[39m`);
    expect(out).toContain(`${ESC}[36mnote   ${ESC}[39m`);
  });

  test('colour changes nothing but the escape codes', () => {
    const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
    expect(strip(renderText(fullReport(), ON))).toBe(renderText(fullReport(), OFF));
    expect(strip(renderText(emptyReport(), ON))).toBe(renderText(emptyReport(), OFF));
  });

  test('escapes control and bidi characters that come from the audited files', () => {
    const report: AuditReport = {
      ...emptyReport(1),
      findings: [finding({ name: 'x\u001b]0;pwned\u0007', message: 'line one\nline two', namespace: 'a\u202eb' })],
      errors: [{ file: 'e\u001b[2J.yaml', message: 'bad\r' }],
    };
    for (const options of [ON, OFF]) {
      const out = renderText(report, options).replace(/\u001b\[[0-9;]*m/g, '');
      expect(out).not.toContain(ESC);
      expect(out).not.toContain('\u0007');
      expect(out).not.toContain('\u202e');
      expect(out).not.toContain('\r');
      expect(out).toContain('Deployment a\\u202eb/x\\x1b]0;pwned\\x07');
      expect(out).toContain('line one\\x0aline two');
      expect(out).toContain('e\\x1b[2J.yaml');
    }
  });

  test('names objects without a name or kind', () => {
    const out = renderText({ ...emptyReport(1), findings: [finding({ name: '', kind: '', namespace: null })] }, OFF);
    expect(out).toContain('\n  <no kind> <unnamed>\n');
  });

  test('List items in one document are separate resources', () => {
    const out = renderText({
      ...emptyReport(2),
      findings: [finding({ name: 'a', line: 5 }), finding({ name: 'b', line: 30 })],
    }, OFF);
    expect(out).toContain('  Deployment prod/a\n');
    expect(out).toContain('  Deployment prod/b\n');
  });

  test('is deterministic', () => {
    expect(renderText(fullReport(), ON)).toBe(renderText(fullReport(), ON));
  });
});
