import { ApiObject, Chart, JsonPatch, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
// cdk8s-plus-28 has no class for ResourceQuota or LimitRange, so those two use the generated L1s.
import { KubeLimitRange, KubeResourceQuota, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import { recordJustification, type Justified } from './justification';
import { COST_LABELS, Sensitivity, SENSITIVITY_KEY, type IWorkloadPolicySource, type WorkloadPolicy } from './policy';
import { validateOnSynth } from './validation';

/** The Pod Security Standards levels a SecureNamespace can enforce (`privileged` never). */
export type PodSecurityLevel = 'restricted' | 'baseline';

/** The Pod Security version SecureNamespace pins when none is given. */
export const DEFAULT_POD_SECURITY_VERSION = 'v1.33';

/** The Pod Security Admission label prefix and its three modes. */
const PSA_PREFIX = 'pod-security.kubernetes.io/';
const PSA_MODES = ['enforce', 'audit', 'warn'] as const;

/** A pinned Pod Security version, as Pod Security Admission parses it (the namespace control's own pattern). */
const POD_SECURITY_VERSION = /^v1\.(0|[1-9][0-9]*)$/;

/** A DNS-1123 label: what a Namespace name must be. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A Kubernetes label value (non-empty here). */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** An Entra ID object id: a GUID. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The host part of an allowed-registry entry: a host name (optionally `*.`-prefixed) and port. */
const REGISTRY_HOST = /^(\*\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$/i;

/** The rule a weaker Pod Security level violates. */
const POD_SECURITY_RULE = 'namespace.pod-security-labels';

/**
 * The ResourceQuota of a SecureNamespace (control `namespace.resource-quota`, guidance W-11).
 * Each field left unset takes its default.
 */
export interface NamespaceQuota {
  /**
   * The sum of the CPU requests of all pods (`requests.cpu`).
   * @default Cpu.units(4)
   */
  readonly requestsCpu?: kplus.Cpu;
  /**
   * The sum of the memory requests of all pods (`requests.memory`).
   * @default Size.gibibytes(8)
   */
  readonly requestsMemory?: Size;
  /**
   * The sum of the memory limits of all pods (`limits.memory`). There is deliberately no CPU
   * limit quota: a CPU limit quota forces every container to set a CPU limit, which the
   * guidance (W-10) advises against.
   * @default Size.gibibytes(16)
   */
  readonly limitsMemory?: Size;
  /**
   * The number of pods (`pods`).
   * @default 50
   */
  readonly pods?: number;
}

/**
 * The per-container defaults and bounds of a SecureNamespace's LimitRange (control
 * `namespace.limit-range`, guidance W-10). There is no default CPU limit, on purpose.
 */
export interface ContainerDefaults {
  /**
   * The CPU request of a container that sets none (`defaultRequest.cpu`).
   * @default Cpu.millis(100)
   */
  readonly cpuRequest?: kplus.Cpu;
  /**
   * The memory request of a container that sets none (`defaultRequest.memory`).
   * @default Size.mebibytes(128)
   */
  readonly memoryRequest?: Size;
  /**
   * The memory limit of a container that sets none (`default.memory`).
   * @default Size.mebibytes(512)
   */
  readonly memoryLimit?: Size;
  /**
   * The largest memory limit one container may set (`max.memory`).
   * @default - the smaller of 4 GiB and the quota's `limitsMemory`
   */
  readonly maxMemoryLimit?: Size;
}

/** Props of {@link SecureNamespace}: the cdk8s-plus Namespace props plus kubeward's. */
export interface SecureNamespaceProps extends kplus.NamespaceProps {
  /**
   * The namespace's name, a DNS-1123 label (also accepted as `metadata.name`).
   * @default - derived from the construct path, as cdk8s-plus does
   */
  readonly name?: string;
  /**
   * The Pod Security Standards version the `*-version` labels pin, `v1.<minor>`: the cluster's
   * Kubernetes minor version. Raise it deliberately after testing the workloads.
   * @default DEFAULT_POD_SECURITY_VERSION ('v1.33')
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  readonly podSecurityVersion?: string;
  /**
   * A weaker Pod Security level to ENFORCE, with the reason: only `baseline`, never
   * `privileged`. Audit and warn stay at `restricted`, so violations of the restricted level
   * remain visible. The justification is written to the Namespace as the annotation
   * `suppress.kubeward.io/namespace.pod-security-labels`.
   * @default - `restricted` for enforce, audit and warn
   */
  readonly podSecurityLevel?: Justified<'baseline'>;
  /**
   * The sensitivity level: the label `kubeward.io/sensitivity=<level>` on the namespace, and
   * hardened workloads created inside it get the matching nodeSelector and toleration
   * (guidance E-11, E-12).
   * @default - no sensitivity level
   */
  readonly sensitivity?: Sensitivity;
  /**
   * The ResourceQuota; fields left unset take their defaults.
   * @default - 4 CPU and 8 GiB of requests, 16 GiB of memory limits, 50 pods
   */
  readonly quota?: NamespaceQuota;
  /**
   * The LimitRange's container defaults and bounds; fields left unset take their defaults.
   * @default - requests of 100m CPU and 128 MiB, a memory limit of 512 MiB, at most 4 GiB, no CPU limit
   */
  readonly containerDefaults?: ContainerDefaults;
  /**
   * Object ids (GUIDs) of Entra ID groups given read-only access to the namespace: a
   * RoleBinding to the built-in ClusterRole `view` (see {@link SecureNamespace.grantView}).
   * @default - none
   */
  readonly viewers?: readonly string[];
  /**
   * Object ids (GUIDs) of Entra ID groups given read-write access to the namespace: a
   * RoleBinding to the built-in ClusterRole `edit` (see {@link SecureNamespace.grantEdit}).
   * @default - none
   */
  readonly editors?: readonly string[];
  /**
   * The owning team, a label value: the cost-allocation label `kubeward.io/team` on the
   * namespace and on the hardened workloads inside it (guidance E-28).
   * @default - no team label
   */
  readonly team?: string;
  /**
   * The cost centre charged, a label value: the cost-allocation label `kubeward.io/cost-center`
   * on the namespace and on the hardened workloads inside it (guidance E-28).
   * @default - no cost-center label
   */
  readonly costCenter?: string;
  /**
   * Registries the images of hardened workloads in this namespace may come from, e.g.
   * `contoso.azurecr.io`, `*.azurecr.io` or `contoso.azurecr.io/team`.
   * @default - the app's context `kubeward:allowedRegistries`, else mcr.microsoft.com and *.azurecr.io
   */
  readonly allowedRegistries?: readonly string[];
}

/** Defaults of the quota and the container defaults, resolved in one place. */
const DEFAULT_QUOTA: Required<NamespaceQuota> = {
  requestsCpu: kplus.Cpu.units(4),
  requestsMemory: Size.gibibytes(8),
  limitsMemory: Size.gibibytes(16),
  pods: 50,
};
const DEFAULT_CONTAINER: Required<Omit<ContainerDefaults, 'maxMemoryLimit'>> = {
  cpuRequest: kplus.Cpu.millis(100),
  memoryRequest: Size.mebibytes(128),
  memoryLimit: Size.mebibytes(512),
};
const DEFAULT_MAX_MEMORY_LIMIT = Size.gibibytes(4);

/**
 * A Namespace whose defaults pass every namespace control of the catalogue:
 * - Pod Security Admission `restricted` for enforce, audit and warn, pinned to a version
 *   (`namespace.pod-security-labels`; W-07);
 * - NetworkPolicies that deny all ingress and egress except DNS to kube-dns
 *   (`namespace.default-deny`; W-24, E-11, E-23);
 * - a ResourceQuota and a LimitRange with memory limits and CPU requests but no CPU limit
 *   (`namespace.resource-quota`, `namespace.limit-range`; W-10, W-11);
 * - optional sensitivity level, cost-allocation labels and allowed registries that the hardened
 *   workloads created inside it follow (E-11, E-12, E-28);
 * - namespace-scoped access for Entra ID groups through the built-in `view` and `edit`
 *   ClusterRoles, never `admin` or `cluster-admin` (E-09, E-15, E-32).
 *
 * Child construct ids are a contract: `DefaultDeny`, `AllowDns`, `Quota`, `Limits`,
 * `View-<objectId>` and `Edit-<objectId>`.
 *
 * @example
 * const ns = new SecureNamespace(chart, 'shop', { name: 'shop', sensitivity: Sensitivity.CONFIDENTIAL, team: 'payments' });
 * ns.grantEdit('00000000-0000-0000-0000-000000000001');
 * new HardenedDeployment(ns, 'api', { image: 'contoso.azurecr.io/api@sha256:…', port: 8080 });
 */
export class SecureNamespace extends kplus.Namespace implements IWorkloadPolicySource {
  /** The Pod Security level enforced (`restricted` unless a justified `baseline` was given); audit and warn are always `restricted`. */
  public readonly podSecurityLevel: PodSecurityLevel;
  /** The pinned Pod Security version of the `*-version` labels. */
  public readonly podSecurityVersion: string;
  /** The sensitivity level, if any. */
  public readonly sensitivity?: Sensitivity;
  /** The resolved ResourceQuota. */
  public readonly quota: Required<NamespaceQuota>;
  /** The resolved LimitRange container defaults and bounds. */
  public readonly containerDefaults: Required<ContainerDefaults>;
  /** The owning team label value, if any. */
  public readonly team?: string;
  /** The cost centre label value, if any. */
  public readonly costCenter?: string;
  /** The namespace's own allowed registries, if given. */
  public readonly allowedRegistries?: readonly string[];
  /** What hardened workloads created inside this namespace follow. */
  public readonly workloadPolicy: WorkloadPolicy;

  private readonly viewerIds: string[] = [];
  private readonly editorIds: string[] = [];

  constructor(scope: Construct, id: string, props: SecureNamespaceProps = {}) {
    const what = (prop: string) => `SecureNamespace '${id}' prop '${prop}'`;
    const name = resolveName(what, props);
    super(scope, id, { metadata: { ...props.metadata, ...(name !== undefined ? { name } : {}) } });
    checkName(what(props.name !== undefined ? 'name' : 'metadata.name'), this.name);
    this.dropChartNamespace();

    this.podSecurityVersion = checkPodSecurityVersion(what('podSecurityVersion'), props.podSecurityVersion ?? DEFAULT_POD_SECURITY_VERSION);
    this.podSecurityLevel = this.resolvePodSecurityLevel(what('podSecurityLevel'), props.podSecurityLevel);
    this.sensitivity = checkSensitivity(what('sensitivity'), props.sensitivity);
    this.team = checkLabelValue(what('team'), props.team);
    this.costCenter = checkLabelValue(what('costCenter'), props.costCenter);
    this.allowedRegistries = checkRegistries(what('allowedRegistries'), props.allowedRegistries);
    this.quota = resolveQuota(what, props.quota);
    this.containerDefaults = resolveContainerDefaults(what, props.containerDefaults, this.quota);

    const costLabels: Record<string, string> = {};
    if (this.team !== undefined) costLabels[COST_LABELS.team] = this.team;
    if (this.costCenter !== undefined) costLabels[COST_LABELS.costCenter] = this.costCenter;
    this.workloadPolicy = {
      namespaceName: this.name,
      ...(this.sensitivity ? { sensitivity: this.sensitivity } : {}),
      ...(this.allowedRegistries ? { allowedRegistries: this.allowedRegistries } : {}),
      costLabels,
    };

    this.addManagedLabels(id, props, {
      ...this.podSecurityLabels(),
      ...(this.sensitivity ? { [SENSITIVITY_KEY]: this.sensitivity.level } : {}),
      ...costLabels,
    });
    this.addNetworkPolicies();
    this.addQuota();
    this.addLimitRange();
    for (const groupObjectId of checkList(what('viewers'), props.viewers)) this.grant('view', what('viewers'), groupObjectId);
    for (const groupObjectId of checkList(what('editors'), props.editors)) this.grant('edit', what('editors'), groupObjectId);

    validateOnSynth(Chart.of(this), this.allowedRegistries ? { name: this.name, allowedRegistries: this.allowedRegistries } : undefined);
  }

  /** Object ids of the Entra ID groups with `view` access, in the order they were granted. */
  public get viewers(): readonly string[] {
    return [...this.viewerIds];
  }

  /** Object ids of the Entra ID groups with `edit` access, in the order they were granted. */
  public get editors(): readonly string[] {
    return [...this.editorIds];
  }

  /**
   * Gives an Entra ID group read-only access to this namespace (Secrets excluded): a
   * RoleBinding (child id `View-<objectId>`, name `view-<objectId>`) to the built-in ClusterRole
   * `view`, subject `Group` named by the object id, as AKS with Entra ID integration puts it in
   * the token.
   * Granting the same group twice returns the existing binding.
   * @param groupObjectId the group's object id (a GUID; written in lowercase)
   */
  public grantView(groupObjectId: string): kplus.RoleBinding {
    return this.grant('view', `SecureNamespace '${this.node.id}' grantView()`, groupObjectId);
  }

  /**
   * Gives an Entra ID group read-write access to this namespace's workloads and configuration:
   * a RoleBinding (child id `Edit-<objectId>`, name `edit-<objectId>`) to the built-in
   * ClusterRole `edit`. `edit` cannot change RBAC, the Namespace or its quota and limits, but it
   * can read and write Secrets, exec into pods, impersonate service accounts and change or delete
   * NetworkPolicies (the default deny included): grant it to the team that owns the namespace.
   * Granting the same group twice returns the existing binding.
   * @param groupObjectId the group's object id (a GUID; written in lowercase)
   */
  public grantEdit(groupObjectId: string): kplus.RoleBinding {
    return this.grant('edit', `SecureNamespace '${this.node.id}' grantEdit()`, groupObjectId);
  }

  /**
   * Whether `other` is at the same sensitivity level as this namespace: both at the same
   * level, or neither at any.
   */
  public isSameSensitivity(other: SecureNamespace): boolean {
    return this.sensitivity?.level === other.sensitivity?.level;
  }

  /**
   * cdk8s gives every object the chart's namespace, this cluster-scoped Namespace included,
   * where a namespace does not belong; it is removed.
   */
  private dropChartNamespace(): void {
    if (this.metadata.namespace !== undefined) ApiObject.of(this).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }

  private resolvePodSecurityLevel(property: string, option: Justified<'baseline'> | undefined): PodSecurityLevel {
    if (option === undefined) return 'restricted';
    // Typed as Justified<'baseline'>; plain JavaScript may pass a bare string.
    const raw: unknown = option;
    const { value, justification } = typeof raw === 'string' || raw === null || typeof raw !== 'object'
      ? { value: raw, justification: undefined }
      : { value: (raw as { value?: unknown }).value, justification: (raw as { justification?: unknown }).justification };
    if (value === 'restricted') return 'restricted';
    if (value === 'privileged') {
      throw new Error(`${property} is 'privileged', which SecureNamespace never allows [${POD_SECURITY_RULE}]. `
        + 'Run privileged system components in a namespace managed by the platform (for example kube-system), or use { value: \'baseline\', justification } at most.');
    }
    if (value !== 'baseline') {
      throw new Error(`${property} has the value ${JSON.stringify(value)}; it takes { value: 'baseline', justification: '…' } (or leave it unset for 'restricted')`);
    }
    recordJustification(this.metadata, {
      property,
      ruleId: POD_SECURITY_RULE,
      fix: 'Leave it unset so the namespace enforces the restricted Pod Security Standard, and fix the workloads that need more (the audit names the fields).',
    }, typeof justification === 'string' ? justification : undefined);
    return 'baseline';
  }

  private podSecurityLabels(): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const mode of PSA_MODES) {
      labels[`${PSA_PREFIX}${mode}`] = mode === 'enforce' ? this.podSecurityLevel : 'restricted';
      labels[`${PSA_PREFIX}${mode}-version`] = this.podSecurityVersion;
    }
    return labels;
  }

  /** Adds the labels SecureNamespace manages, refusing a user label that would contradict one. */
  private addManagedLabels(id: string, props: SecureNamespaceProps, labels: Record<string, string>): void {
    const userLabels = props.metadata?.labels ?? {};
    for (const [key, value] of Object.entries(labels)) {
      const mine = userLabels[key];
      if (mine !== undefined && mine !== value) {
        throw new Error(`SecureNamespace '${id}' prop 'metadata.labels' sets '${key}' to '${mine}', but SecureNamespace manages that label ('${value}'); `
          + `remove it from metadata.labels and use the prop ${propFor(key)}`);
      }
      this.metadata.addLabel(key, value);
    }
  }

  /** Default deny in both directions, plus DNS egress to kube-dns (control `namespace.default-deny`). */
  private addNetworkPolicies(): void {
    const namespace = this.name;
    new kplus.NetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace },
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
    const kubeDns = kplus.Pods.select(this, 'KubeDns', {
      labels: { 'k8s-app': 'kube-dns' },
      namespaces: kplus.Namespaces.select(this, 'KubeSystem', { names: ['kube-system'] }),
    });
    new kplus.NetworkPolicy(this, 'AllowDns', {
      metadata: { name: 'allow-dns', namespace },
      egress: { rules: [{ peer: kubeDns, ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)] }] },
    });
  }

  /** The ResourceQuota (control `namespace.resource-quota`); an L1 because cdk8s-plus has no ResourceQuota class. */
  private addQuota(): void {
    const q = this.quota;
    new KubeResourceQuota(this, 'Quota', {
      metadata: { name: 'quota', namespace: this.name },
      spec: {
        hard: {
          'requests.cpu': Quantity.fromString(q.requestsCpu.amount),
          'requests.memory': Quantity.fromString(sizeQuantity(q.requestsMemory)),
          'limits.memory': Quantity.fromString(sizeQuantity(q.limitsMemory)),
          'pods': Quantity.fromString(String(q.pods)),
        },
      },
    });
  }

  /** The LimitRange (control `namespace.limit-range`); an L1 because cdk8s-plus has no LimitRange class. */
  private addLimitRange(): void {
    const c = this.containerDefaults;
    new KubeLimitRange(this, 'Limits', {
      metadata: { name: 'limits', namespace: this.name },
      spec: {
        limits: [{
          type: 'Container',
          // No default CPU limit (guidance W-10: memory limits and CPU requests, no CPU limits).
          default: { memory: Quantity.fromString(sizeQuantity(c.memoryLimit)) },
          defaultRequest: { cpu: Quantity.fromString(c.cpuRequest.amount), memory: Quantity.fromString(sizeQuantity(c.memoryRequest)) },
          max: { memory: Quantity.fromString(sizeQuantity(c.maxMemoryLimit)) },
        }],
      },
    });
  }

  private grant(access: 'view' | 'edit', property: string, groupObjectId: unknown): kplus.RoleBinding {
    const objectId = checkGroupObjectId(property, groupObjectId);
    const id = `${access === 'view' ? 'View' : 'Edit'}-${objectId}`;
    const existing = this.node.tryFindChild(id);
    if (existing instanceof kplus.RoleBinding) return existing;
    const roleId = access === 'view' ? 'ViewClusterRole' : 'EditClusterRole';
    const role = (this.node.tryFindChild(roleId) as kplus.IClusterRole | undefined) ?? kplus.ClusterRole.fromClusterRoleName(this, roleId, access);
    const binding = new kplus.RoleBinding(this, id, { metadata: { name: `${access}-${objectId}`, namespace: this.name }, role });
    binding.addSubjects(kplus.Group.fromName(binding, 'Group', objectId));
    (access === 'view' ? this.viewerIds : this.editorIds).push(objectId);
    return binding;
  }
}

