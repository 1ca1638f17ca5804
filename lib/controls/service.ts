import { GUIDANCE } from './guidance';
import type { Control, ObjectControl, Violation } from './types';
import { isRecord } from '../audit/workload';

/** The Service types that open a port outside the cluster network. */
const EXPOSING_TYPES: ReadonlySet<string> = new Set(['LoadBalancer', 'NodePort']);

/** The annotation that makes an AKS LoadBalancer Service use an internal (VNet-only) load balancer. */
const AZURE_INTERNAL_LB = 'service.beta.kubernetes.io/azure-load-balancer-internal';

/** `service.exposure`: Services do not expose workloads outside the cluster directly. */
export const SERVICE_EXPOSURE: ObjectControl = {
  id: 'service.exposure',
  title: 'Services are not exposed outside the cluster directly (LoadBalancer, NodePort, externalIPs)',
  severity: 'warning',
  scope: 'object',
  kinds: ['Service'],
  guidance: [GUIDANCE.wTls, GUIDANCE.eCluster],
  checklist: ['W-16', 'W-19', 'E-11'],
  references: [
    { source: 'NSA-CISA', id: 'Network separation and hardening' },
    { source: 'OWASP', id: 'Control network access to sensitive ports' },
    { source: 'Kubernetes', id: 'CVE-2020-8554', url: 'https://github.com/kubernetes/kubernetes/issues/97076' },
  ],
  rationale:
    'A LoadBalancer or NodePort Service opens the workload to networks outside the cluster, bypassing the ingress or gateway ' +
    'where TLS, authentication and network segmentation are enforced; `externalIPs` also let whoever can create a Service ' +
    'intercept traffic to those addresses (CVE-2020-8554).',
  remediation:
    'Use `type: ClusterIP` and publish the workload through an ingress controller or gateway that terminates TLS with a ' +
    'certificate from your PKI (cert-manager); remove `spec.externalIPs`.',
  satisfiedBy: [],
  check: (object) => {
    const spec = object.raw.spec;
    if (!isRecord(spec)) return [];
    const found: Violation[] = [];
    const name = JSON.stringify(object.name);
    if (typeof spec.type === 'string' && EXPOSING_TYPES.has(spec.type)) {
      const annotations = isRecord(object.raw.metadata) ? object.raw.metadata.annotations : undefined;
      const internal = spec.type === 'LoadBalancer' && isRecord(annotations) && String(annotations[AZURE_INTERNAL_LB]).toLowerCase() === 'true';
      found.push({
        path: ['spec', 'type'],
        message: spec.type === 'LoadBalancer'
          ? `Service ${name} is of type LoadBalancer and exposes its pods outside the cluster${internal ? ' (on an internal Azure load balancer)' : ''}`
          : `Service ${name} is of type NodePort and exposes its pods on a port of every node`,
      });
    }
    if (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) {
      found.push({
        path: ['spec', 'externalIPs'],
        message: `Service ${name} sets externalIPs (${spec.externalIPs.map((ip: unknown) => String(ip)).join(', ')}), which can intercept traffic to those addresses (CVE-2020-8554)`,
      });
    }
    return found;
  },
};

/** Controls of the `service` domain: how Services expose workloads. */
export const SERVICE_CONTROLS: readonly Control[] = [SERVICE_EXPOSURE];
