import type { Control } from './types';

/** Controls of the `workload` domain. (Placeholder: being written.) */
export const WORKLOAD_CONTROLS: readonly Control[] = [];
