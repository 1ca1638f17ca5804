/**
 * A deterministic generator of realistic Kubernetes workload manifests for the audit benchmark.
 *
 * Every document is one workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod or
 * ReplicaSet) of roughly 30 to 60 lines, written as `kubectl` and Helm write YAML. About a third
 * are hardened and pass every per-object control of the catalogue; the others carry the usual
 * mistakes (no security context, mutable or Docker Hub images, CPU limits, missing probes, the
 * default service account, literal secrets, host namespaces, hostPath volumes, added
 * capabilities...), each with its own probability. Multi-container pods, init and sidecar
 * containers, env from Secrets and ConfigMaps, probes, volumes and suppression annotations all
 * occur.
 *
 * Everything is drawn from a seeded PRNG ({@link Random}), never `Math.random`: the same seed
 * gives the same text, byte for byte. Each file has its own stream (derived from the seed and
 * the file index), so files can be generated one at a time, in any order, without holding the
 * corpus in memory.
 */

/** The workload kinds the corpus mixes. */
export const CORPUS_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet'] as const;

/** One of {@link CORPUS_KINDS}. */
export type CorpusKind = (typeof CORPUS_KINDS)[number];

/** The seed the benchmark uses unless told otherwise. */
export const DEFAULT_SEED = 20260101;

/** Share of documents that are hardened (pass every per-object control). */
export const HARDENED_SHARE = 0.3;

/* eslint-disable no-bitwise -- a PRNG and a hash are 32-bit integer arithmetic */

/**
 * A small seeded pseudo-random number generator (mulberry32: 32 bits of state, good enough
 * statistics for test data, and fast).
 */
export class Random {
  private state: number;

  /** @param seed any 32-bit integer; the same seed gives the same sequence */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  public int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  public chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  public pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One element of a non-empty list, drawn by weight. */
  public weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** `n` lower-case hexadecimal digits. */
  public hex(n: number): string {
    let out = '';
    while (out.length < n) out += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    return out.slice(0, n);
  }
}

