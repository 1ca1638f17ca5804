import { readFileSync } from 'fs';
import { join } from 'path';
import { CATALOGUE } from '../../lib/controls/catalogue';
import { buildChecklist, CHECKLIST, CHECKLIST_ITEMS, type ChecklistEntry } from '../../lib/controls/checklist';
import type { Control } from '../../lib/controls/types';

/** The ids of the guidance checklist, copied from CHECKLIST.md (tests must not read ../shared). */
const IDS: readonly string[] = readFileSync(join(__dirname, '..', 'fixtures', 'checklist-ids.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '');

const CONTROL_IDS = new Set(CATALOGUE.map((c) => c.id));

function entry(id: string): ChecklistEntry {
  const found = CHECKLIST.find((e) => e.id === id);
  if (!found) throw new Error(`no checklist entry ${id}`);
  return found;
}

describe('checklist fixture', () => {
  test('holds W-01 … W-27 and E-01 … E-36', () => {
    const expected = [
      ...Array.from({ length: 27 }, (_, i) => `W-${String(i + 1).padStart(2, '0')}`),
      ...Array.from({ length: 36 }, (_, i) => `E-${String(i + 1).padStart(2, '0')}`),
    ];
    expect(IDS).toEqual(expected);
  });
});

describe('CHECKLIST', () => {
  test('maps every checklist id exactly once, in checklist order, and no other id', () => {
    expect(CHECKLIST.map((e) => e.id)).toEqual(IDS);
    expect(CHECKLIST_ITEMS.map((e) => e.id)).toEqual(IDS);
  });

  test('every entry has a recommendation and at least one control, planned construct or component, or process text', () => {
    for (const e of CHECKLIST) {
      expect(e.recommendation.trim()).not.toBe('');
      const code = e.implementedBy.controls.length + e.implementedBy.constructs.length + e.implementedBy.components.length;
      const planned = e.planned.constructs.length + e.planned.components.length;
      const process = (e.process ?? '').trim();
      if (code + planned === 0 && process === '') throw new Error(`${e.id} has no control, construct, component or process text`);
    }
  });

  test('process and note texts are full sentences when present', () => {
    for (const e of CHECKLIST) {
      for (const text of [e.process, e.note]) {
        if (text === undefined) continue;
        expect(text.length).toBeGreaterThan(40);
        expect(text).toMatch(/^([A-Z`]|kubeward )/);
      }
    }
  });

  test('every control id it references exists in the catalogue', () => {
    for (const e of CHECKLIST) {
      for (const id of e.implementedBy.controls) expect(CONTROL_IDS).toContain(id);
      // control ids named in the hand-written texts, e.g. `image.digest`
      const texts = `${e.process ?? ''} ${e.note ?? ''}`;
      for (const [, id] of texts.matchAll(/`([a-z]+\.[a-z][a-z-]*)`/g)) {
        if (!CONTROL_IDS.has(id)) throw new Error(`${e.id} names unknown control ${id}`);
      }
    }
  });

  test('every checklist id a control names is a valid id', () => {
    const valid = new Set(IDS);
    for (const c of CATALOGUE) {
      for (const id of c.checklist) {
        if (!valid.has(id)) throw new Error(`${c.id} names unknown checklist id ${id}`);
      }
    }
  });

  test('controls and checklist agree in both directions', () => {
    for (const c of CATALOGUE) {
      for (const id of c.checklist) expect(entry(id).implementedBy.controls).toContain(c.id);
    }
    for (const e of CHECKLIST) {
      for (const id of e.implementedBy.controls) {
        const control = CATALOGUE.find((c) => c.id === id);
        expect(control?.checklist).toContain(e.id);
      }
    }
  });

  test('the namespace controls implement the recommendations they claim', () => {
    expect(entry('W-07').implementedBy.controls).toContain('namespace.pod-security-labels');
    expect(entry('E-13').implementedBy.controls).toContain('namespace.pod-security-labels');
    expect(entry('W-11').implementedBy.controls).toEqual(expect.arrayContaining(['namespace.resource-quota', 'namespace.limit-range']));
    for (const id of ['W-24', 'E-11', 'E-23']) expect(entry(id).implementedBy.controls).toContain('namespace.default-deny');
  });

  test('what is built implements; what is not is still planned', () => {
    // W-07 (Pod Security Standards): the hardened workloads satisfy its controls, SecureNamespace was planned for it.
    expect(entry('W-07').implementedBy.constructs).toEqual(expect.arrayContaining(['HardenedDeployment', 'SecureNamespace']));
    expect(entry('W-07').planned.constructs).not.toContain('SecureNamespace');
    expect(entry('W-17').planned.constructs).toEqual(['IstioMtlsMesh']);
    expect(entry('E-27').implementedBy.components).toContain('PolicyBaseline');
    expect(entry('E-27').planned.components).toEqual([]);
    expect(entry('E-29').implementedBy.components).toContain('SecureAksCluster');
    for (const e of CHECKLIST) {
      for (const c of e.implementedBy.constructs) expect(e.planned.constructs).not.toContain(c);
      for (const c of e.implementedBy.components) expect(e.planned.components).not.toContain(c);
    }
  });
});

describe('buildChecklist', () => {
  const control = (id: string, checklist: string[]): Control => ({
    id, scope: 'meta', title: id, severity: 'note', guidance: [], checklist, references: [], rationale: '', remediation: '', satisfiedBy: [],
  });

  test('computes each entry\'s controls from the catalogue, in catalogue order', () => {
    const built = buildChecklist([control('b.two', ['W-02', 'W-01']), control('a.one', ['W-01'])], [
      { id: 'W-01', recommendation: 'one' },
      { id: 'W-02', recommendation: 'two', process: 'Process.', planned: { constructs: ['IstioMtlsMesh'], components: ['PolicyBaseline'] } },
      { id: 'W-03', recommendation: 'three' },
    ]);
    expect(built.map((e) => [e.id, e.implementedBy.controls])).toEqual([['W-01', ['b.two', 'a.one']], ['W-02', ['b.two']], ['W-03', []]]);
    // A planned piece that exists now moves to implementedBy; one that does not stays planned.
    expect(built[1]).toMatchObject({ process: 'Process.', planned: { constructs: ['IstioMtlsMesh'], components: [] }, implementedBy: { components: ['PolicyBaseline'] } });
    expect(built[0]).not.toHaveProperty('process');
    expect(built[0]).not.toHaveProperty('note');
  });
});
