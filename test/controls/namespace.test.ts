import * as jsyaml from 'js-yaml';
import { SetFactsCollector } from '../../lib/audit/set-facts';
import { formatPath } from '../../lib/audit/workload';
import { NAMESPACE_CONTROLS } from '../../lib/controls/namespace';
import type { AuditSetFacts, SetControl, SetViolation } from '../../lib/controls/types';
import { kubeObject, TEST_CONTEXT } from '../helpers';

/** Builds the set facts from a multi-document YAML string, handle = document index. */
function facts(yaml: string): AuditSetFacts {
  const collector = new SetFactsCollector();
  jsyaml.loadAll(yaml).forEach((doc, handle) => {
    const o = kubeObject(doc as Record<string, any>);
    collector.add(o, { apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace, handle });
  });
  return collector.facts();
}

function control(id: string): SetControl {
  const found = NAMESPACE_CONTROLS.find((c) => c.id === id);
  if (!found) throw new Error(`no control ${id}`);
  return found;
}

/** Runs a set control over a YAML set. */
function run(id: string, yaml: string): readonly SetViolation[] {
  return control(id).check(facts(yaml), TEST_CONTEXT);
}

/** `kind/name field` per violation, to assert object and formatted path at once. */
function where(found: readonly SetViolation[]): string[] {
  return found.map((v) => `${v.object.kind}/${v.object.name} ${formatPath(v.path)}`.trim());
}

const RESTRICTED_LABELS = `
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.33
    pod-security.kubernetes.io/audit: restricted
    pod-security.kubernetes.io/audit-version: v1.33
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/warn-version: v1.33`;

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec: { template: { spec: { containers: [{ name: app, image: x }] } } }`;

const QUOTA = `
apiVersion: v1
kind: ResourceQuota
metadata: { name: quota, namespace: shop }
spec: { hard: { requests.cpu: '4' } }`;

const LIMIT_RANGE = `
apiVersion: v1
kind: LimitRange
metadata: { name: limits, namespace: shop }
spec: { limits: [{ type: Container, defaultRequest: { cpu: 100m } }] }`;

const DENY_ALL = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }`;

/** A fully secured namespace `shop` with one Deployment. */
const SECURE = [`
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:${RESTRICTED_LABELS}`, DEPLOYMENT, QUOTA, LIMIT_RANGE, DENY_ALL].join('\n---');

/** The namespace `shop` with the given labels block (YAML lines) and one Deployment, nothing else. */
function namespaceWith(labels: string): string {
  return `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:${labels}
---${DEPLOYMENT}`;
}

