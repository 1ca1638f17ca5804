import type { ContainerList, ContainerRef, FieldPath, KubeObject, Violation, Workload } from '../controls/types';

/**
 * Where each workload kind keeps its pod template: the path to the pod metadata and the pod
 * spec. Pod keeps them at the root; CronJob two levels down (jobTemplate → template).
 */
const POD_TEMPLATE_PATH_TABLE: Readonly<Record<string, { meta: FieldPath; spec: FieldPath }>> = {
  Pod: { meta: ['metadata'], spec: ['spec'] },
  PodTemplate: { meta: ['template', 'metadata'], spec: ['template', 'spec'] },
  Deployment: { meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  ReplicaSet: { meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  StatefulSet: { meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  DaemonSet: { meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  Job: { meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  ReplicationController: { meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  CronJob: {
    meta: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  },
};

/** The same, as a Map: a kind such as `constructor` must not find Object's prototype. */
const POD_TEMPLATE_PATHS: ReadonlyMap<string, { meta: FieldPath; spec: FieldPath }> = new Map(Object.entries(POD_TEMPLATE_PATH_TABLE));

/** The workload kinds the engine finds a pod spec in. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATH_TABLE);

const CONTAINER_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** True for a plain (non-array) object. */
export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` inside `root`, or undefined when any step is missing. */
export function getPath(root: unknown, path: FieldPath): any {
  let node: any = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[step as any];
  }
  return node;
}

/**
 * Checks each object entry of a list field (`ports`, `env`, ...) of every container of a
 * workload: `problem` returns a message for a bad entry; the violation points at `leaf` in it.
 */
export function containerListViolations(
  workload: Workload, field: string, leaf: string, problem: (entry: Record<string, any>, container: ContainerRef) => string | undefined,
): Violation[] {
  const found: Violation[] = [];
  for (const container of workload.containers) {
    const list = container.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, index: number) => {
      if (!isRecord(entry)) return;
      const message = problem(entry, container);
      if (message !== undefined) found.push({ path: [...container.path, field, index, leaf], message });
    });
  }
  return found;
}

/**
 * The workload view of an object: its pod spec, pod metadata and every container, with the
 * path of each from the object root. Returns undefined for kinds that carry no pod spec.
 */
export function toWorkload(object: KubeObject): Workload | undefined {
  const paths = POD_TEMPLATE_PATHS.get(object.kind);
  if (!paths) return undefined;
  const podSpec = asRecord(getPath(object.raw, paths.spec));
  const podMeta = asRecord(getPath(object.raw, paths.meta));
  const containers: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = podSpec[list];
    if (!Array.isArray(items)) continue;
    for (let index = 0; index < items.length; index++) {
      const spec = asRecord(items[index]);
      containers.push({
        list,
        index,
        name: typeof spec.name === 'string' ? spec.name : '',
        path: [...paths.spec, list, index],
        spec,
        sidecar: list === 'initContainers' && spec.restartPolicy === 'Always',
      });
    }
  }
  const os = podSpec.os;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.name,
    namespace: object.namespace,
    raw: object.raw,
    podSpecPath: paths.spec,
    podSpec,
    podMetaPath: paths.meta,
    podMeta,
    containers,
    windows: isRecord(os) && typeof os.name === 'string' && os.name.toLowerCase() === 'windows',
  };
}

function asRecord(value: unknown): Record<string, any> {
  return isRecord(value) ? value : {};
}

/**
 * Formats a field path for people and reports: `spec.containers[0].securityContext`, with
 * keys that are not plain identifiers quoted: `metadata.annotations["a.b/c"]`.
 */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') {
      out += `[${step}]`;
    } else {
      const plain = isIdentifier(step);
      out += plain ? (out ? `.${step}` : step) : `[${JSON.stringify(step)}]`;
    }
  }
  return out;
}

/** Field names repeat across findings (`spec`, `containers`, …): test each once. */
const IDENTIFIERS = new Map<string, boolean>();

function isIdentifier(key: string): boolean {
  let plain = IDENTIFIERS.get(key);
  if (plain === undefined) {
    plain = /^[A-Za-z_$][\w$-]*$/.test(key);
    if (IDENTIFIERS.size < 10_000) IDENTIFIERS.set(key, plain);
  }
  return plain;
}
