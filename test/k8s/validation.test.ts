import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as jsyaml from 'js-yaml';
import { HardenedDeployment } from '../../lib/k8s';
import { auditChart, describeFinding, validationErrors } from '../../lib/k8s/validation';

const IMAGE = `contoso.azurecr.io/shop/api@sha256:${'cd'.repeat(32)}`;

function newApp(): { app: App; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-synth-'));
  return { app: new App({ outdir }), outdir };
}

const privilegedPod = (scope: Chart, id: string) => new ApiObject(scope, id, {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: id, namespace: 'shop' },
  spec: { containers: [{ name: 'x', image: IMAGE, securityContext: { privileged: true } }] },
});

describe('synth-time validation', () => {
  test('each object is serialised once per synthesis, however many charts the app has', () => {
    const { app, outdir } = newApp();
    const calls = new Map<string, number>();
    for (let i = 0; i < 4; i++) {
      const chart = new Chart(app, `c${i}`, { namespace: 'shop' });
      new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    }
    // Count the real serialisations (cdk8s-plus's own toJson on the prototype chain).
    for (const chart of app.charts) {
      for (const o of chart.node.findAll().filter(ApiObject.isApiObject)) {
        const proto = Object.getPrototypeOf(o);
        const original = Object.prototype.hasOwnProperty.call(o, 'toJson') ? o.toJson : proto.toJson;
        o.toJson = function counted(this: ApiObject) {
          calls.set(o.node.path, (calls.get(o.node.path) ?? 0) + 1);
          return original.call(this);
        };
      }
    }
    app.synth();
    expect(calls.size).toBeGreaterThan(8);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('the written manifests equal a serialisation made without any validation', () => {
    const build = () => {
      const { app, outdir } = newApp();
      const chart = new Chart(app, 'c', { namespace: 'shop' });
      new HardenedDeployment(chart, 'api', { image: IMAGE, port: 3000, replicas: 3 });
      return { app, outdir, chart };
    };
    const a = build();
    a.app.synth();
    const written = jsyaml.loadAll(fs.readFileSync(path.join(a.outdir, 'c.k8s.yaml'), 'utf8'));
    const b = build();
    const direct = b.chart.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson());
    expect(written).toEqual(expect.arrayContaining(direct));
    expect(written).toHaveLength(direct.length);
    fs.rmSync(a.outdir, { recursive: true, force: true });
    fs.rmSync(b.outdir, { recursive: true, force: true });
  });

  test('an object added between two syntheses in the same tick is still validated', () => {
    const { app, outdir } = newApp();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    expect(() => app.synth()).not.toThrow();
    privilegedPod(chart, 'late');
    expect(() => app.synth()).toThrow(/\[pss\.privileged\] Pod shop\/late/);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('a change made after a synthesis (next tick) is validated and written', async () => {
    const { app, outdir } = newApp();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const api = new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    app.synth();
    await Promise.resolve();
    api.metadata.addLabel('tier', 'backend');
    app.synth();
    expect(fs.readFileSync(path.join(outdir, 'c.k8s.yaml'), 'utf8')).toContain('tier: backend');
    chart.node.validate(); // validation without a synthesis leaves nothing behind
    await Promise.resolve();
    api.metadata.addLabel('tier2', 'x');
    expect(JSON.stringify(Testing.synth(chart))).toContain('tier2');
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('a change between two syntheses in the same tick is validated and written (no stale serialisation)', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'shop' });
    const b = new Chart(app, 'b', { namespace: 'shop' });
    const apiA = new HardenedDeployment(a, 'api', { image: IMAGE, port: 8080 });
    const apiB = new HardenedDeployment(b, 'api', { image: IMAGE, port: 8080 });
    Testing.synth(a); // validates the whole app, b included
    apiB.metadata.addLabel('changed', 'yes');
    expect(JSON.stringify(Testing.synth(b))).toContain('"changed":"yes"');
    ApiObject.of(apiA).addJsonPatch(JsonPatch.add('/spec/template/spec/hostNetwork', true));
    expect(() => Testing.synth(a)).toThrow(/\[pss\.host-namespaces\]/);
  });

  test('findings are described with control id, object, field and fix', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    privilegedPod(chart, 'bad');
    const errors = validationErrors(auditChart(chart, { now: '2026-01-01' }));
    expect(errors).toContain(describeFinding(auditChart(chart, { now: '2026-01-01' }).findings.find((f) => f.ruleId === 'pss.privileged')!));
    expect(errors.find((e) => e.startsWith('[pss.privileged]'))).toMatch(/^\[pss\.privileged\] Pod shop\/bad at spec\.containers\[0\]\.securityContext\.privileged: .+\. Fix: .+/);
  });
});
