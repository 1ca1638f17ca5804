import { formatPath } from '../../lib/audit/workload';
import { POD_SECURITY_CONTROLS } from '../../lib/controls/pod-security';
import type { Control } from '../../lib/controls/types';
import { violations } from '../helpers';

type Manifest = Record<string, any>;

const BASELINE_IDS = [
  'pss.host-process', 'pss.host-namespaces', 'pss.privileged', 'pss.capabilities-baseline', 'pss.host-path-volumes',
  'pss.host-ports', 'pss.host-probes', 'pss.apparmor', 'pss.selinux', 'pss.proc-mount', 'pss.seccomp-baseline', 'pss.sysctls',
];
const RESTRICTED_IDS = [
  'pss.volume-types', 'pss.privilege-escalation', 'pss.run-as-non-root', 'pss.run-as-user', 'pss.seccomp-restricted',
  'pss.capabilities-restricted', 'pss.proc-mount-restricted',
];

function control(id: string): Control {
  const c = POD_SECURITY_CONTROLS.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}`);
  return c;
}

/** Formatted paths of one control's violations. */
function paths(id: string, manifest: Manifest | string): string[] {
  return violations(control(id), manifest).map((v) => formatPath(v.path));
}

/** `<rule id> <path>` of every violation of the controls of a level (restricted includes baseline). */
function hits(manifest: Manifest | string, level: 'baseline' | 'restricted' = 'restricted'): string[] {
  const controls = POD_SECURITY_CONTROLS.filter((c) => c.pssLevel === 'baseline' || level === 'restricted');
  return controls.flatMap((c) => violations(c, manifest).map((v) => `${c.id} ${formatPath(v.path)}`));
}

/** A Pod that satisfies the restricted level; tests change it to break one control at a time. */
function restrictedPod(): Manifest {
  const hardened = () => ({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [
        { name: 'init', image: 'mcr.microsoft.com/init:1', securityContext: hardened() },
        { name: 'proxy', image: 'mcr.microsoft.com/proxy:1', restartPolicy: 'Always', securityContext: hardened() },
      ],
      containers: [{ name: 'app', image: 'mcr.microsoft.com/app:1', securityContext: hardened() }],
      ephemeralContainers: [{ name: 'debug', image: 'mcr.microsoft.com/debug:1', securityContext: hardened() }],
      volumes: [
        { name: 'tmp', emptyDir: {} },
        { name: 'cfg', configMap: { name: 'cfg' } },
      ],
    },
  };
}

/** A minimal Pod with no security settings: satisfies baseline, not restricted. */
const BASELINE_POD = `
apiVersion: v1
kind: Pod
metadata: { name: plain }
spec:
  containers:
  - name: app
    image: mcr.microsoft.com/app:1
