import { GUIDANCE } from './guidance';
import { HARDENED_WORKLOADS } from './implementations';
import type { ContainerRef, Control, FieldPath, Reference, Violation, Workload, WorkloadControl } from './types';
import { containerListViolations, isRecord } from '../audit/workload';

const NSA_RESOURCES: Reference = { source: 'NSA-CISA', id: 'Network separation and hardening: Resource policies' };
const OWASP_RESOURCES: Reference = { source: 'OWASP', id: 'Limiting resource usage on a cluster' };
const OWASP_PRIVILEGES: Reference = { source: 'OWASP', id: 'Assess the privileges used by containers' };
const NSA_TOKENS: Reference = { source: 'NSA-CISA', id: 'Pod security: Protecting Pod service account tokens' };

/** `"name"` for messages. */
function quoted(container: ContainerRef): string {
  return JSON.stringify(container.name);
}

/** Containers that can set resources: every one but ephemeral containers (the API forbids it there). */
function resourceContainers(workload: Workload): ContainerRef[] {
  return workload.containers.filter((c) => c.list !== 'ephemeralContainers');
}

/** A kind of container for messages: `init container "x"`, `sidecar container "x"`, `container "x"`. */
function describe(container: ContainerRef): string {
  if (container.sidecar) return `sidecar container ${quoted(container)}`;
  if (container.list === 'initContainers') return `init container ${quoted(container)}`;
  if (container.list === 'ephemeralContainers') return `ephemeral container ${quoted(container)}`;
  return `container ${quoted(container)}`;
}

/** True for a resource quantity that is set: a non-empty string or a number. */
function isSetQuantity(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/** `resources.<section>.<resource>` of a container, when `resources.<section>` is an object. */
function resourceValue(container: ContainerRef, section: 'limits' | 'requests', resource: 'cpu' | 'memory'): unknown {
  const resources = container.spec.resources;
  if (!isRecord(resources)) return undefined;
  const values = resources[section];
  return isRecord(values) ? values[resource] : undefined;
}

/** A check that every container (but ephemeral ones) sets `resources.<section>.<resource>`. */
function requireResource(section: 'limits' | 'requests', resource: 'cpu' | 'memory', label: string): WorkloadControl['check'] {
  return (workload) => {
    const found: Violation[] = [];
    for (const container of resourceContainers(workload)) {
      if (!isSetQuantity(resourceValue(container, section, resource))) {
        found.push({ path: [...container.path, 'resources', section, resource], message: `${describe(container)} sets no ${label}` });
      }
    }
    return found;
  };
}

/** `workload.memory-limit`: every container sets a memory limit. */
export const WORKLOAD_MEMORY_LIMIT: WorkloadControl = {
  id: 'workload.memory-limit',
  title: 'Every container sets a memory limit',
  severity: 'error',
  scope: 'workload',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-10'],
  references: [NSA_RESOURCES, OWASP_RESOURCES],
  rationale:
    'Without a memory limit a compromised or leaking container can take all of a node\'s memory and starve or evict every other ' +
    'pod on it: a denial of service that a limit confines to the container itself.',
  remediation: 'Set `resources.limits.memory` on every container, init and sidecar containers included (for example `512Mi`).',
  satisfiedBy: HARDENED_WORKLOADS,
  check: requireResource('limits', 'memory', 'memory limit'),
};

/** `workload.cpu-request`: every container sets a CPU request. */
export const WORKLOAD_CPU_REQUEST: WorkloadControl = {
  id: 'workload.cpu-request',
  title: 'Every container sets a CPU request',
  severity: 'warning',
  scope: 'workload',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-10'],
  references: [NSA_RESOURCES, OWASP_RESOURCES],
  rationale:
    'A CPU request reserves the container\'s share of CPU and weights it under contention, so a busy neighbour cannot starve it; ' +
    'without one the scheduler places pods blind and the container gets only leftover CPU.',
  remediation: 'Set `resources.requests.cpu` on every container, init and sidecar containers included (for example `250m`).',
  satisfiedBy: HARDENED_WORKLOADS,
  check: requireResource('requests', 'cpu', 'CPU request'),
};

/** `workload.no-cpu-limit`: no container sets a CPU limit. */
export const WORKLOAD_NO_CPU_LIMIT: WorkloadControl = {
  id: 'workload.no-cpu-limit',
  title: 'No container sets a CPU limit',
  severity: 'warning',
  scope: 'workload',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-10'],
  references: [NSA_RESOURCES, OWASP_RESOURCES],
  rationale:
    'The guidance sets memory limits and CPU requests but not CPU limits: a CPU limit throttles the container even when the ' +
    'node has idle CPU, causing latency and failed probes, while CPU requests already protect neighbours under contention.',
  remediation: 'Remove `resources.limits.cpu` and set `resources.requests.cpu` instead.',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload) => {
    const found: Violation[] = [];
    for (const container of resourceContainers(workload)) {
      const limit = resourceValue(container, 'limits', 'cpu');
      if (limit !== undefined && limit !== null) {
        found.push({
          path: [...container.path, 'resources', 'limits', 'cpu'],
          message: `${describe(container)} sets a CPU limit of ${JSON.stringify(limit)}, which throttles it`,
        });
      }
    }
    return found;
  },
};

