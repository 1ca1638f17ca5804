import '@microsoft/jest-sarif';
import { emptyReport, finding, fullReport, PRIVILEGED_CONTROL } from './fixtures';
import type { AuditReport } from '../../../lib/audit/report';
import { KUBEWARD_INFORMATION_URI, renderSarif } from '../../../lib/audit/reporters/sarif';


const OPTIONS = {
  toolVersion: '1.2.3',
  findControl: (id: string) => (id === PRIVILEGED_CONTROL.id ? PRIVILEGED_CONTROL : undefined),
};

function sarifOf(report: AuditReport, options = OPTIONS): any {
  return JSON.parse(renderSarif(report, options));
}

describe('renderSarif: schema', () => {
  test('the validator rejects invalid logs (negative control)', () => {
    const valid = sarifOf(fullReport());
    expect(valid).toBeValidSarifLog();

    const badLevel = sarifOf(fullReport());
    badLevel.runs[0].results[0].level = 'fatal';
    expect(badLevel).not.toBeValidSarifLog();
    expect(() => expect(badLevel).toBeValidSarifLog()).toThrow();

    const noDriverName = sarifOf(fullReport());
    delete noDriverName.runs[0].tool.driver.name;
    expect(noDriverName).not.toBeValidSarifLog();

    const badSuppression = sarifOf(fullReport());
    badSuppression.runs[0].results[2].suppressions[0].kind = 'annotation';
    expect(badSuppression).not.toBeValidSarifLog();

    const lineZero = sarifOf(fullReport());
    lineZero.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(lineZero).not.toBeValidSarifLog();

    expect({ version: '2.1.0' }).not.toBeValidSarifLog();
  });

  test.each<[string, AuditReport]>([
    ['findings, suppressions and errors', fullReport()],
    ['zero findings', emptyReport()],
    ['errors only', { ...emptyReport(0), errors: [{ file: 'x.yaml', line: 1, message: 'not YAML' }, { file: '-', message: 'empty input' }] }],
    ['suppressed findings only', {
      ...emptyReport(1),
      summary: { resources: 1, findings: 1, failing: 0, suppressed: 1 },
      findings: [finding({ suppression: { justification: 'accepted', until: '2030-01-01' } })],
    }],
  ])('%s: the output is a valid SARIF 2.1.0 log', (_name, report) => {
    expect(sarifOf(report)).toBeValidSarifLog();
    // Also with the real catalogue, which does not know these made-up rule ids.
    expect(JSON.parse(renderSarif(report, { toolVersion: '0.0.0' }))).toBeValidSarifLog();
  });
});

