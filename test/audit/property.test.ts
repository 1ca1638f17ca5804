import * as fc from 'fast-check';
import { Auditor } from '../../lib/audit/engine';
import { CATALOGUE, controlsFor } from '../../lib/controls/catalogue';
import type { Standard } from '../../lib/controls/types';

/**
 * Property tests of the whole engine: random pod specs never crash it; a compliant workload in a
 * compliant namespace has no finding at all; and adding one violating field to a compliant spec
 * always yields that control's finding, at that field's container.
 */

const NOW = '2026-06-01';
const DIGEST = `@sha256:${'0123456789abcdef'.repeat(4)}`;
const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

const NAMESPACE_SET = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'shop',
      labels: Object.fromEntries(['enforce', 'audit', 'warn'].flatMap((m) => [
        [`pod-security.kubernetes.io/${m}`, 'restricted'], [`pod-security.kubernetes.io/${m}-version`, 'v1.33'],
      ])),
    },
  },
  { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'shop' }, spec: { hard: { pods: '10' } } },
  { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l', namespace: 'shop' }, spec: { limits: [] } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'd', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
];

interface Spec {
  kind: typeof KINDS[number];
  containers: Record<string, any>[];
  initContainers: Record<string, any>[];
  podSpec: Record<string, any>;
}

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);

const containerArb = (regular: boolean) => fc.record({
  name,
  repo: fc.constantFrom('contoso.azurecr.io/shop/api', 'mcr.microsoft.com/dotnet/aspnet', 'fabrikam.azurecr.io/web'),
  tag: fc.option(fc.constantFrom('1.2.3', 'v2', '2026.01'), { nil: undefined }),
  port: fc.integer({ min: 1024, max: 65535 }),
  memory: fc.constantFrom('64Mi', '256Mi', '1Gi'),
  cpu: fc.constantFrom('50m', '250m', '1'),
  writable: fc.array(fc.constantFrom('/tmp', '/var/cache', '/run'), { maxLength: 2 }),
  secretEnv: fc.boolean(),
}).map((c) => ({
  name: c.name,
  image: `${c.repo}${c.tag ? `:${c.tag}` : ''}${DIGEST}`,
  ports: [{ containerPort: c.port }],
  env: c.secretEnv ? [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] : [{ name: 'LOG_LEVEL', value: 'info' }],
  resources: { requests: { cpu: c.cpu, memory: c.memory }, limits: { memory: c.memory } },
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  volumeMounts: c.writable.map((p, i) => ({ name: `w${i}`, mountPath: p })),
  ...(regular ? { livenessProbe: { httpGet: { path: '/healthz', port: c.port } }, readinessProbe: { tcpSocket: { port: c.port } } } : {}),
}));

const uniqueNames = (list: Record<string, any>[], prefix: string): Record<string, any>[] =>
  list.map((c, i) => ({ ...c, name: `${prefix}${i}-${c.name}` }));

const compliantSpec: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constantFrom(...KINDS),
  containers: fc.array(containerArb(true), { minLength: 1, maxLength: 3 }),
  initContainers: fc.array(containerArb(false), { maxLength: 2 }),
  uid: fc.integer({ min: 1000, max: 65532 }),
  seccomp: fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Localhost', localhostProfile: 'profiles/api.json' }),
}).map(({ kind, containers, initContainers, uid, seccomp }) => {
  const regular = uniqueNames(containers, 'c');
  const init = uniqueNames(initContainers, 'i');
  const volumes = [...regular, ...init].flatMap((c) => c.volumeMounts.map((m: any) => ({ name: m.name, emptyDir: {} })));
  const unique = [...new Map(volumes.map((v) => [v.name, v])).values()];
  return {
    kind,
    containers: regular,
    initContainers: init,
    podSpec: {
      serviceAccountName: 'api',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, seccompProfile: seccomp, appArmorProfile: { type: 'RuntimeDefault' } },
      ...(kind === 'Job' || kind === 'CronJob' || kind === 'Pod' ? { restartPolicy: kind === 'Pod' ? 'Always' : 'OnFailure' } : {}),
      volumes: unique,
    },
  };
});

