#!/usr/bin/env node
'use strict';
let cli;
try {
  cli = require('../dist/cli/main');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /dist[\\/]cli[\\/]main/.test(String(e.message))) {
    process.stderr.write('kubeward: the package is not built (no dist/): run `npx projen compile` first\n');
    process.exit(2);
  }
  throw e;
}
cli.main();
