import type { AzureControl } from './types';

/** Controls of the Azure platform (AKS, ACR, Defender, monitoring, policy). (Placeholder: being written.) */
export const AZURE_CONTROLS: readonly AzureControl[] = [];
