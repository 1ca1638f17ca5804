import type { Control } from './types';

/** Controls of the `namespace` domain. (Placeholder: being written.) */
export const NAMESPACE_CONTROLS: readonly Control[] = [];
