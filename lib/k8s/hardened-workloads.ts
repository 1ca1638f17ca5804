import * as kplus from 'cdk8s-plus-28';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import { WorkloadHardening, type HardenedContainerProps, type HardenedKind, type HardenedWorkloadOptions } from './hardening';
import { findWorkloadPolicy, type IWorkloadPolicySource } from './policy';

/** cdk8s-plus props that hardened workloads set themselves. */
type Overridden = 'containers' | 'initContainers' | 'securityContext' | 'serviceAccount' | 'automountServiceAccountToken' | 'hostNetwork' | 'isolate';

/** Props of {@link HardenedDeployment}: the cdk8s-plus Deployment props plus kubeward's. */
export interface HardenedDeploymentProps extends Omit<kplus.DeploymentProps, Overridden>, HardenedWorkloadOptions {}
/** Props of {@link HardenedStatefulSet}: the cdk8s-plus StatefulSet props plus kubeward's. */
export interface HardenedStatefulSetProps extends Omit<kplus.StatefulSetProps, Overridden>, HardenedWorkloadOptions {}
/** Props of {@link HardenedDaemonSet}: the cdk8s-plus DaemonSet props plus kubeward's. */
export interface HardenedDaemonSetProps extends Omit<kplus.DaemonSetProps, Overridden>, HardenedWorkloadOptions {}
/** Props of {@link HardenedJob}: the cdk8s-plus Job props plus kubeward's. */
export interface HardenedJobProps extends Omit<kplus.JobProps, Overridden>, HardenedWorkloadOptions {}
/** Props of {@link HardenedCronJob}: the cdk8s-plus CronJob props plus kubeward's. */
export interface HardenedCronJobProps extends Omit<kplus.CronJobProps, Overridden>, HardenedWorkloadOptions {}

/** Options of a declared traffic rule. */
export interface TrafficOptions {
  /**
   * Ports the rule admits.
   * @default - every port
   */
  readonly ports?: readonly kplus.NetworkPolicyPort[];
  /**
   * Justification for traffic between namespaces of different sensitivity levels, which is
   * refused otherwise (guidance E-11, E-23). Written to the NetworkPolicy as the annotation
   * `kubeward.io/cross-sensitivity`.
   * @default - traffic across sensitivity levels is refused
   */
  readonly acrossSensitivity?: string;
}

/** What every hardened workload offers on top of its cdk8s-plus class. */
export interface IHardenedWorkload extends kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** The hardening applied (resolved UID, seccomp profile, allowed registries, namespace policy). */
  readonly hardening: WorkloadHardening;
  /** Adds a container, hardened like those given as props. */
  addHardenedContainer(props: HardenedContainerProps): kplus.Container;
  /** Adds an init container (a sidecar with `restartPolicy: ALWAYS`), hardened the same way. */
  addHardenedInitContainer(props: HardenedContainerProps): kplus.Container;
  /** Admits ingress from `peer` (another workload, a namespace, an IP block) to this workload's pods. */
  allowIngressFrom(peer: kplus.INetworkPolicyPeer, options?: TrafficOptions): kplus.NetworkPolicy;
  /** Admits egress from this workload's pods to `peer`. */
  allowEgressTo(peer: kplus.INetworkPolicyPeer, options?: TrafficOptions): kplus.NetworkPolicy;
}

type WorkloadClass = abstract new (...args: any[]) => kplus.Workload;

/** The constructor type of a hardened workload class (the mixin's result, typed for subclasses). */
type HardenedClass<T extends WorkloadClass> = abstract new (scope: Construct, id: string, props?: object) => InstanceType<T> & IHardenedWorkload;

/**
 * The one hardening mechanism, mixed into each cdk8s-plus workload class: the super constructor
 * gets hardened props, the pod spec is finished at synthesis, and the shared methods are here.
 */
