/**
 * The package's entry points (DESIGN.md): `kubeward` (catalogue and audit API), `kubeward/k8s`
 * and `kubeward/azure`. Importing `kubeward/k8s` must not load `@pulumi/*`.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('entry points', () => {
  test('package.json exports kubeward, kubeward/k8s and kubeward/azure, and the kubeward bin', () => {
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './k8s', './azure']));
    expect(pkg.exports['./k8s'].default).toBe('./dist/k8s/index.js');
    expect(pkg.bin.kubeward).toBe('bin/kubeward.js');
    expect(fs.existsSync(path.join(root, pkg.bin.kubeward))).toBe(true);
    for (const entry of ['.', './k8s', './azure']) {
      const source = pkg.exports[entry].default.replace('./dist/', 'lib/').replace(/\.js$/, '.ts');
      expect(fs.existsSync(path.join(root, source))).toBe(true);
    }
  });

  test('importing kubeward/k8s loads no @pulumi module', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../lib/k8s');
    });
    const loaded = Object.keys(require.cache).filter((m) => m.includes(`${path.sep}@pulumi${path.sep}`));
    expect(loaded).toEqual([]);
  });

  test('the root entry point exposes the catalogue and the audit API', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const api = require('../lib');
    expect(api.CATALOGUE.length).toBeGreaterThan(30);
    expect(typeof api.auditPaths).toBe('function');
    expect(typeof api.Auditor).toBe('function');
    expect(typeof api.renderReport).toBe('function');
  });

  test('every construct and component the catalogue names as built is exported by kubeward/k8s or kubeward/azure', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const k8s = require('../lib/k8s');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { BUILT_COMPONENTS, BUILT_CONSTRUCTS, CATALOGUE } = require('../lib/controls');
    for (const name of BUILT_CONSTRUCTS) expect(typeof k8s[name]).toBe('function');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const azure = require('../lib/azure');
    for (const name of BUILT_COMPONENTS) expect(typeof azure[name]).toBe('function');
    for (const c of CATALOGUE) for (const name of c.satisfiedBy) expect([...BUILT_CONSTRUCTS, ...BUILT_COMPONENTS]).toContain(name);
  });
});
