import { GUIDANCE } from './guidance';
import { SECURE_NAMESPACE } from './implementations';
import type { AuditSetFacts, NamespaceFacts, ObjectRef, Reference, SetControl, SetViolation } from './types';

/**
 * Namespace controls, evaluated once over everything one audit loaded: a namespace is secured
 * by objects that sit next to the workloads (its labels, a ResourceQuota, a LimitRange,
 * NetworkPolicies), so no single object can be checked on its own.
 *
 * They apply to every Namespace DEFINED in the audited set that holds at least one workload. A
 * namespace that workloads use but the set does not define is reported once, as unverified
 * (`namespace.unverified`), and the other namespace controls stay silent about it: auditing an
 * application's manifests without the platform's namespace manifests must not flood the report.
 */

/** The Pod Security Admission modes, each with a level label and a version label. */
const PSA_MODES = ['enforce', 'audit', 'warn'] as const;

/** The Pod Security Admission label prefix. */
const PSA_PREFIX = 'pod-security.kubernetes.io/';

/** A pinned Pod Security version, as Pod Security Admission parses it (`v1.N`). */
const PINNED_VERSION = /^v1\.(0|[1-9][0-9]*)$/;

/** Namespaces the cluster itself creates; `namespace.unverified` does not ask for them. */
const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

const PSA_URL = 'https://kubernetes.io/docs/concepts/security/pod-security-admission/';