function hardened<T extends WorkloadClass>(Base: T, kind: HardenedKind, defaultReplicas: number | undefined): HardenedClass<T> {
  abstract class Hardened extends Base implements IHardenedWorkload {
    public readonly hardening: WorkloadHardening;
    private trafficRules = 0;

    constructor(...args: any[]) {
      const [scope, id, props = {}] = args as [Construct, string, HardenedWorkloadOptions & object];
      const hardening = new WorkloadHardening(scope, kind, id, props);
      super(scope, id, hardening.kplusProps(withoutHardeningOptions(props)));
      this.hardening = hardening;
      hardening.attach(this);
      hardening.addDisruptionBudget(this, this.effectiveReplicas());
    }

    /** @internal Finishes the pod spec cdk8s-plus produces (see WorkloadHardening.finishPodSpec). */
    public _toPodSpec(): k8s.PodSpec {
      return this.hardening.finishPodSpec(super._toPodSpec(), this.matchLabels, this.effectiveReplicas());
    }

    public addHardenedContainer(props: HardenedContainerProps): kplus.Container {
      const container = this.addContainer(this.hardening.addedContainer(props, 'containers'));
      this.hardening.mountWritablePaths(this, container);
      return container;
    }

    public addHardenedInitContainer(props: HardenedContainerProps): kplus.Container {
      const container = this.addInitContainer(this.hardening.addedContainer(props, 'initContainers'));
      this.hardening.mountWritablePaths(this, container);
      return container;
    }

    public allowIngressFrom(peer: kplus.INetworkPolicyPeer, options: TrafficOptions = {}): kplus.NetworkPolicy {
      return this.trafficRule('Ingress', peer, options);
    }

    public allowEgressTo(peer: kplus.INetworkPolicyPeer, options: TrafficOptions = {}): kplus.NetworkPolicy {
      return this.trafficRule('Egress', peer, options);
    }

    private effectiveReplicas(): number | undefined {
      const replicas = (this as unknown as { replicas?: number }).replicas;
      return replicas ?? defaultReplicas;
    }

    private trafficRule(direction: 'Ingress' | 'Egress', peer: kplus.INetworkPolicyPeer, options: TrafficOptions): kplus.NetworkPolicy {
      const mine = this.hardening.policy?.sensitivity?.level;
      const theirs = sensitivityOf(peer);
      const across = mine !== undefined && theirs !== undefined && mine !== theirs;
      if (across && !options.acrossSensitivity?.trim()) {
        throw new Error(`${this.hardening.describe()}.allow${direction === 'Ingress' ? 'IngressFrom' : 'EgressTo'}: the peer is at sensitivity '${theirs}' and this workload at '${mine}'; `
          + 'traffic across sensitivity levels is refused (guidance E-11, E-23). Place both at one level, or pass acrossSensitivity with a justification.');
      }
      const rule = { peer, ports: options.ports ? [...options.ports] : undefined };
      const policy = new kplus.NetworkPolicy(this, `${direction}${this.trafficRules++}`, {
        metadata: {
          namespace: this.metadata.namespace,
          labels: { ...this.hardening.costLabels },
          annotations: across ? { 'kubeward.io/cross-sensitivity': options.acrossSensitivity!.trim() } : undefined,
        },
        selector: this,
        ...(direction === 'Ingress' ? { ingress: { rules: [rule] } } : { egress: { rules: [rule] } }),
      });
      return policy;
    }
  }
  return Hardened as unknown as HardenedClass<T>;
}

/** The sensitivity level of a peer that is a hardened workload or a SecureNamespace. */
function sensitivityOf(peer: kplus.INetworkPolicyPeer): string | undefined {
  const hardening = (peer as Partial<IHardenedWorkload>).hardening;
  if (hardening instanceof WorkloadHardening) return hardening.policy?.sensitivity?.level;
  const policy = (peer as Partial<IWorkloadPolicySource>).workloadPolicy;
  if (policy) return policy.sensitivity?.level;
  return undefined;
}

const HARDENING_OPTIONS: readonly (keyof HardenedWorkloadOptions)[] = [
  'image', 'port', 'containerOptions', 'containers', 'initContainers', 'namespace', 'runAsUser', 'runAsGroup',
  'seccomp', 'serviceAccount', 'automountServiceAccountToken', 'hostNetwork',
];

function withoutHardeningOptions(props: object): object {
  const rest: Record<string, unknown> = { ...props };
  for (const key of HARDENING_OPTIONS) delete rest[key];
  return rest;
}

/**
 * A Deployment whose defaults pass the Pod Security Standards restricted level and every
 * kubeward control: non-root (UID/GID 65532), no privilege escalation, all capabilities
 * dropped, seccomp and AppArmor RuntimeDefault, read-only root filesystem, memory limit and CPU
 * request without CPU limit, a dedicated service account without a token, an image pinned by
 * digest from an allowed registry, probes on the given port, a PodDisruptionBudget and topology
 * spread when it has more than one replica.
 *
 * @example new HardenedDeployment(chart, 'api', { image: 'contoso.azurecr.io/api@sha256:…', port: 8080 })
 */
export class HardenedDeployment extends hardened(kplus.Deployment, 'Deployment', 2) {
  constructor(scope: Construct, id: string, props: HardenedDeploymentProps = {}) {
    super(scope, id, props);
  }
}

/** A StatefulSet hardened as {@link HardenedDeployment} is. */
export class HardenedStatefulSet extends hardened(kplus.StatefulSet, 'StatefulSet', 1) {
  constructor(scope: Construct, id: string, props: HardenedStatefulSetProps = {}) {
    super(scope, id, props);
  }
}

/** A DaemonSet hardened as {@link HardenedDeployment} is (no disruption budget or spread). */
export class HardenedDaemonSet extends hardened(kplus.DaemonSet, 'DaemonSet', undefined) {
  constructor(scope: Construct, id: string, props: HardenedDaemonSetProps = {}) {
    super(scope, id, props);
  }
}

/** A Job hardened as {@link HardenedDeployment} is (no probes, disruption budget or spread). */
export class HardenedJob extends hardened(kplus.Job, 'Job', undefined) {
  constructor(scope: Construct, id: string, props: HardenedJobProps = {}) {
    super(scope, id, props);
  }
}

/** A CronJob hardened as {@link HardenedJob} is. */
export class HardenedCronJob extends hardened(kplus.CronJob, 'CronJob', undefined) {
  constructor(scope: Construct, id: string, props: HardenedCronJobProps) {
    super(scope, id, props);
  }
}

/** The namespace policy a construct would get (exposed for tools and tests). */
export { findWorkloadPolicy };
