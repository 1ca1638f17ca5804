import { ApiObject, App, Chart, Cron, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import * as fc from 'fast-check';
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Service, ServiceAccount } from 'kubernetes-models/v1';
import type { AuditReport } from '../../lib/audit/report';
import {
  HardenedCronJob, HardenedDaemonSet, HardenedDeployment, HardenedJob, HardenedStatefulSet,
  NONROOT_ID, SecureNamespace, Seccomp, Sensitivity, type HardenedContainerProps, type IWorkloadPolicySource,
} from '../../lib/k8s';
import { auditChart } from '../../lib/k8s/validation';

const NOW = '2026-06-01';
const IMAGE = `contoso.azurecr.io/shop/api@sha256:${'ab'.repeat(32)}`;
const REASON = 'reviewed by the platform team in SEC-1234; compensating controls documented';

/** A namespace that passes every namespace control, built by hand (SecureNamespace has its own tests). */
function compliantNamespace(scope: Construct, name = 'shop'): void {
  const labels = Object.fromEntries(['enforce', 'audit', 'warn'].flatMap((m) => [
    [`pod-security.kubernetes.io/${m}`, 'restricted'], [`pod-security.kubernetes.io/${m}-version`, 'v1.33'],
  ]));
  new ApiObject(scope, `${name}-ns`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  new ApiObject(scope, `${name}-quota`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: name }, spec: { hard: { pods: '20' } } });
  new ApiObject(scope, `${name}-limits`, { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', namespace: name }, spec: { limits: [{ type: 'Container', default: { memory: '256Mi' } }] } });
  new ApiObject(scope, `${name}-deny`, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny', namespace: name },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}

function newChart(): Chart {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  compliantNamespace(chart);
  return chart;
}

const audit = (chart: Chart): AuditReport => auditChart(chart, { now: NOW });
const failing = (r: AuditReport) => r.findings.filter((f) => !f.suppression && f.severity === 'error').map((f) => `${f.ruleId} ${f.kind}/${f.name} ${f.field}`);
const unsuppressed = (r: AuditReport) => r.findings.filter((f) => !f.suppression).map((f) => `${f.ruleId} ${f.kind} ${f.field}`);

type Factory = (scope: Construct, id: string, props: Record<string, unknown>) => kplus.Workload;
const KINDS: Record<string, { make: Factory; serving: boolean }> = {
  Deployment: { make: (s, id, p) => new HardenedDeployment(s, id, p), serving: true },
  StatefulSet: { make: (s, id, p) => new HardenedStatefulSet(s, id, p), serving: true },
  DaemonSet: { make: (s, id, p) => new HardenedDaemonSet(s, id, p), serving: true },
  Job: { make: (s, id, p) => new HardenedJob(s, id, p), serving: false },
  CronJob: { make: (s, id, p) => new HardenedCronJob(s, id, { schedule: Cron.daily(), ...p }), serving: false },
};

function kindOf(o: any): string {
  return o.kind;
}

function podSpecOf(o: any): any {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
}

describe.each(Object.keys(KINDS))('Hardened%s', (kind) => {
  const { make, serving } = KINDS[kind];

  test('a minimal hardened workload has no finding at all (with a port for serving kinds)', () => {
    const chart = newChart();
    make(chart, 'app', serving ? { image: IMAGE, port: 8080 } : { image: IMAGE });
    expect(audit(chart).findings.map((f) => `${f.ruleId} ${f.field}`)).toEqual([]);
  });

  test('with only { image } nothing fails; a serving kind without a port only lacks probes (a note)', () => {
    const chart = newChart();
    if (kind === 'StatefulSet') {
      expect(() => make(chart, 'app', { image: IMAGE })).toThrow(/needs a headless Service, and that needs a port/);
      return;
    }
    make(chart, 'app', { image: IMAGE });
    const r = audit(chart);
    expect(failing(r)).toEqual([]);
    expect(new Set(unsuppressed(r).map((x) => x.split(' ')[0]))).toEqual(new Set(serving ? ['workload.probes'] : []));
  });

  test('the pod and every container carry the secure settings directly', () => {
    const chart = newChart();
    const w = make(chart, 'app', {
      image: IMAGE,
      port: 8080,
      containerOptions: { writablePaths: ['/tmp'] },
      initContainers: [{ name: 'migrate', image: IMAGE }, { name: 'proxy', image: IMAGE, restartPolicy: kplus.ContainerRestartPolicy.ALWAYS, portNumber: 15001 }],
    });
    const object = Testing.synth(chart).find((o) => o.kind === kind)!;
    const pod = podSpecOf(object);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: NONROOT_ID,
      runAsGroup: NONROOT_ID,
      fsGroup: NONROOT_ID,
      supplementalGroups: [NONROOT_ID],
      seccompProfile: { type: 'RuntimeDefault' },
      appArmorProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.serviceAccountName).toMatch(/serviceaccount/);
    for (const c of [...pod.containers, ...pod.initContainers]) {
      expect(c.securityContext).toEqual({
        runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
      });
      expect(c.resources.limits).toEqual({ memory: '256Mi' }); // memory limit, no CPU limit
      expect(c.resources.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    }
    const main = pod.containers[0];
    expect(main.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'w-main-tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'w-main-tmp', emptyDir: { sizeLimit: '256Mi' } }]);
    if (serving) {
      expect(main.livenessProbe.tcpSocket.port).toBe(8080);
      expect(main.readinessProbe.tcpSocket.port).toBe(8080);
      const sidecar = pod.initContainers.find((c: any) => c.name === 'proxy');
      expect(sidecar.readinessProbe.tcpSocket.port).toBe(15001);
    } else {
      expect(main.livenessProbe).toBeUndefined();
    }
    const sa = Testing.synth(chart).find((o) => o.kind === 'ServiceAccount')!;
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.name).toBe(pod.serviceAccountName);
    expect((w as any).hardening.runAsUser).toBe(NONROOT_ID);
  });

  test('runAsGroup is the pod\'s group, fsGroup and only supplemental group (Azure Policy AllowedUsersGroups)', () => {
    const chart = newChart();
    make(chart, 'app', { image: IMAGE, ...(serving ? { port: 8080 } : {}), runAsUser: 1000, runAsGroup: 2000 });
    const pod = podSpecOf(Testing.synth(chart).find((o) => o.kind === kind)!);
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, supplementalGroups: [2000] });
    expect(audit(chart).findings.map((f) => `${f.ruleId} ${f.field}`)).toEqual([]);
  });

  test('every synthesised object validates against the Kubernetes OpenAPI schema', () => {
    const chart = newChart();
    const w = make(chart, 'app', { image: IMAGE, port: 8080, containerOptions: { writablePaths: ['/var/cache'] } }) as unknown as { allowIngressFrom(p: kplus.INetworkPolicyPeer): unknown };
    w.allowIngressFrom(kplus.Pods.all(chart, 'everyone'));
    const models: Record<string, new (o: any) => { validate(): void }> = {
      Deployment, StatefulSet, DaemonSet, Job, CronJob, ServiceAccount, Service, PodDisruptionBudget, NetworkPolicy,
    };
    const objects = Testing.synth(chart).filter((o) => !['Namespace', 'ResourceQuota', 'LimitRange'].includes(kindOf(o)) || o.metadata.name !== 'shop');
    for (const o of objects) {
      const Model = models[o.kind];
      if (!Model) continue;
      expect(() => new Model(o).validate()).not.toThrow();
    }
    expect(objects.some((o) => o.kind === kind)).toBe(true);
  });

  test('synthesis is byte-identical across two runs', () => {
    const run = () => {
      const chart = newChart();
      make(chart, 'app', { image: IMAGE, port: 8080 });
      return Yaml.stringify(...Testing.synth(chart));
    };
    expect(run()).toBe(run());
  });
});

describe('weakening options', () => {
  interface Case { name: string; ruleId: string; props: (justification?: string) => Record<string, unknown>; kind?: string }
  const container = (extra: Partial<HardenedContainerProps>) => ({ containers: [{ name: 'app', image: IMAGE, portNumber: 8080, ...extra }] });
  const CASES: Case[] = [
    { name: 'privilegedPorts', ruleId: 'workload.privileged-port', props: (j) => ({ containers: [{ name: 'app', image: IMAGE, portNumber: 443, privilegedPorts: j }] }) },
    { name: 'addCapabilities', ruleId: 'pss.capabilities-restricted', props: (j) => container({ addCapabilities: { value: ['CHOWN'], justification: j! } }) },
    { name: 'readOnlyRootFilesystem', ruleId: 'workload.read-only-root-filesystem', props: (j) => container({ readOnlyRootFilesystem: { value: false, justification: j! } }) },
    { name: 'resources.cpuLimit', ruleId: 'workload.no-cpu-limit', props: (j) => container({ resources: { cpuLimit: { value: kplus.Cpu.units(1), justification: j! } } }) },
    { name: 'allowMutableTag', ruleId: 'image.digest', props: (j) => ({ containers: [{ name: 'app', image: 'contoso.azurecr.io/shop/api:1.4.2', portNumber: 8080, allowMutableTag: j }] }) },
    { name: 'automountServiceAccountToken', ruleId: 'workload.service-account-token', props: (j) => ({ ...container({}), automountServiceAccountToken: { value: true, justification: j! } }) },
    { name: 'hostNetwork', ruleId: 'pss.host-namespaces', props: (j) => ({ ...container({}), hostNetwork: { value: true, justification: j! } }) },
  ];

  test.each(CASES.map((c) => [c.name, c] as const))('%s without a justification throws, naming the property, the control and the fix', (_n, c) => {
    for (const justification of [undefined, '', 'n/a']) {
      const chart = newChart();
      expect(() => new HardenedDeployment(chart, 'app', c.props(justification))).toThrow(
        new RegExp(`${c.name.split('.').pop()}.*weakens a secure default.*\\[${c.ruleId.replace('.', '\\.')}\\]`, 's'),
      );
    }
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s with a justification is written as an annotation and audited as exactly its suppressed finding', (_n, c) => {
    const chart = newChart();
    new HardenedDeployment(chart, 'app', c.props(REASON));
    const deployment = Testing.synth(chart).find((o) => o.kind === 'Deployment')!;
    expect(deployment.metadata.annotations[`suppress.kubeward.io/${c.ruleId}`]).toBe(REASON);
    const r = audit(chart);
    expect(r.findings.filter((f) => f.suppression).map((f) => f.ruleId).every((id) => id === c.ruleId)).toBe(true);
    expect(r.findings.filter((f) => f.suppression).length).toBeGreaterThan(0);
    expect(unsuppressed(r)).toEqual([]);
  });

  test('privileged ports lower the unprivileged port range (a safe sysctl), not capabilities a non-root process cannot use', () => {
    const chart = newChart();
    new HardenedDeployment(chart, 'app', { containers: [{ name: 'app', image: IMAGE, portNumber: 443, ports: [{ number: 80 }], privilegedPorts: REASON }] });
    const pod = podSpecOf(Testing.synth(chart).find((o) => o.kind === 'Deployment'));
    expect(pod.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }]);
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('options that take the justification itself say so', () => {
    expect(() => new HardenedDeployment(newChart(), 'app', { image: 'contoso.azurecr.io/shop/api:1.0' })).toThrow(/set the option to a justification of at least 12 characters/);
    expect(() => new HardenedDeployment(newChart(), 'app', { image: IMAGE, hostNetwork: { value: true, justification: '' } })).toThrow(/pass \{ value, justification \}/);
  });

  test('a container-level weakening affects only its container', () => {
    const chart = newChart();
    new HardenedDeployment(chart, 'app', {
      containers: [
        { name: 'app', image: IMAGE, portNumber: 8080, readOnlyRootFilesystem: { value: false, justification: REASON } },
        { name: 'sidecar', image: IMAGE, portNumber: 9090 },
      ],
    });
    const pod = podSpecOf(Testing.synth(chart).find((o) => o.kind === 'Deployment'));
    expect(pod.containers.map((c: any) => c.securityContext.readOnlyRootFilesystem)).toEqual([false, true]);
  });
});

describe('images', () => {
  test.each([
    ['contoso.azurecr.io/shop/api:latest', /tag latest.*never accepted.*\[image\.mutable-tag\]/s],
    ['contoso.azurecr.io/shop/api', /no tag or digest.*\[image\.mutable-tag\]/s],
    ['contoso.azurecr.io/shop/api:1.0', /allowMutableTag.*weakens a secure default.*\[image\.digest\]/s],
    [`docker.io/library/nginx@sha256:${'a'.repeat(64)}`, /docker\.io, which is not an allowed registry \(mcr\.microsoft\.com, \*\.azurecr\.io\).*\[image\.allowed-registry\]/s],
    ['', /image\.mutable-tag/],
  ])('%s is refused at construction', (image, message) => {
    expect(() => new HardenedDeployment(newChart(), 'app', { image })).toThrow(message);
  });

  test('allowed registries come from the namespace policy or the app context, never from the workload', () => {
    const mcr = `mcr.microsoft.com/dotnet/aspnet@sha256:${'c'.repeat(64)}`;
    const app = new App();
    app.node.setContext('kubeward:allowedRegistries', 'contoso.azurecr.io');
    expect(() => new HardenedDeployment(new Chart(app, 'c'), 'a', { image: mcr })).toThrow(/allowed registry \(contoso\.azurecr\.io\)/);
    expect(() => new HardenedDeployment(new Chart(app, 'd'), 'a', { image: IMAGE })).not.toThrow();
    expect(() => new HardenedDeployment(newChart(), 'a', { image: mcr, allowedRegistries: ['mcr.microsoft.com'] } as any)).not.toThrow();
  });

  test('the chart audit applies each namespace\'s own registries to the objects in it', () => {
    const chart = newChart();
    const team = new SecureNamespace(chart, 'team', { name: 'team', allowedRegistries: ['contoso.azurecr.io'] });
    new HardenedDeployment(team, 'api', { image: IMAGE, port: 8080 });
    // Plain objects pulling from another ACR: refused in 'team' (its own list), allowed in 'shop' (the app's list).
    for (const namespace of ['team', 'shop']) {
      new ApiObject(chart, `other-${namespace}`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `other-${namespace}`, namespace },
        spec: { containers: [{ name: 'x', image: `fabrikam.azurecr.io/x@sha256:${'e'.repeat(64)}` }] },
      });
    }
    expect(audit(chart).findings.filter((f) => f.ruleId === 'image.allowed-registry').map((f) => f.name)).toEqual(['other-team']);
  });
});