describe('renderSarif: content', () => {
  test('one run, tool driver kubeward with version and information URI, no timestamps', () => {
    const out = renderSarif(fullReport(), OPTIONS);
    const log = JSON.parse(out);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].tool.driver).toMatchObject({ name: 'kubeward', version: '1.2.3', informationUri: KUBEWARD_INFORMATION_URI });
    expect(out).not.toMatch(/TimeUtc/);
    expect(out.endsWith('}\n')).toBe(true);
    expect(renderSarif(fullReport(), OPTIONS)).toBe(out);
  });

  test('rules: one per rule id in the findings, described from the catalogue', () => {
    const rules = sarifOf(fullReport()).runs[0].tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual(['test.privileged', 'test.run-as-non-root', 'test.service-type', 'zzz.not-in-catalogue']);
    expect(rules[0]).toEqual({
      id: 'test.privileged',
      name: 'TestPrivileged',
      shortDescription: { text: 'Containers do not run privileged' },
      fullDescription: { text: 'A privileged container has all capabilities of the host.' },
      help: {
        text: 'Set securityContext.privileged to false or remove it.',
        markdown: [
          'Set securityContext.privileged to false or remove it.',
          '',
          'References:',
          '',
          '- [PSS: Privileged Containers](https://kubernetes.io/docs/concepts/security/pod-security-standards/)',
          '- CIS: 5.2.2',
        ].join('\n'),
      },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'kubernetes', 'PSS: Privileged Containers', 'CIS: 5.2.2'], checklist: ['W-07'] },
    });
  });

  test('rules the catalogue does not know are described from their findings', () => {
    const rules = sarifOf(fullReport()).runs[0].tool.driver.rules;
    const unknown = rules.find((r: any) => r.id === 'zzz.not-in-catalogue');
    expect(unknown).toMatchObject({
      name: 'ZzzNotInCatalogue',
      shortDescription: { text: 'kubeward rule zzz.not-in-catalogue' },
      help: { text: 'List the verbs and resources the role needs.' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'kubernetes', 'CIS: 5.1.3'] },
    });
    const note = rules.find((r: any) => r.id === 'test.service-type');
    expect(note.defaultConfiguration.level).toBe('note');
    expect(rules.find((r: any) => r.id === 'test.run-as-non-root').defaultConfiguration.level).toBe('warning');
  });

  test('results: rule id and index, level, message, file and line, the object as logical location', () => {
    const log = sarifOf(fullReport());
    const { results, tool } = log.runs[0];
    expect(results).toHaveLength(5);
    for (const r of results) expect(tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(results[0]).toEqual({
      ruleId: 'test.privileged',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'container "web" runs privileged' },
      locations: [{
        physicalLocation: { artifactLocation: { uri: 'deploy/app.yaml' }, region: { startLine: 20 } },
        logicalLocations: [{ name: 'web', fullyQualifiedName: 'Deployment/prod/web', kind: 'resource' }],
      }],
      properties: { field: 'spec.template.spec.containers[0].securityContext.privileged', documentIndex: 0, apiVersion: 'apps/v1' },
    });
    expect(results[1].level).toBe('warning');
    expect(results[2].level).toBe('note');
    expect(results[3].locations[0].logicalLocations[0].fullyQualifiedName).toBe('ClusterRole/admin-all');
    expect(results[4].locations[0].physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/pod%20%231.yaml');
    expect(results[0]).not.toHaveProperty('suppressions');
  });

  test('suppressed findings carry an inSource suppression with the justification', () => {
    const results = sarifOf(fullReport()).runs[0].results;
    expect(results[2].suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'approved by security review SEC-42', properties: { until: '2030-01-01' } },
    ]);
    expect(results[3].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'break-glass role' }]);
  });

  test('input errors are error notifications of an unsuccessful invocation', () => {
    const run = sarifOf(fullReport()).runs[0];
    expect(run.invocations).toEqual([{
      executionSuccessful: false,
      toolExecutionNotifications: [
        {
          level: 'error',
          message: { text: 'YAML syntax error: bad indentation of a mapping entry' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'bad.yaml' }, region: { startLine: 3 } } }],
        },
        {
          level: 'error',
          message: { text: 'file is larger than the 10 MiB limit' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'big.json' } } }],
        },
      ],
    }]);
  });

  test('zero findings: empty rules and results, successful invocation', () => {
    const run = sarifOf(emptyReport()).runs[0];
    expect(run.tool.driver.rules).toEqual([]);
    expect(run.results).toEqual([]);
    expect(run.invocations).toEqual([{ executionSuccessful: true }]);
  });

  test('file URIs: forward slashes, relative stays relative, absolute paths become file URIs', () => {
    const uriOf = (file: string) =>
      sarifOf({ ...emptyReport(1), findings: [finding({ file })] }).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    expect(uriOf('manifests\\prod\\app.yaml')).toBe('manifests/prod/app.yaml');
    expect(uriOf('./a/b.yml')).toBe('./a/b.yml');
    expect(uriOf('../x/100%.yaml')).toBe('../x/100%25.yaml');
    expect(uriOf('a:b/c.yaml')).toBe('a%3Ab/c.yaml');
    expect(uriOf('/srv/k8s/app.yaml')).toBe('file:///srv/k8s/app.yaml');
    expect(uriOf('C:\\k8s\\app.yaml')).toBe('file:///C:/k8s/app.yaml');
    expect(uriOf('dé/ü.yaml')).toBe('d%C3%A9/%C3%BC.yaml');
    expect(uriOf('-')).toBe('-');
  });

  test('a line below 1 is reported as line 1', () => {
    const r = sarifOf({ ...emptyReport(1), findings: [finding({ line: 0 })] }).runs[0].results[0];
    expect(r.locations[0].physicalLocation.region.startLine).toBe(1);
  });
});
