// kubeward/azure: Pulumi components (SecureAksCluster, PrivateRegistry, ...) arrive with issue #5.
export { CATALOGUE, controlsFor, findControl } from '../controls/catalogue';