/** The prop to use instead of setting a managed label by hand. */
function propFor(key: string): string {
  if (key.startsWith(PSA_PREFIX)) return key.endsWith('-version') ? "'podSecurityVersion'" : "'podSecurityLevel' (with a justification)";
  if (key === SENSITIVITY_KEY) return "'sensitivity'";
  return key === COST_LABELS.team ? "'team'" : "'costCenter'";
}

function resolveName(what: (prop: string) => string, props: SecureNamespaceProps): string | undefined {
  const fromMeta = props.metadata?.name;
  if (props.name !== undefined && fromMeta !== undefined && props.name !== fromMeta) {
    throw new Error(`${what('name')} is '${props.name}' but metadata.name is '${fromMeta}'; give the name once`);
  }
  if (props.metadata?.namespace !== undefined) {
    throw new Error(`${what('metadata.namespace')} is '${props.metadata.namespace}', but a Namespace is cluster-scoped and has no namespace; remove it`);
  }
  const name = props.name ?? fromMeta;
  if (name !== undefined) checkName(what(props.name !== undefined ? 'name' : 'metadata.name'), name);
  return name;
}

function checkName(property: string, name: unknown): void {
  if (typeof name !== 'string' || !DNS_LABEL.test(name)) {
    throw new Error(`${property} is ${JSON.stringify(name)}, which is not a valid namespace name; `
      + 'use a DNS-1123 label: at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit (e.g. \'shop-prod\')');
  }
}

