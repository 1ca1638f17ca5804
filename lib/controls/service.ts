import type { Control } from './types';

/** Controls of the `service` domain. (Placeholder: being written.) */
export const SERVICE_CONTROLS: readonly Control[] = [];