/** `workload.read-only-root-filesystem`: every container mounts its root filesystem read-only. */
export const WORKLOAD_READ_ONLY_ROOT_FILESYSTEM: WorkloadControl = {
  id: 'workload.read-only-root-filesystem',
  title: 'Every container runs with a read-only root filesystem',
  severity: 'error',
  scope: 'workload',
  guidance: [GUIDANCE.eApplication],
  checklist: ['E-22'],
  references: [
    { source: 'NSA-CISA', id: 'Pod security: Immutable container file systems' },
    { source: 'CIS', id: '5.7.3' },
    { source: 'OWASP', id: 'Apply Security Context to Your Pods and Containers' },
    { source: 'NIST-800-190', id: '4.4.4 App vulnerabilities' },
  ],
  rationale:
    'A writable root filesystem lets an attacker who gains code execution drop tools, modify binaries or persist in the ' +
    'container; a read-only one keeps the container as immutable as its image.',
  remediation:
    'Set `securityContext.readOnlyRootFilesystem: true` on every container, and mount an `emptyDir` volume at each path the ' +
    'application must write to (for example `/tmp`).',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload) => {
    if (workload.windows) return []; // the field is Linux-only
    const found: Violation[] = [];
    for (const container of workload.containers) {
      const sc = container.spec.securityContext;
      const value = isRecord(sc) ? sc.readOnlyRootFilesystem : undefined;
      if (value !== true) {
        found.push({
          path: [...container.path, 'securityContext', 'readOnlyRootFilesystem'],
          message: value === undefined
            ? `${describe(container)} does not set readOnlyRootFilesystem, so its root filesystem is writable`
            : `${describe(container)} sets readOnlyRootFilesystem to ${JSON.stringify(value)}, so its root filesystem is writable`,
        });
      }
    }
    return found;
  },
};

/** `workload.privileged-port`: containers listen on unprivileged ports (1024 and up). */
export const WORKLOAD_PRIVILEGED_PORT: WorkloadControl = {
  id: 'workload.privileged-port',
  title: 'Containers listen on unprivileged ports (1024 or more)',
  severity: 'warning',
  scope: 'workload',
  guidance: [GUIDANCE.wImages, GUIDANCE.eDesignRecommendations],
  checklist: ['W-04', 'E-33'],
  references: [
    { source: 'NSA-CISA', id: 'Pod security: "Non-root" containers and "rootless" container engines' },
    { source: 'OWASP', id: 'Assess the privileges used by containers' },
  ],
  rationale:
    'Binding a port below 1024 needs the NET_BIND_SERVICE capability (or root): a non-root container that listens on 1024 or ' +
    'more needs no capability at all, and the Service in front of it can still expose port 80 or 443.',
  remediation:
    'Make the application listen on a port of 1024 or more (for example 8080) and map the public port in the Service ' +
    '(`port: 80`, `targetPort: 8080`).',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload) => containerListViolations(workload, 'ports', 'containerPort', (port, container) => {
    const number = port.containerPort;
    return typeof number === 'number' && number > 0 && number < 1024
      ? `${describe(container)} listens on privileged port ${number}, which needs NET_BIND_SERVICE`
      : undefined;
  }),
};

/** The service account a pod runs as, and the field that names it (or should). */
function serviceAccount(workload: Workload): { name: string; path: FieldPath } {
  const spec = workload.podSpec;
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    return { name: spec.serviceAccountName, path: [...workload.podSpecPath, 'serviceAccountName'] };
  }
  // The deprecated alias is used when serviceAccountName is empty.
  if (typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '') {
    return { name: spec.serviceAccount, path: [...workload.podSpecPath, 'serviceAccount'] };
  }
  return { name: '', path: [...workload.podSpecPath, 'serviceAccountName'] };
}

