// kubeward/k8s: cdk8s constructs (HardenedDeployment, SecureNamespace, ...) arrive with issue #4.
// This entry point must never load @pulumi/* (DESIGN.md); a test checks require.cache.
export { CATALOGUE, controlsFor, findControl } from '../controls/catalogue';
