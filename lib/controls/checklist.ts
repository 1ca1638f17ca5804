import { CATALOGUE } from './catalogue';
import { BUILT_COMPONENTS, BUILT_CONSTRUCTS } from './implementations';
import type { Control } from './types';

/**
 * The guidance checklist (../shared/guidance/CHECKLIST.md): every recommendation of the two
 * guidance documents, with what in kubeward implements it.
 *
 * One source of truth for each direction: the controls implementing a recommendation are NOT
 * listed here, they are computed from the catalogue (each control's `checklist` field names the
 * ids it implements). This file holds only what no control can say: the recommendation text,
 * the constructs and components that implement it, the ones planned, and, where the honest
 * answer is that a recommendation is (partly) process rather than code, why, and what
 * kubeward does instead.
 */

/** The cdk8s constructs of `kubeward/k8s`, planned by issue #4. */
export type PlannedConstruct =
  | 'HardenedDeployment'
  | 'HardenedStatefulSet'
  | 'HardenedDaemonSet'
  | 'HardenedJob'
  | 'HardenedCronJob'
  | 'SecureNamespace'
  | 'IstioMtlsMesh'
  | 'ArcWorkloadIdentity';

/** The Pulumi components of `kubeward/azure`, planned by issue #5. */
export type PlannedComponent =
  | 'SecureAksCluster'
  | 'PrivateRegistry'
  | 'DefenderForContainers'
  | 'PolicyBaseline'
  | 'SecurityMonitoring'
  | 'PlatformNetwork'
  | 'PlatformKeys'
  | 'SecureAksPlatform';

/** The issues that plan the constructs and components, for the docs. */
export const PLANNED_ISSUES = { constructs: 4, components: 5 } as const;

/** What implements a recommendation today. */
export interface ChecklistImplementation {
  /** Control ids, computed from the catalogue's `checklist` fields, in catalogue order. */
  readonly controls: readonly string[];
  /** kubeward/k8s constructs that implement it by default. */
  readonly constructs: readonly string[];
  /** kubeward/azure components that implement it by default. */
  readonly components: readonly string[];
}

/** Constructs and components planned to implement a recommendation, not built yet. */
export interface ChecklistPlan {
  /** Planned kubeward/k8s constructs (issue #4). */
  readonly constructs: readonly PlannedConstruct[];
  /** Planned kubeward/azure components (issue #5). */
  readonly components: readonly PlannedComponent[];
}

/** One recommendation of the guidance checklist and what implements it. */
export interface ChecklistEntry {
  /** The checklist id, `W-01` … `W-27` (securing workloads) or `E-01` … `E-36` (AKS enterprise-scale). */
  readonly id: string;
  /** The recommendation, as the checklist words it. */
  readonly recommendation: string;
  /** What implements it today. */
  readonly implementedBy: ChecklistImplementation;
  /** What is planned to implement it. */
  readonly planned: ChecklistPlan;
  /**
   * Why the recommendation is (partly) process rather than code, and what the guidance
   * advises. Absent when code covers it.
   */
  readonly process?: string;
  /** What kubeward does instead of, or in addition to, the listed implementation. */
  readonly note?: string;
}

/** The hand-written part of a checklist entry (everything except the computed controls). */
export interface ChecklistItem {
  /** The checklist id. */
  readonly id: string;
  /** The recommendation, as the checklist words it. */
  readonly recommendation: string;
  /** Built constructs that implement it. @default [] */
  readonly constructs?: readonly string[];
  /** Built components that implement it. @default [] */
  readonly components?: readonly string[];
  /** Planned constructs and components. @default - none */
  readonly planned?: { readonly constructs?: readonly PlannedConstruct[]; readonly components?: readonly PlannedComponent[] };
  /** See {@link ChecklistEntry.process}. */
  readonly process?: string;
  /** See {@link ChecklistEntry.note}. */
  readonly note?: string;
}

const HARDENED_WORKLOADS: readonly PlannedConstruct[] = [
  'HardenedDeployment',
  'HardenedStatefulSet',
  'HardenedDaemonSet',
  'HardenedJob',
  'HardenedCronJob',
];

