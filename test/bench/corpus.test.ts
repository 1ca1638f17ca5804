import * as jsyaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { CORPUS_KINDS, corpusFile, corpusFileName, DEFAULT_SEED, fileSeed, Random } from '../../bench/audit/corpus';
import { Auditor } from '../../lib/audit/engine';
import { isRecord, toWorkload } from '../../lib/audit/workload';

/** The documents of a few corpus files, parsed. */
function parsedDocuments(files: number, seed = DEFAULT_SEED): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  for (let i = 0; i < files; i++) out.push(...(jsyaml.loadAll(corpusFile(i, { seed })) as Record<string, any>[]));
  return out;
}

describe('Random', () => {
  test('the same seed gives the same sequence, another seed another one', () => {
    const draw = (seed: number): number[] => {
      const rng = new Random(seed);
      return Array.from({ length: 20 }, () => rng.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  test('draws stay in range', () => {
    const rng = new Random(1);
    for (let i = 0; i < 500; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = rng.int(3, 5);
      expect(n === 3 || n === 4 || n === 5).toBe(true);
    }
    expect(rng.hex(64)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('file seeds differ per file and per corpus seed', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => fileSeed(DEFAULT_SEED, i)));
    expect(seeds.size).toBe(1000);
    expect(fileSeed(1, 0)).not.toBe(fileSeed(2, 0));
  });
});

describe('corpusFile', () => {
  test('is deterministic given the seed and file index, and never uses Math.random', () => {
    const spy = jest.spyOn(Math, 'random');
    const a = corpusFile(3, { seed: 42 });
    expect(corpusFile(3, { seed: 42 })).toBe(a);
    expect(corpusFile(3, { seed: 43 })).not.toBe(a);
    expect(corpusFile(4, { seed: 42 })).not.toBe(a);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  test('writes the requested number of documents, each starting with ---', () => {
    const text = corpusFile(0, { documents: 7 });
    expect(text.match(/^---$/gm)).toHaveLength(7);
    expect(text.endsWith('\n')).toBe(true);
    expect(corpusFile(0)).toMatch(/^---\n/);
    expect(corpusFile(0).match(/^---$/gm)).toHaveLength(100);
  });

  test('file names sort in file order', () => {
    const names = [corpusFileName(10), corpusFileName(2), corpusFileName(999)];
    expect([...names].sort()).toEqual([corpusFileName(2), corpusFileName(10), corpusFileName(999)]);
    expect(corpusFileName(2)).toMatch(/\.yaml$/);
  });

  test('every document parses with js-yaml and yaml, and is a Kubernetes workload', () => {
    for (let i = 0; i < 3; i++) {
      const text = corpusFile(i);
      const docs = parseAllDocuments(text);
      const list = Array.isArray(docs) ? docs : [docs];
      expect(list).toHaveLength(100);
      for (const doc of list) expect(doc.errors).toEqual([]);
      const values = jsyaml.loadAll(text) as unknown[];
      expect(values).toEqual(list.map((d) => d.toJS()));
      for (const value of values) {
        expect(isRecord(value)).toBe(true);
        const o = value as Record<string, any>;
        expect(typeof o.apiVersion).toBe('string');
        expect(CORPUS_KINDS).toContain(o.kind);
        expect(typeof o.metadata.name).toBe('string');
        expect(typeof o.metadata.namespace).toBe('string');
        const w = toWorkload({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, raw: o });
        expect(w).toBeDefined();
        expect(w!.containers.length).toBeGreaterThan(0);
        for (const c of w!.containers) expect(typeof c.spec.image).toBe('string');
      }
    }
  });

  test('mixes every kind, none dominating, at realistic sizes', () => {
    const docs = parsedDocuments(5);
    const byKind = new Map<string, number>();
    for (const d of docs) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
    for (const kind of CORPUS_KINDS) expect(byKind.get(kind) ?? 0).toBeGreaterThan(10);
    for (const n of byKind.values()) expect(n / docs.length).toBeLessThan(0.5);

    const lines = corpusFile(0).split(/^---\n/m).slice(1).map((d) => d.split('\n').length - 1);
    const mean = lines.reduce((a, b) => a + b, 0) / lines.length;
    expect(mean).toBeGreaterThan(30);
    expect(mean).toBeLessThan(70);
    expect(Math.min(...lines)).toBeGreaterThan(10);
  });

  test('has the features of real manifests', () => {
    const docs = parsedDocuments(5);
    const specs = docs.map((d) => toWorkload({ apiVersion: d.apiVersion, kind: d.kind, name: d.metadata.name, raw: d })!);
    const some = (predicate: (w: (typeof specs)[number]) => boolean): number => specs.filter(predicate).length;
    expect(some((w) => w.containers.filter((c) => c.list === 'containers').length > 1)).toBeGreaterThan(10);
    expect(some((w) => w.containers.some((c) => c.list === 'initContainers' && !c.sidecar))).toBeGreaterThan(10);
    expect(some((w) => w.containers.some((c) => c.sidecar))).toBeGreaterThan(5);
    expect(some((w) => w.containers.some((c) => JSON.stringify(c.spec.env ?? []).includes('secretKeyRef')))).toBeGreaterThan(50);
    expect(some((w) => w.containers.some((c) => isRecord(c.spec.livenessProbe) && isRecord(c.spec.readinessProbe)))).toBeGreaterThan(50);
    expect(some((w) => Array.isArray(w.podSpec.volumes) && w.podSpec.volumes.length > 0)).toBeGreaterThan(50);
    expect(some((w) => Object.keys(w.raw.metadata.annotations ?? {}).some((k) => k.startsWith('suppress.kubeward.io/')))).toBeGreaterThan(5);
  });

  test('holds hardened documents that pass every object-level control and documents with typical violations', () => {
    const auditor = new Auditor({ now: '2026-01-01' });
    auditor.addText(corpusFileName(0), corpusFile(0));
    const report = auditor.finish();
    expect(report.errors).toEqual([]);
    expect(report.summary.resources).toBe(100);
    const failing = new Set(report.findings.filter((f) => !f.ruleId.startsWith('namespace.')).map((f) => f.documentIndex));
    const clean = 100 - failing.size;
    expect(clean).toBeGreaterThanOrEqual(15);
    expect(failing.size).toBeGreaterThanOrEqual(50);
    const rules = new Set(report.findings.map((f) => f.ruleId));
    for (const rule of ['pss.privilege-escalation', 'workload.memory-limit', 'image.mutable-tag', 'workload.probes', 'workload.secret-env']) {
      expect(rules).toContain(rule);
    }
  });

  test('the hardened share can be set', () => {
    const audit = (hardenedShare: number): number => {
      const auditor = new Auditor({ now: '2026-01-01' });
      auditor.addText('f.yaml', corpusFile(1, { documents: 40, hardenedShare }));
      return auditor.finish().findings.filter((f) => !f.ruleId.startsWith('namespace.') && !f.ruleId.startsWith('suppression.')).length;
    };
    expect(audit(1)).toBe(0);
    expect(audit(0)).toBeGreaterThan(100);
  });
});
