import { GUIDANCE } from './guidance';
import { HARDENED_WORKLOADS } from './implementations';
import type { Control, ContainerRef, FieldPath, Reference, Violation, Workload, WorkloadControl } from './types';
import { containerListViolations, isRecord } from '../audit/workload';

/*
 * The Pod Security Standards (baseline and restricted), as Kubernetes v1.37 defines them: one
 * control per check of kubernetes/pod-security-admission (`policy/check_*.go`), evaluated at
 * policy version v1.37. Every check covers init containers (sidecars included), regular
 * containers and ephemeral containers, as upstream's `visitContainers` does.
 *
 * Where upstream reports one message per pod, these controls report one violation per
 * offending field, so each finding points at the exact field to change.
 */

// ---------------------------------------------------------------------------------------------
// References

const PSS_URL = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
const CIS_URL = 'https://www.cisecurity.org/benchmark/kubernetes';
const NSA_URL = 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF';

/** @internal A Pod Security Standards control, by its name in the standard. */
function pss(id: string): Reference {
  return { source: 'PSS', id, url: PSS_URL };
}

/** @internal A CIS Kubernetes Benchmark section. */
function cis(id: string): Reference {
  return { source: 'CIS', id, url: CIS_URL };
}

/** @internal NSA-CISA Kubernetes Hardening Guidance, pod security. */
const NSA_POD_SECURITY: Reference = { source: 'NSA-CISA', id: 'Pod security', url: NSA_URL };

// ---------------------------------------------------------------------------------------------
// Helpers

/** @internal True when a field is present (Go: non-nil). */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** @internal A value as it appears in a message. */
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

/** @internal How a message names a container: its kind and name. */
function who(c: ContainerRef): string {
  const kind = c.list === 'ephemeralContainers' ? 'ephemeral container'
    : c.sidecar ? 'sidecar container'
      : c.list === 'initContainers' ? 'init container' : 'container';
  return `${kind} ${c.name ? JSON.stringify(c.name) : `#${c.index}`}`;
}

/** @internal A container's security context and its path (the record is empty when missing). */
function containerSc(c: ContainerRef): { sc: Record<string, any>; path: FieldPath } {
  const sc = c.spec.securityContext;
  return { sc: isRecord(sc) ? sc : {}, path: [...c.path, 'securityContext'] };
}

/** @internal The pod security context and its path (the record is empty when missing). */
function podSc(w: Workload): { sc: Record<string, any>; path: FieldPath } {
  const sc = w.podSpec.securityContext;
  return { sc: isRecord(sc) ? sc : {}, path: [...w.podSpecPath, 'securityContext'] };
}

/**
 * @internal A field that must be unset or `false`. Returns a violation when it is `true` or
 * holds a value that is not a boolean (which the check cannot read as `false`).
 */
function forbidTrue(subject: string, field: string, value: unknown, path: FieldPath): Violation | undefined {
  if (!isSet(value) || value === false) return undefined;
  if (value === true) return { path, message: `${subject} must not set ${field}=true` };
  return { path, message: `${subject} sets ${field} to ${show(value)}, which is not a boolean; it must be unset or false` };
}

/** @internal Collects violations, skipping undefined. */
function push(out: Violation[], v: Violation | undefined): void {
  if (v) out.push(v);
}

/** @internal The common part of every control of this file. */
type Info = Omit<WorkloadControl, 'scope' | 'severity' | 'satisfiedBy' | 'check' | 'pssLevel'>;

/** @internal Builds a PSS control: severity error, workload scope. */
function control(level: 'baseline' | 'restricted', info: Info, check: WorkloadControl['check']): WorkloadControl {
  return { ...info, severity: 'error', pssLevel: level, scope: 'workload', satisfiedBy: HARDENED_WORKLOADS, check };
}

// ---------------------------------------------------------------------------------------------
// Allowed values (policy version v1.37)