/** `workload.service-account`: the pod runs as a dedicated service account, not `default`. */
export const WORKLOAD_SERVICE_ACCOUNT: WorkloadControl = {
  id: 'workload.service-account',
  title: 'Pods run as a dedicated service account, not the namespace\'s default one',
  severity: 'warning',
  scope: 'workload',
  guidance: [GUIDANCE.wTls, GUIDANCE.eDesignRecommendations],
  checklist: ['W-21'],
  references: [
    { source: 'CIS', id: '5.1.5' },
    OWASP_PRIVILEGES,
    NSA_TOKENS,
  ],
  rationale:
    'Every pod that names no service account shares the namespace\'s `default` one, so any permission or Azure workload ' +
    'identity granted to it is granted to all of them; a dedicated service account per workload keeps identities and RBAC least-privilege.',
  remediation: 'Create a ServiceAccount for the workload and set `serviceAccountName` to it in the pod spec.',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload) => {
    const { name, path } = serviceAccount(workload);
    if (name === '') return [{ path, message: 'the pod names no service account, so it runs as the namespace\'s default one' }];
    if (name === 'default') return [{ path, message: 'the pod runs as the namespace\'s default service account' }];
    return [];
  },
};

/** `workload.service-account-token`: the pod does not mount a service account token automatically. */
export const WORKLOAD_SERVICE_ACCOUNT_TOKEN: WorkloadControl = {
  id: 'workload.service-account-token',
  title: 'Pods do not mount a service account token automatically',
  severity: 'warning',
  scope: 'workload',
  guidance: [GUIDANCE.wTls, GUIDANCE.eDesignRecommendations],
  checklist: ['W-21', 'E-33'],
  references: [NSA_TOKENS, { source: 'CIS', id: '5.1.6' }, OWASP_PRIVILEGES],
  rationale:
    'An automatically mounted token lets anyone who compromises the container call the Kubernetes API with the service ' +
    'account\'s permissions; most workloads never call the API and need no token at all.',
  remediation:
    'Set `automountServiceAccountToken: false` in the pod spec. A workload that calls the Kubernetes API, or uses Azure workload ' +
    'identity, keeps the token and suppresses this finding with a justification.',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload) => {
    const value = workload.podSpec.automountServiceAccountToken;
    if (value === false) return [];
    return [{
      path: [...workload.podSpecPath, 'automountServiceAccountToken'],
      message: value === undefined
        ? 'the pod does not set automountServiceAccountToken: false, so a service account token is mounted into its containers'
        : `the pod sets automountServiceAccountToken to ${JSON.stringify(value)}, so a service account token is mounted into its containers`,
    }];
  },
};

const BATCH_KINDS: ReadonlySet<string> = new Set(['Job', 'CronJob']);

/** True for batch workloads (Jobs, CronJobs, Pods they own, run-to-completion Pods), which serve no traffic. */
function isBatch(workload: Workload): boolean {
  if (BATCH_KINDS.has(workload.kind)) return true;
  const owners = isRecord(workload.raw.metadata) ? workload.raw.metadata.ownerReferences : undefined;
  if (Array.isArray(owners) && owners.some((o) => isRecord(o) && BATCH_KINDS.has(o.kind))) return true;
  const restart = workload.podSpec.restartPolicy;
  return restart === 'Never' || restart === 'OnFailure';
}

/** `workload.probes`: every serving container has liveness and readiness probes. */
export const WORKLOAD_PROBES: WorkloadControl = {
  id: 'workload.probes',
  title: 'Every long-running container has a liveness and a readiness probe',
  severity: 'note',
  scope: 'workload',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: [],
  references: [{ source: 'Kubernetes', id: 'Configure Liveness, Readiness and Startup Probes', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/' }],
  rationale:
    'A liveness probe lets the kubelet restart a hung or exhausted container, and a readiness probe keeps traffic away from ' +
    'one that cannot serve; without them a container that a fault or an attack has wedged keeps receiving requests.',
  remediation:
    'Add a `livenessProbe` and a `readinessProbe` to every regular and sidecar container (for example `httpGet` on a health ' +
    'endpoint). Jobs and CronJobs are not checked.',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload) => {
    if (isBatch(workload)) return [];
    const found: Violation[] = [];
    for (const container of workload.containers) {
      if (container.list !== 'containers' && !container.sidecar) continue;
      for (const probe of ['livenessProbe', 'readinessProbe'] as const) {
        if (!isRecord(container.spec[probe])) {
          found.push({ path: [...container.path, probe], message: `${describe(container)} has no ${probe}` });
        }
      }
    }
    return found;
  },
};

/** Words that make an environment variable name secret-like on their own. */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  'PASSWORD', 'PASSWORDS', 'PASSWD', 'PWD', 'PASSPHRASE',
  'TOKEN', 'TOKENS', 'SECRET', 'SECRETS',
  'KEY', 'KEYS', 'APIKEY', 'ACCESSKEY', 'PRIVATEKEY', 'SECRETKEY',
  'CONNECTIONSTRING', 'CONNSTRING', 'CREDENTIAL', 'CREDENTIALS',
]);

