/**
 * The shape of a control: data plus a pure check. Every control in kubeward is one of these,
 * defined once in `lib/controls/` and used by the audit engine, the synth-time validation of
 * kubeward charts, the docs generator and (later) the Pulumi policy pack.
 */

/** How serious a finding is. `error` fails an audit by default (`--fail-on error`). */
export type Severity = 'error' | 'warning' | 'note';

/** Ordering of severities, most serious first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

/**
 * Which controls an audit evaluates.
 * - `kubeward`: every control in the catalogue.
 * - `pss-baseline`: exactly the Pod Security Standards controls of the baseline level.
 * - `pss-restricted`: exactly the Pod Security Standards controls of the baseline and
 *   restricted levels (restricted includes baseline).
 */
export type Standard = 'kubeward' | 'pss-baseline' | 'pss-restricted';

/** The standards the CLI accepts, in the order its help lists them. */
export const STANDARDS: readonly Standard[] = ['kubeward', 'pss-baseline', 'pss-restricted'];

/** The two guidance documents of `../shared/guidance`, by file name. */
export type GuidanceDocument = '000_f86c59b856e03662.txt' | '004_8cd448f7cd5fe187.txt';

/** A section of one of the guidance documents that a control comes from. */
export interface GuidanceRef {
  /** The guidance document's file name. */
  readonly document: GuidanceDocument;
  /** The section heading, as written in the document. */
  readonly section: string;
}

/** An external standard a control traces to. */
export interface Reference {
  /** Which body of guidance. */
  readonly source: 'PSS' | 'CIS' | 'NSA-CISA' | 'OWASP' | 'NIST-800-190' | 'Kubernetes' | 'Azure';
  /** The control or section within it, e.g. `Privileged Containers` or `5.2.2`. */
  readonly id: string;
  /** A link to the reference, where there is a stable one. */
  readonly url?: string;
}

/** A path to a field inside a Kubernetes object: keys and array indexes. */
export type FieldPath = readonly (string | number)[];

/** One violation a check found, located at a field of the object it looked at. */
export interface Violation {
  /** The field that violates the control (or the object's root, `[]`, when a field is missing from the object as a whole). */
  readonly path: FieldPath;
  /** What is wrong, specific to this object (names the container, the value found, ...). */
  readonly message: string;
}

/** A Kubernetes object as the engine hands it to checks. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name` (empty string when missing). */
  readonly name: string;
  /** `metadata.namespace`, or undefined for cluster-scoped objects and objects without one. */
  readonly namespace?: string;
  /** The whole object as parsed. Checks must treat it as read-only. */
  readonly raw: Record<string, any>;
}

/** Which list of a pod spec a container comes from. */
export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

/** One container of a pod spec, with where it sits. */
export interface ContainerRef {
  /** The list it sits in. */
  readonly list: ContainerList;
  /** Its index in that list. */
  readonly index: number;
  /** Its name (empty when missing). */
  readonly name: string;
  /** Full path from the object root to the container, e.g. `['spec','template','spec','containers',0]`. */
  readonly path: FieldPath;
  /** The container as parsed. */
  readonly spec: Record<string, any>;
  /** True for an init container with `restartPolicy: Always` (a sidecar). */
  readonly sidecar: boolean;
}

/** A workload: any object that carries a pod spec (Pod, Deployment, ..., CronJob, PodTemplate). */
export interface Workload extends KubeObject {
  /** Path from the object root to the pod spec (e.g. `['spec','jobTemplate','spec','template','spec']`). */
  readonly podSpecPath: FieldPath;
  /** The pod spec (`{}` when missing). */
  readonly podSpec: Record<string, any>;
  /** Path from the object root to the pod metadata (for a Pod: `['metadata']`). */
  readonly podMetaPath: FieldPath;
  /** The pod metadata (`{}` when missing). */
  readonly podMeta: Record<string, any>;
  /** Every container: init (sidecars included), regular and ephemeral, in that order. */
  readonly containers: readonly ContainerRef[];
  /** True when `spec.os.name` is `windows`: Linux-only checks skip it, as the PSS do. */
  readonly windows: boolean;
}

/** Settings a check may read. The engine passes the same object to every check. */
export interface CheckContext {
  /** Registries images may come from: host names, `*.suffix` wildcards, or host/path prefixes. */
  readonly allowedRegistries: readonly string[];
  /**
   * Registries allowed in particular namespaces, overriding `allowedRegistries` there (a
   * SecureNamespace's own list).
   */
  readonly namespaceRegistries?: ReadonlyMap<string, readonly string[]>;
}

/** A violation of a control found across the whole audited set, placed on one object. */
export interface SetViolation extends Violation {
  /** The object the finding is reported on. */
  readonly object: ObjectRef;
}

/** A reference to one audited object, as the set-level facts record it. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Opaque handle the engine uses to locate the object in its file. */
  readonly handle: number;
}