/** Baseline: capabilities a container may add (check_capabilities_baseline.go). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Baseline: SELinux types a pod or container may set (v1.31+, check_seLinuxOptions.go). */
const SELINUX_TYPES: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** Baseline: the safe sysctls (v1.37, check_sysctls.go). */
const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  // v1.0
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  // v1.27
  'net.ipv4.ip_local_reserved_ports',
  // v1.29
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  // v1.32
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  // v1.37
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

/** Restricted: the volume sources a pod may use (check_restrictedVolumes.go; `image` since v1.33). */
const RESTRICTED_ALLOWED_VOLUMES: ReadonlySet<string> = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
]);

/** Seccomp profile types and AppArmor profile types allowed by both levels. */
const ALLOWED_PROFILE_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HOOKS = ['postStart', 'preStop'] as const;
const HANDLERS_WITH_HOST = ['httpGet', 'tcpSocket'] as const;

// ---------------------------------------------------------------------------------------------
// Shared checks

/**
 * @internal Checks a `seccompProfile` or `appArmorProfile` object: when it is set, its `type`
 * must be RuntimeDefault or Localhost. Returns the violation, or undefined when allowed or unset.
 */
function checkProfile(subject: string, field: 'seccompProfile' | 'appArmorProfile', profile: unknown, path: FieldPath): Violation | undefined {
  if (!isSet(profile)) return undefined;
  const what = field === 'seccompProfile' ? 'seccomp' : 'AppArmor';
  if (!isRecord(profile)) {
    return { path: [...path, field], message: `${subject} sets securityContext.${field} to ${show(profile)}, which is not an object` };
  }
  const type = profile.type;
  if (typeof type === 'string' && ALLOWED_PROFILE_TYPES.has(type)) return undefined;
  const shown = isSet(type) && type !== '' ? show(type) : 'an empty type';
  return {
    path: [...path, field, 'type'],
    message: `${subject} must not set ${what} profile type to ${shown} (allowed: "RuntimeDefault", "Localhost")`,
  };
}

/** @internal Values the legacy seccomp annotations may hold (check_seccompProfile_baseline.go, v1.0). */
function allowedSeccompAnnotation(value: unknown): boolean {
  return typeof value === 'string' && (value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/'));
}

/** @internal Values the legacy AppArmor annotations may hold (check_appArmorProfile.go). */
function allowedAppArmorAnnotation(value: unknown): boolean {
  return typeof value === 'string' && (value === '' || value === 'runtime/default' || value.startsWith('localhost/'));
}

/** @internal The pod annotations as a record (empty when missing or not an object). */
function annotations(w: Workload): Record<string, any> {
  return isRecord(w.podMeta.annotations) ? w.podMeta.annotations : {};
}

/** @internal True when the pod runs in its own user namespace (`hostUsers: false`). */
function inUserNamespace(w: Workload): boolean {
  return w.podSpec.hostUsers === false;
}

/** @internal procMount: any value other than Default is forbidden. */
function checkProcMount(w: Workload): Violation[] {
  const out: Violation[] = [];
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    const value = sc.procMount;
    if (isSet(value) && value !== 'Default') {
      out.push({ path: [...path, 'procMount'], message: `${who(c)} must not set securityContext.procMount to ${show(value)}` });
    }
  }
  return out;
}

