// kubeward/azure: Pulumi components for a hardened AKS (or Arc-enabled) platform.
// Import Azure resources from their submodules (`@pulumi/azure-native/containerservice`), never the root.
export * from './common';
export * from './mock-plan';
