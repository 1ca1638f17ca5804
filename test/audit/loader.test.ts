import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { loadManifests, ManifestSyntaxError } from '../../lib/audit/loader';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: mcr.microsoft.com/app:1
      securityContext:
        privileged: true
`;

describe('loadManifests', () => {
  test('splits a stream into documents, counting empty ones, skipping a leading comment block', () => {
    const docs = loadManifests(`# header comment\n${POD}---\n# only a comment\n---\n---\n${POD}`);
    expect(docs.map((d) => d.index)).toEqual([0, 1, 2, 3]);
    expect(docs.map((d) => d.value === null)).toEqual([false, true, true, false]);
    expect((docs[3].value as any).metadata.name).toBe('web');
  });

  test('a stream that starts with --- has no empty document before it', () => {
    const docs = loadManifests(`---\n${POD}`);
    expect(docs).toHaveLength(1);
    expect(docs[0].line).toBe(2);
  });

  test('finds the line of a field, and of the nearest existing ancestor for a missing one', () => {
    const [doc] = loadManifests(`# c\n${POD}`);
    expect(doc.line).toBe(2);
    expect(doc.lineOf(['spec', 'containers', 0, 'securityContext', 'privileged'])).toBe(11);
    expect(doc.lineOf(['spec', 'containers', 0, 'image'])).toBe(9);
    expect(doc.lineOf(['spec', 'containers', 0])).toBe(8);
    expect(doc.lineOf(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'])).toBe(10);
    expect(doc.lineOf(['spec', 'hostNetwork'])).toBe(6);
    expect(doc.lineOf([])).toBe(2);
  });

  test('lines count from the start of the file in later documents', () => {
    const docs = loadManifests(`${POD}---\n${POD}...\n---\n${POD}`);
    expect(docs.map((d) => d.lineOf(['metadata', 'name']))).toEqual([4, 15, 27]);
  });

  test('content after --- on the marker line belongs to the document', () => {
    const [doc] = loadManifests('--- {apiVersion: v1, kind: ConfigMap}\n');
    expect(doc.value).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
  });

  test('directives before --- belong to the following document', () => {
    const docs = loadManifests(`%YAML 1.2\n---\n${POD}`);
    expect(docs).toHaveLength(1);
    expect((docs[0].value as any).kind).toBe('Pod');
  });

  test('flow style and List items get lines too', () => {
    const [doc] = loadManifests('apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  apiVersion: v1\n  spec: {containers: [{name: d, image: y}]}\n');
    expect(doc.lineOf(['items', 0, 'spec', 'containers', 0, 'image'])).toBe(6);
    expect(doc.lineOf(['items', 0, 'kind'])).toBe(4);
  });

  test('JSON files parse with JSON.parse and still locate fields', () => {
    const [doc] = loadManifests('{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "spec": {\n    "hostPID": true\n  }\n}\n', true);
    expect((doc.value as any).spec.hostPID).toBe(true);
    expect(doc.lineOf(['spec', 'hostPID'])).toBe(5);
  });

  test('a syntax error names its line in the file', () => {
    expect.assertions(2);
    try {
      loadManifests(`${POD}---\nkind: Pod\nspec: [\n`);
    } catch (e) {
      expect(e).toBeInstanceOf(ManifestSyntaxError);
      expect((e as ManifestSyntaxError).line).toBeGreaterThanOrEqual(12);
    }
  });

  test('a billion-laughs alias bomb is refused quickly, not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expect(() => loadManifests(levels.join('\n'))).toThrow(/alias/i);
  });

  test('a cyclic alias is refused', () => {
    expect(() => loadManifests('a: &x\n  b: *x\n')).toThrow(/cyclic/);
  });

  test('a few aliases are fine and their fields have lines', () => {
    const [doc] = loadManifests('kind: Pod\napiVersion: v1\nx: &res {limits: {memory: 1Gi}}\nspec:\n  containers:\n  - name: a\n    resources: *res\n');
    expect((doc.value as any).spec.containers[0].resources.limits.memory).toBe('1Gi');
    expect(doc.lineOf(['spec', 'containers', 0, 'name'])).toBe(6);
  });

  test('both parse paths place a mapping-valued field at its key', () => {
    const text = 'kind: Pod\napiVersion: v1\nspec:\n  containers:\n  - name: a\n    image: x\n';
    const plain = loadManifests(text)[0];
    const aliased = loadManifests(`${text}x: &a {k: v}\ny: *a\n`)[0];
    for (const path of [['spec'], ['spec', 'containers'], ['spec', 'containers', 0], ['spec', 'containers', 0, 'image']]) {
      expect(aliased.lineOf(path)).toBe(plain.lineOf(path));
    }
    expect(plain.lineOf(['spec'])).toBe(3);
  });

  test('dates stay strings and merge keys work, as Kubernetes reads YAML', () => {
    const [doc] = loadManifests('kind: Pod\nmetadata:\n  annotations:\n    until: 2026-12-31\nbase: &b {x: 1}\nspec:\n  <<: *b\n  y: 2\n');
    expect((doc.value as any).metadata.annotations.until).toBe('2026-12-31');
    expect((doc.value as any).spec).toEqual({ x: 1, y: 2 });
    const [plain] = loadManifests('kind: Pod\nmetadata:\n  annotations:\n    until: 2026-12-31\n');
    expect((plain.value as any).metadata.annotations.until).toBe('2026-12-31');
  });

  test('absurd nesting is a syntax error, not a crash', () => {
    expect(() => loadManifests(`${'['.repeat(5000)}${']'.repeat(5000)}`)).toThrow(ManifestSyntaxError);
  });

  test('property: the line of every scalar agrees with the yaml library', () => {
    const key = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/);
    const scalar = fc.oneof(fc.stringMatching(/^[a-z0-9 ]{1,12}$/), fc.integer(), fc.boolean());
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list')),
      map: fc.dictionary(key, tie('tree'), { minKeys: 1, maxKeys: 4 }),
      list: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }),
    }));
    fc.assert(fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), fc.integer({ min: 0, max: 3 }), (value, leading) => {
      const text = '# pad\n'.repeat(leading) + jsyaml.dump(value, { lineWidth: -1 });
      const [doc] = loadManifests(text);
      const counter = new LineCounter();
      const expected = parseDocument(text, { lineCounter: counter });
      const check = (node: Node | null, path: (string | number)[]): void => {
        if (isMap(node)) node.items.forEach((p: any) => check(p.value, [...path, p.key.value]));
        else if (isSeq(node)) node.items.forEach((n: any, i: number) => check(n, [...path, i]));
        else if (node && node.range) expect(doc.lineOf(path)).toBe(counter.linePos(node.range[0]).line);
      };
      check(expected.contents, []);
    }), { numRuns: 150 });
  });
});