describe('namespace controls', () => {
  test('are set-scoped, with the data every control needs', () => {
    expect(NAMESPACE_CONTROLS.map((c) => c.id)).toEqual([
      'namespace.pod-security-labels',
      'namespace.resource-quota',
      'namespace.limit-range',
      'namespace.default-deny',
      'namespace.unverified',
    ]);
    for (const c of NAMESPACE_CONTROLS) {
      expect(c.scope).toBe('set');
      expect(c.id).toMatch(/^namespace\.[a-z-]+$/);
      expect(c.guidance.length).toBeGreaterThan(0);
      expect(c.rationale).not.toBe('');
      expect(c.remediation).not.toBe('');
      expect(c.pssLevel).toBeUndefined();
    }
    expect(control('namespace.pod-security-labels').severity).toBe('error');
    expect(control('namespace.resource-quota').severity).toBe('error');
    expect(control('namespace.limit-range').severity).toBe('warning');
    expect(control('namespace.default-deny').severity).toBe('error');
    expect(control('namespace.unverified').severity).toBe('warning');
  });

  test('a fully secured namespace passes every control', () => {
    for (const c of NAMESPACE_CONTROLS) expect(c.check(facts(SECURE), TEST_CONTEXT)).toEqual([]);
  });

  test('namespaces without workloads are not flagged', () => {
    const yaml = `
apiVersion: v1
kind: Namespace
metadata: { name: empty }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: cfg, namespace: empty }`;
    for (const c of NAMESPACE_CONTROLS) expect(c.check(facts(yaml), TEST_CONTEXT)).toEqual([]);
  });

  describe('namespace.pod-security-labels', () => {
    test('passes restricted labels with pinned versions', () => {
      expect(run('namespace.pod-security-labels', namespaceWith(RESTRICTED_LABELS))).toEqual([]);
    });

    test('flags every missing label, on the Namespace, one violation per label', () => {
      const found = run('namespace.pod-security-labels', namespaceWith(' {}'));
      expect(where(found)).toEqual([
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/enforce"]',
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/enforce-version"]',
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/audit"]',
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/audit-version"]',
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/warn"]',
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/warn-version"]',
      ]);
      expect(found[0].message).toContain("Namespace 'shop' has no label pod-security.kubernetes.io/enforce");
      expect(found[0].object.handle).toBe(0);
    });

    test('flags a level other than restricted and names the value', () => {
      const labels = RESTRICTED_LABELS.replace('enforce: restricted', 'enforce: baseline').replace('warn: restricted', 'warn: privileged');
      const found = run('namespace.pod-security-labels', namespaceWith(labels));
      expect(where(found)).toEqual([
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/enforce"]',
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/warn"]',
      ]);
      expect(found[0].message).toContain("'baseline'");
      expect(found[1].message).toContain("'privileged'");
    });

    test('flags latest and invalid versions', () => {
      const labels = RESTRICTED_LABELS.replace('enforce-version: v1.33', 'enforce-version: latest').replace('audit-version: v1.33', 'audit-version: "1.33"');
      const found = run('namespace.pod-security-labels', namespaceWith(labels));
      expect(where(found)).toEqual([
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/enforce-version"]',
        'Namespace/shop metadata.labels["pod-security.kubernetes.io/audit-version"]',
      ]);
      expect(found[0].message).toContain("'latest'");
      expect(found[1].message).toContain("'1.33'");
    });

    test('accepts any v1.N version and rejects malformed ones', () => {
      const withVersion = (v: string) => namespaceWith(RESTRICTED_LABELS.replace('warn-version: v1.33', `warn-version: "${v}"`));
      for (const ok of ['v1.0', 'v1.9', 'v1.35']) expect(run('namespace.pod-security-labels', withVersion(ok))).toEqual([]);
      for (const bad of ['v1.033', 'v2.1', 'v1.33.0', 'V1.33', '']) {
        expect(where(run('namespace.pod-security-labels', withVersion(bad)))).toEqual(['Namespace/shop metadata.labels["pod-security.kubernetes.io/warn-version"]']);
      }
    });

    test('treats a non-string label value as missing', () => {
      const labels = RESTRICTED_LABELS.replace('enforce: restricted', 'enforce: 1');
      const found = run('namespace.pod-security-labels', namespaceWith(labels));
      expect(where(found)).toEqual(['Namespace/shop metadata.labels["pod-security.kubernetes.io/enforce"]']);
    });

    test('applies to system namespaces too when the set defines them', () => {
      const yaml = `
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: kube-system }
spec: { template: { spec: { containers: [] } } }`;
      expect(run('namespace.pod-security-labels', yaml)).toHaveLength(6);
    });
  });

  describe('namespace.resource-quota', () => {
    test('passes with a ResourceQuota in the namespace', () => {
      expect(run('namespace.resource-quota', SECURE)).toEqual([]);
    });

    test('flags the Namespace when its quota is missing or in another namespace', () => {
      const yaml = SECURE.replace('metadata: { name: quota, namespace: shop }', 'metadata: { name: quota, namespace: elsewhere }');
      const found = run('namespace.resource-quota', yaml);
      expect(where(found)).toEqual(['Namespace/shop']);
      expect(formatPath(found[0].path)).toBe('');
      expect(found[0].message).toBe("Namespace 'shop' runs workloads (first: Deployment 'web') but has no ResourceQuota in the audited set");
    });
  });

  describe('namespace.limit-range', () => {
    test('passes with a LimitRange in the namespace', () => {
      expect(run('namespace.limit-range', SECURE)).toEqual([]);
    });

    test('flags the Namespace when it has no LimitRange', () => {
      const found = run('namespace.limit-range', namespaceWith(RESTRICTED_LABELS));
      expect(where(found)).toEqual(['Namespace/shop']);
      expect(found[0].message).toContain('no LimitRange');
    });
  });

  describe('namespace.default-deny', () => {
    const policies = (...specs: string[]) => namespaceWith(RESTRICTED_LABELS) + specs.map((spec, i) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p${i}, namespace: shop }
spec: ${spec}`).join('');

    test('passes one policy denying both directions', () => {
      expect(run('namespace.default-deny', SECURE)).toEqual([]);
    });

    test('passes two policies, one per direction', () => {
      const yaml = policies('{ podSelector: {} }', '{ podSelector: {}, policyTypes: [Egress] }');
      expect(run('namespace.default-deny', yaml)).toEqual([]);
    });

    test('flags a namespace without NetworkPolicies', () => {
      const found = run('namespace.default-deny', policies());
      expect(where(found)).toEqual(['Namespace/shop']);
      expect(found[0].message).toContain('denies all ingress and all egress');
    });

    test('flags a missing egress default deny', () => {
      const found = run('namespace.default-deny', policies('{ podSelector: {}, policyTypes: [Ingress] }'));
      expect(found.map((v) => v.message)).toEqual(["Namespace 'shop' has no NetworkPolicy in the audited set that selects all pods and denies all egress by default"]);
    });

    test('flags a missing ingress default deny', () => {
      const found = run('namespace.default-deny', policies('{ podSelector: {}, policyTypes: [Ingress, Egress], ingress: [{}] }'));
      expect(found.map((v) => v.message)).toEqual(["Namespace 'shop' has no NetworkPolicy in the audited set that selects all pods and denies all ingress by default"]);
    });

    test('does not count policies that select only some pods or sit in another namespace', () => {
      const yaml = policies('{ podSelector: { matchLabels: { app: web } }, policyTypes: [Ingress, Egress] }')
        + DENY_ALL.replace('namespace: shop', 'namespace: other').replace(/^/, '\n---');
      expect(where(run('namespace.default-deny', yaml))).toEqual(['Namespace/shop']);
    });
  });

  describe('namespace.unverified', () => {
    test('a namespace used but not defined gets exactly one warning, on its first workload', () => {
      const yaml = [DEPLOYMENT, DEPLOYMENT.replace('name: web', 'name: api'), `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }`].join('\n---');
      const found = run('namespace.unverified', yaml);
      expect(where(found)).toEqual(['Deployment/web metadata.namespace']);
      expect(found[0].object.handle).toBe(0);
      expect(found[0].message).toBe(
        "Namespace 'shop' (used by Deployment 'web') is not defined in the audited set, so its Pod Security labels, ResourceQuota, LimitRange and default-deny NetworkPolicies could not be verified",
      );
    });

    test('the other namespace controls stay silent about undefined namespaces', () => {
      const yaml = [DEPLOYMENT, QUOTA].join('\n---');
      for (const c of NAMESPACE_CONTROLS.filter((x) => x.id !== 'namespace.unverified')) {
        expect(c.check(facts(yaml), TEST_CONTEXT)).toEqual([]);
      }
    });

    test('workloads without a namespace are reported for default', () => {
      const found = run('namespace.unverified', `
apiVersion: v1
kind: Pod
metadata: { name: lonely }
spec: { containers: [] }`);
      expect(where(found)).toEqual(['Pod/lonely metadata.namespace']);
      expect(found[0].message).toContain("Pod 'lonely' has no namespace and so runs in 'default'");
    });

    test('one warning per undefined namespace; defined namespaces are not reported', () => {
      const yaml = [SECURE, DEPLOYMENT.replace('namespace: shop', 'namespace: a'), DEPLOYMENT.replace('namespace: shop', 'namespace: b')].join('\n---');
      expect(run('namespace.unverified', yaml).map((v) => v.object.namespace)).toEqual(['a', 'b']);
    });

    test('skips kube-system, kube-public and kube-node-lease', () => {
      const yaml = ['kube-system', 'kube-public', 'kube-node-lease']
        .map((ns) => DEPLOYMENT.replace('namespace: shop', `namespace: ${ns}`))
        .join('\n---');
      expect(run('namespace.unverified', yaml)).toEqual([]);
    });
  });
});