function manifest(spec: Spec): Record<string, any> {
  const podSpec = { ...spec.podSpec, containers: spec.containers, ...(spec.initContainers.length ? { initContainers: spec.initContainers } : {}) };
  const template = { metadata: { labels: { app: 'api' } }, spec: podSpec };
  const metadata = { name: 'api', namespace: 'shop' };
  switch (spec.kind) {
    case 'Pod': return { apiVersion: 'v1', kind: 'Pod', metadata, spec: podSpec };
    case 'Job': return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { template } };
    case 'CronJob': return { apiVersion: 'batch/v1', kind: 'CronJob', metadata, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } } };
    default: return { apiVersion: 'apps/v1', kind: spec.kind, metadata, spec: { selector: { matchLabels: { app: 'api' } }, template } };
  }
}

function audit(objects: unknown[], standard: Standard = 'kubeward') {
  const auditor = new Auditor({ now: NOW, standard, allowedRegistries: ['mcr.microsoft.com', '*.azurecr.io'] });
  auditor.addObjects('generated', objects);
  return auditor.finish();
}

/** Where a mutation applies: a container (regular or init) or the pod spec. */
type Mutation = (target: { pod: Record<string, any>; container: Record<string, any>; regular: boolean; kind: string }) => boolean;

const sc = (c: Record<string, any>) => (c.securityContext ??= {});

/**
 * One violating change per workload control. Returns false when the control does not apply to
 * the chosen target (the property then skips the case).
 */
const MUTATIONS: Record<string, Mutation> = {
  'pss.host-process': ({ container }) => { sc(container).windowsOptions = { hostProcess: true }; return true; },
  'pss.host-namespaces': ({ pod }) => { pod.hostPID = true; return true; },
  'pss.privileged': ({ container }) => { sc(container).privileged = true; return true; },
  'pss.capabilities-baseline': ({ container }) => { sc(container).capabilities.add = ['SYS_ADMIN']; return true; },
  'pss.capabilities-restricted': ({ container }) => { sc(container).capabilities.add = ['NET_RAW']; return true; },
  'pss.host-path-volumes': ({ pod }) => { pod.volumes.push({ name: 'host', hostPath: { path: '/etc' } }); return true; },
  'pss.volume-types': ({ pod }) => { pod.volumes.push({ name: 'nfs', nfs: { server: 'files', path: '/' } }); return true; },
  'pss.host-ports': ({ container }) => { container.ports = [{ containerPort: 8080, hostPort: 8080 }]; return true; },
  'pss.host-probes': ({ container }) => { container.lifecycle = { preStop: { httpGet: { host: '10.0.0.1', port: 80 } } }; return true; },
  'pss.apparmor': ({ container }) => { sc(container).appArmorProfile = { type: 'Unconfined' }; return true; },
  'pss.selinux': ({ container }) => { sc(container).seLinuxOptions = { type: 'spc_t' }; return true; },
  'pss.proc-mount': ({ container }) => { sc(container).procMount = 'Unmasked'; return true; },
  'pss.proc-mount-restricted': ({ container }) => { sc(container).procMount = 'Unmasked'; return true; },
  'pss.seccomp-baseline': ({ container }) => { sc(container).seccompProfile = { type: 'Unconfined' }; return true; },
  'pss.seccomp-restricted': ({ container }) => { sc(container).seccompProfile = { type: 'Unconfined' }; return true; },
  'pss.sysctls': ({ pod }) => { pod.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; return true; },
  'pss.privilege-escalation': ({ container }) => { sc(container).allowPrivilegeEscalation = true; return true; },
  'pss.run-as-non-root': ({ container }) => { sc(container).runAsNonRoot = false; return true; },
  'pss.run-as-user': ({ container }) => { sc(container).runAsUser = 0; return true; },
  'workload.memory-limit': ({ container }) => { delete container.resources.limits.memory; return true; },
  'workload.cpu-request': ({ container }) => { delete container.resources.requests.cpu; return true; },
  'workload.no-cpu-limit': ({ container }) => { container.resources.limits.cpu = '2'; return true; },
  'workload.read-only-root-filesystem': ({ container }) => { sc(container).readOnlyRootFilesystem = false; return true; },
  'workload.privileged-port': ({ container }) => { container.ports = [{ containerPort: 443 }]; return true; },
  'workload.service-account': ({ pod }) => { pod.serviceAccountName = 'default'; return true; },
  'workload.service-account-token': ({ pod }) => { delete pod.automountServiceAccountToken; return true; },
  'workload.probes': ({ container, regular, kind }) => {
    if (!regular || kind === 'Job' || kind === 'CronJob') return false;
    delete container.readinessProbe;
    return true;
  },
  'workload.secret-env': ({ container }) => { container.env = [{ name: 'API_TOKEN', value: 's3cr3t-value' }]; return true; },
  'image.mutable-tag': ({ container }) => { container.image = 'contoso.azurecr.io/shop/api:latest'; return true; },
  'image.digest': ({ container }) => { container.image = 'contoso.azurecr.io/shop/api:1.2.3'; return true; },
  'image.allowed-registry': ({ container }) => { container.image = `docker.io/library/nginx${DIGEST}`; return true; },
};

