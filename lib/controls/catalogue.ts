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
];

const BY_ID: ReadonlyMap<string, Control> = new Map(CATALOGUE.map((c) => [c.id, c]));

/** The control with this id, or undefined. */
export function findControl(id: string): Control | undefined {
  return BY_ID.get(id);
}

/** The controls a standard evaluates (see {@link Standard}). */
export function controlsFor(standard: Standard): readonly Control[] {
  switch (standard) {
    case 'kubeward':
      return CATALOGUE;
    case 'pss-baseline':
      return CATALOGUE.filter((c) => c.pssLevel === 'baseline');
    case 'pss-restricted':
      return CATALOGUE.filter((c) => c.pssLevel === 'baseline' || c.pssLevel === 'restricted');
  }
}
