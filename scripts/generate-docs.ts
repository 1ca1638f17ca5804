/**
 * Writes docs/controls.md from the control catalogue and the guidance checklist.
 * Run from the repository root: `npx projen docs` (or `npx ts-node --transpile-only scripts/generate-docs.ts`).
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { CATALOGUE } from '../lib/controls/catalogue';
import { CHECKLIST } from '../lib/controls/checklist';
import { renderControlsDoc } from '../lib/controls/docs';

const target = join(__dirname, '..', 'docs', 'controls.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderControlsDoc(CATALOGUE, CHECKLIST));
process.stdout.write(`wrote docs/controls.md: ${CATALOGUE.length} controls, ${CHECKLIST.length} checklist ids\n`);
