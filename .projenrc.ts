import { JsonFile, javascript, typescript } from 'projen';

/**
 * kubeward: secure building blocks for Kubernetes on Azure.
 * This file is the single source of package.json, tsconfig*.json, the Jest and ESLint config
 * and the task graph. Edit it and run `npx projen`; never hand-edit the generated files.
 */
const project = new typescript.TypeScriptProject({
  name: 'kubeward',
  description: 'Secure building blocks for Kubernetes on Azure (AKS and Arc-enabled clusters): cdk8s constructs, Pulumi components, one catalogue of controls and an audit engine.',
  license: 'MIT',
  copyrightOwner: 'kubeward contributors',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  srcdir: 'lib',
  libdir: 'dist',
  testdir: 'test',
  entrypoint: 'dist/index.js',
  sampleCode: false,
  readme: undefined,

  // No hosted CI, release workflow or bots: CI is .ci/run.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  package: false,

  typescriptVersion: '~5.9.3',
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      module: 'commonjs',
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      resolveJsonModule: true,
      esModuleInterop: true,
      skipLibCheck: true,
    },
  },

  deps: [
    'yaml@^2.9.1',
    'js-yaml@^4.1.0',
    'commander@^14.0.2',
  ],
  peerDeps: [
    'constructs@^10.8.1',
    'cdk8s@^2.70.106',
    'cdk8s-plus-28@^2.5.6',
    '@pulumi/pulumi@^3.270.0',
    '@pulumi/azure-native@^3.28.0',
    '@pulumi/kubernetes@^4.34.2',
  ],
  devDeps: [
    '@types/js-yaml@^4.0.9',
    '@types/sarif@^2.1.7',
    '@microsoft/jest-sarif@1.0.0-beta.0',
    'tslib@^2.8.1', // required by @microsoft/jest-sarif but not declared by it
    'fast-check@^4.3.0',
    'kubernetes-models@^4.5.1', // OpenAPI schema validation (no API server here); 5.x is ESM-only, 4.x loads in Jest
    'cdk8s-cli@^2.207.60', // integration test: the real `cdk8s synth` runs our validation plugin
  ],

  jest: true,
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    junitReporting: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
      // The Pulumi tests load several azure-native modules cold; on a busy 2-core machine that
      // alone can take longer than Jest's 5 s default.
      testTimeout: 60_000,
      // Type-checking happens once, in the `typecheck` task (one tsc pass over lib, test and
      // bench); ts-jest only transpiles each file.
    },
  },
  // ts-jest transpiles each file alone (isolatedModules in the test tsconfig): type-checking is
  // the single `typecheck` tsc pass.
  tsconfigDev: { compilerOptions: { isolatedModules: true } },
  eslint: true,
  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'bench', 'scripts', 'examples', 'projenrc'],
    ignorePatterns: ['*.js', '*.d.ts', 'node_modules/', 'dist/', 'coverage/', 'examples/**/cdk8s.out/'],
  },
});

// One tsc pass over everything that is TypeScript (lib, test, bench, examples).
// (test/tsconfig.json: paths are relative to test/.)
for (const dir of ['lib', 'bench', 'examples', 'scripts']) project.tsconfigDev.addInclude(`../${dir}/**/*.ts`);
project.tsconfigDev.addExclude('../examples/**/cdk8s.out');
// ESLint's project service finds the nearest tsconfig.json: give the folders outside lib/ and
// test/ one each (type-checking still happens once, through test/tsconfig.json).
for (const dir of ['bench', 'scripts', 'examples']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..', isolatedModules: true },
      include: ['**/*.ts', '../lib/**/*.ts'],
    },
  });
}
const typecheck = project.addTask('typecheck', {
  description: 'Type-check lib, tests, benchmarks and examples in one tsc pass',
  exec: `tsc --noEmit -p ${project.tsconfigDev.fileName}`,
});
project.testTask.prependSpawn(typecheck);

project.addBins({ kubeward: 'bin/kubeward.js' });
project.package.addField('exports', {
  '.': { types: './dist/index.d.ts', default: './dist/index.js' },
  './k8s': { types: './dist/k8s/index.d.ts', default: './dist/k8s/index.js' },
  './azure': { types: './dist/azure/index.d.ts', default: './dist/azure/index.js' },
  './package.json': './package.json',
});
project.package.addField('files', ['dist/**/*.js', 'dist/**/*.d.ts', 'bin/', 'docs/', 'README.md', 'LICENSE']);

// The main job of the README: synthesise the examples (their own synth-time validation runs the
// audit) and print the audit of what they produce, then of the bundled plain manifests.
project.addTask('demo', {
  description: 'Build, synthesise the examples and print their audit',
  steps: [
    { spawn: 'compile' },
    { say: 'cdk8s synth of examples/hardened-app (the charts audit themselves; the kubeward validation plugin audits the output)' },
    { exec: 'cdk8s synth --no-check-upgrade', cwd: 'examples/hardened-app' },
    { say: 'Audit of examples/hardened-app/cdk8s.out: expect no failing finding' },
    { exec: 'node bin/kubeward.js audit examples/hardened-app/cdk8s.out' },
    { say: 'Audit of examples/manifests/hardened (hand-written YAML): expect no failing finding' },
    { exec: 'node bin/kubeward.js audit examples/manifests/hardened' },
    { say: 'Audit of examples/manifests/insecure: what the audit finds (report only, does not fail the job)' },
    { exec: 'node bin/kubeward.js audit --fail-on none examples/manifests/insecure' },
    { say: 'Plan of examples/aks-platform in mock mode (no Pulumi CLI, no cloud): the hardened AKS platform' },
    { exec: 'node bin/kubeward.js plan examples/aks-platform' },
  ],
});

project.addTask('docs', {
  description: 'Generate docs/controls.md from the catalogue',
  exec: 'ts-node --transpile-only scripts/generate-docs.ts',
});

project.addTask('bench', {
  description: 'Run the benchmarks (print throughput and ratios against a baseline run in the same process or command)',
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --transpile-only bench/audit/index.ts' },
    { exec: 'ts-node --transpile-only bench/synth/index.ts' },
    { exec: 'ts-node --transpile-only bench/plan/index.ts' },
  ],
});

project.gitignore.exclude('cdk8s.out/', 'coverage/', 'test-reports/', '.bench/', '.helpers/');
project.npmignore?.exclude('test/', 'bench/', 'examples/', '.ci/', 'scripts/');

project.synth();