/** The seed of one file's stream: the corpus seed mixed with the file index (a 32-bit hash). */
export function fileSeed(seed: number, fileIndex: number): number {
  let h = (seed ^ Math.imul(fileIndex + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/* eslint-enable no-bitwise */

/** Options of {@link corpusFile}. */
export interface CorpusFileOptions {
  /**
   * The corpus seed.
   * @default DEFAULT_SEED
   */
  readonly seed?: number;
  /**
   * Documents in the file.
   * @default 100
   */
  readonly documents?: number;
  /**
   * Share of hardened documents, from 0 to 1.
   * @default HARDENED_SHARE
   */
  readonly hardenedShare?: number;
}

/**
 * The text of file number `fileIndex` of the corpus: `documents` workload documents, each
 * starting with `---`. Deterministic given the seed and the index.
 */
export function corpusFile(fileIndex: number, options: CorpusFileOptions = {}): string {
  const rng = new Random(fileSeed(options.seed ?? DEFAULT_SEED, fileIndex));
  const count = options.documents ?? 100;
  const hardenedShare = options.hardenedShare ?? HARDENED_SHARE;
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(workloadDocument(rng, fileIndex * count + i, hardenedShare));
  return parts.join('');
}

/** The name of file number `fileIndex` (sorted names keep the file order). */
export function corpusFileName(fileIndex: number): string {
  return `workloads-${String(fileIndex).padStart(4, '0')}.yaml`;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const KIND_WEIGHTS: readonly (readonly [CorpusKind, number])[] = [
  ['Deployment', 34], ['StatefulSet', 10], ['DaemonSet', 8], ['Job', 10], ['CronJob', 10], ['Pod', 16], ['ReplicaSet', 12],
];

const API_VERSIONS: Readonly<Record<CorpusKind, string>> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Pod: 'v1',
};

const NAMESPACES = ['payments', 'orders', 'catalog', 'identity', 'web', 'data', 'batch', 'observability', 'platform', 'search'];
const APPS = [
  'api', 'web', 'worker', 'gateway', 'billing', 'checkout', 'ledger', 'notifier', 'indexer', 'scheduler', 'reporter',
  'exporter', 'ingest', 'auth', 'profile', 'cart', 'inventory', 'pricing', 'search', 'thumbnailer', 'mailer', 'audit-log',
];
const TEAMS = ['core', 'commerce', 'platform', 'data', 'growth', 'sre'];
const ACRS = ['contosoprod', 'contososhared', 'fabrikamacr', 'northwindcr'];
const HUB_IMAGES = ['nginx', 'redis', 'busybox', 'alpine', 'postgres', 'python', 'node', 'golang', 'memcached', 'rabbitmq'];
const THIRD_PARTY = ['ghcr.io/acme', 'quay.io/prometheus', 'docker.io/bitnami', 'registry.k8s.io', 'gcr.io/distroless'];
const MCR_IMAGES = ['mcr.microsoft.com/dotnet/aspnet', 'mcr.microsoft.com/azure-cli', 'mcr.microsoft.com/oss/nginx/nginx', 'mcr.microsoft.com/cbl-mariner/base/core'];
const PLAIN_ENV: readonly (readonly [string, string])[] = [
  ['LOG_LEVEL', 'info'], ['ASPNETCORE_ENVIRONMENT', 'Production'], ['NODE_ENV', 'production'], ['HTTP_PORT', '8080'],
  ['FEATURE_FLAGS', 'search-v2,new-cart'], ['OTEL_SERVICE_NAME', 'checkout'], ['AZURE_REGION', 'westeurope'], ['CACHE_TTL_SECONDS', '300'],
];
const SECRET_ENV = ['DB_PASSWORD', 'API_KEY', 'REDIS_PASSWORD', 'STORAGE_CONNECTION_STRING', 'JWT_SECRET', 'SERVICE_BUS_CONNECTION_STRING', 'GITHUB_TOKEN'];
const SUPPRESSIBLE = ['workload.probes', 'image.digest', 'workload.service-account-token', 'workload.no-cpu-limit'];

// ---------------------------------------------------------------------------------------------
// A tiny YAML writer for plain data, formatted as kubectl and Helm write it

/** A YAML value the writer knows: scalars, lists and mappings (key order kept). */
type Yaml = string | number | boolean | null | readonly Yaml[] | { readonly [key: string]: Yaml | undefined };

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const PLAIN = /^[A-Za-z0-9_/.][\w ./:@=,*$()-]*$/;
const NUMBER_LIKE = /^[-+]?(\.?[0-9][0-9_.:eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i;

function scalar(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  const plain = value !== '' && PLAIN.test(value) && !RESERVED.test(value) && !NUMBER_LIKE.test(value)
    && !value.includes(': ') && !value.includes(' #') && !/[: ]$/.test(value);
  return plain ? value : JSON.stringify(value);
}

function isMapping(value: Yaml): value is { readonly [key: string]: Yaml | undefined } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyCollection(value: Yaml): boolean {
  return Array.isArray(value) ? value.length === 0 : isMapping(value) && Object.keys(value).length === 0;
}

/** Lists of up to three short strings are written in flow style (`drop: ["ALL"]`), as people write them. */
function isShortScalarList(items: readonly Yaml[]): boolean {
  return items.length <= 3 && items.every((x) => typeof x === 'string' && x.length <= 12 && !x.includes('\n'));
}

function key(k: string): string {
  return scalar(k);
}

/** Writes `value` (a mapping) as block YAML lines at `indent` spaces. */
function writeMapping(out: string[], value: { readonly [key: string]: Yaml | undefined }, indent: string, firstPrefix?: string): void {
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const lead = first && firstPrefix !== undefined ? firstPrefix : indent;
    first = false;
    writeEntry(out, `${lead}${key(k)}:`, v, indent);
  }
}

function writeEntry(out: string[], head: string, v: Yaml, indent: string): void {
  if (typeof v === 'string' && v.includes('\n')) {
    const chomp = v.endsWith('\n') ? '|' : '|-';
    out.push(`${head} ${chomp}`);
    for (const line of v.replace(/\n$/, '').split('\n')) out.push(line === '' ? '' : `${indent}  ${line}`);
  } else if (isEmptyCollection(v)) {
    out.push(`${head} ${Array.isArray(v) ? '[]' : '{}'}`);
  } else if (Array.isArray(v) && isShortScalarList(v)) {
    out.push(`${head} [${v.map((x) => JSON.stringify(x)).join(', ')}]`);
  } else if (Array.isArray(v)) {
    out.push(head);
    writeSequence(out, v, indent); // kubectl style: list items at the key's indentation
  } else if (isMapping(v)) {
    out.push(head);
    writeMapping(out, v, `${indent}  `);
  } else {
    out.push(`${head} ${scalar(v as string | number | boolean | null)}`);
  }
}

function writeSequence(out: string[], items: readonly Yaml[], indent: string): void {
  for (const item of items) {
    if (isMapping(item) && !isEmptyCollection(item)) writeMapping(out, item, `${indent}  `, `${indent}- `);
    else writeEntry(out, `${indent}-`, item, `${indent}  `);
  }
}

/** Block YAML for a mapping, one string per line. */
function toYamlLines(value: { readonly [key: string]: Yaml | undefined }): string[] {
  const out: string[] = [];
  writeMapping(out, value, '');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Workloads

/** What makes one document pass or fail; drawn once per document. */
interface Profile {
  readonly hardened: boolean;
  readonly batch: boolean;
  readonly kind: CorpusKind;
  readonly app: string;
  readonly namespace: string;
  readonly team: string;
}

/** One workload document, `---` first, ending with a newline. */
function workloadDocument(rng: Random, index: number, hardenedShare: number): string {
  const kind = rng.weighted(KIND_WEIGHTS);
  const app = rng.pick(APPS);
  const profile: Profile = {
    hardened: rng.chance(hardenedShare),
    batch: kind === 'Job' || kind === 'CronJob',
    kind,
    app,
    namespace: kind === 'DaemonSet' && rng.chance(0.3) ? 'kube-system' : rng.pick(NAMESPACES),
    team: rng.pick(TEAMS),
  };
  const name = `${app}-${index.toString(36)}`;
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/instance': name,
  };
  if (rng.chance(0.3)) labels['app.kubernetes.io/part-of'] = profile.team;
  if (rng.chance(0.2)) labels['app.kubernetes.io/version'] = `${rng.int(1, 4)}.${rng.int(0, 20)}.${rng.int(0, 9)}`;

  const metadata: Record<string, Yaml> = { name, namespace: profile.namespace, labels };
  const annotations = suppressionAnnotations(rng, profile);
  if (annotations) metadata.annotations = annotations;
  if (kind === 'ReplicaSet' || (kind === 'Pod' && rng.chance(0.4))) {
    const owner = kind === 'ReplicaSet' ? 'Deployment' : 'ReplicaSet';
    metadata.ownerReferences = [{
      apiVersion: 'apps/v1', kind: owner, name: `${app}-${rng.hex(8)}`, uid: uuid(rng), controller: true, blockOwnerDeletion: true,
    }];
  }

  const podLabels: Record<string, string> = rng.chance(0.5) ? { app: name } : { 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': name };
  const pod = podSpec(rng, profile);
  const template: Record<string, Yaml> = { metadata: { labels: podLabels }, spec: pod };
  let spec: Record<string, Yaml>;
  switch (kind) {
    case 'Pod':
      spec = pod;
      break;
    case 'Deployment':
    case 'ReplicaSet':
      spec = { replicas: rng.int(1, 6), selector: { matchLabels: podLabels }, template };
      if (kind === 'Deployment' && rng.chance(0.2)) spec = { ...spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } };
      break;
    case 'StatefulSet':
      spec = {
        serviceName: name,
        replicas: rng.int(1, 5),
        selector: { matchLabels: podLabels },
        template,
        volumeClaimTemplates: [{
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'managed-csi-premium', resources: { requests: { storage: `${rng.pick([8, 16, 32, 64])}Gi` } } },
        }],
      };
      break;
    case 'DaemonSet':
      spec = { selector: { matchLabels: podLabels }, updateStrategy: { type: 'RollingUpdate' }, template };
      break;
    case 'Job':
      spec = { backoffLimit: rng.int(0, 6), ttlSecondsAfterFinished: 3600, template };
      break;
    case 'CronJob':
      spec = {
        schedule: `${rng.int(0, 59)} ${rng.pick(['*', '*/6', '2', '3'])} * * *`,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        jobTemplate: { spec: { backoffLimit: rng.int(0, 3), template } },
      };
      break;
  }
  if (kind === 'StatefulSet') {
    // The PVC template belongs to the pods: mount it.
    const first = (pod.containers as Record<string, Yaml>[])[0];
    first.volumeMounts = [...((first.volumeMounts as Yaml[] | undefined) ?? []), { name: 'data', mountPath: '/var/lib/data' }];
  }

  const lines = toYamlLines({ apiVersion: API_VERSIONS[kind], kind, metadata, spec });
  const header = rng.chance(0.25) ? `---\n# Source: ${profile.team}/templates/${kind.toLowerCase()}.yaml\n` : '---\n';
  return `${header}${lines.join('\n')}\n`;
}

function uuid(rng: Random): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

/** Occasional suppression annotations: mostly justified, a few with placeholder reasons or past dates. */
function suppressionAnnotations(rng: Random, profile: Profile): Record<string, string> | undefined {
  if (!rng.chance(profile.hardened ? 0.05 : 0.12)) return undefined;
  const rule = rng.pick(SUPPRESSIBLE);
  const out: Record<string, string> = {};
  const roll = rng.next();
  out[`suppress.kubeward.io/${rule}`] = roll < 0.85 ? `accepted by ${profile.team} security review SR-${rng.int(100, 999)} until the next release` : 'todo';
  if (rng.chance(0.4)) out[`suppress-until.kubeward.io/${rule}`] = rng.chance(0.75) ? '2026-06-30' : '2025-03-31';
  return out;
}

/** The pod spec of a workload. */
function podSpec(rng: Random, p: Profile): Record<string, Yaml> {
  const bad = (chance: number): boolean => !p.hardened && rng.chance(chance);
  const spec: Record<string, Yaml> = {};
  if (p.batch) spec.restartPolicy = rng.pick(['Never', 'OnFailure']);

  // Identity.
  if (p.hardened || rng.chance(0.45)) spec.serviceAccountName = `${p.app}-sa`;
  else if (rng.chance(0.3)) spec.serviceAccountName = 'default';
  if (p.hardened || rng.chance(0.2)) spec.automountServiceAccountToken = false;

  // Host namespaces, mostly node agents.
  const agent = p.kind === 'DaemonSet';
  if (bad(agent ? 0.35 : 0.03)) spec.hostNetwork = true;
  if (bad(agent ? 0.2 : 0.01)) spec.hostPID = true;

  // Pod security context.
  if (p.hardened || rng.chance(0.4)) {
    const sc: Record<string, Yaml> = {};
    if (p.hardened || rng.chance(0.6)) sc.runAsNonRoot = true;
    if (rng.chance(0.4)) sc.runAsUser = bad(0.15) ? 0 : rng.pick([1000, 10001, 65532]);
    if (rng.chance(0.3)) sc.fsGroup = 2000;
    if (p.hardened || rng.chance(0.5)) sc.seccompProfile = { type: bad(0.1) ? 'Unconfined' : 'RuntimeDefault' };
    if (bad(0.03)) sc.sysctls = [{ name: 'kernel.msgmax', value: '65536' }];
    spec.securityContext = sc;
  }

  // Volumes the containers may mount.
  const volumes: Record<string, Yaml>[] = [];
  if (rng.chance(0.45)) volumes.push({ name: 'tmp', emptyDir: rng.chance(0.5) ? {} : { sizeLimit: '64Mi' } });
  if (rng.chance(0.2)) volumes.push({ name: 'config', configMap: { name: `${p.app}-config` } });
  if (rng.chance(0.12)) volumes.push({ name: 'tls', secret: { secretName: `${p.app}-tls`, defaultMode: 0o440 } });
  if (bad(agent ? 0.5 : 0.04)) volumes.push({ name: 'host-logs', hostPath: { path: rng.pick(['/var/log', '/var/run/docker.sock', '/etc']), type: 'Directory' } });
  if (!agent && rng.chance(0.1)) volumes.push({ name: 'shared', persistentVolumeClaim: { claimName: `${p.app}-shared` } });

  // Containers: an optional init container, the main one, sometimes a sidecar or a second one.
  const init: Record<string, Yaml>[] = [];
  if (rng.chance(0.15)) init.push(container(rng, p, 'init', volumes));
  if (rng.chance(0.07)) init.push(container(rng, p, 'sidecar', volumes));
  const main = [container(rng, p, 'main', volumes)];
  if (rng.chance(0.1)) main.push(container(rng, p, 'helper', volumes));
  if (init.length > 0) spec.initContainers = init;
  spec.containers = main;
  if (volumes.length > 0) spec.volumes = volumes;
  if (rng.chance(0.1)) spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
  if (rng.chance(0.1)) spec.terminationGracePeriodSeconds = rng.pick([10, 30, 60]);
  return spec;
}

type Role = 'main' | 'helper' | 'init' | 'sidecar';

/** One container of the pod. */
function container(rng: Random, p: Profile, role: Role, volumes: readonly Record<string, Yaml>[]): Record<string, Yaml> {
  const bad = (chance: number): boolean => !p.hardened && rng.chance(chance);
  const c: Record<string, Yaml> = {
    name: role === 'main' ? p.app : role === 'init' ? 'migrate' : role === 'sidecar' ? 'log-shipper' : 'metrics',
    image: image(rng, p),
  };
  if (rng.chance(0.3)) c.imagePullPolicy = 'IfNotPresent';
  if (role === 'sidecar') c.restartPolicy = 'Always';
  if (role === 'init' || (p.batch && rng.chance(0.5))) {
    c.command = ['/bin/sh', '-c'];
    c.args = [rng.chance(0.4) ? `set -e\n./bin/${p.app} --once\necho done\n` : `./bin/${p.app} --once`];
  } else if (rng.chance(0.15)) {
    c.args = ['--config=/etc/app/config.yaml', `--log-level=${rng.pick(['info', 'debug', 'warn'])}`];
  }
  const serving = !p.batch && (role === 'main' || role === 'helper');
  if (serving) {
    const port: Record<string, Yaml> = { name: role === 'main' ? 'http' : 'metrics', containerPort: role === 'main' ? 8080 : 9090 };
    if (bad(p.kind === 'DaemonSet' ? 0.25 : 0.02)) port.hostPort = role === 'main' ? 8080 : 9090;
    c.ports = [port];
  }

  // Environment: plain values, Secret and ConfigMap references, sometimes a literal secret.
  if (role !== 'sidecar' && rng.chance(0.5)) {
    const env: Record<string, Yaml>[] = [];
    const plain = rng.weighted([[0, 3], [1, 4], [2, 2]]);
    for (let i = 0; i < plain; i++) {
      const [name, value] = rng.pick(PLAIN_ENV);
      env.push({ name, value });
    }
    const secrets = rng.weighted([[0, 4], [1, 4], [2, 1]]);
    for (let i = 0; i < secrets; i++) {
      const name = rng.pick(SECRET_ENV);
      if (bad(0.25)) env.push({ name, value: `p@ss-${rng.hex(12)}` });
      else env.push({ name, valueFrom: { secretKeyRef: { name: `${p.app}-secrets`, key: name.toLowerCase().replace(/_/g, '-') } } });
    }
    if (rng.chance(0.08)) env.push({ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } });
    if (env.length > 0) c.env = env;
  }
  if (role === 'main' && rng.chance(0.1)) c.envFrom = [{ secretRef: { name: `${p.app}-env` } }, { configMapRef: { name: `${p.app}-config` } }];

  // Resources.
  const resources: Record<string, Yaml> = {};
  if (p.hardened || rng.chance(0.6)) resources.requests = { cpu: rng.pick(['50m', '100m', '250m', '500m']), memory: rng.pick(['64Mi', '128Mi', '256Mi']) };
  if (p.hardened || rng.chance(0.55)) {
    const limits: Record<string, Yaml> = { memory: rng.pick(['128Mi', '256Mi', '512Mi', '1Gi']) };
    if (bad(0.35)) limits.cpu = rng.pick(['500m', '1', 2]);
    resources.limits = limits;
  }
  if (Object.keys(resources).length > 0) c.resources = resources;

  // Container security context.
  if (p.hardened || rng.chance(0.5)) {
    const sc: Record<string, Yaml> = {};
    if (p.hardened || rng.chance(0.6)) sc.allowPrivilegeEscalation = false;
    if (p.hardened || rng.chance(0.4)) sc.readOnlyRootFilesystem = true;
    if (p.hardened || rng.chance(0.4)) sc.capabilities = bad(0.15) ? { add: [rng.pick(['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW'])] } : { drop: ['ALL'] };
    if (bad(0.05)) sc.privileged = true;
    if (bad(0.05)) sc.runAsUser = 0;
    if (p.hardened && rng.chance(0.3)) sc.runAsNonRoot = true;
    c.securityContext = sc;
  }

  // Probes for serving containers (and sidecars).
  if (serving || role === 'sidecar') {
    const withProbes = p.hardened || rng.chance(0.55);
    if (withProbes) {
      const port = role === 'main' ? 'http' : role === 'helper' ? 'metrics' : 8686;
      const liveness: Record<string, Yaml> = rng.chance(0.3) ? { tcpSocket: { port } } : { httpGet: { path: '/healthz', port } };
      if (rng.chance(0.4)) liveness.periodSeconds = rng.pick([10, 20, 30]);
      c.livenessProbe = liveness;
      const readiness: Record<string, Yaml> = { httpGet: { path: '/ready', port } };
      if (rng.chance(0.3)) readiness.initialDelaySeconds = rng.int(1, 10);
      c.readinessProbe = readiness;
      if (rng.chance(0.08)) c.startupProbe = { httpGet: { path: '/healthz', port }, failureThreshold: 30, periodSeconds: 5 };
    }
  }

  // Mounts of some of the pod's volumes (and always a writable /tmp when the root is read-only).
  const mounts: Record<string, Yaml>[] = [];
  for (const v of volumes) {
    const name = v.name as string;
    if (name === 'tmp') mounts.push({ name, mountPath: '/tmp' });
    else if (role === 'main' && name === 'config') mounts.push({ name, mountPath: '/etc/app', readOnly: true });
    else if (role === 'main' && name === 'tls') mounts.push({ name, mountPath: '/etc/tls', readOnly: true });
    else if (name === 'host-logs' && role !== 'init') mounts.push({ name, mountPath: '/host', readOnly: rng.chance(0.5) });
    else if (role === 'main' && name === 'shared') mounts.push({ name, mountPath: '/shared' });
  }
  if (mounts.length > 0) c.volumeMounts = mounts;
  return c;
}

/** An image reference: pinned by digest from an allowed registry when hardened, anything otherwise. */
function image(rng: Random, p: Profile): string {
  const digest = `sha256:${rng.hex(64)}`;
  const version = `${rng.int(1, 3)}.${rng.int(0, 30)}.${rng.int(0, 12)}`;
  const acr = `${rng.pick(ACRS)}.azurecr.io/${p.team}/${p.app}`;
  if (p.hardened) {
    return rng.chance(0.8) ? `${acr}:${version}@${digest}` : `${rng.pick(MCR_IMAGES)}:${version}@${digest}`;
  }
  return rng.weighted<() => string>([
    [() => `${acr}:${version}@${digest}`, 20],
    [() => `${acr}:${version}`, 30],
    [() => `${acr}:latest`, 6],
    [() => `${rng.pick(MCR_IMAGES)}:${version}`, 10],
    [() => `${rng.pick(HUB_IMAGES)}:${version}`, 12],
    [() => rng.pick(HUB_IMAGES), 6],
    [() => `${rng.pick(THIRD_PARTY)}/${p.app}:v${version}`, 16],
  ])();
}
