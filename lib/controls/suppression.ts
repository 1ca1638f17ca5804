import type { Control } from './types';

/** Controls of the `suppression` domain. (Placeholder: being written.) */
export const SUPPRESSION_CONTROLS: readonly Control[] = [];
