import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// Types only: the plugin must satisfy the real cdk8s CLI contract without loading it.
import type { Validation, ValidationContext as CliValidationContext } from 'cdk8s-cli/lib/plugins';
import { findControl } from '../../lib/controls/catalogue';
import {
  KubewardValidation, type Cdk8sValidationContext, type Cdk8sValidationViolation, type KubewardValidationProperties,
} from '../../lib/k8s/cdk8s-plugin';
import { hardenedPodYaml } from '../helpers';

const REPO = path.resolve(__dirname, '..', '..');
const REASON = 'node agent needs the host network stack; reviewed by the platform team (SEC-42)';
const NOW = '2025-06-01';

const HARDENED_POD = hardenedPodYaml('web', 'shop');

const PSA_LABELS = ['enforce', 'audit', 'warn']
  .map((mode) => `    pod-security.kubernetes.io/${mode}: restricted\n    pod-security.kubernetes.io/${mode}-version: v1.33\n`).join('');

/** A Namespace that satisfies every namespace control, with its quota, limits and default deny. */
const HARDENED_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
${PSA_LABELS}---
apiVersion: v1
kind: ResourceQuota
metadata: {name: quota, namespace: shop}
spec:
  hard: {requests.cpu: "2", requests.memory: 2Gi, limits.memory: 2Gi, pods: "10"}
---
apiVersion: v1
kind: LimitRange
metadata: {name: limits, namespace: shop}
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 64Mi}
      default: {memory: 64Mi}
      max: {memory: 1Gi}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

/** Privileged and root, nothing else changed: only pss.privileged and pss.run-as-user fail. */
const PRIVILEGED_ROOT_POD = HARDENED_POD
  .replace('name: web\n  namespace', 'name: root-pod\n  namespace')
  .replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n        privileged: true\n        runAsUser: 0');

const SUPPRESSED_POD = PRIVILEGED_ROOT_POD
  .replace('namespace: shop\n', `namespace: shop\n  annotations:\n    suppress.kubeward.io/pss.privileged: "${REASON}"\n    suppress.kubeward.io/pss.run-as-user: "${REASON}"\n    suppress-until.kubeward.io/pss.run-as-user: "2025-12-31"\n`);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-cdk8s-plugin-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes manifest files into a fresh directory and returns their paths. */
function manifests(files: Record<string, string>): string[] {
  const sub = fs.mkdtempSync(path.join(dir, 'manifests-'));
  return Object.entries(files).map(([name, text]) => {
    const file = path.join(sub, name);
    fs.writeFileSync(file, text);
    return file;
  });
}

interface FakeRun {
  readonly violations: Cdk8sValidationViolation[];
  readonly logs: string[];
  status?: 'success' | 'failure';
  summary?: { readonly [key: string]: string };
  submits: number;
}

/** Runs the plugin against a recording fake of the CLI's context. */
async function run(files: Record<string, string>, properties: KubewardValidationProperties = { now: NOW }): Promise<FakeRun & { files: string[] }> {
  const paths = manifests(files);
  const out: FakeRun = { violations: [], logs: [], submits: 0 };
  const context: Cdk8sValidationContext = {
    manifests: paths,
    report: {
      addViolation: (v) => { out.violations.push(v); },
      submit: (status, metadata) => { out.status = status; out.summary = metadata; out.submits++; },
    },
    logger: { log: (m) => { out.logs.push(m); } },
  };
  await new KubewardValidation(properties).validate(context);
  return { ...out, files: paths };
}

const rules = (r: FakeRun): string[] => r.violations.map((v) => v.ruleName).sort();