function checkPodSecurityVersion(property: string, version: unknown): string {
  if (typeof version !== 'string' || !POD_SECURITY_VERSION.test(version)) {
    throw new Error(`${property} is ${JSON.stringify(version)}, which is not a pinned Pod Security version [${POD_SECURITY_RULE}]; `
      + `use 'v1.<minor>' for the cluster's Kubernetes minor version, e.g. '${DEFAULT_POD_SECURITY_VERSION}' ('latest' is not pinned)`);
  }
  return version;
}

function checkSensitivity(property: string, sensitivity: unknown): Sensitivity | undefined {
  if (sensitivity === undefined || sensitivity instanceof Sensitivity) return sensitivity;
  throw new Error(`${property} is ${JSON.stringify(sensitivity)}; pass a Sensitivity, e.g. Sensitivity.CONFIDENTIAL or Sensitivity.of('pci')`);
}

function checkLabelValue(property: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !LABEL_VALUE.test(value)) {
    throw new Error(`${property} is ${JSON.stringify(value)}, which is not a valid label value; `
      + 'use 1 to 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit (e.g. \'payments\' or \'cc-1234\')');
  }
  return value;
}

function checkList(property: string, list: unknown): readonly unknown[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`${property} is ${JSON.stringify(list)}; it takes an array of strings`);
  return list;
}