/** @internal Capabilities `add` entries that `allowed` rejects, one violation each. */
function checkAddedCapabilities(w: Workload, allowed: (cap: string) => boolean): Violation[] {
  const out: Violation[] = [];
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    const caps = sc.capabilities;
    if (!isRecord(caps) || !isSet(caps.add)) continue;
    const addPath = [...path, 'capabilities', 'add'];
    if (!Array.isArray(caps.add)) {
      out.push({ path: addPath, message: `${who(c)} sets securityContext.capabilities.add to ${show(caps.add)}, which is not a list` });
      continue;
    }
    caps.add.forEach((cap: unknown, i: number) => {
      if (typeof cap !== 'string' || !allowed(cap)) {
        out.push({ path: [...addPath, i], message: `${who(c)} must not include ${show(cap)} in securityContext.capabilities.add` });
      }
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Baseline

const hostProcess = control('baseline', {
  id: 'pss.host-process',
  title: 'Windows pods must not run HostProcess containers',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07', 'W-09'],
  references: [pss('HostProcess'), cis('5.2.11'), NSA_POD_SECURITY],
  rationale:
    'A Windows HostProcess container runs directly on the node with host-level access, so it can take over the node and ' +
    'every workload scheduled on it.',
  remediation:
    'Remove securityContext.windowsOptions.hostProcess from the pod and its containers, or set it to false. ' +
    'Run node-level Windows agents only in a namespace exempted for them.',
}, (w) => {
  const out: Violation[] = [];
  const pod = podSc(w);
  const podOpts = pod.sc.windowsOptions;
  if (isRecord(podOpts)) {
    push(out, forbidTrue('pod', 'securityContext.windowsOptions.hostProcess', podOpts.hostProcess, [...pod.path, 'windowsOptions', 'hostProcess']));
  }
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    const opts = sc.windowsOptions;
    if (!isRecord(opts)) continue;
    push(out, forbidTrue(who(c), 'securityContext.windowsOptions.hostProcess', opts.hostProcess, [...path, 'windowsOptions', 'hostProcess']));
  }
  return out;
});

const hostNamespaces = control('baseline', {
  id: 'pss.host-namespaces',
  title: 'Pods must not share the host network, PID or IPC namespace',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07'],
  references: [pss('Host Namespaces'), cis('5.2.3'), cis('5.2.4'), cis('5.2.5'), NSA_POD_SECURITY],
  rationale:
    'Sharing the host network, process or IPC namespace lets a container see and reach node processes, node-local ' +
    'services and other pods\' traffic, bypassing network policy and process isolation.',
  remediation: 'Remove spec.hostNetwork, spec.hostPID and spec.hostIPC from the pod spec, or set them to false.',
}, (w) => {
  const out: Violation[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    push(out, forbidTrue('pod', field, w.podSpec[field], [...w.podSpecPath, field]));
  }
  return out;
});

const privileged = control('baseline', {
  id: 'pss.privileged',
  title: 'Containers must not run privileged',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07', 'W-09'],
  references: [pss('Privileged Containers'), cis('5.2.2'), NSA_POD_SECURITY],
  rationale:
    'A privileged container gets every capability and access to all host devices, which disables most container ' +
    'isolation: a compromise of the container is a compromise of the node.',
  remediation: 'Remove securityContext.privileged from every container, or set it to false; add only the specific capabilities the workload needs.',
}, (w) => {
  const out: Violation[] = [];
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    push(out, forbidTrue(who(c), 'securityContext.privileged', sc.privileged, [...path, 'privileged']));
  }
  return out;
});

const capabilitiesBaseline = control('baseline', {
  id: 'pss.capabilities-baseline',
  title: 'Containers must not add capabilities beyond the default set',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07', 'W-09'],
  references: [pss('Capabilities'), cis('5.2.8'), cis('5.2.9'), NSA_POD_SECURITY],
  rationale:
    'Capabilities beyond the container runtime\'s default set (such as NET_RAW, SYS_ADMIN or NET_ADMIN) grant kernel ' +
    'privileges that enable spoofing, container escape and host tampering.',
  remediation:
    'Remove from securityContext.capabilities.add every capability outside AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, ' +
    'FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.',
}, (w) => checkAddedCapabilities(w, (cap) => BASELINE_CAPABILITIES.has(cap)));

const hostPathVolumes = control('baseline', {
  id: 'pss.host-path-volumes',
  title: 'Pods must not mount hostPath volumes',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07', 'W-08'],
  references: [pss('HostPath Volumes'), cis('5.2.12'), NSA_POD_SECURITY],
  rationale:
    'A hostPath volume exposes the node\'s file system to the container: it can read secrets of other pods, the ' +
    'kubelet\'s credentials or the container runtime socket, and write to the node.',
  remediation: 'Replace hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim volumes.',
}, (w) => {
  const out: Violation[] = [];
  const volumes = w.podSpec.volumes;
  if (!Array.isArray(volumes)) return out;
  volumes.forEach((volume: unknown, i: number) => {
    if (!isRecord(volume) || !isSet(volume.hostPath)) return;
    const name = show(volume.name);
    const hostPath = isRecord(volume.hostPath) && typeof volume.hostPath.path === 'string' ? ` (host path ${show(volume.hostPath.path)})` : '';
    out.push({ path: [...w.podSpecPath, 'volumes', i, 'hostPath'], message: `volume ${name} is a hostPath volume${hostPath}` });
  });
  return out;
});

const hostPorts = control('baseline', {
  id: 'pss.host-ports',
  title: 'Containers must not bind host ports',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07'],
  references: [pss('Host Ports'), cis('5.2.13'), NSA_POD_SECURITY],
  rationale:
    'A host port exposes the container directly on the node\'s network interfaces, bypassing Services and network ' +
    'policy, and limits where the pod can be scheduled.',
  remediation: 'Remove hostPort from the container ports (or set it to 0) and expose the workload through a Service instead.',
}, (w) => containerListViolations(w, 'ports', 'hostPort', (port, c) => (
  isSet(port.hostPort) && port.hostPort !== 0 ? `${who(c)} uses hostPort ${show(port.hostPort)}` : undefined)));

const hostProbes = control('baseline', {
  id: 'pss.host-probes',
  title: 'Probes and lifecycle hooks must not set a host',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07'],
  references: [pss('Host Probes / Lifecycle Hooks'), NSA_POD_SECURITY],
  rationale:
    'The kubelet sends probe and lifecycle requests from the node; a host field lets a pod make the kubelet reach ' +
    'arbitrary addresses, including node-local and cluster-internal services (server-side request forgery).',
  remediation:
    'Remove the host field from httpGet and tcpSocket in livenessProbe, readinessProbe, startupProbe and ' +
    'lifecycle.postStart/preStop; the kubelet then targets the pod\'s own IP.',
}, (w) => {
  const out: Violation[] = [];
  const checkHandler = (c: ContainerRef, handlerOwner: unknown, path: FieldPath, label: string): void => {
    if (!isRecord(handlerOwner)) return;
    for (const handler of HANDLERS_WITH_HOST) {
      const action = handlerOwner[handler];
      if (!isRecord(action)) continue;
      const host = action.host;
      if (!isSet(host) || host === '') continue;
      out.push({
        path: [...path, handler, 'host'],
        message: `${who(c)} uses probe or lifecycle host ${show(host)} in ${label}.${handler}.host`,
      });
    }
  };
  for (const c of w.containers) {
    for (const probe of PROBES) checkHandler(c, c.spec[probe], [...c.path, probe], probe);
    const lifecycle = c.spec.lifecycle;
    if (!isRecord(lifecycle)) continue;
    for (const hook of LIFECYCLE_HOOKS) checkHandler(c, lifecycle[hook], [...c.path, 'lifecycle', hook], `lifecycle.${hook}`);
  }
  return out;
});

const appArmor = control('baseline', {
  id: 'pss.apparmor',
  title: 'Pods must not disable or override the default AppArmor profile',
  guidance: [GUIDANCE.wPodSecurity, GUIDANCE.wLinuxSecurity, GUIDANCE.eDesignConsiderations],
  checklist: ['W-07', 'W-12', 'E-30'],
  references: [pss('AppArmor'), NSA_POD_SECURITY],
  rationale:
    'The container runtime applies its default AppArmor profile to confine what a container may do (mounts, raw ' +
    'access to kernel interfaces, writes to /proc); running Unconfined removes that confinement.',
  remediation:
    'Set securityContext.appArmorProfile.type to RuntimeDefault or Localhost (or leave it unset), and remove ' +
    'container.apparmor.security.beta.kubernetes.io/* annotations that are not runtime/default or localhost/<profile>.',
}, (w) => {
  const out: Violation[] = [];
  const pod = podSc(w);
  push(out, checkProfile('pod', 'appArmorProfile', pod.sc.appArmorProfile, pod.path));
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    push(out, checkProfile(who(c), 'appArmorProfile', sc.appArmorProfile, path));
  }
  for (const [key, value] of Object.entries(annotations(w))) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || allowedAppArmorAnnotation(value)) continue;
    out.push({
      path: [...w.podMetaPath, 'annotations', key],
      message: `annotation ${key} must not set AppArmor profile ${show(value)} (allowed: "runtime/default", "localhost/<profile>")`,
    });
  }
  return out;
});