/** The standard under which a control is evaluated (a baseline control its restricted twin overrides: pss-baseline). */
function standardFor(id: string): Standard {
  return controlsFor('kubeward').some((c) => c.id === id) ? 'kubeward' : 'pss-baseline';
}

describe('engine properties', () => {
  test('every workload control has a violating mutation here', () => {
    const workloadControls = CATALOGUE.filter((c) => c.scope === 'workload').map((c) => c.id).sort();
    expect(Object.keys(MUTATIONS).sort()).toEqual(workloadControls);
  });

  test('a compliant workload in a compliant namespace has no finding at all', () => {
    fc.assert(fc.property(compliantSpec, (spec) => {
      const report = audit([...NAMESPACE_SET, manifest(spec)]);
      expect(report.findings.map((f) => `${f.ruleId} ${f.field}: ${f.message}`)).toEqual([]);
      expect(report.errors).toEqual([]);
    }), { numRuns: 150 });
  });

  test('adding one violating field to a compliant spec yields that control\'s finding', () => {
    const ids = Object.keys(MUTATIONS);
    fc.assert(fc.property(compliantSpec, fc.constantFrom(...ids), fc.nat(), (spec, id, pick) => {
      const all = [...spec.containers.map((c) => ({ c, regular: true })), ...spec.initContainers.map((c) => ({ c, regular: false }))];
      const target = all[pick % all.length];
      fc.pre(MUTATIONS[id]({ pod: spec.podSpec, container: target.c, regular: target.regular, kind: spec.kind }));
      const report = audit([...NAMESPACE_SET, manifest(spec)], standardFor(id));
      const found = report.findings.filter((f) => f.ruleId === id);
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((f) => f.suppression === null)).toBe(true);
    }), { numRuns: 400 });
  });

  test('random pod specs never crash the engine', () => {
    const anyValue = fc.anything({ maxDepth: 3, withNullPrototype: false });
    const containerish = fc.dictionary(fc.constantFrom('name', 'image', 'securityContext', 'resources', 'ports', 'env', 'livenessProbe', 'lifecycle', 'volumeMounts', 'restartPolicy'), anyValue);
    const podish = fc.dictionary(
      fc.constantFrom('containers', 'initContainers', 'ephemeralContainers', 'securityContext', 'volumes', 'hostNetwork', 'os', 'serviceAccountName', 'automountServiceAccountToken', 'hostUsers'),
      fc.oneof(anyValue, fc.array(containerish, { maxLength: 3 })),
    );
    const object = fc.record({
      kind: fc.constantFrom(...KINDS, 'Role', 'ClusterRoleBinding', 'Service', 'Namespace', 'NetworkPolicy', 'List', 'constructor', '__proto__', 'toString', 'hasOwnProperty'),
      spec: fc.oneof(podish, fc.record({ template: fc.record({ metadata: anyValue, spec: podish }) }), anyValue),
      metadata: fc.oneof(anyValue, fc.record({ name: anyValue, namespace: anyValue, annotations: anyValue, labels: anyValue })),
      rules: anyValue,
      items: anyValue,
      subjects: anyValue,
    }).map((o) => ({ apiVersion: 'v1', ...o }));
    fc.assert(fc.property(fc.array(object, { minLength: 1, maxLength: 4 }), (objects) => {
      const report = audit(objects);
      expect(report.summary.resources).toBeGreaterThanOrEqual(0);
    }), { numRuns: 400 });
  });
});