function checkRegistries(property: string, registries: unknown): readonly string[] | undefined {
  if (registries === undefined) return undefined;
  const list = checkList(property, registries);
  if (list.length === 0) {
    throw new Error(`${property} is empty, which would allow no image at all; list at least one registry (e.g. 'contoso.azurecr.io') or leave it unset for the app's list`);
  }
  return Object.freeze(list.map((entry, i) => {
    const text = typeof entry === 'string' ? entry.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '') : '';
    const host = text.split('/')[0];
    if (typeof entry !== 'string' || entry.trim() !== entry || !REGISTRY_HOST.test(host)) {
      throw new Error(`${property}[${i}] is ${JSON.stringify(entry)}, which is not a registry; `
        + 'give a registry host, optionally with a path prefix or a leading \'*.\' for its subdomains (e.g. \'contoso.azurecr.io\', \'contoso.azurecr.io/team\' or \'*.azurecr.io\'); \'*\' alone would allow every registry');
    }
    return entry;
  }));
}

function checkGroupObjectId(property: string, objectId: unknown): string {
  if (typeof objectId !== 'string' || !GUID.test(objectId)) {
    throw new Error(`${property}: ${JSON.stringify(objectId)} is not an Entra ID group object id; `
      + 'give the group\'s object id, a GUID like \'3f2504e0-4f89-41d3-9a0c-0305e82c3301\' (az ad group show --group <name> --query id -o tsv), not its display name');
  }
  return objectId.toLowerCase();
}

