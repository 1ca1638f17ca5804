import { readFileSync } from 'fs';
import { join } from 'path';
import { CATALOGUE } from '../../lib/controls/catalogue';
import { CHECKLIST, type ChecklistEntry } from '../../lib/controls/checklist';
import { renderControlsDoc } from '../../lib/controls/docs';
import type { Control } from '../../lib/controls/types';

const rendered = renderControlsDoc(CATALOGUE, CHECKLIST);

describe('docs/controls.md', () => {
  test('is up to date with the catalogue (run `npx projen docs` when this fails)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'controls.md'), 'utf8');
    expect(committed).toEqual(rendered);
  });

  test('names every control and every checklist id', () => {
    for (const c of CATALOGUE) expect(rendered).toContain(`| \`${c.id}\` |`);
    for (const e of CHECKLIST) expect(rendered).toContain(`| ${e.id} |`);
  });

  test('says it is generated and how to regenerate it', () => {
    expect(rendered.split('\n')[0]).toMatch(/Generated .*Do not edit.*npx projen docs/);
  });

  test('does not carry the date it was generated and renders the same text twice', () => {
    expect(rendered).not.toContain(new Date().toISOString().slice(0, 10));
    expect(renderControlsDoc(CATALOGUE, CHECKLIST)).toBe(rendered);
  });
});

describe('renderControlsDoc', () => {
  const controls: Control[] = [
    {
      id: 'demo.first',
      scope: 'meta',
      title: 'A | piped title',
      severity: 'error',
      pssLevel: 'baseline',
      guidance: [{ document: '000_f86c59b856e03662.txt', section: 'Follow pod security standards' }],
      checklist: ['W-07'],
      references: [{ source: 'CIS', id: '5.2.2', url: 'https://example.com/cis' }, { source: 'NSA-CISA', id: 'Pod security' }],
      rationale: 'Why.',
      remediation: 'Fix it.',
      satisfiedBy: ['HardenedDeployment'],
    },
    {
      id: 'other.second',
      scope: 'meta',
      title: 'Second',
      severity: 'warning',
      guidance: [{ document: '004_8cd448f7cd5fe187.txt', section: 'Cluster Security' }],
      checklist: [],
      references: [],
      rationale: 'Because.',
      remediation: 'Do.',
      satisfiedBy: [],
    },
  ];
  const checklist: ChecklistEntry[] = [
    {
      id: 'W-07',
      recommendation: 'PSS restricted',
      implementedBy: { controls: ['demo.first'], constructs: [], components: [] },
      planned: { constructs: ['SecureNamespace'], components: ['PolicyBaseline'] },
    },
    {
      id: 'W-02',
      recommendation: 'SBOM',
      implementedBy: { controls: [], constructs: [], components: [] },
      planned: { constructs: [], components: [] },
      process: 'Pipeline work.',
      note: 'Digests help.',
    },
  ];
  const text = renderControlsDoc(controls, checklist);

  test('renders a table row per control with escaped cells, guidance letters and linked references', () => {
    expect(text).toContain(
      '| `demo.first` | error | baseline | A \\| piped title | W: Follow pod security standards | [CIS 5.2.2](https://example.com/cis)<br>NSA-CISA: Pod security | HardenedDeployment |',
    );
    expect(text).toContain('| `other.second` | warning |  | Second | E: Cluster Security |  |  |');
  });

  test('groups controls by domain in catalogue order', () => {
    expect(text.indexOf('### `demo`')).toBeGreaterThan(0);
    expect(text.indexOf('### `other`')).toBeGreaterThan(text.indexOf('### `demo`'));
    expect(text).toContain('2 controls: 1 error, 1 warning, 0 notes');
  });

  test('renders the checklist matrix with planned items marked and process notes', () => {
    expect(text).toContain('| W-07 | PSS restricted | `demo.first` | SecureNamespace *(planned, #4)*, PolicyBaseline *(planned, #5)* |  |');
    expect(text).toContain('| W-02 | SBOM |  |  | **Process:** Pipeline work.<br>**Note:** Digests help. |');
  });
});
