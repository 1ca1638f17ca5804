import { isRecord, WORKLOAD_KINDS } from './workload';

const WORKLOADS: ReadonlySet<string> = new Set(WORKLOAD_KINDS);
import type { AuditSetFacts, KubeObject, NamespaceFacts, NetworkPolicyFacts, ObjectRef } from '../controls/types';

/** The namespace a namespaced object without `metadata.namespace` lands in. */
const DEFAULT_NAMESPACE = 'default';

/** API groups whose `NetworkPolicy` kind is the Kubernetes one (Calico and others reuse the kind name). */
const NETWORK_POLICY_API_VERSIONS: ReadonlySet<string> = new Set(['networking.k8s.io/v1', 'extensions/v1beta1']);

/**
 * Collects the small facts that the set-level controls (namespace controls) need, while the
 * audit engine streams the objects of one audit through it. It keeps object references and a
 * few labels and flags, never whole objects, so its memory grows with the number of namespaces
 * and NetworkPolicies, not with the size of the manifests.
 *
 * @example
 * const collector = new SetFactsCollector();
 * for (const [object, ref] of objects) collector.add(object, ref);
 * const facts = collector.facts();
 */
export class SetFactsCollector {
  private readonly namespaces = new Map<string, NamespaceFacts>();
  private readonly quotaNamespaces = new Set<string>();
  private readonly limitRangeNamespaces = new Set<string>();
  private readonly networkPolicies = new Map<string, NetworkPolicyFacts[]>();
  private readonly workloadNamespaces = new Map<string, ObjectRef>();

  /**
   * Records what the set-level controls need to know about one object. Objects of kinds the
   * facts do not cover are ignored; odd or wrongly-typed fields never throw.
   * @param object the object as the engine hands it to checks
   * @param ref the engine's reference to the object (kept instead of the object)
   * @returns whether the facts keep `ref` (set-level findings can be placed only on kept refs,
   * so the engine needs to remember where only those objects are)
   */
  public add(object: KubeObject, ref: ObjectRef): boolean {
    switch (object.kind) {
      case 'Namespace':
        return object.apiVersion === 'v1' && this.addNamespace(object, ref);
      case 'ResourceQuota':
        if (object.apiVersion === 'v1') this.quotaNamespaces.add(namespaceOf(object));
        return false;
      case 'LimitRange':
        if (object.apiVersion === 'v1') this.limitRangeNamespaces.add(namespaceOf(object));
        return false;
      case 'NetworkPolicy':
        if (!NETWORK_POLICY_API_VERSIONS.has(object.apiVersion)) return false;
        this.addNetworkPolicy(object, ref);
        return true;
      default: {
        if (!WORKLOADS.has(object.kind)) return false;
        const namespace = namespaceOf(object);
        if (this.workloadNamespaces.has(namespace)) return false;
        this.workloadNamespaces.set(namespace, copyRef(ref));
        return true;
      }
    }
  }

  /** The facts collected so far (a snapshot: adding more objects later does not change it). */
  public facts(): AuditSetFacts {
    return {
      namespaces: new Map(this.namespaces),
      quotaNamespaces: new Set(this.quotaNamespaces),
      limitRangeNamespaces: new Set(this.limitRangeNamespaces),
      networkPolicies: new Map([...this.networkPolicies].map(([ns, policies]) => [ns, [...policies]])),
      workloadNamespaces: new Map(this.workloadNamespaces),
    };
  }

  private addNamespace(object: KubeObject, ref: ObjectRef): boolean {
    // A Namespace is named by metadata.name; a second definition of the same name keeps the first.
    if (typeof object.name !== 'string' || object.name === '' || this.namespaces.has(object.name)) return false;
    const labels: Record<string, string> = {};
    const raw = isRecord(object.raw.metadata) ? object.raw.metadata.labels : undefined;
    if (isRecord(raw)) {
      for (const [key, value] of Object.entries(raw)) {
        if (typeof value === 'string') labels[key] = value;
      }
    }
    this.namespaces.set(object.name, { ref: copyRef(ref), labels });
    return true;
  }

  private addNetworkPolicy(object: KubeObject, ref: ObjectRef): void {
    const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
    const policyTypes: unknown = spec.policyTypes;
    // policyTypes absent: Ingress always applies, Egress only when egress rules exist.
    const typesAbsent = policyTypes === undefined || policyTypes === null;
    const types = Array.isArray(policyTypes) ? policyTypes : [];
    const facts: NetworkPolicyFacts = {
      ref: copyRef(ref),
      selectsAllPods: selectsEverything(spec.podSelector),
      deniesAllIngress: (typesAbsent || types.includes('Ingress')) && hasNoRules(spec.ingress),
      deniesAllEgress: types.includes('Egress') && hasNoRules(spec.egress),
    };
    const namespace = namespaceOf(object);
    const list = this.networkPolicies.get(namespace);
    if (list) list.push(facts);
    else this.networkPolicies.set(namespace, [facts]);
  }
}

/** The namespace of a namespaced object: its `metadata.namespace`, or `default` when it has none. */
function namespaceOf(object: KubeObject): string {
  return typeof object.namespace === 'string' && object.namespace !== '' ? object.namespace : DEFAULT_NAMESPACE;
}

/**
 * True when a label selector selects every pod: missing, `{}`, or with only empty
 * `matchLabels` / `matchExpressions`. A selector of the wrong type selects nothing we can
 * vouch for, so it counts as not selecting everything (the safe answer).
 */
function selectsEverything(selector: unknown): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isRecord(selector)) return false;
  const { matchLabels, matchExpressions } = selector;
  const absent = (value: unknown) => value === undefined || value === null;
  const labelsEmpty = absent(matchLabels) || (isRecord(matchLabels) && Object.keys(matchLabels).length === 0);
  const expressionsEmpty = absent(matchExpressions) || (Array.isArray(matchExpressions) && matchExpressions.length === 0);
  return labelsEmpty && expressionsEmpty;
}

/** True when a list of NetworkPolicy rules allows nothing: missing or empty. */
function hasNoRules(rules: unknown): boolean {
  return rules === undefined || rules === null || (Array.isArray(rules) && rules.length === 0);
}

/** A copy of the fields of an ObjectRef, so the facts never hold on to anything larger the engine passed. */
function copyRef(ref: ObjectRef): ObjectRef {
  const copy: { -readonly [K in keyof ObjectRef]: ObjectRef[K] } = {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    handle: ref.handle,
  };
  if (ref.namespace !== undefined) copy.namespace = ref.namespace;
  return copy;
}