/** CPU as whole millicores; throws unless `cpu` is a kplus Cpu of at least 1m. */
function millicores(property: string, cpu: unknown): number {
  const amount = typeof cpu === 'object' && cpu !== null ? (cpu as { amount?: unknown }).amount : undefined;
  const match = typeof amount === 'string' ? /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(amount) : null;
  const value = match ? Number(match[1]) * (match[2] === 'm' ? 1 : 1000) : NaN;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${property} is ${JSON.stringify(amount ?? cpu)}, which is not a CPU amount; pass a whole number of millicores of at least 1 as Cpu.millis(500) or Cpu.units(2)`);
  }
  return value;
}

/** Memory in bytes; throws unless `size` is a cdk8s Size of a whole number of bytes, at least 1. */
function bytes(property: string, size: unknown): number {
  const toKibibytes = typeof size === 'object' && size !== null ? (size as Partial<Size>).toKibibytes : undefined;
  const value = typeof toKibibytes === 'function' ? toKibibytes.call(size, { rounding: SizeRoundingBehavior.NONE }) * 1024 : NaN;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${property} is ${JSON.stringify(size)}, which is not a memory size; pass a Size of at least one byte, e.g. Size.mebibytes(512) or Size.gibibytes(8)`);
  }
  return value;
}

/** A Size as a Kubernetes quantity in the largest binary unit that divides it exactly. */
function sizeQuantity(size: Size): string {
  const b = bytes('size', size);
  for (const [unit, factor] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (b % factor === 0) return `${b / factor}${unit}`;
  }
  return `${b}`;
}

