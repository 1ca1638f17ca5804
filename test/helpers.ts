import * as jsyaml from 'js-yaml';
import { toWorkload } from '../lib/audit/workload';
import type { CheckContext, Control, KubeObject, Violation, Workload } from '../lib/controls/types';

/** The check context tests use unless they pass their own. */
export const TEST_CONTEXT: CheckContext = { allowedRegistries: ['mcr.microsoft.com', '*.azurecr.io'] };

/** A KubeObject from a parsed object or a YAML string. */
export function kubeObject(input: string | Record<string, any>): KubeObject {
  const raw = (typeof input === 'string' ? jsyaml.load(input) : input) as Record<string, any>;
  const metadata = raw.metadata ?? {};
  return {
    apiVersion: raw.apiVersion,
    kind: raw.kind,
    name: metadata.name ?? '',
    namespace: metadata.namespace,
    raw,
  };
}

/** The workload view of a parsed object or YAML string; throws if the kind has no pod spec. */
export function workload(input: string | Record<string, any>): Workload {
  const w = toWorkload(kubeObject(input));
  if (!w) throw new Error('not a workload kind');
  return w;
}

/** Runs one workload- or object-scoped control's check directly on an object. */
export function violations(control: Control, input: string | Record<string, any>, context: CheckContext = TEST_CONTEXT): readonly Violation[] {
  if (control.scope === 'workload') {
    const w = toWorkload(kubeObject(input));
    return w ? control.check(w, context) : [];
  }
  if (control.scope === 'object') {
    const o = kubeObject(input);
    return control.kinds.includes(o.kind) ? control.check(o, context) : [];
  }
  throw new Error(`control ${control.id} is ${control.scope}-scoped; test it through its own entry point`);
}

/**
 * A Pod manifest (YAML) that passes every workload control: digest-pinned image from an allowed
 * registry, non-root with seccomp, requests and limits, probes, no privilege escalation, read-only
 * root filesystem, all capabilities dropped. `name` is also its service account; with `namespace`
 * it sets `metadata.namespace` (line 5), without it namespace.unverified is its only finding.
 */
export function hardenedPodYaml(name: string, namespace?: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${namespace === undefined ? '' : `  namespace: ${namespace}\n`}spec:
  serviceAccountName: ${name}
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: 65532
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: contoso.azurecr.io/app@sha256:${'a'.repeat(64)}
      resources:
        requests: {cpu: 100m, memory: 64Mi}
        limits: {memory: 64Mi}
      livenessProbe: {httpGet: {path: /, port: 8080}}
      readinessProbe: {httpGet: {path: /, port: 8080}}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: {drop: [ALL]}
`;
}
