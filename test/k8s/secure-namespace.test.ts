import { ApiObject, App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { LimitRange, Namespace, ResourceQuota } from 'kubernetes-models/v1';
import { Auditor } from '../../lib/audit/engine';
import type { AuditReport } from '../../lib/audit/report';
import { HardenedDeployment } from '../../lib/k8s/hardened-workloads';
import { COST_LABELS, findWorkloadPolicy, Sensitivity } from '../../lib/k8s/policy';
import { DEFAULT_POD_SECURITY_VERSION, SecureNamespace, type SecureNamespaceProps } from '../../lib/k8s/secure-namespace';

const REASON = 'legacy payment agent needs baseline until its rewrite (SEC-1234); reviewed by the platform team';
const GROUP_A = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const GROUP_B = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
const PSA = 'pod-security.kubernetes.io/';

type Obj = Record<string, any>;

function chart(props?: { namespace?: string }): Chart {
  return new Chart(Testing.app(), 'test', props);
}

/** The synthesised objects of a chart with one SecureNamespace. */
function synth(props: SecureNamespaceProps = {}): { ns: SecureNamespace; objects: Obj[]; chart: Chart } {
  const c = chart();
  const ns = new SecureNamespace(c, 'shop', props);
  return { ns, chart: c, objects: Testing.synth(c) };
}

const ofKind = (objects: Obj[], kind: string): Obj[] => objects.filter((o) => o.kind === kind);
const one = (objects: Obj[], kind: string, name?: string): Obj => {
  const found = ofKind(objects, kind).filter((o) => name === undefined || o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${found.length}`);
  return found[0];
};

/** A Pod that passes every workload control, written by hand (hardened workloads have their own tests). */
function hardenedPod(scope: Construct, namespace: string): ApiObject {
  const probe = { httpGet: { path: '/healthz', port: 8080 } };
  return new ApiObject(scope, 'pod', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'api', namespace },
    spec: {
      serviceAccountName: 'api',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'api',
        image: `mcr.microsoft.com/app/api@sha256:${'ab'.repeat(32)}`,
        ports: [{ containerPort: 8080 }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        livenessProbe: probe,
        readinessProbe: probe,
      }],
    },
  });
}

/** Audits what the chart synthesises, at a fixed date. */
function audit(c: Chart): AuditReport {
  const auditor = new Auditor({ now: '2026-01-01' });
  auditor.addObjects('chart', Testing.synth(c));
  return auditor.finish();
}

const describeFindings = (r: AuditReport) => r.findings.map((f) => `${f.ruleId} ${f.kind}/${f.name} ${f.field}${f.suppression ? ' (suppressed)' : ''}`);

describe('SecureNamespace defaults', () => {
  const { ns, objects } = synth();
  const name = ns.name;

  test('resolves every default into a public field', () => {
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    expect(ns.podSecurityLevel).toBe('restricted');
    expect(ns.podSecurityVersion).toBe(DEFAULT_POD_SECURITY_VERSION);
    expect(DEFAULT_POD_SECURITY_VERSION).toBe('v1.33');
    expect(ns.sensitivity).toBeUndefined();
    expect(ns.team).toBeUndefined();
    expect(ns.costCenter).toBeUndefined();
    expect(ns.allowedRegistries).toBeUndefined();
    expect(ns.viewers).toEqual([]);
    expect(ns.editors).toEqual([]);
    expect(ns.quota.requestsCpu.amount).toBe('4');
    expect(ns.quota.requestsMemory.toGibibytes()).toBe(8);
    expect(ns.quota.limitsMemory.toGibibytes()).toBe(16);
    expect(ns.quota.pods).toBe(50);
    expect(ns.containerDefaults.cpuRequest.amount).toBe('100m');
    expect(ns.containerDefaults.memoryRequest.toMebibytes()).toBe(128);
    expect(ns.containerDefaults.memoryLimit.toMebibytes()).toBe(512);
    expect(ns.containerDefaults.maxMemoryLimit.toGibibytes()).toBe(4);
    expect(ns.workloadPolicy).toEqual({ namespaceName: name, costLabels: {} });
  });

  test('the Namespace enforces, audits and warns restricted at a pinned version', () => {
    const namespace = one(objects, 'Namespace');
    expect(namespace.metadata.name).toBe(name);
    expect(namespace.metadata.labels).toEqual({
      [`${PSA}enforce`]: 'restricted',
      [`${PSA}enforce-version`]: 'v1.33',
      [`${PSA}audit`]: 'restricted',
      [`${PSA}audit-version`]: 'v1.33',
      [`${PSA}warn`]: 'restricted',
      [`${PSA}warn-version`]: 'v1.33',
    });
    expect(namespace.metadata.annotations).toBeUndefined();
    expect(namespace.metadata.namespace).toBeUndefined();
  });

  test('a default-deny NetworkPolicy selects every pod and denies all ingress and egress', () => {
    const deny = one(objects, 'NetworkPolicy', 'default-deny');
    expect(deny.metadata.namespace).toBe(name);
    expect(deny.spec.podSelector).toEqual({});
    expect([...deny.spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
    expect(deny.spec.ingress).toBeUndefined();
    expect(deny.spec.egress).toBeUndefined();
  });

  test('a NetworkPolicy allows only DNS egress to kube-dns in kube-system', () => {
    const dns = one(objects, 'NetworkPolicy', 'allow-dns');
    expect(dns.metadata.namespace).toBe(name);
    expect(dns.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
  });

  test('a ResourceQuota bounds CPU and memory requests, memory limits and pods', () => {
    const quota = one(objects, 'ResourceQuota');
    expect(quota.metadata).toEqual({ name: 'quota', namespace: name });
    expect(quota.spec.hard).toEqual({ 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.memory': '16Gi', 'pods': '50' });
  });

  test('a LimitRange gives containers CPU and memory requests and a memory limit, but no CPU limit', () => {
    const limits = one(objects, 'LimitRange');
    expect(limits.metadata).toEqual({ name: 'limits', namespace: name });
    expect(limits.spec.limits).toEqual([{
      type: 'Container',
      default: { memory: '512Mi' },
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      max: { memory: '4Gi' },
    }]);
    expect(limits.spec.limits[0].default.cpu).toBeUndefined();
    expect(limits.spec.limits[0].max.cpu).toBeUndefined();
  });

  test('it creates nothing else: no RoleBinding and nothing cluster-wide but the Namespace', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(['LimitRange', 'Namespace', 'NetworkPolicy', 'NetworkPolicy', 'ResourceQuota']);
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe(name);
  });

  test('child construct ids are a contract', () => {
    expect(ns.node.findChild('DefaultDeny')).toBeInstanceOf(kplus.NetworkPolicy);
    expect(ns.node.findChild('AllowDns')).toBeInstanceOf(kplus.NetworkPolicy);
    expect(ApiObject.isApiObject(ns.node.findChild('Quota'))).toBe(true);
    expect(ApiObject.isApiObject(ns.node.findChild('Limits'))).toBe(true);
  });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('SecureNamespace props', () => {
  test('name, version, quota and container defaults', () => {
    const { ns, objects } = synth({
      name: 'shop-prod',
      podSecurityVersion: 'v1.30',
      quota: { requestsCpu: kplus.Cpu.millis(8500), requestsMemory: Size.mebibytes(1536), limitsMemory: Size.gibibytes(3), pods: 10 },
      containerDefaults: { cpuRequest: kplus.Cpu.units(0.25), memoryRequest: Size.mebibytes(64), memoryLimit: Size.mebibytes(256) },
    });
    expect(ns.name).toBe('shop-prod');
    expect(ns.podSecurityVersion).toBe('v1.30');
    expect(one(objects, 'Namespace').metadata.labels[`${PSA}enforce-version`]).toBe('v1.30');
    expect(one(objects, 'ResourceQuota').spec.hard).toEqual({ 'requests.cpu': '8500m', 'requests.memory': '1536Mi', 'limits.memory': '3Gi', 'pods': '10' });
    // maxMemoryLimit defaults to the smaller of 4 GiB and the quota's limits.memory.
    expect(one(objects, 'LimitRange').spec.limits[0]).toEqual({
      type: 'Container', default: { memory: '256Mi' }, defaultRequest: { cpu: '0.25', memory: '64Mi' }, max: { memory: '3Gi' },
    });
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('shop-prod');
  });

  test('a partial quota keeps the other defaults; metadata.name works like name', () => {
    const { ns, objects } = synth({ metadata: { name: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } }, quota: { pods: 5 } });
    expect(ns.name).toBe('shop');
    expect(one(objects, 'ResourceQuota').spec.hard).toEqual({ 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.memory': '16Gi', 'pods': '5' });
    expect(one(objects, 'Namespace').metadata.labels['app.kubernetes.io/part-of']).toBe('shop');
  });

  test('the chart namespace does not leak onto the cluster-scoped Namespace or its children', () => {
    const c = chart({ namespace: 'elsewhere' });
    const ns = new SecureNamespace(c, 'shop', { name: 'shop' });
    const objects = Testing.synth(c);
    expect(one(objects, 'Namespace').metadata.namespace).toBeUndefined();
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe(ns.name);
  });

  test('sensitivity: label, workload policy and isSameSensitivity', () => {
    const c = chart();
    const a = new SecureNamespace(c, 'a', { sensitivity: Sensitivity.CONFIDENTIAL });
    const b = new SecureNamespace(c, 'b', { sensitivity: Sensitivity.of('confidential') });
    const pub = new SecureNamespace(c, 'p', { sensitivity: Sensitivity.PUBLIC });
    const none1 = new SecureNamespace(c, 'n1');
    const none2 = new SecureNamespace(c, 'n2');
    const objects = Testing.synth(c);
    expect(ofKind(objects, 'Namespace').find((o) => o.metadata.name === a.name)!.metadata.labels['kubeward.io/sensitivity']).toBe('confidential');
    expect(ofKind(objects, 'Namespace').find((o) => o.metadata.name === none1.name)!.metadata.labels['kubeward.io/sensitivity']).toBeUndefined();
    expect(a.sensitivity).toBe(Sensitivity.CONFIDENTIAL);
    expect(a.workloadPolicy.sensitivity).toBe(Sensitivity.CONFIDENTIAL);
    expect(a.isSameSensitivity(b)).toBe(true);
    expect(a.isSameSensitivity(pub)).toBe(false);
    expect(a.isSameSensitivity(none1)).toBe(false);
    expect(none1.isSameSensitivity(none2)).toBe(true);
    // Still default deny only: no policy admits traffic from the same level.
    expect(ofKind(objects, 'NetworkPolicy').map((o) => o.metadata.name).sort()).toEqual(Array(5).fill(['allow-dns', 'default-deny']).flat().sort());
  });

  test('cost-allocation labels on the namespace and in the workload policy', () => {
    const { ns, objects } = synth({ team: 'payments', costCenter: 'CC-1234' });
    expect(COST_LABELS).toEqual({ team: 'kubeward.io/team', costCenter: 'kubeward.io/cost-center' });
    const labels = one(objects, 'Namespace').metadata.labels;
    expect(labels['kubeward.io/team']).toBe('payments');
    expect(labels['kubeward.io/cost-center']).toBe('CC-1234');
    expect(ns.team).toBe('payments');
    expect(ns.costCenter).toBe('CC-1234');
    expect(ns.workloadPolicy.costLabels).toEqual({ 'kubeward.io/team': 'payments', 'kubeward.io/cost-center': 'CC-1234' });
  });

  test('allowed registries go to the workload policy', () => {
    const registries = ['contoso.azurecr.io', 'contoso.azurecr.io/team', '*.azurecr.io', 'registry.example.com:5000'];
    const { ns } = synth({ allowedRegistries: registries });
    expect(ns.allowedRegistries).toEqual(registries);
    expect(ns.workloadPolicy.allowedRegistries).toEqual(registries);
  });

  test('constructs inside the namespace find its workload policy', () => {
    const c = chart();
    const ns = new SecureNamespace(c, 'shop', { name: 'shop', sensitivity: Sensitivity.INTERNAL });
    const inner = new Construct(new Construct(ns, 'app'), 'api');
    expect(findWorkloadPolicy(inner)).toBe(ns.workloadPolicy);
    expect(findWorkloadPolicy(c)).toBeUndefined();
  });

  test('hardened workloads created inside follow its policy (the contract with lib/k8s/hardening)', () => {
    const c = chart();
    const ns = new SecureNamespace(c, 'shop', { name: 'shop', sensitivity: Sensitivity.CONFIDENTIAL, team: 'payments', allowedRegistries: ['contoso.azurecr.io'] });
    new HardenedDeployment(ns, 'api', { image: `contoso.azurecr.io/shop/api@sha256:${'ab'.repeat(32)}`, port: 8080 });
    const objects = Testing.synth(c);
    const deployment = one(objects, 'Deployment');
    expect(deployment.metadata.namespace).toBe('shop');
    expect(deployment.metadata.labels[COST_LABELS.team]).toBe('payments');
    expect(deployment.spec.template.spec.nodeSelector).toEqual({ 'kubeward.io/sensitivity': 'confidential' });
    expect(deployment.spec.template.spec.tolerations).toContainEqual(expect.objectContaining({ key: 'kubeward.io/sensitivity', value: 'confidential', effect: 'NoSchedule' }));
    expect(describeFindings(audit(c))).toEqual([]);
  });

  test('it is a network policy peer selecting every pod of the namespace', () => {
    const c = chart();
    const ns = new SecureNamespace(c, 'shop', { name: 'shop' });
    new kplus.NetworkPolicy(c, 'from-shop', { metadata: { namespace: 'other' }, ingress: { rules: [{ peer: ns }] } });
    const policy = Testing.synth(c).find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'other');
    expect(policy.spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: {} }]);
  });
});

describe('SecureNamespace access for Entra ID groups', () => {
  test('viewers and editors become RoleBindings to the built-in view and edit ClusterRoles', () => {
    const { ns, objects } = synth({ name: 'shop', viewers: [GROUP_A], editors: [GROUP_B] });
    const bindings = ofKind(objects, 'RoleBinding');
    expect(bindings).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `view-${GROUP_A}`, namespace: 'shop' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: GROUP_A }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `edit-${GROUP_B}`, namespace: 'shop' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: GROUP_B }],
      },
    ]);
    expect(ns.viewers).toEqual([GROUP_A]);
    expect(ns.editors).toEqual([GROUP_B]);
    expect(ns.node.findChild(`View-${GROUP_A}`)).toBeInstanceOf(kplus.RoleBinding);
    expect(ns.node.findChild(`Edit-${GROUP_B}`)).toBeInstanceOf(kplus.RoleBinding);
  });

  test('grantView and grantEdit add bindings, are idempotent and write object ids in lowercase', () => {
    const c = chart();
    const ns = new SecureNamespace(c, 'shop', { name: 'shop' });
    const view = ns.grantView(GROUP_A.toUpperCase());
    expect(ns.grantView(GROUP_A)).toBe(view);
    const edit = ns.grantEdit(GROUP_A);
    expect(edit).not.toBe(view);
    expect(ns.viewers).toEqual([GROUP_A]);
    expect(ns.editors).toEqual([GROUP_A]);
    const bindings = ofKind(Testing.synth(c), 'RoleBinding');
    expect(bindings.map((b) => [b.metadata.name, b.roleRef.name, b.subjects])).toEqual([
      [`view-${GROUP_A}`, 'view', [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: GROUP_A }]],
      [`edit-${GROUP_A}`, 'edit', [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: GROUP_A }]],
    ]);
  });

  test('there is no way to bind admin or cluster-admin', () => {
    const c = chart();
    const ns = new SecureNamespace(c, 'shop', { viewers: [GROUP_A], editors: [GROUP_B] });
    const objects = Testing.synth(c);
    expect(ofKind(objects, 'ClusterRoleBinding')).toEqual([]);
    expect(ofKind(objects, 'RoleBinding').map((b) => b.roleRef.name).sort()).toEqual(['edit', 'view']);
    expect((ns as unknown as Record<string, unknown>).grantAdmin).toBeUndefined();
  });

  test.each([
    ['a display name', 'Payments Team'],
    ['a truncated GUID', '3f2504e0-4f89-41d3-9a0c'],
    ['system:masters', 'system:masters'],
    ['an empty string', ''],
  ])('rejects %s as a group object id, naming the prop or method', (_, bad) => {
    expect(() => synth({ viewers: [bad] })).toThrow(/SecureNamespace 'shop' prop 'viewers'.*not an Entra ID group object id.*GUID/);
    expect(() => synth({ editors: [GROUP_A, bad] })).toThrow(/prop 'editors'/);
    const ns = new SecureNamespace(chart(), 'shop');
    expect(() => ns.grantView(bad)).toThrow(/SecureNamespace 'shop' grantView\(\): .* is not an Entra ID group object id/);
    expect(() => ns.grantEdit(bad)).toThrow(/grantEdit\(\)/);
  });

  test('rejects a string where an array of ids is expected', () => {
    expect(() => synth({ viewers: GROUP_A as unknown as string[] })).toThrow(/prop 'viewers'.*array of strings/);
  });
});

describe('SecureNamespace Pod Security level', () => {
  test('baseline without a justification throws, naming the prop and the control', () => {
    const props = { podSecurityLevel: { value: 'baseline' } } as unknown as SecureNamespaceProps;
    expect(() => synth(props)).toThrow(/SecureNamespace 'shop' prop 'podSecurityLevel' weakens a secure default and needs a justification \[namespace\.pod-security-labels\]/);
    expect(() => synth({ podSecurityLevel: { value: 'baseline', justification: 'n/a' } })).toThrow(/placeholder justification.*namespace\.pod-security-labels/);
    expect(() => synth({ podSecurityLevel: 'baseline' as unknown as SecureNamespaceProps['podSecurityLevel'] })).toThrow(/prop 'podSecurityLevel'.*namespace\.pod-security-labels/);
  });

  test('privileged is never allowed, even with a justification', () => {
    const props = { podSecurityLevel: { value: 'privileged', justification: REASON } } as unknown as SecureNamespaceProps;
    expect(() => synth(props)).toThrow(/prop 'podSecurityLevel' is 'privileged', which SecureNamespace never allows/);
  });

  test('an unknown level throws', () => {
    const props = { podSecurityLevel: { value: 'strict', justification: REASON } } as unknown as SecureNamespaceProps;
    expect(() => synth(props)).toThrow(/prop 'podSecurityLevel' has the value "strict"/);
  });

  test('justified baseline enforces baseline, keeps audit and warn restricted, and records the justification', () => {
    const { ns, objects } = synth({ podSecurityLevel: { value: 'baseline', justification: REASON } });
    expect(ns.podSecurityLevel).toBe('baseline');
    const namespace = one(objects, 'Namespace');
    expect(namespace.metadata.labels).toMatchObject({ [`${PSA}enforce`]: 'baseline', [`${PSA}audit`]: 'restricted', [`${PSA}warn`]: 'restricted' });
    expect(namespace.metadata.annotations).toEqual({ 'suppress.kubeward.io/namespace.pod-security-labels': REASON });
  });

  test('the audit reports the weaker level as suppressed, not failing', () => {
    const c = chart();
    const ns = new SecureNamespace(c, 'shop', { name: 'shop', podSecurityLevel: { value: 'baseline', justification: REASON } });
    hardenedPod(c, ns.name);
    const report = audit(c);
    const psa = report.findings.filter((f) => f.ruleId === 'namespace.pod-security-labels');
    expect(psa.map((f) => [f.field, f.suppression])).toEqual([[`metadata.labels["${PSA}enforce"]`, { justification: REASON }]]);
    expect(report.summary.failing).toBe(0);
  });

  test.each(['latest', '1.33', 'v1.033', 'v2.0', 'v1.', ''])('rejects the Pod Security version %j', (version) => {
    expect(() => synth({ podSecurityVersion: version })).toThrow(/SecureNamespace 'shop' prop 'podSecurityVersion' is .*not a pinned Pod Security version.*'v1.33'/);
  });
});

describe('SecureNamespace validation', () => {
  test.each(['Shop', 'shop_prod', '-shop', 'shop-', 'a'.repeat(64), 'shop.prod', ''])('rejects the namespace name %j', (name) => {
    expect(() => synth({ name })).toThrow(/SecureNamespace 'shop' prop 'name' is .*not a valid namespace name.*DNS-1123/);
  });

  test('rejects an invalid metadata.name, two different names and a namespace on the Namespace', () => {
    expect(() => synth({ metadata: { name: 'Shop' } })).toThrow(/prop 'metadata.name' is "Shop"/);
    expect(() => synth({ name: 'a', metadata: { name: 'b' } })).toThrow(/prop 'name' is 'a' but metadata.name is 'b'/);
    expect(() => synth({ name: 'a', metadata: { name: 'a' } })).not.toThrow();
    expect(() => synth({ metadata: { namespace: 'x' } })).toThrow(/prop 'metadata.namespace'.*cluster-scoped/);
  });

  test('rejects user labels that contradict the labels it manages', () => {
    expect(() => synth({ metadata: { labels: { [`${PSA}enforce`]: 'privileged' } } })).toThrow(/prop 'metadata.labels' sets 'pod-security.kubernetes.io\/enforce' to 'privileged'.*'podSecurityLevel'/);
    expect(() => synth({ metadata: { labels: { [`${PSA}warn-version`]: 'latest' } } })).toThrow(/'podSecurityVersion'/);
    expect(() => synth({ metadata: { labels: { 'kubeward.io/team': 'x' } }, team: 'y' })).toThrow(/'team'/);
    expect(() => synth({ metadata: { labels: { [`${PSA}enforce`]: 'restricted' } } })).not.toThrow();
  });

  test('rejects a sensitivity that is not a Sensitivity', () => {
    expect(() => synth({ sensitivity: 'confidential' as unknown as Sensitivity })).toThrow(/prop 'sensitivity' is "confidential"; pass a Sensitivity/);
  });

  test.each([['team', '-x'], ['team', 'a b'], ['costCenter', ''], ['costCenter', 'x'.repeat(64)]])('rejects the %s label value %j', (prop, value) => {
    expect(() => synth({ [prop]: value })).toThrow(new RegExp(`prop '${prop}' is .*not a valid label value`));
  });

  test.each([['*'], [''], [' contoso.azurecr.io'], ['*.'], ['**.azurecr.io'], ['contoso azurecr io']])('rejects the allowed registry %j', (entry) => {
    expect(() => synth({ allowedRegistries: ['mcr.microsoft.com', entry] })).toThrow(/prop 'allowedRegistries'\[1\] is .*not a registry.*'\*' alone/);
  });

  test('rejects an empty allowed registries list', () => {
    expect(() => synth({ allowedRegistries: [] })).toThrow(/prop 'allowedRegistries' is empty/);
  });

  test('rejects quotas and container defaults that contradict each other', () => {
    expect(() => synth({ quota: { requestsMemory: Size.gibibytes(32) } })).toThrow(/prop 'quota.requestsMemory' \(32Gi\) is more than quota.limitsMemory \(16Gi\)/);
    expect(() => synth({ containerDefaults: { memoryRequest: Size.gibibytes(1) } })).toThrow(/prop 'containerDefaults.memoryRequest' \(1Gi\) is more than containerDefaults.memoryLimit \(512Mi\)/);
    expect(() => synth({ containerDefaults: { memoryLimit: Size.gibibytes(5) } })).toThrow(/prop 'containerDefaults.memoryLimit' \(5Gi\) is more than containerDefaults.maxMemoryLimit \(4Gi\)/);
    expect(() => synth({ containerDefaults: { maxMemoryLimit: Size.gibibytes(17) } })).toThrow(/prop 'containerDefaults.maxMemoryLimit' \(17Gi\) is more than quota.limitsMemory \(16Gi\)/);
    expect(() => synth({ quota: { requestsCpu: kplus.Cpu.millis(50) } })).toThrow(/prop 'containerDefaults.cpuRequest' \(100m\) is more than quota.requestsCpu \(50m\)/);
    expect(() => synth({ quota: { requestsMemory: Size.mebibytes(64) } })).toThrow(/prop 'containerDefaults.memoryRequest' \(128Mi\) is more than quota.requestsMemory \(64Mi\)/);
  });

  test('rejects values of the wrong type or out of range', () => {
    expect(() => synth({ quota: { pods: 0 } })).toThrow(/prop 'quota.pods' is 0/);
    expect(() => synth({ quota: { pods: 2.5 } })).toThrow(/prop 'quota.pods' is 2.5/);
    expect(() => synth({ quota: { requestsCpu: '4' as unknown as kplus.Cpu } })).toThrow(/prop 'quota.requestsCpu' is "4", which is not a CPU amount; pass .*Cpu.millis/);
    expect(() => synth({ quota: { requestsCpu: kplus.Cpu.millis(0.5) } })).toThrow(/prop 'quota.requestsCpu' is "0.5m"/);
    expect(() => synth({ quota: { limitsMemory: '16Gi' as unknown as Size } })).toThrow(/prop 'quota.limitsMemory' is "16Gi", which is not a memory size; pass a Size/);
    expect(() => synth({ podSecurityVersion: 133 as unknown as string })).toThrow(/prop 'podSecurityVersion' is 133/);
  });

  test('errors are plain construction errors, thrown from the constructor', () => {
    let error: unknown;
    try {
      synth({ viewers: ['nope'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });
});

describe('SecureNamespace audit and schema', () => {
  test('with a hardened Pod inside, the audit has no namespace findings and nothing failing', () => {
    const c = chart();
    const ns = new SecureNamespace(c, 'shop', { name: 'shop', sensitivity: Sensitivity.INTERNAL, team: 'payments', viewers: [GROUP_A], editors: [GROUP_B] });
    hardenedPod(c, ns.name);
    const report = audit(c);
    expect(report.errors).toEqual([]);
    expect(describeFindings(report).filter((f) => f.startsWith('namespace.'))).toEqual([]);
    expect(report.findings.filter((f) => !f.suppression && f.severity === 'error')).toEqual([]);
    expect(report.summary.failing).toBe(0);
    // Not even a warning or a note: the namespace and the Pod are clean.
    expect(describeFindings(report)).toEqual([]);
  });

  test('the same Pod in a bare namespace is reported by every namespace control (the audit sees the difference)', () => {
    const c = chart();
    new ApiObject(c, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    hardenedPod(c, 'shop');
    const ids = new Set(audit(c).findings.map((f) => f.ruleId));
    for (const id of ['namespace.pod-security-labels', 'namespace.resource-quota', 'namespace.limit-range', 'namespace.default-deny']) expect(ids).toContain(id);
  });

  test('the chart validates itself at synthesis: a non-compliant Pod in the namespace fails synth', () => {
    const c = chart();
    const ns = new SecureNamespace(c, 'shop', { name: 'shop' });
    new ApiObject(c, 'bad', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bad', namespace: ns.name },
      spec: { containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] },
    });
    expect(() => Testing.synth(c)).toThrow(/pss\.privileged/);
  });

  test('every synthesised object is valid against the Kubernetes OpenAPI schema', () => {
    const { objects } = synth({
      name: 'shop',
      sensitivity: Sensitivity.CONFIDENTIAL,
      team: 'payments',
      costCenter: 'cc-1',
      viewers: [GROUP_A],
      editors: [GROUP_B],
      podSecurityLevel: { value: 'baseline', justification: REASON },
      allowedRegistries: ['contoso.azurecr.io'],
    });
    const models: Record<string, (o: Obj) => { validate(): void }> = {
      Namespace: (o) => new Namespace(o as any),
      NetworkPolicy: (o) => new NetworkPolicy(o as any),
      ResourceQuota: (o) => new ResourceQuota(o as any),
      LimitRange: (o) => new LimitRange(o as any),
      RoleBinding: (o) => new RoleBinding(o as any),
    };
    expect(objects.map((o) => o.kind).sort()).toEqual(['LimitRange', 'Namespace', 'NetworkPolicy', 'NetworkPolicy', 'ResourceQuota', 'RoleBinding', 'RoleBinding']);
    for (const o of objects) expect(() => models[o.kind](o).validate()).not.toThrow();
  });

  test('synthesis is byte-identical across two runs', () => {
    const run = (): string => {
      const app = new App({ outdir: '/nonexistent' });
      const c = new Chart(app, 'test');
      const ns = new SecureNamespace(c, 'shop', { sensitivity: Sensitivity.PUBLIC, team: 'payments', editors: [GROUP_B], viewers: [GROUP_A] });
      ns.grantView(GROUP_B);
      return app.synthYaml();
    };
    const first = run();
    expect(run()).toBe(first);
    expect(first).toContain('kind: Namespace');
  });
});