const seLinux = control('baseline', {
  id: 'pss.selinux',
  title: 'Pods must not set a custom SELinux user, role or type',
  guidance: [GUIDANCE.wPodSecurity, GUIDANCE.wLinuxSecurity],
  checklist: ['W-07', 'W-12'],
  references: [pss('SELinux'), NSA_POD_SECURITY],
  rationale:
    'A custom SELinux user, role or an unconfined type lifts the mandatory access control that keeps a container ' +
    'from touching host files and other containers.',
  remediation:
    'Remove seLinuxOptions.user and seLinuxOptions.role, and set seLinuxOptions.type only to container_t, ' +
    'container_init_t, container_kvm_t or container_engine_t (or leave it unset).',
}, (w) => {
  const out: Violation[] = [];
  const checkOptions = (subject: string, options: unknown, path: FieldPath): void => {
    if (!isSet(options)) return;
    const optsPath = [...path, 'seLinuxOptions'];
    if (!isRecord(options)) {
      out.push({ path: optsPath, message: `${subject} sets securityContext.seLinuxOptions to ${show(options)}, which is not an object` });
      return;
    }
    const type = options.type;
    if (isSet(type) && !(typeof type === 'string' && SELINUX_TYPES.has(type))) {
      out.push({ path: [...optsPath, 'type'], message: `${subject} must not set securityContext.seLinuxOptions.type to ${show(type)}` });
    }
    for (const field of ['user', 'role']) {
      const value = options[field];
      if (isSet(value) && value !== '') {
        out.push({ path: [...optsPath, field], message: `${subject} must not set securityContext.seLinuxOptions.${field} (set to ${show(value)})` });
      }
    }
  };
  const pod = podSc(w);
  checkOptions('pod', pod.sc.seLinuxOptions, pod.path);
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    checkOptions(who(c), sc.seLinuxOptions, path);
  }
  return out;
});

