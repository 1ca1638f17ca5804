import type { GuidanceRef } from './types';

/**
 * The sections of the two guidance documents (../shared/guidance) that controls trace to, one
 * constant each, headings as written in the documents. W = securing workloads on Arc/AKS on
 * Azure Local; E = AKS enterprise-scale security, governance and compliance.
 */
const W = '000_f86c59b856e03662.txt' as const;
const E = '004_8cd448f7cd5fe187.txt' as const;

export const GUIDANCE = {
  /** W: Follow a secure container lifecycle as you acquire, catalog, and build your containers. */
  wLifecycle: { document: W, section: 'Follow a secure container lifecycle as you acquire, catalog, and build your containers' },
  /** W: Prepare your container images for hardened Kubernetes environments. */
  wImages: { document: W, section: 'Prepare your container images for hardened Kubernetes environments' },
  /** W: Follow pod security standards. */
  wPodSecurity: { document: W, section: 'Follow pod security standards' },
  /** W: Enforce additional Linux security standards. */
  wLinuxSecurity: { document: W, section: 'Enforce additional Linux security standards' },
  /** W: Use workload identity for accessing Azure resources. */
  wWorkloadIdentity: { document: W, section: 'Use workload identity for accessing Azure resources' },
  /** W: Configure TLS encryption and authentication within/to/from workloads. */
  wTls: { document: W, section: 'Configure TLS encryption and authentication within/to/from workloads' },
  /** W: Configure authorization rules for accessing workloads/services. */
  wAuthorization: { document: W, section: 'Configure authorization rules for accessing workloads/services' },
  /** W: Maintain and monitor workload telemetry and plug it into a security management (SIEM) solution. */
  wTelemetry: { document: W, section: 'Maintain and monitor workload telemetry and plug it into a security management (SIEM) solution' },
  /** E: Build Security. */
  eBuild: { document: E, section: 'Build Security' },
  /** E: Registry Security. */
  eRegistry: { document: E, section: 'Registry Security' },
  /** E: Cluster Security. */
  eCluster: { document: E, section: 'Cluster Security' },
  /** E: Node Security. */
  eNode: { document: E, section: 'Node Security' },
  /** E: Application Security. */
  eApplication: { document: E, section: 'Application Security' },
  /** E: Log all cloud API requests for audit reporting purposes. */
  eActivityLog: { document: E, section: 'Log all cloud API requests for audit reporting purposes' },
  /** E: Enable Azure security monitoring to check for authorized IP ranges. */
  eAuthorizedIps: { document: E, section: 'Enable Azure security monitoring to check for authorized IP ranges' },
  /** E: Enforce an Azure Policy to create AKS clusters only in certain regions. */
  eAllowedLocations: { document: E, section: 'Enforce an Azure Policy to create AKS clusters only in certain regions' },
  /** E: Cost governance. */
  eCost: { document: E, section: 'Cost governance' },
  /** E: Design considerations. */
  eDesignConsiderations: { document: E, section: 'Design considerations' },
  /** E: Design recommendations. */
  eDesignRecommendations: { document: E, section: 'Design recommendations' },
} as const satisfies Record<string, GuidanceRef>;