/** The checklist, in the order of CHECKLIST.md, without the controls (see {@link CHECKLIST}). */
export const CHECKLIST_ITEMS: readonly ChecklistItem[] = [
  {
    id: 'W-01',
    recommendation: 'secure supply chain: trusted sources, scan dependencies',
    planned: { components: ['PrivateRegistry', 'DefenderForContainers'] },
    process: 'Acquiring dependencies from trusted sources and scanning them happens in the build pipeline, before any manifest exists; the guidance advises following the Microsoft Containers Secure Supply Chain framework and the Security Development Lifecycle.',
    note: 'At deployment kubeward checks that images come from allowed registries (`image.allowed-registry`) and are pinned by digest (`image.digest`), so only what the pipeline vetted can run.',
  },
  {
    id: 'W-02',
    recommendation: 'SBOM for each image',
    process: 'An SBOM is produced when the image is built and is stored beside it in the registry; nothing in a Kubernetes manifest shows whether one exists, so the guidance\'s advice (obtain or generate an SBOM to track provenance) stays a pipeline step.',
    note: 'kubeward requires images pinned by digest (`image.digest`), the key by which an SBOM or other attestation attached to the image in the registry is found.',
  },
  {
    id: 'W-03',
    recommendation: 'Defender for Containers vulnerability assessment of registry images',
    planned: { components: ['DefenderForContainers', 'SecureAksPlatform'] },
    note: 'A subscription setting, not a manifest property: the planned DefenderForContainers component turns it on; `image.allowed-registry` keeps workloads on the registries you chose to have assessed.',
  },
  {
    id: 'W-04',
    recommendation: 'images built to run as non-root',
    planned: { constructs: HARDENED_WORKLOADS },
    process: 'Whether an image runs as root is decided when it is built (a non-root `USER`); the guidance advises authoring images that support non-root execution so that the restricted Pod Security Standard can be applied.',
    note: 'kubeward enforces the run-time half: `pss.run-as-non-root` and `pss.run-as-user` make the kubelet refuse to start a container whose image would run as root.',
  },
  {
    id: 'W-05',
    recommendation: 'distroless / minimal base images, multi-stage builds',
    process: 'What an image contains cannot be seen in a manifest; the guidance advises distroless, purpose-built images from a reputable source such as the Microsoft Artifact Registry, built in multiple stages.',
    note: 'kubeward limits what any image can do at run time instead (`workload.read-only-root-filesystem`, `pss.capabilities-restricted`) and where images may come from (`image.allowed-registry`).',
  },
  {
    id: 'W-06',
    recommendation: 'container image signing',
    process: 'Signing is a pipeline step (Azure Pipelines or GitHub Actions, keys from your PKI); the guidance advises signing images so that tampering is detected.',
    note: 'A signature is bound to a digest: `image.digest` requires the digest references that signature verification (E-08) checks.',
  },
  {
    id: 'W-07',
    recommendation: 'Pod Security Standards restricted (baseline at least)',
    planned: { constructs: [...HARDENED_WORKLOADS, 'SecureNamespace'], components: ['PolicyBaseline'] },
  },
  {
    id: 'W-08',
    recommendation: 'no host volumes unless strictly needed',
    planned: { constructs: HARDENED_WORKLOADS },
  },
  {
    id: 'W-09',
    recommendation: 'privileged extensions get only the exceptions they need',
    process: 'Which extension needs which privilege is a review decision per extension; the guidance notes that some Microsoft-supplied extensions cannot meet the restricted level and should be granted only the additional capabilities they need.',
    note: 'kubeward makes each exception explicit and reviewable: a per-rule suppression annotation on the workload with a written justification (`suppression.empty-justification`) and an optional end date (`suppression.expired`), instead of exempting a whole namespace.',
  },
  {
    id: 'W-10',
    recommendation: 'memory limits and CPU requests, no CPU limits',
    planned: { constructs: [...HARDENED_WORKLOADS, 'SecureNamespace'] },
  },
  {
    id: 'W-11',
    recommendation: 'resource quotas per namespace',
    planned: { constructs: ['SecureNamespace'] },
  },
  {
    id: 'W-12',
    recommendation: 'SELinux or AppArmor',
    planned: { constructs: HARDENED_WORKLOADS },
    process: 'A custom SELinux or AppArmor profile is written for one application and installed on the nodes; the guidance advises these frameworks to declare precisely which files, ports and other resources each workload may use.',
    note: '`pss.apparmor` and `pss.selinux` stop workloads from switching off the confinement the node applies by default (AppArmor `Unconfined`, custom SELinux users, roles or types).',
  },
  {
    id: 'W-13',
    recommendation: 'seccomp RuntimeDefault, custom profiles for specific syscalls',
    planned: { constructs: HARDENED_WORKLOADS },
    process: 'A custom profile that allows only the syscalls a workload needs is written per application and installed on the nodes; the guidance requires at least the default profile and suggests tailoring further.',
  },
  {
    id: 'W-14',
    recommendation: 'workload identity federation to Azure resources',
    planned: { constructs: ['ArcWorkloadIdentity'], components: ['SecureAksCluster'] },
    note: 'Workload identity replaces secrets for reaching Azure; `workload.secret-env` flags credentials handed to containers as environment variables from Secrets.',
  },
  {
    id: 'W-15',
    recommendation: 'service account issuer key protected and rotated',
    process: 'The issuer key lives in the control plane, not in any manifest: AKS enabled by Azure Arc on Azure Local restricts it to the control plane nodes and rotates it automatically, and for other Arc-connected clusters the guidance advises checking that the vendor does the same.',
    note: 'kubeward keeps service account tokens out of pods that do not need them (`workload.service-account-token`), which limits what a stolen token is worth.',
  },
  {
    id: 'W-16',
    recommendation: 'TLS on every connection, in and out of the cluster',
    planned: { constructs: ['IstioMtlsMesh'] },
    process: 'Whether an application speaks TLS on its own connections is in its code and configuration; the guidance advises TLS on every connection, with certificates and trust bundles distributed to the clients.',
    note: 'The planned IstioMtlsMesh construct gives in-cluster traffic mTLS without application changes; `service.exposure` reports Services reachable from outside the cluster.',
  },
  {
    id: 'W-17',
    recommendation: 'service mesh mTLS (Istio) for in-cluster traffic',
    planned: { constructs: ['IstioMtlsMesh'], components: ['SecureAksCluster'] },
  },
  {
    id: 'W-18',
    recommendation: 'cluster-local intermediate CA from the organisation\'s PKI',
    process: 'The root stays in an offline, HSM-backed vault of your PKI and the intermediate is issued through its own procedure; the guidance advises plugging such a cluster-local intermediate CA into the mesh to sign workload certificates.',
  },
  {
    id: 'W-19',
    recommendation: 'ingress TLS with certificates from PKI via cert-manager, trust via trust-manager',
    process: 'Running cert-manager and trust-manager against your PKI is platform operations; the guidance advises requesting ingress certificates from the PKI with cert-manager and distributing trust in them with trust-manager.',
    note: '`service.exposure` reports the Services exposed outside the cluster, the endpoints that need these certificates.',
  },
  {
    id: 'W-20',
    recommendation: 'few certificates: Key Vault + Secret Store extension (SSE)',
    process: 'Where a handful of certificates live and how they are rotated is an operational choice, not a workload property; the guidance advises creating and rotating them in Azure Key Vault and syncing them into the cluster with the Secret Store extension.',
  },
  {
    id: 'W-21',
    recommendation: 'dedicated service account per workload, never `default`',
    planned: { constructs: HARDENED_WORKLOADS },
  },
  {
    id: 'W-22',
    recommendation: 'authorization rules naming which workloads may call which (Istio AuthorizationPolicy)',
    planned: { constructs: ['IstioMtlsMesh'] },
    process: 'Which workload may call which follows from the application\'s design and cannot be inferred from its manifests; the guidance advises writing those rules as Istio AuthorizationPolicies on the workload identities the mesh issues.',
  },
  {
    id: 'W-23',
    recommendation: 'OPA (Envoy plug-in) where there is no mesh',
    process: 'OPA with its Envoy plug-in is an alternative architecture for clusters without a service mesh, which the guidance lists as an option to evaluate; kubeward follows the mesh route (the planned IstioMtlsMesh construct) instead.',
  },
  {
    id: 'W-24',
    recommendation: 'network-layer traffic restrictions',
    planned: { constructs: ['SecureNamespace'], components: ['PlatformNetwork'] },
  },
  {
    id: 'W-25',
    recommendation: 'telemetry to Azure Monitor: managed Prometheus, Container Insights',
    planned: { components: ['SecurityMonitoring', 'SecureAksCluster'] },
  },
  {
    id: 'W-26',
    recommendation: 'Azure Monitor pipeline at edge for segmented or offline sites',
    process: 'The Azure Monitor pipeline at edge is an Arc extension (preview) for sites that are network-segmented or offline; whether a site needs local caching and delayed sync is a deployment decision the guidance leaves to the operator.',
  },
  {
    id: 'W-27',
    recommendation: 'Microsoft Sentinel on the Log Analytics workspace',
    planned: { components: ['SecurityMonitoring'] },
  },
  {
    id: 'E-01',
    recommendation: 'vulnerability gating on what developers can fix (fix available), shared ownership',
    process: 'Which vulnerabilities fail a build (those with a vendor fix available, after a grace period) and which flow on to SecOps is a pipeline and ownership policy; the guidance advises sharing that ownership between developers and operations.',
    note: 'Images pinned by digest (`image.digest`) tie what runs to the exact image that was scanned.',
  },
  {
    id: 'E-02',
    recommendation: 'compliance scanning of images: no root, no SSH (Docker CIS)',
    process: 'Scanning images against the Docker CIS Benchmark happens at build time; the guidance advises catching images that run as root or expose SSH there rather than at deployment.',
    note: 'At deployment `pss.run-as-non-root` still refuses images that would run as root.',
  },
  {
    id: 'E-03',
    recommendation: 'registry reached only over encrypted channels, trusted sources',
    planned: { components: ['PrivateRegistry', 'PlatformNetwork'] },
  },
  {
    id: 'E-04',
    recommendation: 'remove stale and vulnerable images',
    process: 'Removing images that should no longer be used is registry housekeeping over time (purge tasks, retention policies); the guidance advises removing unsafe and vulnerable images from registries.',
    note: 'kubeward flags references that do not name one exact image (`image.mutable-tag`, `image.digest`), so a stale image is not pulled by accident through a tag.',
  },
  {
    id: 'E-05',
    recommendation: 'immutable image references',
    planned: { constructs: HARDENED_WORKLOADS },
    note: 'The guidance accepts a `latest` tag if a process keeps it current; kubeward takes the stricter reading and flags `latest` and missing tags (`image.mutable-tag`) and asks for digests (`image.digest`).',
  },
  {
    id: 'E-06',
    recommendation: 'authentication and authorization on all registry access; push only to own repositories',
    planned: { components: ['PrivateRegistry'] },
    process: 'Who may push to which repository is an organisational access policy; the guidance advises authentication on all registry access and push rights only to the repositories a team is responsible for.',
  },
  {
    id: 'E-07',
    recommendation: 'push only after passing vulnerability scan',
    process: 'This is a CI/CD gate before the registry; the guidance advises pushing only images that passed vulnerability scanning, compliance assessment and quality tests.',
  },
  {
    id: 'E-08',
    recommendation: 'image signing and verification before deployment',
    process: 'Verifying signatures before a pod starts needs an admission controller in the cluster (for example Ratify with Azure Policy) and images signed by the pipeline (W-06); the guidance advises validating signatures before execution.',
    note: '`image.digest` requires digest references, the precondition for verifying that the signed image is the one that runs.',
  },
  {
    id: 'E-09',
    recommendation: 'least-privilege cluster access, SSO through the organisation\'s directory, MFA',
    planned: { components: ['SecureAksCluster'] },
    process: 'Single sign-on and multifactor authentication are configured in the organisation\'s directory (Microsoft Entra ID, Conditional Access), not in the cluster; the guidance advises least-privilege access with cluster-wide rights used sparingly.',
  },
  {
    id: 'E-10',
    recommendation: 'encryption of data for containers',
    planned: { components: ['SecureAksCluster', 'PlatformKeys'] },
  },
  {
    id: 'E-11',
    recommendation: 'network segmentation by sensitivity',
    planned: { constructs: ['SecureNamespace'], components: ['PlatformNetwork'] },
  },
  {
    id: 'E-12',
    recommendation: 'taints and tolerations to isolate sensitivity levels on nodes',
    process: 'Classifying workloads by sensitivity and deciding which may share nodes is an organisational decision; the guidance advises taints and tolerations (or separate clusters) to keep highly sensitive workloads off the nodes of less sensitive ones.',
  },
  {
    id: 'E-13',
    recommendation: 'Azure Policy for runtime configuration standards',
    planned: { components: ['PolicyBaseline', 'SecureAksCluster'] },
  },
  {
    id: 'E-14',
    recommendation: 'latest Kubernetes version, component vulnerability remediation',
    planned: { components: ['SecureAksCluster'] },
    process: 'Upgrading is an operation repeated over the cluster\'s life; the guidance advises running the latest possible Kubernetes version so that component vulnerabilities are remediated.',
  },
  {
    id: 'E-15',
    recommendation: 'separate environments with their own controls and RBAC',
    planned: { components: ['SecureAksPlatform'] },
    process: 'Separate development, test and production environments are an organisational structure (subscriptions, clusters, access per environment); the guidance advises giving each its own controls and RBAC.',
  },
  {
    id: 'E-16',
    recommendation: 'container creation tied to user identities and logged',
    planned: { components: ['SecureAksCluster', 'SecurityMonitoring'] },
  },
  {
    id: 'E-17',
    recommendation: 'restrict SSH to nodes; container-specific OS',
    planned: { components: ['SecureAksCluster'] },
  },
  {
    id: 'E-18',
    recommendation: 'OS patching with reboots (node image upgrade or kured)',
    planned: { components: ['SecureAksCluster'] },
  },
  {
    id: 'E-19',
    recommendation: 'secrets from a key store at run time (Key Vault CSI), never in images',
    planned: { components: ['SecureAksCluster', 'PlatformKeys'] },
    process: 'Whether an image has secrets baked in is found by scanning the image in the pipeline; the guidance advises keeping secrets in a key store such as Azure Key Vault and providing them at run time.',
  },
  {
    id: 'E-20',
    recommendation: 'only trusted images and registries run',
    planned: { components: ['PolicyBaseline', 'PrivateRegistry'] },
  },
  {
    id: 'E-21',
    recommendation: 'seccomp profiles, custom ones for high-risk apps',
    planned: { constructs: HARDENED_WORKLOADS },
    process: 'A custom, more restricted profile for a high-risk application is written for that application; the guidance requires the default profile at minimum.',
  },
  {
    id: 'E-22',
    recommendation: 'read-only root filesystem',
    planned: { constructs: HARDENED_WORKLOADS },
  },
  {
    id: 'E-23',
    recommendation: 'egress control between sensitivity levels and to the internet',
    planned: { constructs: ['SecureNamespace'], components: ['PlatformNetwork'] },
  },
  {
    id: 'E-24',
    recommendation: 'runtime threat detection (Defender for Kubernetes)',
    planned: { components: ['DefenderForContainers'] },
  },
  {
    id: 'E-25',
    recommendation: 'activity log exported to Log Analytics',
    planned: { components: ['SecurityMonitoring'] },
  },
  {
    id: 'E-26',
    recommendation: 'authorized IP ranges on the API server, Security Center monitoring',
    planned: { components: ['SecureAksCluster', 'DefenderForContainers'] },
  },
  {
    id: 'E-27',
    recommendation: 'allowed-locations policy',
    planned: { components: ['PolicyBaseline'] },
  },
  {
    id: 'E-28',
    recommendation: 'cost governance: allocation by namespace, label, workload (Kubecost)',
    process: 'Allocating and charging back cost is a finance process run with a tool such as Kubecost; the guidance advises scoping cost allocation by namespace, label or workload.',
    note: '`namespace.resource-quota` bounds what each namespace can consume, which keeps its cost predictable.',
  },
  {
    id: 'E-29',
    recommendation: 'private cluster decision',
    planned: { components: ['SecureAksCluster', 'PlatformNetwork'] },
    process: 'Whether the API server is reachable from the internet is a design decision; the guidance asks for it to be made deliberately, and kubeward components will make it an explicit argument.',
  },
  {
    id: 'E-30',
    recommendation: 'AppArmor',
    planned: { constructs: HARDENED_WORKLOADS },
  },
  {
    id: 'E-31',
    recommendation: 'private registry: network reachability, per landing zone',
    planned: { components: ['PrivateRegistry', 'PlatformNetwork', 'SecureAksPlatform'] },
    process: 'Sharing a registry across landing zones or not is a design decision; the guidance recommends a dedicated, private Azure Container Registry in each landing zone subscription.',
  },
  {
    id: 'E-32',
    recommendation: 'kubeconfig access limited by Azure RBAC',
    planned: { components: ['SecureAksCluster'] },
  },
  {
    id: 'E-33',
    recommendation: 'least pod permissions, no root or privilege escalation',
    planned: { constructs: HARDENED_WORKLOADS },
  },
  {
    id: 'E-34',
    recommendation: 'Azure Policy add-on',
    planned: { components: ['SecureAksCluster', 'PolicyBaseline'] },
  },
  {
    id: 'E-35',
    recommendation: 'Private Link between AKS and ACR',
    planned: { components: ['PrivateRegistry', 'PlatformNetwork'] },
  },
  {
    id: 'E-36',
    recommendation: 'Defender for container registries',
    planned: { components: ['DefenderForContainers'] },
  },
];