const procMount = control('baseline', {
  id: 'pss.proc-mount',
  title: 'Containers must keep the default /proc mask (unless the pod has its own user namespace)',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07'],
  references: [pss('/proc Mount Type'), NSA_POD_SECURITY],
  rationale:
    'The default /proc mount masks kernel interfaces that leak host information or allow host changes; an Unmasked ' +
    '/proc exposes them. Since v1.35 the baseline level allows it for pods with hostUsers: false, whose root is not the node\'s root.',
  remediation: 'Remove securityContext.procMount from every container or set it to Default (or run the pod with spec.hostUsers: false).',
}, (w) => (inUserNamespace(w) ? [] : checkProcMount(w)));

const seccompBaseline = control('baseline', {
  id: 'pss.seccomp-baseline',
  title: 'Pods must not run with the Unconfined seccomp profile',
  guidance: [GUIDANCE.wPodSecurity, GUIDANCE.wLinuxSecurity, GUIDANCE.eApplication, GUIDANCE.eDesignConsiderations],
  checklist: ['W-07', 'W-13', 'E-21'],
  references: [pss('Seccomp'), cis('5.7.2'), NSA_POD_SECURITY],
  rationale:
    'Seccomp limits the system calls a container can make; the Unconfined profile exposes the whole kernel syscall ' +
    'surface, which most container escapes rely on.',
  remediation:
    'Set securityContext.seccompProfile.type to RuntimeDefault or Localhost (or leave it unset), and remove ' +
    'seccomp.security.alpha.kubernetes.io annotations whose value is unconfined.',
}, (w) => {
  const out: Violation[] = [];
  const pod = podSc(w);
  push(out, checkProfile('pod', 'seccompProfile', pod.sc.seccompProfile, pod.path));
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    push(out, checkProfile(who(c), 'seccompProfile', sc.seccompProfile, path));
  }
  for (const [key, value] of Object.entries(annotations(w))) {
    if (key !== SECCOMP_POD_ANNOTATION && !key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX)) continue;
    if (allowedSeccompAnnotation(value)) continue;
    out.push({
      path: [...w.podMetaPath, 'annotations', key],
      message: `annotation ${key} must not set seccomp profile ${show(value)} (allowed: "runtime/default", "localhost/<profile>")`,
    });
  }
  return out;
});

