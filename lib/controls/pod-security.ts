import type { Control } from './types';

/** Controls of the `pod-security` domain. (Placeholder: being written.) */
export const POD_SECURITY_CONTROLS: readonly Control[] = [];
