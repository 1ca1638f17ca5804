import { ApiObject, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import { assertJustified, recordJustification, type Justified, type Weakening } from './justification';
import { allowedRegistriesFor, findWorkloadPolicy, SENSITIVITY_KEY, type IWorkloadPolicySource, type WorkloadPolicy } from './policy';
import { validateOnSynth } from './validation';
import { isAllowedRegistry, isPinnedByDigest, parseImageReference } from '../controls/image';
import { BASELINE_CAPABILITIES } from '../controls/pod-security';

/**
 * The one hardening mechanism behind HardenedDeployment, HardenedStatefulSet, HardenedDaemonSet,
 * HardenedJob and HardenedCronJob.
 *
 * It works at two points:
 * - **construction**: kubeward's container props are turned into cdk8s-plus props with secure
 *   values (resources without a CPU limit, writable paths as emptyDir mounts, probes), every
 *   weakening option is checked for a justification and recorded as a suppression annotation,
 *   and the image is checked (digest, registry);
 * - **synthesis**: the pod spec cdk8s-plus produces is finished in one place (`finishPodSpec`):
 *   every container, however it was added (props, `addContainer`, `addInitContainer`), gets the
 *   secure security context, and the pod gets what cdk8s-plus cannot express (seccomp and
 *   AppArmor profiles and supplementalGroups at pod level, the dedicated service account,
 *   sensitivity scheduling, topology spread).
 */

/** The distroless `nonroot` user and group: the default UID/GID of hardened workloads. */
export const NONROOT_ID = 65532;
/** The largest group id Azure Policy's pod security initiative accepts for runAsGroup, fsGroup and supplementalGroups. */
const MAX_AZURE_POLICY_GROUP_ID = 65535;

/** Secure resource defaults of a hardened container. */
export const DEFAULT_RESOURCES = {
  /** CPU request. */
  cpuRequest: kplus.Cpu.millis(100),
  /** Memory request and limit. */
  memory: Size.mebibytes(256),
} as const;

/** A seccomp profile for a hardened workload. */
export class Seccomp {
  /** The container runtime's default profile (the Pod Security Standards restricted minimum). */
  public static runtimeDefault(): Seccomp {
    return new Seccomp('RuntimeDefault');
  }

  /**
   * A profile installed on the nodes, for a workload that needs fewer syscalls than the
   * default allows (guidance W-13, E-21).
   * @param localhostProfile path relative to the kubelet's seccomp directory, e.g. `profiles/api.json`
   */
  public static localhost(localhostProfile: string): Seccomp {
    if (!localhostProfile || localhostProfile.startsWith('/') || localhostProfile.includes('..')) {
      throw new Error(`Seccomp.localhost('${localhostProfile}'): give a path relative to the kubelet's seccomp profile directory, e.g. 'profiles/api.json'`);
    }
    return new Seccomp('Localhost', localhostProfile);
  }

  private constructor(
    /** `RuntimeDefault` or `Localhost`. */
    public readonly type: 'RuntimeDefault' | 'Localhost',
    /** The profile path, for `Localhost`. */
    public readonly localhostProfile?: string,
  ) {}

  /** @internal */
  public _toKube(): k8s.SeccompProfile {
    return this.localhostProfile ? { type: this.type, localhostProfile: this.localhostProfile } : { type: this.type };
  }
}

/** Resources of a hardened container: memory request and limit, CPU request, no CPU limit. */
export interface HardenedResources {
  /**
   * CPU request.
   * @default Cpu.millis(100)
   */
  readonly cpuRequest?: kplus.Cpu;
  /**
   * Memory limit (and request, unless `memoryRequest` is set).
   * @default Size.mebibytes(256)
   */
  readonly memoryLimit?: Size;
  /**
   * Memory request.
   * @default - the memory limit (guaranteed memory)
   */
  readonly memoryRequest?: Size;
  /**
   * A CPU limit. The guidance says not to set one (CPU limits throttle, W-10), so this is a
   * weakening that needs a justification (control `workload.no-cpu-limit`).
   * @default - no CPU limit
   */
  readonly cpuLimit?: Justified<kplus.Cpu>;
}

/**
 * A container of a hardened workload: the cdk8s-plus container props, except that its security
 * context and resources are kubeward's, and every weakening takes a justification.
 */
export interface HardenedContainerProps extends Omit<kplus.ContainerProps, 'securityContext' | 'resources'> {
  /**
   * Resources.
   * @default - 100m CPU request, 256Mi memory request and limit, no CPU limit
   */
  readonly resources?: HardenedResources;
  /**
   * Paths the container must write to. Each gets an `emptyDir` volume; the root filesystem
   * stays read-only.
   * @default - none
   */
  readonly writablePaths?: readonly string[];
  /**
   * Justification for an image referenced by tag instead of digest (control `image.digest`).
   * A `latest` tag or no tag is never accepted.
   * @default - the image must be pinned by digest
   */
  readonly allowMutableTag?: string;
  /**
   * A writable root filesystem (control `workload.read-only-root-filesystem`).
   * @default - read-only; use `writablePaths`
   */
  readonly readOnlyRootFilesystem?: Justified<false>;
  /**
   * Capabilities to add back after dropping ALL (control `pss.capabilities-restricted`); only
   * those of the Pod Security Standards baseline set, the most any SecureNamespace admits. Note
   * that a non-root process with `allowPrivilegeEscalation: false` holds them only in its
   * bounding set: they take effect for processes the container starts as root, which kubeward
   * never does; prefer fixing the image.
   * @default - none
   */
  readonly addCapabilities?: Justified<readonly string[]>;
  /**
   * Justification for listening on ports below 1024 (control `workload.privileged-port`): the
   * pod gets the safe sysctl `net.ipv4.ip_unprivileged_port_start` lowered to the port (a non-root
   * process cannot use NET_BIND_SERVICE). Prefer a port of 1024 or more behind a Service.
   * @default - ports below 1024 are refused
   */
  readonly privilegedPorts?: string;
}

/** Props every hardened workload takes, besides those of its cdk8s-plus class. */
export interface HardenedWorkloadOptions {
  /**
   * The image of the single container (a shortcut for `containers: [{ image }]`).
   * Must be pinned by digest and come from an allowed registry.
   * @default - use `containers`
   */
  readonly image?: string;
  /**
   * Port of the single container given by `image`: wires liveness and readiness probes.
   * @default - no port
   */
  readonly port?: number;
  /**
   * Options of the single container given by `image`.
   * @default - secure defaults
   */
  readonly containerOptions?: Omit<HardenedContainerProps, 'image' | 'portNumber' | 'port'>;
  /**
   * Containers (at least one, here, through `image`, or later through `addContainer`).
   * @default - none
   */
  readonly containers?: readonly HardenedContainerProps[];
  /**
   * Init containers, hardened the same way; a sidecar is an init container with
   * `restartPolicy: ContainerRestartPolicy.ALWAYS`.
   * @default - none
   */
  readonly initContainers?: readonly HardenedContainerProps[];
  /**
   * The namespace whose policy (name, sensitivity, allowed registries, cost labels) applies.
   * @default - the nearest SecureNamespace above this construct, else the chart's namespace
   */
  readonly namespace?: IWorkloadPolicySource;
  /**
   * The UID the pod runs as (never 0).
   * @default 65532 (distroless `nonroot`)
   */
  readonly runAsUser?: number;
  /**
   * The GID the pod runs as (never 0); also the fsGroup and the pod's only supplementalGroups
   * entry (Azure Policy's pod security restricted initiative, assigned by PolicyBaseline, requires
   * all three, with ids from 1 to 65535).
   * @default 65532
   */
  readonly runAsGroup?: number;
  /**
   * The seccomp profile.
   * @default Seccomp.runtimeDefault()
   */
  readonly seccomp?: Seccomp;
  /**
   * The service account.
   * @default - a dedicated ServiceAccount for this workload, with no token mounted
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Mount a service account token: for a workload that calls the Kubernetes API or uses Azure
   * workload identity (control `workload.service-account-token`).
   * @default - no token is mounted
   */
  readonly automountServiceAccountToken?: Justified<true>;
  /**
   * Use the node's network namespace (control `pss.host-namespaces`).
   * @default - the pod's own network namespace
   */
  readonly hostNetwork?: Justified<true>;
}

/** The workload kinds hardening knows. */
export type HardenedKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

/** Per-container exceptions the user justified, by container name. */
interface ContainerExceptions {
  readonly writableRoot: boolean;
  readonly capabilities: readonly string[];
}


/**
 * @internal The hardening state of one workload. Created before the cdk8s-plus super
 * constructor (to compute its props), then attached to the workload.
 */
export class WorkloadHardening {
  /** The policy of the namespace the workload is in, if any. */
  public readonly policy?: WorkloadPolicy;
  /** Allowed registries, resolved: the namespace's list, else the app's (never widened per workload). */
  public readonly allowedRegistries: readonly string[];
  /** UID and GID. */
  public readonly runAsUser: number;
  public readonly runAsGroup: number;
  /** Seccomp profile. */
  public readonly seccomp: Seccomp;
  /** Whether a token is mounted. */
  public readonly automountToken: boolean;
  /** Whether the pod uses the host network. */
  public readonly hostNetwork: boolean;

  private readonly exceptions = new Map<string, ContainerExceptions>();
  private readonly pending: { weakening: Weakening; justification: string }[] = [];
  private readonly writablePaths = new Map<string, readonly string[]>();
  /** The lowest privileged port a container listens on, when justified (see privilegedPorts). */
  private unprivilegedPortStart?: number;
  private workload?: kplus.Workload;
  private serviceAccountName?: string;

  constructor(scope: Construct, private readonly kind: HardenedKind, private readonly id: string, private readonly props: HardenedWorkloadOptions) {
    // The types already refuse this; plain JavaScript callers get the same message.
    if ((props as Record<string, unknown>).securityContext !== undefined) {
      throw new Error(`${this.describe()} prop 'securityContext': hardened workloads set the security context themselves; use runAsUser, runAsGroup and seccomp`);
    }
    this.policy = props.namespace?.workloadPolicy ?? findWorkloadPolicy(scope);
    this.allowedRegistries = allowedRegistriesFor(scope, this.policy);
    this.runAsUser = this.checkId('runAsUser', props.runAsUser ?? NONROOT_ID);
    this.runAsGroup = this.checkId('runAsGroup', props.runAsGroup ?? NONROOT_ID);
    this.seccomp = props.seccomp ?? Seccomp.runtimeDefault();
    this.automountToken = this.weaken('automountServiceAccountToken', props.automountServiceAccountToken, true, {
      ruleId: 'workload.service-account-token',
      fix: 'Leave it unset: a workload that does not call the Kubernetes API needs no token (Azure workload identity needs one: justify it).',
    });
    this.hostNetwork = this.weaken('hostNetwork', props.hostNetwork, true, {
      ruleId: 'pss.host-namespaces',
      fix: 'Leave it unset and expose the workload through a Service.',
    });
    if (props.image !== undefined && props.containers?.length) {
      throw new Error(`${this.describe()}: give either 'image' (one container) or 'containers', not both`);
    }
    if (kind === 'StatefulSet' && !(props as { service?: unknown }).service && !hasPort(props)) {
      throw new Error(`${this.describe()}: a StatefulSet needs a headless Service, and that needs a port: give 'port' (with 'image') or a container 'portNumber', or pass your own 'service'`);
    }
    if ((props.port !== undefined || props.containerOptions !== undefined) && props.image === undefined) {
      throw new Error(`${this.describe()}: 'port' and 'containerOptions' go with 'image'; with 'containers', set them on each container`);
    }
  }

  /** cdk8s-plus props for the super constructor: the rest of the user's props plus hardened containers. */
  public kplusProps<P extends object>(rest: P): P & kplus.AbstractPodProps & { podMetadata?: { labels?: Record<string, string> } } {
    const containers = this.props.image !== undefined
      ? [this.containerProps({ ...this.props.containerOptions, image: this.props.image, portNumber: this.props.port }, 'containers')]
      : (this.props.containers ?? []).map((c) => this.containerProps(c, 'containers'));
    const initContainers = (this.props.initContainers ?? []).map((c) => this.containerProps(c, 'initContainers'));
    type Meta = { namespace?: string; labels?: Record<string, string> };
    const userMeta = (rest as { metadata?: Meta }).metadata;
    const userPodMeta = (rest as { podMetadata?: Meta }).podMetadata;
    const namespace = userMeta?.namespace ?? this.policy?.namespaceName;
    const costLabels = { ...(this.policy?.costLabels ?? {}) };
    return {
      ...rest,
      metadata: { ...userMeta, ...(namespace ? { namespace } : {}), labels: { ...costLabels, ...userMeta?.labels } },
      podMetadata: { ...userPodMeta, labels: { ...costLabels, ...userPodMeta?.labels } },
      containers,
      initContainers,
      securityContext: { ensureNonRoot: true, user: this.runAsUser, group: this.runAsGroup, fsGroup: this.runAsGroup },
      automountServiceAccountToken: this.automountToken,
      hostNetwork: this.hostNetwork,
      isolate: false,
    };
  }

  /**
   * Attaches to the constructed workload: records the justifications as annotations, creates
   * the dedicated service account and registers the chart's synth-time validation.
   */
  public attach(workload: kplus.Workload): void {
    this.workload = workload;
    for (const { weakening, justification } of this.pending.splice(0)) recordJustification(workload.metadata, weakening, justification);
    for (const container of [...workload.containers, ...workload.initContainers]) this.mountWritablePaths(workload, container);
    if (this.props.serviceAccount) {
      this.serviceAccountName = this.props.serviceAccount.name;
    } else {
      const sa = new kplus.ServiceAccount(workload, 'ServiceAccount', {
        metadata: { namespace: workload.metadata.namespace, labels: { ...this.costLabels } },
        automountToken: false,
      });
      this.serviceAccountName = sa.name;
    }
    addAppArmorProfile(ApiObject.of(workload), this.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec']);
    validateOnSynth(Chart.of(workload));
  }

  /** Hardens a container added after construction (`addHardenedContainer`). */
  public addedContainer(props: HardenedContainerProps, list: 'containers' | 'initContainers'): kplus.ContainerProps {
    const kplusProps = this.containerProps(props, list);
    if (this.workload) {
      for (const { weakening, justification } of this.pending.splice(0)) recordJustification(this.workload.metadata, weakening, justification);
    }
    return kplusProps;
  }

  /** Finishes the pod spec cdk8s-plus produced: the single place secure fields are enforced. */
  public finishPodSpec(spec: k8s.PodSpec, matchLabels: Record<string, string>, replicas: number | undefined): k8s.PodSpec {
    const harden = (c: k8s.Container): k8s.Container => this.hardenContainer(c);
    // Built as a plain object: the k8s types of cdk8s-plus-28 mark these fields readonly.
    const out: Record<string, unknown> = {
      ...spec,
      containers: spec.containers.map(harden),
      initContainers: spec.initContainers?.map(harden),
      serviceAccountName: spec.serviceAccountName ?? this.serviceAccountName,
      automountServiceAccountToken: this.automountToken,
      hostNetwork: this.hostNetwork || undefined,
      securityContext: {
        ...spec.securityContext,
        runAsNonRoot: true,
        runAsUser: this.runAsUser,
        runAsGroup: this.runAsGroup,
        fsGroup: spec.securityContext?.fsGroup ?? this.runAsGroup,
        // cdk8s-plus-28 has no prop for it; Azure Policy's AllowedUsersGroups requires it set.
        supplementalGroups: [this.runAsGroup],
        seccompProfile: this.seccomp._toKube(),
        ...(this.unprivilegedPortStart !== undefined ? {
          sysctls: [
            ...(spec.securityContext?.sysctls ?? []).filter((x) => x.name !== 'net.ipv4.ip_unprivileged_port_start'),
            { name: 'net.ipv4.ip_unprivileged_port_start', value: String(this.unprivilegedPortStart) },
          ],
        } : {}),
      },
    };
    const level = this.policy?.sensitivity?.level;
    if (level) {
      out.nodeSelector = { ...spec.nodeSelector, [SENSITIVITY_KEY]: level };
      out.tolerations = [...(spec.tolerations ?? []), { key: SENSITIVITY_KEY, operator: 'Equal', value: level, effect: 'NoSchedule' }];
    }
    if ((this.kind === 'Deployment' || this.kind === 'StatefulSet') && (replicas ?? 1) > 1 && !spec.topologySpreadConstraints) {
      out.topologySpreadConstraints = ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
        maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels },
      }));
    }
    return out as unknown as k8s.PodSpec;
  }

  /** A PodDisruptionBudget for a multi-replica Deployment or StatefulSet. */
  public addDisruptionBudget(workload: kplus.Workload, replicas: number | undefined): void {
    if ((this.kind !== 'Deployment' && this.kind !== 'StatefulSet') || (replicas ?? 1) < 2) return;
    new k8s.KubePodDisruptionBudget(workload, 'DisruptionBudget', {
      metadata: { namespace: workload.metadata.namespace, labels: { ...this.costLabels } },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: workload.matchLabels } },
    });
  }

  /** The namespace's cost-allocation labels, for every object the workload creates. */
  public get costLabels(): Readonly<Record<string, string>> {
    return this.policy?.costLabels ?? {};
  }

  /** `HardenedDeployment 'api'` for error messages. */
  public describe(): string {
    return `Hardened${this.kind} '${this.id}'`;
  }

  private hardenContainer(c: k8s.Container): k8s.Container {
    const ex = this.exceptions.get(c.name) ?? { writableRoot: false, capabilities: [] };
    const { runAsUser: _u, runAsGroup: _g, privileged: _p, ...sc } = c.securityContext ?? {};
    return {
      ...c,
      securityContext: {
        ...sc,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: !ex.writableRoot,
        capabilities: ex.capabilities.length ? { drop: ['ALL'], add: [...ex.capabilities] } : { drop: ['ALL'] },
      },
    };
  }

  private containerProps(props: HardenedContainerProps, list: 'containers' | 'initContainers'): kplus.ContainerProps {
    const name = props.name ?? 'main';
    const where = `${this.describe()} container '${name}'`;
    if (this.exceptions.has(name)) throw new Error(`${where}: two containers are named '${name}'; give each container a unique name`);
    this.checkImage(where, props.image, props.allowMutableTag);

    // Ports: below 1024 needs NET_BIND_SERVICE, a justified weakening.
    const ports = [props.portNumber ?? props.port, ...(props.ports ?? []).map((p) => p.number)].filter((p): p is number => p !== undefined);
    for (const p of ports) {
      if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`${where} port ${p}: a port is a whole number from 1 to 65535`);
    }
    const capabilities: string[] = [];
    const low = ports.filter((p) => p < 1024);
    if (low.length > 0) {
      this.justify(`${where} prop 'privilegedPorts'`, props.privilegedPorts, {
        ruleId: 'workload.privileged-port',
        fix: `Listen on a port of 1024 or more (the Service can still expose ${Math.min(...low)}).`,
        form: 'string',
      });
      // A non-root process cannot use NET_BIND_SERVICE (Kubernetes sets no ambient capabilities
      // and no_new_privs disables file capabilities): lower the pod's unprivileged port range,
      // a safe sysctl the Pod Security Standards allow, instead.
      this.unprivilegedPortStart = Math.min(this.unprivilegedPortStart ?? 1024, ...low);
    }
    if (props.addCapabilities) {
      const caps = this.weakenValue(`${where} prop 'addCapabilities'`, props.addCapabilities, {
        ruleId: 'pss.capabilities-restricted',
        fix: 'Drop ALL capabilities; if the workload truly needs a kernel privilege, name only that one.',
      });
      for (const cap of caps) {
        if (!/^[A-Z_]+$/.test(cap)) throw new Error(`${where} prop 'addCapabilities': '${cap}' is not a capability name (e.g. CHOWN, without the CAP_ prefix)`);
        if (!BASELINE_CAPABILITIES.has(cap)) {
          throw new Error(`${where} prop 'addCapabilities': ${cap} is outside the Pod Security Standards baseline set (${[...BASELINE_CAPABILITIES].join(', ')}), `
            + 'so no SecureNamespace admits it [pss.capabilities-baseline]; a workload that needs it is a node agent to run outside kubeward\'s hardened workloads');
        }
        if (!capabilities.includes(cap)) capabilities.push(cap);
      }
    }
    const writableRoot = props.readOnlyRootFilesystem !== undefined && this.weakenValue(`${where} prop 'readOnlyRootFilesystem'`, props.readOnlyRootFilesystem, {
      ruleId: 'workload.read-only-root-filesystem',
      fix: 'Keep the root filesystem read-only and list the paths the container writes to in writablePaths.',
    }) === false;
    this.exceptions.set(name, { writableRoot, capabilities });

    for (const path of props.writablePaths ?? []) {
      if (!path.startsWith('/')) throw new Error(`${where} prop 'writablePaths': '${path}' must be an absolute path`);
    }
    this.writablePaths.set(name, [...new Set(props.writablePaths ?? [])]);

    const r = props.resources ?? {};
    const memoryLimit = r.memoryLimit ?? DEFAULT_RESOURCES.memory;
    const memoryRequest = r.memoryRequest ?? memoryLimit;
    if (memoryRequest.toMebibytes() > memoryLimit.toMebibytes()) {
      throw new Error(`${where} prop 'resources': memoryRequest (${memoryRequest.toMebibytes()}Mi) is above memoryLimit (${memoryLimit.toMebibytes()}Mi)`);
    }
    const cpuLimit = r.cpuLimit && this.weakenValue(`${where} prop 'resources.cpuLimit'`, r.cpuLimit, {
      ruleId: 'workload.no-cpu-limit',
      fix: 'Set only cpuRequest: the guidance advises memory limits and CPU requests, not CPU limits, which throttle.',
    });

    const port = props.portNumber ?? props.port;
    const serving = list === 'containers' || props.restartPolicy === kplus.ContainerRestartPolicy.ALWAYS;
    const probe = port !== undefined && serving && this.kind !== 'Job' && this.kind !== 'CronJob'
      ? kplus.Probe.fromTcpSocket({ port }) : undefined;
    const {
      writablePaths: _w, allowMutableTag: _m, readOnlyRootFilesystem: _r, addCapabilities: _c, privilegedPorts: _pp, resources: _res, ...rest
    } = props;
    return {
      ...rest,
      name,
      liveness: props.liveness ?? probe,
      readiness: props.readiness ?? probe,
      resources: {
        cpu: { request: r.cpuRequest ?? DEFAULT_RESOURCES.cpuRequest, limit: cpuLimit || undefined },
        memory: { request: memoryRequest, limit: memoryLimit },
      },
      securityContext: {
        ensureNonRoot: true,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: !writableRoot,
        capabilities: { drop: [kplus.Capability.ALL] },
      },
    };
  }

  /**
   * Mounts an `emptyDir` volume at each writable path of a container. Run after the
   * cdk8s-plus constructor, since volumes are constructs of the workload.
   */
  public mountWritablePaths(workload: kplus.Workload, container: kplus.Container): void {
    const paths = this.writablePaths.get(container.name) ?? [];
    paths.forEach((path, i) => {
      const slug = `${container.name}${path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
      const name = `w-${slug}`.slice(0, 63).replace(/-+$/, '');
      const volume = kplus.Volume.fromEmptyDir(workload, `Writable-${container.name}-${i}`, name, { sizeLimit: Size.mebibytes(256) });
      container.mount(path, volume);
    });
  }

  private checkImage(where: string, image: string, allowMutableTag: string | undefined): void {
    const ref = parseImageReference(image);
    if (ref.error) throw new Error(`${where} image '${image}': ${ref.error} [image.mutable-tag]`);
    if (!ref.digest) {
      if (!ref.tag || ref.tag === 'latest') {
        throw new Error(`${where} image '${image}' ${ref.tag ? 'uses the tag latest' : 'has no tag or digest'}, which is never accepted [image.mutable-tag]. `
          + 'Pin it by digest: registry/repository@sha256:<digest> (or, with a justification in allowMutableTag, a version tag).');
      }
      this.justify(`${where} image '${image}' (prop 'allowMutableTag')`, allowMutableTag, {
        ruleId: 'image.digest',
        form: 'string',
        fix: `Pin the image by digest: ${ref.registry}/${ref.repository}@sha256:<digest> (keep the tag for readers: ${ref.registry}/${ref.repository}:${ref.tag}@sha256:<digest>).`,
      });
    } else if (!isPinnedByDigest(ref)) {
      throw new Error(`${where} image '${image}': the digest is not a valid sha256 digest [image.digest]`);
    }
    if (!isAllowedRegistry(ref, this.allowedRegistries)) {
      throw new Error(`${where} image '${image}' comes from ${ref.registry}, which is not an allowed registry (${this.allowedRegistries.join(', ') || 'none'}) [image.allowed-registry]. `
        + 'Import the image into your Azure Container Registry, or add the registry to the namespace\'s allowedRegistries (or the app context kubeward:allowedRegistries).');
    }
  }

  private checkId(prop: string, id: number): number {
    if (!Number.isInteger(id) || id < 1 || id > 2147483647) {
      throw new Error(`${this.describe()} prop '${prop}': ${id} is not allowed; use a non-zero UID/GID such as 65532 [pss.run-as-user]`);
    }
    // The GID is also fsGroup and the supplemental group, which Azure Policy's pod security
    // initiative (AllowedUsersGroups, enforced by PolicyBaseline) accepts from 1 to 65535 only.
    if (prop === 'runAsGroup' && id > MAX_AZURE_POLICY_GROUP_ID) {
      throw new Error(`${this.describe()} prop 'runAsGroup': ${id} is above ${MAX_AZURE_POLICY_GROUP_ID}; the group id is also the fsGroup and supplemental group, `
        + `which Azure Policy's pod security restricted initiative allows from 1 to ${MAX_AZURE_POLICY_GROUP_ID} [pss.run-as-user]. Use a GID such as 65532.`);
    }
    return id;
  }

  /** A workload-level weakening: returns the weaker value when justified, the secure default when unset. */
  private weaken<T>(prop: string, option: Justified<T> | undefined, weak: T, w: Omit<Weakening, 'property'>): boolean {
    if (option === undefined) return false;
    return this.weakenValue(`${this.describe()} prop '${prop}'`, option, w) === weak;
  }

  private weakenValue<T>(property: string, option: Justified<T>, w: Omit<Weakening, 'property'>): T {
    if (typeof option !== 'object' || option === null || !('value' in option)) {
      throw new Error(`${property}: expected { value, justification } [${w.ruleId}]`);
    }
    this.justify(property, option.justification, w);
    return option.value;
  }

  private justify(property: string, justification: string | undefined, w: Omit<Weakening, 'property'>): void {
    const weakening = { ...w, property };
    assertJustified(weakening, justification);
    this.pending.push({ weakening, justification: justification! });
    if (this.workload) {
      for (const p of this.pending.splice(0)) recordJustification(this.workload.metadata, p.weakening, p.justification);
    }
  }
}

/** True when the workload's props name at least one container port. */
function hasPort(props: HardenedWorkloadOptions): boolean {
  if (props.port !== undefined) return true;
  return [...(props.containers ?? []), ...(props.initContainers ?? [])]
    .some((c) => c.portNumber !== undefined || c.port !== undefined || (c.ports?.length ?? 0) > 0);
}

/**
 * Adds `appArmorProfile: { type: RuntimeDefault }` to the pod security context of a synthesised
 * workload. cdk8s-plus-28 serialises objects through Kubernetes 1.28's generated types, which
 * drop fields they do not know, appArmorProfile (Kubernetes 1.30) among them, even after JSON
 * patches; so the object's own serialisation is extended.
 */
function addAppArmorProfile(apiObject: ApiObject, podSpecPath: readonly string[]): void {
  const toJson = apiObject.toJson.bind(apiObject);
  apiObject.toJson = (): any => {
    const json = toJson();
    let node = json;
    for (const key of podSpecPath) node = node?.[key];
    if (node && typeof node === 'object') {
      node.securityContext = { ...node.securityContext, appArmorProfile: { type: 'RuntimeDefault' } };
    }
    return json;
  };
}