describe('KubewardValidation (fake context)', () => {
  test('satisfies the cdk8s CLI Validation interface (type check)', () => {
    const plugin: Validation = new KubewardValidation();
    expect(typeof plugin.validate).toBe('function');
  });

  test('a privileged root pod fails with one violation per failing finding', async () => {
    const r = await run({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': PRIVILEGED_ROOT_POD });
    expect(r.status).toBe('failure');
    expect(r.submits).toBe(1);
    expect(rules(r)).toEqual(['pss.privileged', 'pss.run-as-user']);
    const privileged = r.violations.find((v) => v.ruleName === 'pss.privileged')!;
    expect(privileged).toEqual({
      ruleName: 'pss.privileged',
      recommendation: expect.stringMatching(/^error: container "app" .*privileged/),
      fix: findControl('pss.privileged')!.remediation,
      violatingResources: [{
        resourceName: 'root-pod',
        manifestPath: r.files[1],
        locations: ['Pod shop/root-pod: spec.containers[0].securityContext.privileged (line 23)'],
      }],
    });
    expect(r.summary).toEqual({ 'Standard': 'kubeward', 'Fail on': 'error', 'Resources': '5', 'Failing': '2', 'Suppressed': '0' });
    expect(r.logs).toEqual(['kubeward: 5 resources in 2 manifests (standard kubeward, fail-on error): 2 failing, 0 below fail-on, 0 suppressed']);
  });

  test('a hardened pod in a hardened namespace passes the whole catalogue', async () => {
    const r = await run({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': HARDENED_POD });
    expect(r.status).toBe('success');
    expect(r.violations).toEqual([]);
    expect(r.summary).toMatchObject({ Failing: '0', Resources: '5' });
  });

  test('suppressed findings are only counted in the log line; an expired suppression fails', async () => {
    const r = await run({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': SUPPRESSED_POD });
    expect(r.status).toBe('success');
    expect(r.violations).toEqual([]);
    expect(r.summary).toMatchObject({ Failing: '0', Suppressed: '2' });
    expect(r.logs[0]).toMatch(/: 0 failing, 0 below fail-on, 2 suppressed \(pss\.privileged, pss\.run-as-user\)$/);

    const later = await run({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': SUPPRESSED_POD }, { now: '2026-01-15' });
    expect(later.status).toBe('failure');
    expect(rules(later)).toEqual(['pss.run-as-user']);
    expect(later.violations[0].recommendation).toMatch(/\(suppression expired on 2025-12-31\)$/);
  });

  test('findings below failOn are logged, not reported; failOn moves the threshold', async () => {
    // Without its Namespace the pod gets namespace.unverified, a warning.
    const r = await run({ 'pod.yaml': HARDENED_POD });
    expect(r.status).toBe('success');
    expect(r.violations).toEqual([]);
    expect(r.logs[0]).toMatch(/: 0 failing, 1 below fail-on \(namespace\.unverified\), 0 suppressed$/);

    const warning = await run({ 'pod.yaml': HARDENED_POD }, { failOn: 'warning', now: NOW });
    expect(warning.status).toBe('failure');
    expect(rules(warning)).toEqual(['namespace.unverified']);
    expect(warning.violations[0].recommendation).toMatch(/^warning: /);
    expect(warning.violations[0].violatingResources[0].locations).toEqual(['Pod shop/web: metadata.namespace (line 5)']);

    const none = await run({ 'pod.yaml': PRIVILEGED_ROOT_POD }, { failOn: 'none', now: NOW });
    expect(none.status).toBe('success');
    expect(none.violations).toEqual([]);
    expect(none.summary).toMatchObject({ 'Fail on': 'none', 'Failing': '0' });
  });

  test('standard selects the controls', async () => {
    const r = await run({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': PRIVILEGED_ROOT_POD }, { standard: 'pss-baseline', now: NOW });
    expect(rules(r)).toEqual(['pss.privileged']);
    expect(r.summary).toMatchObject({ Standard: 'pss-baseline' });
  });

  test('allowedRegistries replaces the default registries', async () => {
    const dockerHub = PRIVILEGED_ROOT_POD.replace(/image: .*/, 'image: docker.io/library/nginx:1.27.0');
    expect(rules(await run({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': dockerHub }))).toContain('image.allowed-registry');
    const allowed = await run({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': dockerHub }, { allowedRegistries: ['docker.io'], now: NOW });
    expect(rules(allowed)).not.toContain('image.allowed-registry');
  });

  test('object-level findings point at the object; unnamed objects are named by kind', async () => {
    const noQuota = HARDENED_NAMESPACE.replace(/---\napiVersion: v1\nkind: ResourceQuota[\s\S]*?---\n/, '---\n');
    const r = await run({ 'ns.yaml': noQuota, 'pod.yaml': HARDENED_POD });
    expect(rules(r)).toEqual(['namespace.resource-quota']);
    expect(r.violations[0].violatingResources[0]).toMatchObject({ resourceName: 'shop', locations: ['Namespace shop: (object) (line 1)'] });

    const unnamed = await run({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': PRIVILEGED_ROOT_POD.replace('  name: root-pod\n', '') });
    expect(unnamed.violations[0].violatingResources[0]).toMatchObject({
      resourceName: '(unnamed Pod)',
      locations: [expect.stringMatching(/^Pod shop\/\(unnamed\): spec\.containers\[0\]/)],
    });
  });

  test('inputs that cannot be audited fail the validation and are logged', async () => {
    const r = await run({ 'broken.yaml': 'apiVersion: v1\nkind: Pod\nspec: [\n' });
    expect(r.status).toBe('failure');
    expect(r.violations).toEqual([]);
    expect(r.summary).toMatchObject({ 'Unreadable inputs': '1' });
    expect(r.logs[1]).toMatch(/^kubeward: cannot audit .*broken\.yaml:\d+: YAML syntax error/);
  });

  test('text from the manifest cannot inject terminal control characters', async () => {
    const r = await run({ 'pod.yaml': PRIVILEGED_ROOT_POD.replace('name: root-pod', 'name: "evil\\e[2J\\u202e"') });
    const v = r.violations.find((x) => x.ruleName === 'pss.privileged')!;
    expect(v.violatingResources[0].resourceName).toBe('evil\\x1b[2J\\u202e');
    expect(v.violatingResources[0].locations[0]).not.toMatch(/[\u001b\u202e]/);
  });

  test('no manifests: success', async () => {
    const out: FakeRun = { violations: [], logs: [], submits: 0 };
    await new KubewardValidation().validate({
      manifests: [],
      report: { addViolation: (v) => { out.violations.push(v); }, submit: (s) => { out.status = s; } },
      logger: { log: (m) => { out.logs.push(m); } },
    });
    expect(out.status).toBe('success');
    expect(out.logs[0]).toMatch(/^kubeward: 0 resources in 0 manifests/);
  });

  test('properties default and validate', () => {
    expect(new KubewardValidation()).toMatchObject({ standard: 'kubeward', failOn: 'error', allowedRegistries: ['mcr.microsoft.com', '*.azurecr.io'], now: undefined });
    expect(new KubewardValidation(null as unknown as KubewardValidationProperties).standard).toBe('kubeward');
    expect(new KubewardValidation({ standard: 'pss-restricted', failOn: 'none', allowedRegistries: [' contoso.azurecr.io '], now: '2024-02-29' }))
      .toMatchObject({ standard: 'pss-restricted', failOn: 'none', allowedRegistries: ['contoso.azurecr.io'], now: '2024-02-29' });

    const bad = (p: unknown): (() => KubewardValidation) => () => new KubewardValidation(p as KubewardValidationProperties);
    expect(bad({ failon: 'error' })).toThrow("kubeward validation: unknown property 'failon'; expected standard, failOn, allowedRegistries, now");
    expect(bad({ a: 1, b: 2 })).toThrow("unknown properties 'a', 'b'");
    expect(bad(['standard'])).toThrow("'properties' must be a mapping, got ['standard']");
    expect(bad({ standard: 'cis' })).toThrow("property 'standard' must be one of kubeward, pss-baseline, pss-restricted, got 'cis'");
    expect(bad({ failOn: 'fatal' })).toThrow("property 'failOn' must be one of error, warning, note, none, got 'fatal'");
    expect(bad({ failOn: 1 })).toThrow('got 1');
    expect(bad({ allowedRegistries: 'contoso.azurecr.io' })).toThrow("property 'allowedRegistries' must be a non-empty list of registry names");
    expect(bad({ allowedRegistries: [] })).toThrow("'allowedRegistries' must be a non-empty list");
    expect(bad({ allowedRegistries: ['ok.io', ''] })).toThrow("got ['ok.io', '']");
    expect(bad({ allowedRegistries: [{ a: 1 }] })).toThrow('got [a mapping]');
    expect(bad({ now: '2025-02-30' })).toThrow("property 'now' must be a date written YYYY-MM-DD, got '2025-02-30'");
    expect(bad({ now: 20250101 })).toThrow('got 20250101');
    expect(bad({ now: null })).toThrow('got null');
  });
});

describe('KubewardValidation (the cdk8s CLI report classes)', () => {
  // The CLI's own ValidationContext (a devDependency, loaded only by this test): construct paths
  // come from the construct metadata by resource name, and the report renders the violations.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require('cdk8s-cli/plugins') as { ValidationContext: new (...args: unknown[]) => CliValidationContext };
  // The CLI's logger writes to the console; keep the test output quiet.
  beforeEach(() => { jest.spyOn(console, 'log').mockImplementation(() => undefined); });
  afterEach(() => { jest.restoreAllMocks(); });

  test('violations name the construct and the report fails', async () => {
    const files = manifests({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': PRIVILEGED_ROOT_POD });
    const context = new cli.ValidationContext(files, 'kubeward', '0.0.0', { 'root-pod': { path: 'insecure/pod' } }, false);
    await new KubewardValidation({ now: NOW }).validate(context);
    expect(context.report.success).toBe(false);
    const json = context.report.toJson();
    expect(json.violations.map((v) => [v.ruleName, v.violatingConstructs[0].constructPath])).toEqual([
      ['pss.privileged', 'insecure/pod'],
      ['pss.run-as-user', 'insecure/pod'],
    ]);
    expect(json.summary.metadata).toMatchObject({ Failing: '2' });
    expect(context.report.toString()).toContain('Construct Path: insecure/pod');
  });

  test('a clean set succeeds', async () => {
    const files = manifests({ 'ns.yaml': HARDENED_NAMESPACE, 'pod.yaml': HARDENED_POD });
    const context = new cli.ValidationContext(files, 'kubeward', '0.0.0', {}, false);
    await new KubewardValidation({ now: NOW }).validate(context);
    expect(context.report.success).toBe(true);
  });
});

// These tests spawn the REAL cdk8s CLI (`cdk8s synth`): that is the only way to check that the CLI
// finds the plugin from cdk8s.yaml, passes it the synthesised manifests and fails the synth on
// violations. Everything is offline: the apps are plain JavaScript requiring cdk8s from this
// repository, `--no-check-upgrade` skips the CLI's npm version check, and the plugin is named by
// a local path (absolute, or starting with `./`), which the CLI `require`s instead of installing.
// The plugin module is a shim that registers ts-node (transpile only) and loads the TypeScript
// source, so no build is needed. Each synth takes a few seconds.
describe('cdk8s synth with the kubeward validation plugin (real CLI)', () => {
  const CDK8S_CLI = path.join(REPO, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  const TIMEOUT_MS = 120_000;

  /** Plain JS shim: the CLI `require`s it and reads the `class` key from its exports. */
  const SHIM = `require(${JSON.stringify(path.join(REPO, 'node_modules', 'ts-node'))}).register({
  transpileOnly: true,
  project: ${JSON.stringify(path.join(REPO, 'tsconfig.json'))},
});
module.exports = require(${JSON.stringify(path.join(REPO, 'lib', 'k8s', 'cdk8s-plugin.ts'))});
`;

  const APP_HEADER = `const { App, Chart, ApiObject } = require(${JSON.stringify(path.join(REPO, 'node_modules', 'cdk8s'))});
const app = new App();
`;

  const INSECURE_APP = `${APP_HEADER}
const chart = new Chart(app, 'insecure');
new ApiObject(chart, 'pod', {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'root-pod' },
  spec: { containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true, runAsUser: 0 } }] },
});
app.synth();
`;

  const CLEAN_APP = `${APP_HEADER}
const ns = 'shop';
const platform = new Chart(app, 'platform');
const labels = {};
for (const mode of ['enforce', 'audit', 'warn']) {
  labels['pod-security.kubernetes.io/' + mode] = 'restricted';
  labels['pod-security.kubernetes.io/' + mode + '-version'] = 'v1.33';
}
new ApiObject(platform, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } });
new ApiObject(platform, 'quota', {
  apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: ns },
  spec: { hard: { 'requests.cpu': '2', 'requests.memory': '2Gi', 'limits.memory': '2Gi', 'pods': '10' } },
});
new ApiObject(platform, 'limits', {
  apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', namespace: ns },
  spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '64Mi' }, default: { memory: '64Mi' }, max: { memory: '1Gi' } }] },
});
new ApiObject(platform, 'deny', {
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: ns },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
});
const workloads = new Chart(app, 'workloads', { namespace: ns });
new ApiObject(workloads, 'pod', {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' },
  spec: {
    serviceAccountName: 'web',
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'app',
      image: 'contoso.azurecr.io/web@sha256:${'a'.repeat(64)}',
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } },
      livenessProbe: { httpGet: { path: '/', port: 8080 } },
      readinessProbe: { httpGet: { path: '/', port: 8080 } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    }],
  },
});
app.synth();
`;

  interface Synth { status: number | null; output: string; appDir: string; home: string }

  /** Writes a cdk8s app (app.js, cdk8s.yaml, the plugin shim) and runs `cdk8s synth` in it. */
  function synth(name: string, appJs: string, packageRef: (appDir: string) => string, properties: string): Synth {
    const appDir = fs.mkdtempSync(path.join(dir, `${name}-`));
    const home = path.join(appDir, '.home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(appDir, 'app.js'), appJs);
    const pkg = packageRef(appDir);
    fs.writeFileSync(path.join(appDir, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node app.js',
      'validations:',
      `  - package: ${JSON.stringify(pkg)}`,
      '    class: KubewardValidation',
      '    version: 0.0.0',
      '    properties:',
      ...properties.split('\n').filter(Boolean).map((l) => `      ${l}`),
      '',
    ].join('\n'));
    const result = spawnSync(process.execPath, [
      CDK8S_CLI, 'synth', '--no-check-upgrade',
      '--plugins-dir', path.join(appDir, '.plugins'),
      '--validation-reports-output-file', path.join(appDir, 'reports.json'),
    ], {
      cwd: appDir,
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
      // A private HOME: the CLI must not read or write anything of the user's (~/.cdk8s).
      env: { ...process.env, HOME: home, USERPROFILE: home, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    if (result.error) throw result.error;
    return { status: result.status, output: `${result.stdout}${result.stderr}`, appDir, home };
  }

  test('an insecure app fails `cdk8s synth` with the kubeward violations', () => {
    // The plugin named by an absolute path to the shim.
    const r = synth('insecure', INSECURE_APP, (appDir) => {
      fs.writeFileSync(path.join(appDir, 'plugin.js'), SHIM);
      return path.join(appDir, 'plugin.js');
    }, `now: "${NOW}"`);
    expect(r.output).not.toMatch(/Installing validation plugin/);
    expect(r.status).toBe(2);
    expect(r.output).toContain('pss.privileged');
    expect(r.output).toContain('Pod root-pod: spec.containers[0].securityContext.privileged (line 10)');
    expect(r.output).toContain('Construct Path: insecure/pod');
    expect(r.output).toContain('Validation failed');

    const reports = JSON.parse(fs.readFileSync(path.join(r.appDir, 'reports.json'), 'utf8')) as { reports: ReturnType<CliValidationContext['report']['toJson']>[] };
    const [report] = reports.reports;
    expect(report.summary.status).toBe('failure');
    const privileged = report.violations.find((v) => v.ruleName === 'pss.privileged')!;
    expect(privileged.violatingConstructs[0]).toMatchObject({ constructPath: 'insecure/pod', manifestPath: 'dist/insecure.k8s.yaml' });
    expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['pss.run-as-user', 'pss.run-as-non-root', 'image.mutable-tag']));
    expect(fs.readdirSync(r.home)).toEqual([]);
  }, TIMEOUT_MS);

  test('a hardened app passes `cdk8s synth`', () => {
    // The plugin named the way users name kubeward: a `./node_modules/<package>` directory
    // (the CLI resolves it through package.json `main`).
    const r = synth('clean', CLEAN_APP, (appDir) => {
      const pkgDir = path.join(appDir, 'node_modules', 'kubeward');
      fs.mkdirSync(pkgDir, { recursive: true });
      fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ name: 'kubeward', version: '0.0.0', main: 'plugin.js' }));
      fs.writeFileSync(path.join(pkgDir, 'plugin.js'), SHIM);
      return `.${path.sep}node_modules${path.sep}kubeward`;
    }, `now: "${NOW}"\nfailOn: note\nallowedRegistries: [contoso.azurecr.io]`);
    expect(r.output).not.toMatch(/Installing validation plugin/);
    expect(r.status).toBe(0);
    expect(r.output).toContain('kubeward: 5 resources in 2 manifests (standard kubeward, fail-on note): 0 failing, 0 below fail-on, 0 suppressed');
    expect(r.output).toContain('Validations ended succesfully');
  }, TIMEOUT_MS);
});
