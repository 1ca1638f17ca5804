import { AZURE_CONTROLS } from './azure';
import { IMAGE_CONTROLS } from './image';
import { NAMESPACE_CONTROLS } from './namespace';
import { POD_SECURITY_CONTROLS } from './pod-security';
import { RBAC_CONTROLS } from './rbac';
import { SERVICE_CONTROLS } from './service';
import { SUPPRESSION_CONTROLS } from './suppression';
import type { Control, Standard } from './types';
import { WORKLOAD_CONTROLS } from './workload';

/** Every control of kubeward, each once, in the order the docs list them. */
export const CATALOGUE: readonly Control[] = [
  ...POD_SECURITY_CONTROLS,
  ...WORKLOAD_CONTROLS,
  ...IMAGE_CONTROLS,
  ...SERVICE_CONTROLS,
  ...RBAC_CONTROLS,
  ...NAMESPACE_CONTROLS,
  ...SUPPRESSION_CONTROLS,
  ...AZURE_CONTROLS,
];

const BY_ID: ReadonlyMap<string, Control> = new Map(CATALOGUE.map((c) => [c.id, c]));

/** The control with this id, or undefined. */
export function findControl(id: string): Control | undefined {
  return BY_ID.get(id);
}

/**
 * The controls a standard evaluates (see {@link Standard}). A control another evaluated control
 * overrides (its stricter counterpart) is left out.
 */
export function controlsFor(standard: Standard): readonly Control[] {
  const selected = CATALOGUE.filter((c) => {
    switch (standard) {
      case 'kubeward': return true;
      case 'pss-baseline': return c.pssLevel === 'baseline';
      case 'pss-restricted': return c.pssLevel === 'baseline' || c.pssLevel === 'restricted';
    }
  });
  const overridden = new Set(selected.flatMap((c) => c.overrides ?? []));
  return selected.filter((c) => !overridden.has(c.id));
}