function resolveQuota(what: (prop: string) => string, quota: NamespaceQuota | undefined): Required<NamespaceQuota> {
  const q: Required<NamespaceQuota> = {
    requestsCpu: quota?.requestsCpu ?? DEFAULT_QUOTA.requestsCpu,
    requestsMemory: quota?.requestsMemory ?? DEFAULT_QUOTA.requestsMemory,
    limitsMemory: quota?.limitsMemory ?? DEFAULT_QUOTA.limitsMemory,
    pods: quota?.pods ?? DEFAULT_QUOTA.pods,
  };
  millicores(what('quota.requestsCpu'), q.requestsCpu);
  const requests = bytes(what('quota.requestsMemory'), q.requestsMemory);
  const limits = bytes(what('quota.limitsMemory'), q.limitsMemory);
  if (typeof q.pods !== 'number' || !Number.isInteger(q.pods) || q.pods < 1) {
    throw new Error(`${what('quota.pods')} is ${JSON.stringify(q.pods)}; give a whole number of pods of at least 1`);
  }
  if (requests > limits) {
    throw new Error(`${what('quota.requestsMemory')} (${sizeQuantity(q.requestsMemory)}) is more than quota.limitsMemory (${sizeQuantity(q.limitsMemory)}); memory requests cannot exceed memory limits, so raise limitsMemory or lower requestsMemory`);
  }
  return q;
}

