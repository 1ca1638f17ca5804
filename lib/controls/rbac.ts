import type { Control } from './types';

/** Controls of the `rbac` domain. (Placeholder: being written.) */
export const RBAC_CONTROLS: readonly Control[] = [];
