// kubeward: the catalogue of controls and the audit engine.
export * from './controls';
export * from './audit';
// The cdk8s CLI validation plugin: `cdk8s.yaml` names the package (`./node_modules/kubeward`)
// and loads the class from its main entry point. It loads no cdk8s code.
export { KubewardValidation } from './k8s/cdk8s-plugin';