/** Fields every control has, whatever it checks. */
export interface ControlInfo {
  /**
   * Stable id, `<domain>.<check>` in lowercase (a valid annotation name part), e.g.
   * `pss.privileged`. Suppression annotations name it: `suppress.kubeward.io/<id>`.
   */
  readonly id: string;
  /** One line: what must hold. */
  readonly title: string;
  /** Severity of its findings. */
  readonly severity: Severity;
  /**
   * Pod Security Standards level the control belongs to, for PSS controls only. Restricted
   * includes baseline: `--standard pss-restricted` evaluates both levels.
   */
  readonly pssLevel?: 'baseline' | 'restricted';
  /**
   * Ids of controls this one makes redundant when both are evaluated: a restricted PSS control
   * that includes its baseline counterpart (as upstream's `OverrideCheckIDs`), so one field does
   * not get two findings.
   */
  readonly overrides?: readonly string[];
  /** The guidance sections it comes from. */
  readonly guidance: readonly GuidanceRef[];
  /** The recommendation ids of the guidance checklist (W-01 … E-36) it implements. */
  readonly checklist: readonly string[];
  /** External standards it traces to. */
  readonly references: readonly Reference[];
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix a finding. */
  readonly remediation: string;
  /**
   * The kubeward constructs or components that satisfy the control by default (e.g.
   * `HardenedDeployment`). Empty until a construct or component does.
   */
  readonly satisfiedBy: readonly string[];
}

/** A control evaluated on every workload (every object that carries a pod spec). */
export interface WorkloadControl extends ControlInfo {
  readonly scope: 'workload';
  readonly check: (workload: Workload, context: CheckContext) => readonly Violation[];
}

/** A control evaluated on each object of the listed kinds. */
export interface ObjectControl extends ControlInfo {
  readonly scope: 'object';
  /** The kinds it applies to (e.g. `['Role', 'ClusterRole']`). */
  readonly kinds: readonly string[];
  readonly check: (object: KubeObject, context: CheckContext) => readonly Violation[];
}

/** A control evaluated once over everything one audit loaded (e.g. namespace controls). */
export interface SetControl extends ControlInfo {
  readonly scope: 'set';
  readonly check: (facts: AuditSetFacts, context: CheckContext) => readonly SetViolation[];
}

/** An Azure resource as a Pulumi program plans it (mock mode or a policy pack): type token, name, inputs. */
export interface PlannedAzureResource {
  /** The Pulumi type token, e.g. `azure-native:containerservice:ManagedCluster`. */
  readonly type: string;
  /** The logical name. */
  readonly name: string;
  /** The resolved inputs (azure-native flattens ARM's `properties`). */
  readonly inputs: Readonly<Record<string, any>>;
}

/**
 * A control on Azure resources (AKS, ACR, Key Vault, networks, Defender, Log Analytics, Azure
 * Policy), evaluated on the resources a Pulumi program plans (`kubeward plan`, the policy pack).
 * The manifest audit skips them.
 */
export interface AzureControl extends ControlInfo {
  readonly scope: 'azure';
  /** The Pulumi type tokens it applies to. */
  readonly resourceTypes: readonly string[];
  readonly check: (resource: PlannedAzureResource, context: CheckContext) => readonly Violation[];
}

/** Controls about the audit's own inputs (suppressions). The engine raises their findings itself. */
export interface MetaControl extends ControlInfo {
  readonly scope: 'meta';
}

/** Any control of the catalogue. */
export type Control = WorkloadControl | ObjectControl | SetControl | MetaControl | AzureControl;

/** A Namespace object as the set facts record it. */
export interface NamespaceFacts {
  readonly ref: ObjectRef;
  readonly labels: Readonly<Record<string, string>>;
}

/** A NetworkPolicy as the set facts record it. */
export interface NetworkPolicyFacts {
  readonly ref: ObjectRef;
  /** It selects every pod of its namespace (`podSelector: {}`). */
  readonly selectsAllPods: boolean;
  /** Its policyTypes include Ingress and it allows no ingress. */
  readonly deniesAllIngress: boolean;
  /** Its policyTypes include Egress and it allows no egress. */
  readonly deniesAllEgress: boolean;
}

/**
 * What the set-level controls need to know about everything one audit loaded. The engine
 * collects these small facts while it streams files, so memory does not grow with the size
 * of the objects.
 */
export interface AuditSetFacts {
  /** Namespaces defined in the set, by name. */
  readonly namespaces: ReadonlyMap<string, NamespaceFacts>;
  /** Namespaces that hold a ResourceQuota. */
  readonly quotaNamespaces: ReadonlySet<string>;
  /** Namespaces that hold a LimitRange. */
  readonly limitRangeNamespaces: ReadonlySet<string>;
  /** NetworkPolicies, by namespace. */
  readonly networkPolicies: ReadonlyMap<string, readonly NetworkPolicyFacts[]>;
  /** The first workload seen in each namespace (workloads without a namespace count as `default`). */
  readonly workloadNamespaces: ReadonlyMap<string, ObjectRef>;
}