function resolveContainerDefaults(
  what: (prop: string) => string,
  given: ContainerDefaults | undefined,
  quota: Required<NamespaceQuota>,
): Required<ContainerDefaults> {
  const quotaLimits = bytes('quota.limitsMemory', quota.limitsMemory);
  const c: Required<ContainerDefaults> = {
    cpuRequest: given?.cpuRequest ?? DEFAULT_CONTAINER.cpuRequest,
    memoryRequest: given?.memoryRequest ?? DEFAULT_CONTAINER.memoryRequest,
    memoryLimit: given?.memoryLimit ?? DEFAULT_CONTAINER.memoryLimit,
    maxMemoryLimit: given?.maxMemoryLimit ?? (bytes('max', DEFAULT_MAX_MEMORY_LIMIT) <= quotaLimits ? DEFAULT_MAX_MEMORY_LIMIT : quota.limitsMemory),
  };
  const cpu = millicores(what('containerDefaults.cpuRequest'), c.cpuRequest);
  const request = bytes(what('containerDefaults.memoryRequest'), c.memoryRequest);
  const limit = bytes(what('containerDefaults.memoryLimit'), c.memoryLimit);
  const max = bytes(what('containerDefaults.maxMemoryLimit'), c.maxMemoryLimit);
  const fail = (prop: string, value: Size | kplus.Cpu, other: string, otherValue: Size | kplus.Cpu, fix: string): never => {
    const text = (v: Size | kplus.Cpu) => (v instanceof kplus.Cpu ? v.amount : sizeQuantity(v));
    throw new Error(`${what(prop)} (${text(value)}) is more than ${other} (${text(otherValue)}); ${fix}`);
  };
  if (request > limit) fail('containerDefaults.memoryRequest', c.memoryRequest, 'containerDefaults.memoryLimit', c.memoryLimit, 'a request cannot exceed the limit, so lower memoryRequest or raise memoryLimit');
  if (limit > max) fail('containerDefaults.memoryLimit', c.memoryLimit, 'containerDefaults.maxMemoryLimit', c.maxMemoryLimit, 'the default limit must be allowed by the maximum, so lower memoryLimit or raise maxMemoryLimit');
  if (max > quotaLimits) fail('containerDefaults.maxMemoryLimit', c.maxMemoryLimit, 'quota.limitsMemory', quota.limitsMemory, 'one container cannot use more than the whole namespace, so lower maxMemoryLimit or raise quota.limitsMemory');
  if (request > bytes('quota.requestsMemory', quota.requestsMemory)) {
    fail('containerDefaults.memoryRequest', c.memoryRequest, 'quota.requestsMemory', quota.requestsMemory, 'no container could be scheduled, so lower memoryRequest or raise quota.requestsMemory');
  }
  if (cpu > millicores('quota.requestsCpu', quota.requestsCpu)) {
    fail('containerDefaults.cpuRequest', c.cpuRequest, 'quota.requestsCpu', quota.requestsCpu, 'no container could be scheduled, so lower cpuRequest or raise quota.requestsCpu');
  }
  return c;
}