const REF = {
  psa: { source: 'Kubernetes', id: 'Pod Security Admission', url: PSA_URL },
  pssRestricted: { source: 'PSS', id: 'Restricted', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
  cisPolicyControl: { source: 'CIS', id: '5.2.1' },
  nsaPodSecurity: { source: 'NSA-CISA', id: 'Pod security enforcement' },
  quota: { source: 'Kubernetes', id: 'Resource Quotas', url: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/' },
  limitRange: { source: 'Kubernetes', id: 'Limit Ranges', url: 'https://kubernetes.io/docs/concepts/policy/limit-range/' },
  nsaResources: { source: 'NSA-CISA', id: 'Resource policies' },
  owaspResources: { source: 'OWASP', id: 'Limiting resource usage on a cluster', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Kubernetes_Security_Cheat_Sheet.html' },
  networkPolicies: { source: 'Kubernetes', id: 'Network Policies: default policies', url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies' },
  cisNetworkPolicies: { source: 'CIS', id: '5.3.2' },
  nsaNetworkPolicies: { source: 'NSA-CISA', id: 'Network policies' },
  nistNetwork: { source: 'NIST-800-190', id: '4.3.3' },
  nistSensitivity: { source: 'NIST-800-190', id: '4.3.4' },
} as const satisfies Record<string, Reference>;

/** `kind 'name'` of a referenced object, for messages. */
function describe(ref: ObjectRef): string {
  return `${ref.kind} '${ref.name}'`;
}

/** The defined namespaces that hold workloads, in the order the set defined them, with their first workload. */
function governedNamespaces(facts: AuditSetFacts): Array<[NamespaceFacts, string, ObjectRef]> {
  const out: Array<[NamespaceFacts, string, ObjectRef]> = [];
  for (const [name, namespace] of facts.namespaces) {
    const workload = facts.workloadNamespaces.get(name);
    if (workload) out.push([namespace, name, workload]);
  }
  return out;
}

/** The Pod Security label problems of one namespace. */
function podSecurityLabelViolations(namespace: NamespaceFacts, name: string): SetViolation[] {
  const out: SetViolation[] = [];
  const labels = namespace.labels;
  const at = (key: string): SetViolation['path'] => ['metadata', 'labels', key];
  for (const mode of PSA_MODES) {
    const levelKey = `${PSA_PREFIX}${mode}`;
    const level = labels[levelKey];
    if (level === undefined) {
      out.push({ object: namespace.ref, path: at(levelKey), message: `Namespace '${name}' has no label ${levelKey} (it must be 'restricted')` });
    } else if (level !== 'restricted') {
      out.push({ object: namespace.ref, path: at(levelKey), message: `Namespace '${name}' sets ${levelKey} to '${level}' instead of 'restricted'` });
    }
    const versionKey = `${PSA_PREFIX}${mode}-version`;
    const version = labels[versionKey];
    if (version === undefined) {
      out.push({ object: namespace.ref, path: at(versionKey), message: `Namespace '${name}' has no label ${versionKey}, so its ${mode} policy is not pinned to a version (it must be like 'v1.33')` });
    } else if (version === 'latest') {
      out.push({ object: namespace.ref, path: at(versionKey), message: `Namespace '${name}' sets ${versionKey} to 'latest' instead of a pinned version like 'v1.33'` });
    } else if (!PINNED_VERSION.test(version)) {
      out.push({ object: namespace.ref, path: at(versionKey), message: `Namespace '${name}' sets ${versionKey} to '${version}', which is not a Pod Security version like 'v1.33'` });
    }
  }
  return out;
}

/** Controls of the `namespace` domain. */
export const NAMESPACE_CONTROLS: readonly SetControl[] = [
  {
    id: 'namespace.pod-security-labels',
    scope: 'set',
    title: 'Namespaces that run workloads enforce, audit and warn the restricted Pod Security Standard at a pinned version',
    severity: 'error',
    guidance: [GUIDANCE.wPodSecurity, GUIDANCE.eCluster],
    checklist: ['W-07', 'E-13'],
    references: [REF.psa, REF.pssRestricted, REF.cisPolicyControl, REF.nsaPodSecurity],
    rationale:
      'Pod Security Admission enforces the Pod Security Standards in the API server, for every pod of the namespace, including pods created by hand or by tools this audit never sees; '
      + 'audit and warn make violations visible, and a pinned version keeps the policy from changing silently when the cluster is upgraded.',
    remediation:
      'Label the Namespace with `pod-security.kubernetes.io/enforce`, `/audit` and `/warn` set to `restricted`, and `/enforce-version`, `/audit-version` and `/warn-version` set to the '
      + 'cluster\'s Kubernetes minor version (for example `v1.33`); raise the versions deliberately after testing the workloads against the new release.',
    satisfiedBy: SECURE_NAMESPACE,
    check: (facts) => governedNamespaces(facts).flatMap(([namespace, name]) => podSecurityLabelViolations(namespace, name)),
  },
  {
    id: 'namespace.resource-quota',
    scope: 'set',
    title: 'Namespaces that run workloads have a ResourceQuota',
    severity: 'error',
    guidance: [GUIDANCE.wPodSecurity],
    checklist: ['W-11'],
    references: [REF.quota, REF.nsaResources, REF.owaspResources],
    rationale:
      'A ResourceQuota caps the CPU, memory and object counts a namespace can claim, so a compromised or misbehaving workload cannot starve the rest of the cluster (a denial of service).',
    remediation:
      'Add a ResourceQuota to the namespace that bounds at least `requests.cpu`, `requests.memory`, `limits.memory` and `pods`, sized for the workloads it runs.',
    satisfiedBy: SECURE_NAMESPACE,
    check: (facts) =>
      governedNamespaces(facts)
        .filter(([, name]) => !facts.quotaNamespaces.has(name))
        .map(([namespace, name, workload]) => ({
          object: namespace.ref,
          path: [],
          message: `Namespace '${name}' runs workloads (first: ${describe(workload)}) but has no ResourceQuota in the audited set`,
        })),
  },
  {
    id: 'namespace.limit-range',
    scope: 'set',
    title: 'Namespaces that run workloads have a LimitRange',
    severity: 'warning',
    guidance: [GUIDANCE.wPodSecurity],
    checklist: ['W-10', 'W-11'],
    references: [REF.limitRange, REF.nsaResources, REF.owaspResources],
    rationale:
      'A LimitRange gives containers that declare no memory limit or CPU request a default and bounds what one container may ask for, '
      + 'so a single pod cannot take the whole namespace quota and pods without resources are still scheduled sensibly.',
    remediation:
      'Add a LimitRange of `type: Container` to the namespace with `defaultRequest` for `cpu` and `memory`, a `default` memory limit (no default CPU limit) and a `max` memory.',
    satisfiedBy: SECURE_NAMESPACE,
    check: (facts) =>
      governedNamespaces(facts)
        .filter(([, name]) => !facts.limitRangeNamespaces.has(name))
        .map(([namespace, name, workload]) => ({
          object: namespace.ref,
          path: [],
          message: `Namespace '${name}' runs workloads (first: ${describe(workload)}) but has no LimitRange in the audited set`,
        })),
  },
  {
    id: 'namespace.default-deny',
    scope: 'set',
    title: 'Namespaces that run workloads deny all ingress and egress by default with NetworkPolicies',
    severity: 'error',
    guidance: [GUIDANCE.wAuthorization, GUIDANCE.eCluster, GUIDANCE.eApplication],
    checklist: ['W-24', 'E-11', 'E-23'],
    references: [REF.networkPolicies, REF.cisNetworkPolicies, REF.nsaNetworkPolicies, REF.nistNetwork, REF.nistSensitivity],
    rationale:
      'Without a NetworkPolicy that selects every pod, pods accept traffic from anywhere in the cluster and may send traffic anywhere, including the internet; '
      + 'a default deny in both directions limits a compromised pod to the connections other policies explicitly allow.',
    remediation:
      'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` and no rules to the namespace, then add policies that allow exactly the traffic each workload needs '
      + '(including DNS egress to kube-system); the cluster\'s network plugin must enforce NetworkPolicies.',
    satisfiedBy: SECURE_NAMESPACE,
    check: (facts) => {
      const out: SetViolation[] = [];
      for (const [namespace, name] of governedNamespaces(facts)) {
        const policies = (facts.networkPolicies.get(name) ?? []).filter((p) => p.selectsAllPods);
        const ingress = policies.some((p) => p.deniesAllIngress);
        const egress = policies.some((p) => p.deniesAllEgress);
        if (ingress && egress) continue;
        const missing = !ingress && !egress ? 'ingress and all egress' : ingress ? 'egress' : 'ingress';
        out.push({
          object: namespace.ref,
          path: [],
          message: `Namespace '${name}' has no NetworkPolicy in the audited set that selects all pods and denies all ${missing} by default`,
        });
      }
      return out;
    },
  },
  {
    id: 'namespace.unverified',
    scope: 'set',
    title: 'Namespaces that workloads use are defined in the audited set',
    severity: 'warning',
    guidance: [GUIDANCE.wPodSecurity, GUIDANCE.wAuthorization],
    checklist: [],
    references: [REF.psa, REF.networkPolicies],
    rationale:
      'The namespace controls (Pod Security labels, ResourceQuota, LimitRange, default-deny NetworkPolicies) can only be checked against a Namespace the audit sees; '
      + 'without it the report cannot say whether those protections exist, so it says so once per namespace instead of passing silently.',
    remediation:
      'Audit the Namespace manifest together with the workloads (with its ResourceQuota, LimitRange and NetworkPolicies), or, if the namespace is governed elsewhere, '
      + 'suppress this finding on the workload with `suppress.kubeward.io/namespace.unverified` and a justification naming where.',
    satisfiedBy: [],
    check: (facts) => {
      const out: SetViolation[] = [];
      for (const [name, workload] of facts.workloadNamespaces) {
        if (facts.namespaces.has(name) || SYSTEM_NAMESPACES.has(name)) continue;
        const where = workload.namespace === undefined || workload.namespace === ''
          ? `${describe(workload)} has no namespace and so runs in 'default', which the audited set does not define`
          : `Namespace '${name}' (used by ${describe(workload)}) is not defined in the audited set`;
        out.push({
          object: workload,
          path: ['metadata', 'namespace'],
          message: `${where}, so its Pod Security labels, ResourceQuota, LimitRange and default-deny NetworkPolicies could not be verified`,
        });
      }
      return out;
    },
  },
];