const sysctls = control('baseline', {
  id: 'pss.sysctls',
  title: 'Pods may set only safe sysctls',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07'],
  references: [pss('Sysctls'), NSA_POD_SECURITY],
  rationale:
    'Sysctls outside the namespaced safe set can disable security mechanisms or change kernel settings for every ' +
    'pod on the node.',
  remediation:
    `Remove from spec.securityContext.sysctls every sysctl that is not one of: ${[...SAFE_SYSCTLS].join(', ')}.`,
}, (w) => {
  const out: Violation[] = [];
  const pod = podSc(w);
  const list = pod.sc.sysctls;
  if (!isSet(list)) return out;
  const listPath = [...pod.path, 'sysctls'];
  if (!Array.isArray(list)) {
    return [{ path: listPath, message: `pod sets securityContext.sysctls to ${show(list)}, which is not a list` }];
  }
  list.forEach((entry: unknown, i: number) => {
    const name = isRecord(entry) ? entry.name : undefined;
    if (typeof name === 'string' && SAFE_SYSCTLS.has(name)) return;
    out.push({
      path: isRecord(entry) ? [...listPath, i, 'name'] : [...listPath, i],
      message: `pod must not set forbidden sysctl ${show(name)}`,
    });
  });
  return out;
});

// ---------------------------------------------------------------------------------------------
// Restricted

const volumeTypes = control('restricted', {
  id: 'pss.volume-types',
  overrides: ['pss.host-path-volumes'],
  title: 'Pods may use only core volume types',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07'],
  references: [pss('Volume Types'), cis('5.2.12'), NSA_POD_SECURITY],
  rationale:
    'Volume types such as hostPath, nfs, iscsi or flexVolume let a pod reach node or network storage directly, ' +
    'outside the PersistentVolume model the cluster administrator controls.',
  remediation:
    'Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret ' +
    'volumes; reach other storage through a PersistentVolumeClaim.',
}, (w) => {
  const out: Violation[] = [];
  const volumes = w.podSpec.volumes;
  if (!Array.isArray(volumes)) return out;
  volumes.forEach((volume: unknown, i: number) => {
    if (!isRecord(volume)) return;
    for (const [key, value] of Object.entries(volume)) {
      // A volume with no source at all is defaulted to emptyDir by the API server.
      if (key === 'name' || !isSet(value) || RESTRICTED_ALLOWED_VOLUMES.has(key)) continue;
      out.push({
        path: [...w.podSpecPath, 'volumes', i, key],
        message: `volume ${show(volume.name)} uses restricted volume type ${show(key)}`,
      });
    }
  });
  return out;
});

const privilegeEscalation = control('restricted', {
  id: 'pss.privilege-escalation',
  title: 'Containers must set allowPrivilegeEscalation: false',
  guidance: [GUIDANCE.wPodSecurity, GUIDANCE.eApplication],
  checklist: ['W-07', 'W-04', 'E-33'],
  references: [pss('Privilege Escalation'), cis('5.2.6'), NSA_POD_SECURITY],
  rationale:
    'Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent (set-user-ID ' +
    'binaries, file capabilities), for example become root inside the container.',
  remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container.',
}, (w) => {
  if (w.windows) return [];
  const out: Violation[] = [];
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    const value = sc.allowPrivilegeEscalation;
    if (value === false) continue;
    const found = isSet(value) ? `it is ${show(value)}` : 'it is unset';
    out.push({
      path: [...path, 'allowPrivilegeEscalation'],
      message: `${who(c)} must set securityContext.allowPrivilegeEscalation=false (${found})`,
    });
  }
  return out;
});

