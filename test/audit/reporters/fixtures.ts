import type { AuditReport, Finding } from '../../../lib/audit/report';
import type { ControlInfo } from '../../../lib/controls/types';

/** A finding with defaults; rule ids are made up (the catalogue need not know them). */
export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'test.privileged',
    severity: 'error',
    message: 'container "web" runs privileged',
    file: 'deploy/app.yaml',
    line: 20,
    documentIndex: 0,
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: 'prod',
    name: 'web',
    field: 'spec.template.spec.containers[0].securityContext.privileged',
    remediation: 'Set securityContext.privileged to false on container "web".',
    references: ['PSS: Privileged Containers', 'CIS: 5.2.2'],
    suppression: null,
    ...overrides,
  };
}

/** A report with findings in two files, suppressed findings (one time-bound) and input errors. */
export function fullReport(): AuditReport {
  return {
    version: 1,
    standard: 'kubeward',
    failOn: 'error',
    summary: { resources: 5, findings: 5, failing: 2, suppressed: 2 },
    findings: [
      finding(),
      finding({
        ruleId: 'test.run-as-non-root',
        severity: 'warning',
        line: 24,
        message: 'container "web" may run as root',
        field: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
        remediation: 'Set securityContext.runAsNonRoot to true.',
        references: ['PSS: Running as Non-root'],
      }),
      finding({
        ruleId: 'test.service-type',
        severity: 'note',
        line: 40,
        documentIndex: 1,
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web-svc',
        message: 'Service "web-svc" is of type LoadBalancer',
        field: 'spec.type',
        remediation: 'Use an internal load balancer.',
        references: [],
        suppression: { justification: 'approved by security review SEC-42', until: '2030-01-01' },
      }),
      finding({
        ruleId: 'zzz.not-in-catalogue',
        severity: 'error',
        file: 'rbac/role.yaml',
        line: 5,
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        namespace: null,
        name: 'admin-all',
        message: 'ClusterRole "admin-all" grants * on *',
        field: 'rules[0].verbs',
        remediation: 'List the verbs and resources the role needs.',
        references: ['CIS: 5.1.3'],
        suppression: { justification: 'break-glass role' },
      }),
      finding({
        file: 'dir with space/pod #1.yaml',
        line: 3,
        kind: 'Pod',
        apiVersion: 'v1',
        namespace: 'default',
        name: 'p',
        field: 'spec.containers[0].securityContext.privileged',
      }),
    ],
    errors: [
      { file: 'bad.yaml', line: 3, message: 'YAML syntax error: bad indentation of a mapping entry' },
      { file: 'big.json', message: 'file is larger than the 10 MiB limit' },
    ],
  };
}

/** A report without findings or errors. */
export function emptyReport(resources = 12): AuditReport {
  return {
    version: 1,
    standard: 'pss-restricted',
    failOn: 'error',
    summary: { resources, findings: 0, failing: 0, suppressed: 0 },
    findings: [],
    errors: [],
  };
}

/** A stand-in catalogue entry for `test.privileged`. */
export const PRIVILEGED_CONTROL: ControlInfo = {
  id: 'test.privileged',
  title: 'Containers do not run privileged',
  severity: 'error',
  guidance: [],
  checklist: ['W-07'],
  references: [
    { source: 'PSS', id: 'Privileged Containers', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
    { source: 'CIS', id: '5.2.2' },
  ],
  rationale: 'A privileged container has all capabilities of the host.',
  remediation: 'Set securityContext.privileged to false or remove it.',
  satisfiedBy: [],
};