/** Last words that make a name point at a secret rather than hold one (`PASSWORD_FILE`, `TOKEN_URL`). */
const LOCATOR_WORDS: ReadonlySet<string> = new Set([
  'FILE', 'PATH', 'DIR', 'DIRECTORY', 'URL', 'URI', 'ENDPOINT', 'NAME', 'HOST', 'PORT',
]);

/**
 * True when an environment variable name looks like it holds a secret: one of its words
 * (split on `_`, `-`, `.` and camelCase humps, compared case-insensitively) is PASSWORD,
 * PASSWD, PWD, TOKEN, SECRET, KEY, APIKEY, ACCESSKEY, PRIVATEKEY, CONNECTIONSTRING, CREDENTIAL(S)
 * or a similar word, or two adjacent words spell CONNECTION STRING. Substrings do not count
 * (`KEYCLOAK_URL`, `MONKEY`), nor do names that point at a secret (`PASSWORD_FILE`,
 * `AZURE_FEDERATED_TOKEN_FILE`, `TOKEN_URL`), `PUBLIC_KEY`, or the shell's `PWD` (working directory).
 */
export function isSecretLikeEnvName(name: string): boolean {
  if (typeof name !== 'string') return false;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[_.-]+/)
    .filter((w) => w !== '');
  if (words.length === 0) return false;
  if (words.length === 1 && words[0] === 'PWD') return false;
  if (LOCATOR_WORDS.has(words[words.length - 1])) return false;
  return words.some((word, i) => {
    if (word === 'STRING' && words[i - 1] === 'CONNECTION') return true;
    if (!SECRET_WORDS.has(word)) return false;
    if ((word === 'KEY' || word === 'KEYS') && words[i - 1] === 'PUBLIC') return false;
    return true;
  });
}

/** True for an env `value` that holds something: a non-empty string, or a number or boolean. */
function isLiteral(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || typeof value === 'number' || typeof value === 'boolean';
}

/** `workload.secret-env`: no secret-like environment variable holds a literal value. */
export const WORKLOAD_SECRET_ENV: WorkloadControl = {
  id: 'workload.secret-env',
  title: 'Secrets are not written as literal environment variable values',
  severity: 'error',
  scope: 'workload',
  guidance: [GUIDANCE.eApplication, GUIDANCE.eDesignRecommendations],
  checklist: ['E-19'],
  references: [
    { source: 'CIS', id: '5.4.1' },
    { source: 'CIS', id: '5.4.2' },
    { source: 'OWASP', id: 'Keep secrets as secrets' },
    { source: 'NSA-CISA', id: 'Network separation and hardening: Kubernetes Secrets' },
    { source: 'NIST-800-190', id: '4.1.4 Embedded clear text secrets' },
  ],
  rationale:
    'A secret written into a manifest lives in source control, in CI logs and in the object anyone with read access to the ' +
    'workload can see; secrets belong in a key store that hands them to the pod at run time.',
  remediation:
    'Remove the literal `value`: mount the secret as a file with the Azure Key Vault provider for the Secrets Store CSI driver, ' +
    'or at least reference a Kubernetes Secret with `valueFrom.secretKeyRef`.',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload) => containerListViolations(workload, 'env', 'value', (entry, container) => (
    typeof entry.name === 'string' && isLiteral(entry.value) && isSecretLikeEnvName(entry.name)
      ? `${describe(container)} sets the secret-like environment variable ${entry.name} to a literal value`
      : undefined)),
};

/** Controls of the `workload` domain: resources, filesystem, identity, probes and secrets of pods. */
export const WORKLOAD_CONTROLS: readonly Control[] = [
  WORKLOAD_MEMORY_LIMIT,
  WORKLOAD_CPU_REQUEST,
  WORKLOAD_NO_CPU_LIMIT,
  WORKLOAD_READ_ONLY_ROOT_FILESYSTEM,
  WORKLOAD_PRIVILEGED_PORT,
  WORKLOAD_SERVICE_ACCOUNT,
  WORKLOAD_SERVICE_ACCOUNT_TOKEN,
  WORKLOAD_PROBES,
  WORKLOAD_SECRET_ENV,
];
