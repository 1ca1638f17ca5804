/**
 * The kubeward constructs and components that exist today, by name, for the catalogue's
 * `satisfiedBy` fields and the checklist matrix. The catalogue cannot import them (that would
 * load cdk8s or Pulumi with the audit engine); a test checks each name is exported by its entry
 * point.
 */

/** The hardened workload constructs of `kubeward/k8s`: they satisfy the workload, PSS and image controls by default. */
export const HARDENED_WORKLOADS = ['HardenedDeployment', 'HardenedStatefulSet', 'HardenedDaemonSet', 'HardenedJob', 'HardenedCronJob'] as const;

/** The namespace construct of `kubeward/k8s`: it satisfies the namespace controls by default. */
export const SECURE_NAMESPACE = ['SecureNamespace'] as const;

/** Every construct of `kubeward/k8s` that exists today. */
export const BUILT_CONSTRUCTS: readonly string[] = [...HARDENED_WORKLOADS, ...SECURE_NAMESPACE];

/** Every component of `kubeward/azure` that exists today. */
export const BUILT_COMPONENTS: readonly string[] = [
  'PlatformNetwork', 'SecurityMonitoring', 'PrivateRegistry', 'DefenderForContainers', 'SecureAksCluster', 'SecureAksPlatform', 'PolicyBaseline', 'PlatformKeys',
];