const runAsNonRoot = control('restricted', {
  id: 'pss.run-as-non-root',
  title: 'Containers must run as non-root (runAsNonRoot: true)',
  guidance: [GUIDANCE.wPodSecurity, GUIDANCE.eApplication],
  checklist: ['W-07', 'W-04', 'E-33'],
  references: [pss('Running as Non-root'), cis('5.2.7'), NSA_POD_SECURITY],
  rationale:
    'A container running as root is one kernel or runtime bug away from root on the node; runAsNonRoot makes the ' +
    'kubelet refuse to start a container whose user is root.',
  remediation:
    'Set spec.securityContext.runAsNonRoot: true on the pod (or on every container) and do not set it to false ' +
    'anywhere; build the image with a non-root USER.',
}, (w) => {
  // Since v1.35, pods with their own user namespace are exempt (KEP-127).
  if (inUserNamespace(w)) return [];
  const out: Violation[] = [];
  const pod = podSc(w);
  const podValue = pod.sc.runAsNonRoot;
  if (isSet(podValue) && podValue !== true) {
    out.push({ path: [...pod.path, 'runAsNonRoot'], message: `pod must not set securityContext.runAsNonRoot=${show(podValue)}` });
  }
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    const value = sc.runAsNonRoot;
    if (isSet(value)) {
      if (value !== true) {
        out.push({ path: [...path, 'runAsNonRoot'], message: `${who(c)} must not set securityContext.runAsNonRoot=${show(value)}` });
      }
    } else if (!isSet(podValue)) {
      // When the pod sets a bad value, the pod-level finding covers this container.
      out.push({ path: [...path, 'runAsNonRoot'], message: `pod or ${who(c)} must set securityContext.runAsNonRoot=true` });
    }
  }
  return out;
});

const runAsUser = control('restricted', {
  id: 'pss.run-as-user',
  title: 'Pods and containers must not set runAsUser: 0',
  guidance: [GUIDANCE.wPodSecurity, GUIDANCE.eApplication],
  checklist: ['W-07', 'W-04', 'E-33'],
  references: [pss('Running as Non-root user'), cis('5.2.7'), NSA_POD_SECURITY],
  rationale: 'runAsUser: 0 runs the container as root, whatever the image declares.',
  remediation: 'Remove runAsUser: 0 from the pod and container security contexts, or set a non-zero user id.',
}, (w) => {
  // Since v1.35, pods with their own user namespace are exempt (KEP-127).
  if (inUserNamespace(w)) return [];
  const out: Violation[] = [];
  const check = (subject: string, value: unknown, path: FieldPath): void => {
    if (!isSet(value)) return;
    if (value === 0) {
      out.push({ path, message: `${subject} must not set runAsUser=0` });
    } else if (typeof value !== 'number') {
      out.push({ path, message: `${subject} sets runAsUser to ${show(value)}, which is not a number` });
    }
  };
  const pod = podSc(w);
  check('pod', pod.sc.runAsUser, [...pod.path, 'runAsUser']);
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    check(who(c), sc.runAsUser, [...path, 'runAsUser']);
  }
  return out;
});