describe('placement and traffic', () => {
  class FakeNamespace extends ApiObject implements IWorkloadPolicySource {
    public readonly workloadPolicy;
    constructor(scope: Construct, id: string, name: string, sensitivity: Sensitivity) {
      super(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-marker`, namespace: name } });
      this.workloadPolicy = { namespaceName: name, sensitivity, costLabels: { 'kubeward.io/team': 'payments' }, allowedRegistries: ['contoso.azurecr.io'] };
    }
  }

  test('a workload created inside a namespace policy source inherits namespace, sensitivity scheduling and cost labels', () => {
    const chart = newChart();
    const ns = new FakeNamespace(chart, 'payments', 'payments', Sensitivity.CONFIDENTIAL);
    new HardenedDeployment(ns, 'api', { image: IMAGE, port: 8080 });
    const d = Testing.synth(chart).find((o) => o.kind === 'Deployment')!;
    expect(d.metadata.namespace).toBe('payments');
    expect(d.metadata.labels['kubeward.io/team']).toBe('payments');
    const pod = podSpecOf(d);
    expect(pod.nodeSelector).toEqual({ 'kubeward.io/sensitivity': 'confidential' });
    expect(pod.tolerations).toEqual([{ key: 'kubeward.io/sensitivity', operator: 'Equal', value: 'confidential', effect: 'NoSchedule' }]);
    expect(d.spec.template.metadata.labels['kubeward.io/team']).toBe('payments');
    const sa = Testing.synth(chart).find((o) => o.kind === 'ServiceAccount')!;
    expect(sa.metadata.labels['kubeward.io/team']).toBe('payments');
  });

  test('multi-replica Deployments get a PodDisruptionBudget and topology spread; single replicas do not', () => {
    const chart = newChart();
    new HardenedDeployment(chart, 'many', { image: IMAGE, port: 8080, replicas: 3 });
    new HardenedDeployment(chart, 'one', { image: IMAGE, port: 8080, replicas: 1 });
    const out = Testing.synth(chart);
    const pdbs = out.filter((o) => o.kind === 'PodDisruptionBudget');
    expect(pdbs).toHaveLength(1);
    expect(pdbs[0].spec.maxUnavailable).toBe(1);
    const [many, one] = out.filter((o) => o.kind === 'Deployment');
    expect(many.spec.template.spec.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(pdbs[0].spec.selector.matchLabels).toEqual(many.spec.selector.matchLabels);
    expect(one.spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('declared ingress becomes a NetworkPolicy that selects the workload; traffic across sensitivity levels is refused', () => {
    const chart = newChart();
    const pub = new FakeNamespace(chart, 'web', 'web', Sensitivity.PUBLIC);
    const conf = new FakeNamespace(chart, 'pay', 'pay', Sensitivity.CONFIDENTIAL);
    const web = new HardenedDeployment(pub, 'web', { image: IMAGE, port: 8080 });
    const api = new HardenedDeployment(conf, 'api', { image: IMAGE, port: 8080 });
    const worker = new HardenedDeployment(conf, 'worker', { image: IMAGE, port: 8080 });
    api.allowIngressFrom(worker, { ports: [kplus.NetworkPolicyPort.tcp(8080)] });
    expect(() => api.allowIngressFrom(web)).toThrow(/sensitivity 'public'.*'confidential'.*refused/s);
    api.allowIngressFrom(web, { acrossSensitivity: 'the public web tier calls the payments API through mTLS; reviewed SEC-77' });
    const policies = Testing.synth(chart).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'pay');
    expect(policies).toHaveLength(2);
    expect(policies[0].spec.podSelector.matchLabels).toEqual(Testing.synth(chart).find((o) => o.kind === 'Deployment' && o.metadata.namespace === 'pay')!.spec.selector.matchLabels);
    expect(policies[0].spec.policyTypes).toEqual(['Ingress']);
    expect(policies[1].metadata.annotations['kubeward.io/cross-sensitivity']).toMatch(/mTLS/);
  });
});

describe('synth-time validation', () => {
  test('app.synth() fails on an insecure object in a chart that holds a kubeward construct, naming control, object, field and fix', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    compliantNamespace(chart);
    new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    new ApiObject(chart, 'bad', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bad', namespace: 'shop' },
      spec: { containers: [{ name: 'x', image: IMAGE, securityContext: { privileged: true } }] },
    });
    expect(() => app.synth()).toThrow(/\[pss\.privileged\] Pod shop\/bad at spec\.containers\[0\]\.securityContext\.privileged: .*Fix: /);
  });

  test('app.synth() passes a clean chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    compliantNamespace(chart);
    new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('bad input', () => {
  test.each([
    [{ image: IMAGE, runAsUser: 0 }, /runAsUser.*\[pss\.run-as-user\]/],
    [{ image: IMAGE, runAsGroup: 65536 }, /prop 'runAsGroup': 65536 is above 65535; .*Azure Policy's pod security restricted initiative allows from 1 to 65535 \[pss\.run-as-user\]/],
    [{ image: IMAGE, containers: [{ image: IMAGE }] }, /either 'image'.*or 'containers'/],
    [{ port: 8080 }, /'port' and 'containerOptions' go with 'image'/],
    [{ containers: [{ name: 'a', image: IMAGE }, { name: 'a', image: IMAGE }] }, /two containers are named 'a'/],
    [{ image: IMAGE, containerOptions: { writablePaths: ['tmp'] } }, /'tmp' must be an absolute path/],
    [{ image: IMAGE, containerOptions: { resources: { memoryLimit: Size.mebibytes(128), memoryRequest: Size.mebibytes(256) } } }, /memoryRequest \(256Mi\) is above memoryLimit \(128Mi\)/],
    [{ image: IMAGE, containerOptions: { addCapabilities: { value: ['SYS_ADMIN'], justification: REASON } } }, /SYS_ADMIN is outside the Pod Security Standards baseline set.*\[pss\.capabilities-baseline\]/],
    [{ image: IMAGE, securityContext: { privileged: true } }, /hardened workloads set the security context themselves/],
  ])('%j is refused with a clear message', (props, message) => {
    expect(() => new HardenedDeployment(newChart(), 'app', props as any)).toThrow(message);
  });

  test('Seccomp.localhost needs a relative path; a Localhost profile is written', () => {
    expect(() => Seccomp.localhost('/etc/x.json')).toThrow(/relative/);
    const chart = newChart();
    new HardenedDeployment(chart, 'app', { image: IMAGE, port: 8080, seccomp: Seccomp.localhost('profiles/api.json') });
    const pod = podSpecOf(Testing.synth(chart).find((o) => o.kind === 'Deployment'));
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/api.json' });
    expect(failing(audit(chart))).toEqual([]);
  });
});

describe('property: any combination of non-weakening props passes every control', () => {
  const env = fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/).filter((n) => !/PASS|TOKEN|SECRET|KEY|PWD|CRED|CONN/.test(n)), fc.stringMatching(/^[a-z0-9]{0,8}$/), { maxKeys: 3 });
  const containerArb = fc.record({
    port: fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }),
    writable: fc.array(fc.constantFrom('/tmp', '/var/cache', '/run'), { maxLength: 2 }),
    memory: fc.integer({ min: 32, max: 4096 }),
    cpu: fc.integer({ min: 10, max: 4000 }),
    env,
    secretEnv: fc.boolean(),
  });
  test('zero failing findings, and no findings but missing probes where no port is given', () => {
    fc.assert(fc.property(
      fc.constantFrom(...Object.keys(KINDS)), fc.array(containerArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 5 }),
      fc.option(fc.constantFrom(Sensitivity.PUBLIC, Sensitivity.INTERNAL, Sensitivity.CONFIDENTIAL), { nil: undefined }),
      fc.integer({ min: 1000, max: 60000 }), fc.boolean(),
      (kind, containers, replicas, sensitivity, uid, localhostSeccomp) => {
        fc.pre(kind !== 'StatefulSet' || containers.some((c) => c.port !== undefined));
        const chart = newChart();
        const scope: Construct = sensitivity ? new (class extends ApiObject implements IWorkloadPolicySource {
          public readonly workloadPolicy = { namespaceName: 'shop', sensitivity };
        })(chart, 'policy', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'policy', namespace: 'shop' } }) : chart;
        const secret = new kplus.Secret(chart, 'db', { metadata: { namespace: 'shop' } });
        KINDS[kind].make(scope, 'app', {
          ...(kind === 'Deployment' || kind === 'StatefulSet' ? { replicas } : {}),
          runAsUser: uid,
          runAsGroup: uid,
          seccomp: localhostSeccomp ? Seccomp.localhost('profiles/app.json') : undefined,
          containers: containers.map((c, i) => ({
            name: `c${i}`,
            image: IMAGE,
            portNumber: c.port,
            resources: { memoryLimit: Size.mebibytes(c.memory), cpuRequest: kplus.Cpu.millis(c.cpu) },
            writablePaths: c.writable,
            envVariables: {
              ...Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
              ...(c.secretEnv ? { DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) } : {}),
            },
          })),
        });
        const r = audit(chart);
        expect(failing(r)).toEqual([]);
        const serving = KINDS[kind].serving;
        const expected = serving && containers.some((c) => c.port === undefined) ? ['workload.probes'] : [];
        expect([...new Set(unsuppressed(r).map((x) => x.split(' ')[0]))]).toEqual(expected);
      }), { numRuns: 60 });
  });

  /** Each weakening, as container props or workload props, with the control it suppresses. */
  const WEAKENINGS: { ruleId: string; container?: Partial<HardenedContainerProps>; workload?: Record<string, unknown> }[] = [
    { ruleId: 'workload.privileged-port', container: { portNumber: 443, privilegedPorts: REASON } },
    { ruleId: 'pss.capabilities-restricted', container: { addCapabilities: { value: ['CHOWN'], justification: REASON } } },
    { ruleId: 'workload.read-only-root-filesystem', container: { readOnlyRootFilesystem: { value: false, justification: REASON } } },
    { ruleId: 'workload.no-cpu-limit', container: { resources: { cpuLimit: { value: kplus.Cpu.millis(500), justification: REASON } } } },
    { ruleId: 'image.digest', container: { image: 'contoso.azurecr.io/shop/api:2.1.0', allowMutableTag: REASON } },
    { ruleId: 'workload.service-account-token', workload: { automountServiceAccountToken: { value: true, justification: REASON } } },
    { ruleId: 'pss.host-namespaces', workload: { hostNetwork: { value: true, justification: REASON } } },
  ];

  test('each weakening given with a justification yields exactly its suppressed finding and nothing else', () => {
    fc.assert(fc.property(
      fc.constantFrom(...Object.keys(KINDS)), fc.array(containerArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(...WEAKENINGS), fc.nat(),
      (kind, containers, weakening, pick) => {
        const target = pick % containers.length;
        const specs = containers.map((c, i) => ({
          name: `c${i}`,
          image: IMAGE,
          portNumber: c.port ?? 8000 + i,
          writablePaths: c.writable,
          resources: { memoryLimit: Size.mebibytes(c.memory), cpuRequest: kplus.Cpu.millis(c.cpu) },
          ...(i === target ? weakening.container : {}),
        }));
        fc.pre(new Set(specs.map((c) => c.portNumber)).size === specs.length);
        const chart = newChart();
        KINDS[kind].make(chart, 'app', { containers: specs, ...weakening.workload });
        const r = audit(chart);
        expect(unsuppressed(r)).toEqual([]);
        expect(new Set(r.findings.map((f) => f.ruleId))).toEqual(new Set([weakening.ruleId]));
      }), { numRuns: 60 });
  });
});

test('snapshot of a minimal HardenedDeployment (a second check; the properties are asserted above)', () => {
  const chart = newChart();
  new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080 });
  expect(Testing.synth(chart)).toMatchSnapshot();
});
