// kubeward/azure: Pulumi components for a hardened AKS (or Arc-enabled) platform.
// Import Azure resources from their submodules (`@pulumi/azure-native/containerservice`), never the root.
export * from './common';
export * from './roles';
export * from './mock-plan';
export * from './platform-network';
export * from './security-monitoring';
export * from './platform-keys';
export * from './private-registry';
export * from './defender';
export * from './secure-aks-cluster';
export * from './secure-aks-platform';
export * from './policy-evaluator';
export * from './policy-baseline';
