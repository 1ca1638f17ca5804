import type { Control } from './types';

/** Controls of the `image` domain. (Placeholder: being written.) */
export const IMAGE_CONTROLS: readonly Control[] = [];
