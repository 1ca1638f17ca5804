import * as jsyaml from 'js-yaml';
import { SetFactsCollector } from '../../lib/audit/set-facts';
import type { AuditSetFacts, KubeObject, ObjectRef } from '../../lib/controls/types';
import { kubeObject } from '../helpers';

/** Streams the documents of a multi-document YAML string through a collector, handle = document index. */
function collect(yaml: string): AuditSetFacts {
  const collector = new SetFactsCollector();
  jsyaml.loadAll(yaml).forEach((doc, handle) => {
    const object = kubeObject(doc as Record<string, any>);
    collector.add(object, refOf(object, handle));
  });
  return collector.facts();
}

function refOf(object: KubeObject, handle: number): ObjectRef {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.name, namespace: object.namespace, handle };
}

function policy(facts: AuditSetFacts, namespace: string, name: string) {
  const found = (facts.networkPolicies.get(namespace) ?? []).find((p) => p.ref.name === name);
  if (!found) throw new Error(`no policy ${namespace}/${name}`);
  return found;
}

describe('SetFactsCollector', () => {
  test('records namespaces with their string labels and refs', () => {
    const facts = collect(`
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    team: payments
    count: 3
---
apiVersion: v1
kind: Namespace
metadata:
  name: bare
`);
    expect([...facts.namespaces.keys()]).toEqual(['shop', 'bare']);
    const shop = facts.namespaces.get('shop')!;
    expect(shop.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted', 'team': 'payments' });
    expect(shop.ref).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'shop', handle: 0 });
    expect(facts.namespaces.get('bare')!.labels).toEqual({});
  });

  test('keeps the first definition of a namespace and ignores nameless ones', () => {
    const facts = collect(`
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { a: first } }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { a: second } }
---
apiVersion: v1
kind: Namespace
metadata: {}
`);
    expect(facts.namespaces.size).toBe(1);
    expect(facts.namespaces.get('shop')!.labels).toEqual({ a: 'first' });
    expect(facts.namespaces.get('shop')!.ref.handle).toBe(0);
  });

  test('records the namespaces of ResourceQuotas and LimitRanges, default when none is given', () => {
    const facts = collect(`
apiVersion: v1
kind: ResourceQuota
metadata: { name: q, namespace: shop }
---
apiVersion: v1
kind: LimitRange
metadata: { name: l }
`);
    expect([...facts.quotaNamespaces]).toEqual(['shop']);
    expect([...facts.limitRangeNamespaces]).toEqual(['default']);
  });

  test('records the first workload of each namespace; objects without a namespace count as default', () => {
    const facts = collect(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec: { template: { spec: { containers: [{ name: c, image: x }] } } }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } }
---
apiVersion: v1
kind: Pod
metadata: { name: lonely }
spec: { containers: [] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: cfg, namespace: other }
`);
    expect([...facts.workloadNamespaces.keys()]).toEqual(['shop', 'default']);
    expect(facts.workloadNamespaces.get('shop')).toMatchObject({ kind: 'Deployment', name: 'web', handle: 0 });
    expect(facts.workloadNamespaces.get('default')).toMatchObject({ kind: 'Pod', name: 'lonely', handle: 2 });
  });

  test('classifies NetworkPolicies', () => {
    const facts = collect(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-all, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: no-types, namespace: shop }
spec: { podSelector: {} }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: no-selector, namespace: shop }
spec: { policyTypes: [Egress], egress: [] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-all-in, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress], ingress: [{}] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-only, namespace: shop }
spec: { podSelector: { matchLabels: { app: web } }, policyTypes: [Ingress, Egress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: empty-selector-parts, namespace: shop }
spec: { podSelector: { matchLabels: {}, matchExpressions: [] }, policyTypes: [Ingress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress-rules-imply-egress }
spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: 10.0.0.0/8 } }] }] }
`);
    expect(policy(facts, 'shop', 'deny-all')).toMatchObject({ selectsAllPods: true, deniesAllIngress: true, deniesAllEgress: true });
    // policyTypes absent implies Ingress (and Egress only when egress rules exist)
    expect(policy(facts, 'shop', 'no-types')).toMatchObject({ selectsAllPods: true, deniesAllIngress: true, deniesAllEgress: false });
    expect(policy(facts, 'shop', 'no-selector')).toMatchObject({ selectsAllPods: true, deniesAllIngress: false, deniesAllEgress: true });
    expect(policy(facts, 'shop', 'allow-all-in')).toMatchObject({ selectsAllPods: true, deniesAllIngress: false, deniesAllEgress: false });
    expect(policy(facts, 'shop', 'web-only')).toMatchObject({ selectsAllPods: false, deniesAllIngress: true, deniesAllEgress: true });
    expect(policy(facts, 'shop', 'empty-selector-parts')).toMatchObject({ selectsAllPods: true, deniesAllIngress: true });
    expect(policy(facts, 'default', 'egress-rules-imply-egress')).toMatchObject({ deniesAllIngress: true, deniesAllEgress: false });
    expect(policy(facts, 'shop', 'deny-all').ref).toEqual({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'deny-all', namespace: 'shop', handle: 0,
    });
  });

  test('never throws on wrongly-typed fields and answers the safe way', () => {
    const facts = collect(`
apiVersion: v1
kind: Namespace
metadata: { name: odd, labels: [a, b] }
---
apiVersion: v1
kind: Namespace
metadata: oops
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: bad-selector, namespace: odd }
spec: { podSelector: everything, policyTypes: Ingress, ingress: nothing }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: bad-spec, namespace: odd }
spec: 42
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: broken, namespace: odd }
spec: null
`);
    expect(facts.namespaces.get('odd')!.labels).toEqual({});
    expect(policy(facts, 'odd', 'bad-selector')).toMatchObject({ selectsAllPods: false, deniesAllIngress: false, deniesAllEgress: false });
    // spec 42: no podSelector, no policyTypes, no rules: an (odd) deny-all-ingress policy
    expect(policy(facts, 'odd', 'bad-spec')).toMatchObject({ selectsAllPods: true, deniesAllIngress: true, deniesAllEgress: false });
    expect(facts.workloadNamespaces.get('odd')).toMatchObject({ name: 'broken' });
  });

  test('ignores kinds of other API groups that reuse the names', () => {
    const facts = collect(`
apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: { name: calico, namespace: shop }
spec: { selector: all() }
---
apiVersion: example.com/v1
kind: Namespace
metadata: { name: fake }
`);
    expect(facts.networkPolicies.size).toBe(0);
    expect(facts.namespaces.size).toBe(0);
  });

  test('keeps only the fields of the refs and returns a snapshot', () => {
    const collector = new SetFactsCollector();
    const object = kubeObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' }, spec: {} });
    const ref = { apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: 'a', handle: 7, extra: object } as ObjectRef;
    collector.add(object, ref);
    const first = collector.facts();
    expect(first.workloadNamespaces.get('a')).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: 'a', handle: 7 });
    collector.add(kubeObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q', namespace: 'b' }, spec: {} }), { ...ref, name: 'q', namespace: 'b', handle: 8 });
    expect(first.workloadNamespaces.has('b')).toBe(false);
    expect(collector.facts().workloadNamespaces.has('b')).toBe(true);
  });
});
