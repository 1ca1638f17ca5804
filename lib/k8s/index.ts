// kubeward/k8s: cdk8s constructs whose defaults pass every control of the catalogue.
// This entry point must never load @pulumi/* (DESIGN.md); a test checks require.cache.
export * from './policy';
export * from './justification';
export * from './hardening';
export * from './hardened-workloads';
export * from './validation';
export * from './secure-namespace';
export * from './cdk8s-plugin';