`;

describe('catalogue entries', () => {
  test('ids are unique, well formed, and exactly the PSS controls of v1.37', () => {
    const ids = POD_SECURITY_CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^pss\.[a-z0-9-]+$/);
    expect(POD_SECURITY_CONTROLS.filter((c) => c.pssLevel === 'baseline').map((c) => c.id).sort()).toEqual([...BASELINE_IDS].sort());
    expect(POD_SECURITY_CONTROLS.filter((c) => c.pssLevel === 'restricted').map((c) => c.id).sort()).toEqual([...RESTRICTED_IDS].sort());
  });

  test.each(POD_SECURITY_CONTROLS.map((c) => [c.id, c] as const))('%s is complete', (_id, c) => {
    expect(c.pssLevel).toBeDefined();
    expect(c.severity).toBe('error');
    expect(c.scope).toBe('workload');
    expect(c.title.length).toBeGreaterThan(10);
    expect(c.rationale.length).toBeGreaterThan(20);
    expect(c.remediation.length).toBeGreaterThan(20);
    expect(c.guidance.length).toBeGreaterThan(0);
    expect(c.guidance.map((g) => g.section)).toContain('Follow pod security standards');
    expect(c.checklist).toContain('W-07');
    expect(c.checklist).not.toContain('E-17');
    expect(c.references.some((r) => r.source === 'PSS' && r.url === 'https://kubernetes.io/docs/concepts/security/pod-security-standards/')).toBe(true);
    expect(c.satisfiedBy).toEqual(['HardenedDeployment', 'HardenedStatefulSet', 'HardenedDaemonSet', 'HardenedJob', 'HardenedCronJob']);
  });

  test('checklist and CIS mapping', () => {
    const cis = (id: string) => control(id).references.filter((r) => r.source === 'CIS').map((r) => r.id);
    expect(cis('pss.privileged')).toEqual(['5.2.2']);
    expect(cis('pss.host-namespaces')).toEqual(['5.2.3', '5.2.4', '5.2.5']);
    expect(cis('pss.privilege-escalation')).toEqual(['5.2.6']);
    expect(cis('pss.run-as-non-root')).toEqual(['5.2.7']);
    expect(cis('pss.host-process')).toEqual(['5.2.11']);
    expect(cis('pss.host-path-volumes')).toEqual(['5.2.12']);
    expect(cis('pss.host-ports')).toEqual(['5.2.13']);
    expect(cis('pss.seccomp-restricted')).toEqual(['5.7.2']);
    expect(control('pss.host-path-volumes').checklist).toContain('W-08');
    expect(control('pss.apparmor').checklist).toEqual(expect.arrayContaining(['W-12', 'E-30']));
    expect(control('pss.seccomp-baseline').checklist).toEqual(expect.arrayContaining(['W-13', 'E-21']));
    expect(control('pss.run-as-user').checklist).toEqual(expect.arrayContaining(['W-04', 'E-33']));
  });
});

describe('levels as a whole', () => {
  test('a hardened pod satisfies restricted', () => {
    expect(hits(restrictedPod())).toEqual([]);
  });

  test('a pod without security settings satisfies baseline but not restricted', () => {
    expect(hits(BASELINE_POD, 'baseline')).toEqual([]);
    expect(hits(BASELINE_POD)).toEqual([
      'pss.privilege-escalation spec.containers[0].securityContext.allowPrivilegeEscalation',
      'pss.run-as-non-root spec.containers[0].securityContext.runAsNonRoot',
      'pss.seccomp-restricted spec.containers[0].securityContext.seccompProfile.type',
      'pss.capabilities-restricted spec.containers[0].securityContext.capabilities.drop',
    ]);
  });

  test('paths follow the pod template of controllers', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { metadata: { annotations: {} }, spec: { hostPID: true, containers: [{ name: 'app', image: 'x' }] } } },
    };
    expect(hits(deployment, 'baseline')).toEqual(['pss.host-namespaces spec.template.spec.hostPID']);
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'job' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'app', image: 'x', securityContext: { privileged: true } }] } } } } },
    };
    expect(hits(cronJob, 'baseline')).toEqual(['pss.privileged spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged']);
  });

  test('odd input never throws', () => {
    const odd: Manifest[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: null, spec: null },
      { apiVersion: 'v1', kind: 'Pod', metadata: { annotations: 'x' }, spec: { containers: 'x', volumes: 'x', securityContext: 'x' } },
      { apiVersion: 'v1', kind: 'Pod', spec: { containers: [null, 1, 'x', { securityContext: [], ports: [null, 'x'], lifecycle: 'x' }], volumes: [null, 'x'] } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        spec: { securityContext: { sysctls: [null, { name: 1 }], seLinuxOptions: [] }, containers: [{ securityContext: { capabilities: { add: 'NET_RAW', drop: 'ALL' } } }] },
      },
    ];
    for (const m of odd) expect(() => hits(m)).not.toThrow();
  });
});

describe('pss.host-process', () => {
  test('passes when hostProcess is unset or false', () => {
    const m = restrictedPod();
    m.spec.securityContext.windowsOptions = { hostProcess: false };
    m.spec.containers[0].securityContext.windowsOptions = {};
    expect(paths('pss.host-process', m)).toEqual([]);
  });

  test('fails at pod level and on init, sidecar and ephemeral containers', () => {
    const m = restrictedPod();
    m.spec.securityContext.windowsOptions = { hostProcess: true };
    m.spec.initContainers[0].securityContext.windowsOptions = { hostProcess: true };
    m.spec.initContainers[1].securityContext.windowsOptions = { hostProcess: true };
    m.spec.ephemeralContainers[0].securityContext.windowsOptions = { hostProcess: true };
    expect(paths('pss.host-process', m)).toEqual([
      'spec.securityContext.windowsOptions.hostProcess',
      'spec.initContainers[0].securityContext.windowsOptions.hostProcess',
      'spec.initContainers[1].securityContext.windowsOptions.hostProcess',
      'spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess',
    ]);
    const messages = violations(control('pss.host-process'), m).map((v) => v.message);
    expect(messages[2]).toBe('sidecar container "proxy" must not set securityContext.windowsOptions.hostProcess=true');
    expect(messages[3]).toMatch(/^ephemeral container "debug"/);
  });

  test('a value that is not a boolean is a finding', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.windowsOptions = { hostProcess: 'true' };
    const v = violations(control('pss.host-process'), m);
    expect(v.map((x) => formatPath(x.path))).toEqual(['spec.containers[0].securityContext.windowsOptions.hostProcess']);
    expect(v[0].message).toMatch(/not a boolean/);
  });
});

describe('pss.host-namespaces', () => {
  test('passes when false or unset', () => {
    const m = restrictedPod();
    m.spec.hostNetwork = false;
    expect(paths('pss.host-namespaces', m)).toEqual([]);
  });

  test('fails for each host namespace', () => {
    const m = restrictedPod();
    Object.assign(m.spec, { hostNetwork: true, hostPID: true, hostIPC: true });
    expect(paths('pss.host-namespaces', m)).toEqual(['spec.hostNetwork', 'spec.hostPID', 'spec.hostIPC']);
    expect(violations(control('pss.host-namespaces'), m)[0].message).toBe('pod must not set hostNetwork=true');
  });
});

describe('pss.privileged', () => {
  test('passes when privileged is false', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.privileged = false;
    expect(paths('pss.privileged', m)).toEqual([]);
  });

  test('fails on sidecar and ephemeral containers', () => {
    const m = restrictedPod();
    m.spec.initContainers[1].securityContext.privileged = true;
    m.spec.ephemeralContainers[0].securityContext.privileged = true;
    expect(paths('pss.privileged', m)).toEqual([
      'spec.initContainers[1].securityContext.privileged',
      'spec.ephemeralContainers[0].securityContext.privileged',
    ]);
  });
});

describe('pss.capabilities-baseline', () => {
  test('passes for capabilities of the default set', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.capabilities.add = ['CHOWN', 'NET_BIND_SERVICE', 'SYS_CHROOT'];
    expect(paths('pss.capabilities-baseline', m)).toEqual([]);
  });

  test('fails for NET_RAW, lower-case and CAP_-prefixed names, on an init container', () => {
    const m = restrictedPod();
    m.spec.initContainers[0].securityContext.capabilities.add = ['NET_RAW', 'chown', 'CAP_CHOWN', 'KILL'];
    expect(paths('pss.capabilities-baseline', m)).toEqual([
      'spec.initContainers[0].securityContext.capabilities.add[0]',
      'spec.initContainers[0].securityContext.capabilities.add[1]',
      'spec.initContainers[0].securityContext.capabilities.add[2]',
    ]);
    expect(violations(control('pss.capabilities-baseline'), m)[0].message)
      .toBe('init container "init" must not include "NET_RAW" in securityContext.capabilities.add');
  });

  test('add that is not a list is a finding', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.capabilities.add = 'SYS_ADMIN';
    expect(paths('pss.capabilities-baseline', m)).toEqual(['spec.containers[0].securityContext.capabilities.add']);
  });
});

describe('pss.host-path-volumes', () => {
  test('passes without hostPath volumes', () => {
    expect(paths('pss.host-path-volumes', restrictedPod())).toEqual([]);
  });

  test('fails for each hostPath volume', () => {
    const m = restrictedPod();
    m.spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } });
    expect(paths('pss.host-path-volumes', m)).toEqual(['spec.volumes[2].hostPath']);
    expect(violations(control('pss.host-path-volumes'), m)[0].message).toBe('volume "docker" is a hostPath volume (host path "/var/run/docker.sock")');
  });
});

describe('pss.host-ports', () => {
  test('passes with containerPort only or hostPort 0', () => {
    const m = restrictedPod();
    m.spec.containers[0].ports = [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 0 }];
    expect(paths('pss.host-ports', m)).toEqual([]);
  });

  test('fails on regular and ephemeral containers', () => {
    const m = restrictedPod();
    m.spec.containers[0].ports = [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 9090 }];
    m.spec.ephemeralContainers[0].ports = [{ containerPort: 1, hostPort: 1 }];
    expect(paths('pss.host-ports', m)).toEqual(['spec.containers[0].ports[1].hostPort', 'spec.ephemeralContainers[0].ports[0].hostPort']);
    expect(violations(control('pss.host-ports'), m)[0].message).toBe('container "app" uses hostPort 9090');
  });
});

describe('pss.host-probes', () => {
  test('passes for probes without a host, or with an empty host', () => {
    const m = restrictedPod();
    m.spec.containers[0].livenessProbe = { httpGet: { port: 8080, path: '/healthz' } };
    m.spec.containers[0].readinessProbe = { tcpSocket: { port: 8080, host: '' } };
    m.spec.containers[0].lifecycle = { preStop: { exec: { command: ['sleep', '5'] } } };
    expect(paths('pss.host-probes', m)).toEqual([]);
  });

  test('fails for any host, including loopback, on probes and lifecycle hooks of every container kind', () => {
    const m = restrictedPod();
    m.spec.containers[0].livenessProbe = { httpGet: { port: 8080, host: '127.0.0.1' } };
    m.spec.containers[0].lifecycle = { postStart: { httpGet: { port: 80, host: 'metadata' } }, preStop: { tcpSocket: { port: 1, host: '::1' } } };
    m.spec.initContainers[1].startupProbe = { tcpSocket: { port: 8080, host: '10.0.0.1' } };
    m.spec.ephemeralContainers[0].readinessProbe = { httpGet: { port: 80, host: 'x' } };
    expect(paths('pss.host-probes', m)).toEqual([
      'spec.initContainers[1].startupProbe.tcpSocket.host',
      'spec.containers[0].livenessProbe.httpGet.host',
      'spec.containers[0].lifecycle.postStart.httpGet.host',
      'spec.containers[0].lifecycle.preStop.tcpSocket.host',
      'spec.ephemeralContainers[0].readinessProbe.httpGet.host',
    ]);
    expect(violations(control('pss.host-probes'), m)[0].message)
      .toBe('sidecar container "proxy" uses probe or lifecycle host "10.0.0.1" in startupProbe.tcpSocket.host');
  });
});

describe('pss.apparmor', () => {
  test('passes for RuntimeDefault and Localhost fields and allowed annotations', () => {
    const m = restrictedPod();
    m.spec.securityContext.appArmorProfile = { type: 'RuntimeDefault' };
    m.spec.containers[0].securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-app' };
    m.metadata.annotations = {
      'container.apparmor.security.beta.kubernetes.io/app': 'localhost/k8s-app',
      'container.apparmor.security.beta.kubernetes.io/init': 'runtime/default',
      'container.apparmor.security.beta.kubernetes.io/proxy': '',
    };
    expect(paths('pss.apparmor', m)).toEqual([]);
  });

  test('fails for Unconfined fields at pod and container level', () => {
    const m = restrictedPod();
    m.spec.securityContext.appArmorProfile = { type: 'Unconfined' };
    m.spec.ephemeralContainers[0].securityContext.appArmorProfile = { type: 'Unconfined' };
    expect(paths('pss.apparmor', m)).toEqual([
      'spec.securityContext.appArmorProfile.type',
      'spec.ephemeralContainers[0].securityContext.appArmorProfile.type',
    ]);
  });

  test('fails for an unconfined legacy annotation in the pod template metadata', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
      spec: {
        template: {
          metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
          spec: { containers: [{ name: 'app', image: 'x' }] },
        },
      },
    };
    // Only the pod template's annotations count, not the Deployment's own.
    expect(paths('pss.apparmor', deployment)).toEqual(['spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]']);
  });
});

describe('pss.selinux', () => {
  test('passes for allowed types and level', () => {
    const m = restrictedPod();
    m.spec.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' };
    m.spec.containers[0].securityContext.seLinuxOptions = { type: 'container_engine_t' };
    m.spec.initContainers[0].securityContext.seLinuxOptions = {};
    expect(paths('pss.selinux', m)).toEqual([]);
  });

  test('fails for a custom type, user or role', () => {
    const m = restrictedPod();
    m.spec.securityContext.seLinuxOptions = { user: 'system_u' };
    m.spec.initContainers[1].securityContext.seLinuxOptions = { type: 'spc_t', role: 'system_r' };
    expect(paths('pss.selinux', m)).toEqual([
      'spec.securityContext.seLinuxOptions.user',
      'spec.initContainers[1].securityContext.seLinuxOptions.type',
      'spec.initContainers[1].securityContext.seLinuxOptions.role',
    ]);
    expect(violations(control('pss.selinux'), m)[1].message).toBe('sidecar container "proxy" must not set securityContext.seLinuxOptions.type to "spc_t"');
  });
});

describe('pss.proc-mount and pss.proc-mount-restricted', () => {
  test('Default passes both', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.procMount = 'Default';
    expect(paths('pss.proc-mount', m)).toEqual([]);
    expect(paths('pss.proc-mount-restricted', m)).toEqual([]);
  });

  test('Unmasked fails both without a user namespace', () => {
    const m = restrictedPod();
    m.spec.hostUsers = true;
    m.spec.initContainers[0].securityContext.procMount = 'Unmasked';
    expect(paths('pss.proc-mount', m)).toEqual(['spec.initContainers[0].securityContext.procMount']);
    expect(paths('pss.proc-mount-restricted', m)).toEqual(['spec.initContainers[0].securityContext.procMount']);
  });

  test('with hostUsers: false, Unmasked passes baseline but fails restricted', () => {
    const m = restrictedPod();
    m.spec.hostUsers = false;
    m.spec.ephemeralContainers[0].securityContext.procMount = 'Unmasked';
    expect(paths('pss.proc-mount', m)).toEqual([]);
    expect(paths('pss.proc-mount-restricted', m)).toEqual(['spec.ephemeralContainers[0].securityContext.procMount']);
    expect(hits(m, 'baseline')).toEqual([]);
  });
});

describe('pss.seccomp-baseline', () => {
  test('passes for RuntimeDefault, Localhost, unset and allowed annotations', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
    m.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' };
    expect(paths('pss.seccomp-baseline', m)).toEqual([]);
    expect(paths('pss.seccomp-baseline', BASELINE_POD)).toEqual([]);
  });

  test('fails for Unconfined at pod and sidecar level', () => {
    const m = restrictedPod();
    m.spec.securityContext.seccompProfile = { type: 'Unconfined' };
    m.spec.initContainers[1].securityContext.seccompProfile = { type: 'Unconfined' };
    expect(paths('pss.seccomp-baseline', m)).toEqual([
      'spec.securityContext.seccompProfile.type',
      'spec.initContainers[1].securityContext.seccompProfile.type',
    ]);
  });

  test('fails for unconfined legacy annotations', () => {
    const m = restrictedPod();
    m.metadata.annotations = {
      'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
      'container.seccomp.security.alpha.kubernetes.io/app': 'unconfined',
      'container.seccomp.security.alpha.kubernetes.io/init': 'localhost/p.json',
    };
    expect(paths('pss.seccomp-baseline', m)).toEqual([
      'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
      'metadata.annotations["container.seccomp.security.alpha.kubernetes.io/app"]',
    ]);
  });
});

describe('pss.sysctls', () => {
  test('passes for safe sysctls, including the ones added in v1.37', () => {
    const m = restrictedPod();
    m.spec.securityContext.sysctls = [
      { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
      { name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' },
      { name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' },
      { name: 'net.ipv4.tcp_notsent_lowat', value: '16384' },
    ];
    expect(paths('pss.sysctls', m)).toEqual([]);
  });

  test('fails for unsafe sysctls', () => {
    const m = restrictedPod();
    m.spec.securityContext.sysctls = [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'kernel.msgmax', value: '1' }];
    expect(paths('pss.sysctls', m)).toEqual(['spec.securityContext.sysctls[1].name']);
    expect(violations(control('pss.sysctls'), m)[0].message).toBe('pod must not set forbidden sysctl "kernel.msgmax"');
  });
});

describe('pss.volume-types', () => {
  test('passes for core volume types and a volume without a source (defaulted to emptyDir)', () => {
    const m = restrictedPod();
    m.spec.volumes = [
      { name: 'a' },
      { name: 'b', secret: { secretName: 's' } },
      { name: 'c', persistentVolumeClaim: { claimName: 'c' } },
      { name: 'd', projected: { sources: [] } },
      { name: 'e', downwardAPI: { items: [] } },
      { name: 'f', csi: { driver: 'secrets-store.csi.k8s.io' } },
      { name: 'g', ephemeral: { volumeClaimTemplate: {} } },
      { name: 'h', image: { reference: 'mcr.microsoft.com/data:1' } },
    ];
    expect(paths('pss.volume-types', m)).toEqual([]);
  });

  test('fails for non-core volume types', () => {
    const m = restrictedPod();
    m.spec.volumes = [
      { name: 'nfs', nfs: { server: 'x', path: '/' } },
      { name: 'host', hostPath: { path: '/' } },
      { name: 'azure', azureFile: { secretName: 's', shareName: 'x' } },
    ];
    expect(paths('pss.volume-types', m)).toEqual(['spec.volumes[0].nfs', 'spec.volumes[1].hostPath', 'spec.volumes[2].azureFile']);
    expect(violations(control('pss.volume-types'), m)[0].message).toBe('volume "nfs" uses restricted volume type "nfs"');
  });
});

describe('pss.privilege-escalation', () => {
  test('passes when every container sets false', () => {
    expect(paths('pss.privilege-escalation', restrictedPod())).toEqual([]);
  });

  test('fails when unset or true, on init and ephemeral containers', () => {
    const m = restrictedPod();
    delete m.spec.initContainers[0].securityContext.allowPrivilegeEscalation;
    m.spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation = true;
    expect(paths('pss.privilege-escalation', m)).toEqual([
      'spec.initContainers[0].securityContext.allowPrivilegeEscalation',
      'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
    ]);
  });

  test('skips Windows pods', () => {
    const m = restrictedPod();
    m.spec.os = { name: 'windows' };
    delete m.spec.containers[0].securityContext;
    expect(paths('pss.privilege-escalation', m)).toEqual([]);
  });
});

describe('pss.run-as-non-root', () => {
  test('passes when set at pod level, or on every container', () => {
    expect(paths('pss.run-as-non-root', restrictedPod())).toEqual([]);
    const m = restrictedPod();
    delete m.spec.securityContext.runAsNonRoot;
    for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
      for (const c of m.spec[list]) c.securityContext.runAsNonRoot = true;
    }
    expect(paths('pss.run-as-non-root', m)).toEqual([]);
  });

  test('fails for containers not covered by the pod', () => {
    const m = restrictedPod();
    delete m.spec.securityContext.runAsNonRoot;
    m.spec.initContainers[0].securityContext.runAsNonRoot = true;
    m.spec.containers[0].securityContext.runAsNonRoot = true;
    expect(paths('pss.run-as-non-root', m)).toEqual([
      'spec.initContainers[1].securityContext.runAsNonRoot',
      'spec.ephemeralContainers[0].securityContext.runAsNonRoot',
    ]);
    expect(violations(control('pss.run-as-non-root'), m)[0].message).toBe('pod or sidecar container "proxy" must set securityContext.runAsNonRoot=true');
  });

  test('fails when the pod or a container sets false', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.runAsNonRoot = false;
    expect(paths('pss.run-as-non-root', m)).toEqual(['spec.containers[0].securityContext.runAsNonRoot']);
    m.spec.securityContext.runAsNonRoot = false;
    expect(paths('pss.run-as-non-root', m)).toEqual(['spec.securityContext.runAsNonRoot', 'spec.containers[0].securityContext.runAsNonRoot']);
  });

  test('does not apply to pods with hostUsers: false (v1.35+)', () => {
    const m = restrictedPod();
    m.spec.hostUsers = false;
    m.spec.securityContext.runAsNonRoot = false;
    expect(paths('pss.run-as-non-root', m)).toEqual([]);
  });

  test('applies to Windows pods', () => {
    const m = restrictedPod();
    m.spec.os = { name: 'windows' };
    delete m.spec.securityContext.runAsNonRoot;
    expect(paths('pss.run-as-non-root', m)).toHaveLength(4);
  });
});

describe('pss.run-as-user', () => {
  test('passes for non-zero or unset', () => {
    const m = restrictedPod();
    m.spec.securityContext.runAsUser = 1000;
    m.spec.containers[0].securityContext.runAsUser = 10001;
    expect(paths('pss.run-as-user', m)).toEqual([]);
  });

  test('fails for runAsUser 0 at pod and ephemeral container level', () => {
    const m = restrictedPod();
    m.spec.securityContext.runAsUser = 0;
    m.spec.ephemeralContainers[0].securityContext.runAsUser = 0;
    expect(paths('pss.run-as-user', m)).toEqual(['spec.securityContext.runAsUser', 'spec.ephemeralContainers[0].securityContext.runAsUser']);
    expect(violations(control('pss.run-as-user'), m)[1].message).toBe('ephemeral container "debug" must not set runAsUser=0');
  });

  test('does not apply to pods with hostUsers: false (v1.35+)', () => {
    const m = restrictedPod();
    m.spec.hostUsers = false;
    m.spec.securityContext.runAsUser = 0;
    expect(paths('pss.run-as-user', m)).toEqual([]);
  });
});

describe('pss.seccomp-restricted', () => {
  test('passes with a pod-level profile or a profile on every container', () => {
    expect(paths('pss.seccomp-restricted', restrictedPod())).toEqual([]);
    const m = restrictedPod();
    delete m.spec.securityContext.seccompProfile;
    for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
      for (const c of m.spec[list]) c.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
    }
    expect(paths('pss.seccomp-restricted', m)).toEqual([]);
  });

  test('fails for containers not covered by a pod-level profile', () => {
    const m = restrictedPod();
    delete m.spec.securityContext.seccompProfile;
    m.spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    expect(paths('pss.seccomp-restricted', m)).toEqual([
      'spec.initContainers[0].securityContext.seccompProfile.type',
      'spec.initContainers[1].securityContext.seccompProfile.type',
      'spec.ephemeralContainers[0].securityContext.seccompProfile.type',
    ]);
  });

  test('fails for Unconfined even when the pod sets RuntimeDefault', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' };
    expect(paths('pss.seccomp-restricted', m)).toEqual(['spec.containers[0].securityContext.seccompProfile.type']);
  });

  test('skips Windows pods', () => {
    const m = restrictedPod();
    m.spec.os = { name: 'windows' };
    delete m.spec.securityContext.seccompProfile;
    expect(paths('pss.seccomp-restricted', m)).toEqual([]);
  });
});

describe('pss.capabilities-restricted', () => {
  test('passes with drop ALL and add NET_BIND_SERVICE', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    expect(paths('pss.capabilities-restricted', m)).toEqual([]);
  });

  test('fails without drop ALL, on sidecar and ephemeral containers', () => {
    const m = restrictedPod();
    m.spec.initContainers[1].securityContext.capabilities = { drop: ['NET_RAW'] };
    delete m.spec.ephemeralContainers[0].securityContext.capabilities;
    expect(paths('pss.capabilities-restricted', m)).toEqual([
      'spec.initContainers[1].securityContext.capabilities.drop',
      'spec.ephemeralContainers[0].securityContext.capabilities.drop',
    ]);
  });

  test('fails for any added capability other than NET_BIND_SERVICE', () => {
    const m = restrictedPod();
    m.spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'CHOWN'];
    expect(paths('pss.capabilities-restricted', m)).toEqual(['spec.containers[0].securityContext.capabilities.add[1]']);
  });

  test('skips Windows pods', () => {
    const m = restrictedPod();
    m.spec.os = { name: 'windows' };
    delete m.spec.containers[0].securityContext.capabilities;
    expect(paths('pss.capabilities-restricted', m)).toEqual([]);
  });
});

describe('Windows pods', () => {
  test('a Windows pod with only runAsNonRoot satisfies restricted', () => {
    const m = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'win' },
      spec: {
        os: { name: 'windows' },
        securityContext: { runAsNonRoot: true },
        initContainers: [{ name: 'init', image: 'x' }],
        containers: [{ name: 'app', image: 'x' }],
      },
    };
    expect(hits(m)).toEqual([]);
  });

  test('a Linux pod with the same settings does not', () => {
    const m = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'lin' }, spec: { os: { name: 'linux' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'app', image: 'x' }] } };
    expect(hits(m).map((h) => h.split(' ')[0])).toEqual(['pss.privilege-escalation', 'pss.seccomp-restricted', 'pss.capabilities-restricted']);
  });
});