/**
 * The checklist with the controls of each entry computed from a catalogue: a control
 * implements every id its `checklist` field names.
 * @param catalogue the controls (normally {@link CATALOGUE})
 * @param items the hand-written entries (normally {@link CHECKLIST_ITEMS})
 */
export function buildChecklist(catalogue: readonly Control[], items: readonly ChecklistItem[] = CHECKLIST_ITEMS): readonly ChecklistEntry[] {
  const built = new Set<string>([...BUILT_CONSTRUCTS, ...BUILT_COMPONENTS]);
  return items.map((item) => {
    const controls = catalogue.filter((c) => c.checklist.includes(item.id));
    // What implements it: what the data names, the planned pieces that now exist, and what
    // satisfies its controls by default (the controls' satisfiedBy).
    const plannedConstructs = item.planned?.constructs ?? [];
    const plannedComponents = item.planned?.components ?? [];
    const constructs = unique([
      ...(item.constructs ?? []),
      ...plannedConstructs.filter((c) => built.has(c)),
      ...controls.flatMap((c) => c.satisfiedBy).filter((c) => BUILT_CONSTRUCTS.includes(c)),
    ]);
    const components = unique([
      ...(item.components ?? []),
      ...plannedComponents.filter((c) => built.has(c)),
      ...controls.flatMap((c) => c.satisfiedBy).filter((c) => BUILT_COMPONENTS.includes(c)),
    ]);
    const entry: ChecklistEntry = {
      id: item.id,
      recommendation: item.recommendation,
      implementedBy: { controls: controls.map((c) => c.id), constructs, components },
      planned: {
        constructs: plannedConstructs.filter((c) => !built.has(c)),
        components: plannedComponents.filter((c) => !built.has(c)),
      },
      ...(item.process !== undefined ? { process: item.process } : {}),
      ...(item.note !== undefined ? { note: item.note } : {}),
    };
    return entry;
  });
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Every recommendation of the guidance checklist, W-01 … W-27 then E-01 … E-36, with what implements it. */
export const CHECKLIST: readonly ChecklistEntry[] = buildChecklist(CATALOGUE);