const seccompRestricted = control('restricted', {
  id: 'pss.seccomp-restricted',
  overrides: ['pss.seccomp-baseline'],
  title: 'Pods must set a RuntimeDefault or Localhost seccomp profile',
  guidance: [GUIDANCE.wPodSecurity, GUIDANCE.wLinuxSecurity, GUIDANCE.eApplication, GUIDANCE.eDesignConsiderations],
  checklist: ['W-07', 'W-13', 'E-21'],
  references: [pss('Seccomp'), cis('5.7.2'), NSA_POD_SECURITY],
  rationale:
    'Without an explicit seccomp profile a container may run unconfined, with the whole kernel syscall surface ' +
    'available; RuntimeDefault blocks the syscalls most escapes need.',
  remediation:
    'Set spec.securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile) on the pod, or on ' +
    'every container.',
}, (w) => {
  if (w.windows) return [];
  const out: Violation[] = [];
  const pod = podSc(w);
  const podProfile = pod.sc.seccompProfile;
  const podViolation = checkProfile('pod', 'seccompProfile', podProfile, pod.path);
  push(out, podViolation);
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    if (isSet(sc.seccompProfile)) {
      push(out, checkProfile(who(c), 'seccompProfile', sc.seccompProfile, path));
    } else if (!isSet(podProfile)) {
      // When the pod sets a bad profile, the pod-level finding covers this container.
      out.push({
        path: [...path, 'seccompProfile', 'type'],
        message: `pod or ${who(c)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      });
    }
  }
  return out;
});

const capabilitiesRestricted = control('restricted', {
  id: 'pss.capabilities-restricted',
  overrides: ['pss.capabilities-baseline'],
  title: 'Containers must drop ALL capabilities and add only NET_BIND_SERVICE',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07', 'W-09'],
  references: [pss('Capabilities'), cis('5.2.8'), cis('5.2.9'), cis('5.2.10'), NSA_POD_SECURITY],
  rationale:
    'Even the runtime\'s default capabilities (such as CHOWN, DAC_OVERRIDE, SETUID) widen what a compromised ' +
    'process can do; dropping all of them leaves only what the workload explicitly asks for.',
  remediation:
    'Set securityContext.capabilities.drop: ["ALL"] on every container and add back at most NET_BIND_SERVICE.',
}, (w) => {
  if (w.windows) return [];
  const out: Violation[] = [];
  for (const c of w.containers) {
    const { sc, path } = containerSc(c);
    const caps = isRecord(sc.capabilities) ? sc.capabilities : {};
    const drop = caps.drop;
    if (!(Array.isArray(drop) && drop.includes('ALL'))) {
      const found = !isSet(drop) ? 'it is unset' : Array.isArray(drop) ? 'the list does not include "ALL"' : `it is ${show(drop)}, not a list`;
      out.push({
        path: [...path, 'capabilities', 'drop'],
        message: `${who(c)} must set securityContext.capabilities.drop=["ALL"] (${found})`,
      });
    }
  }
  out.push(...checkAddedCapabilities(w, (cap) => cap === 'NET_BIND_SERVICE'));
  return out;
});

const procMountRestricted = control('restricted', {
  id: 'pss.proc-mount-restricted',
  overrides: ['pss.proc-mount'],
  title: 'Containers must keep the default /proc mask, even in a user namespace',
  guidance: [GUIDANCE.wPodSecurity],
  checklist: ['W-07'],
  references: [pss('/proc Mount Type'), NSA_POD_SECURITY],
  rationale:
    'The default /proc mount masks kernel interfaces that leak host information or allow host changes. Unlike the ' +
    'baseline level, the restricted level (v1.35+) forbids an Unmasked /proc also for pods with hostUsers: false.',
  remediation: 'Remove securityContext.procMount from every container or set it to Default.',
}, (w) => checkProcMount(w));

/**
 * The Pod Security Standards controls, baseline then restricted level, as Kubernetes v1.37
 * defines them (kubernetes/pod-security-admission `policy/check_*.go` at policy version v1.37).
 * `--standard pss-baseline` evaluates the baseline ones; `pss-restricted` evaluates all of them.
 */
export const POD_SECURITY_CONTROLS: readonly Control[] = [
  hostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbes,
  appArmor,
  seLinux,
  procMount,
  seccompBaseline,
  sysctls,
  volumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompRestricted,
  capabilitiesRestricted,
  procMountRestricted,
];
