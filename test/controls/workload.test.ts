import { formatPath } from '../../lib/audit/workload';
import type { Control } from '../../lib/controls/types';
import {
  isSecretLikeEnvName,
  WORKLOAD_CONTROLS,
  WORKLOAD_CPU_REQUEST,
  WORKLOAD_MEMORY_LIMIT,
  WORKLOAD_NO_CPU_LIMIT,
  WORKLOAD_PROBES,
  WORKLOAD_PRIVILEGED_PORT,
  WORKLOAD_READ_ONLY_ROOT_FILESYSTEM,
  WORKLOAD_SECRET_ENV,
  WORKLOAD_SERVICE_ACCOUNT,
  WORKLOAD_SERVICE_ACCOUNT_TOKEN,
} from '../../lib/controls/workload';
import { violations } from '../helpers';

/** A container that satisfies every workload control. */
function good(name: string, extra: Record<string, any> = {}): Record<string, any> {
  return {
    name,
    image: 'mcr.microsoft.com/app:1',
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    securityContext: { readOnlyRootFilesystem: true },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    ...extra,
  };
}

/** A Deployment with the given pod spec fields. */
function deployment(podSpec: Record<string, any>, kind = 'Deployment'): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { metadata: { labels: { app: 'web' } }, spec: podSpec } },
  };
}

/** A compliant Deployment with a regular, an init, a sidecar and an ephemeral container. */
function compliant(): Record<string, any> {
  return deployment({
    serviceAccountName: 'web',
    automountServiceAccountToken: false,
    initContainers: [good('init'), good('proxy', { restartPolicy: 'Always' })],
    containers: [good('app')],
    ephemeralContainers: [{ name: 'debug', image: 'mcr.microsoft.com/debug:1', securityContext: { readOnlyRootFilesystem: true } }],
  });
}

/** Formatted field paths of the violations. */
function fields(control: Control, object: Record<string, any>): string[] {
  return violations(control, object).map((v) => formatPath(v.path));
}

describe('the compliant workload', () => {
  test.each(WORKLOAD_CONTROLS.map((c) => [c.id, c] as const))('passes %s', (_id, control) => {
    expect(violations(control, compliant())).toEqual([]);
  });
});

describe('workload.memory-limit', () => {
  test('fails every container without a memory limit, ephemeral containers excepted', () => {
    const object = deployment({
      initContainers: [{ name: 'init' }, { name: 'proxy', restartPolicy: 'Always', resources: { limits: {} } }],
      containers: [{ name: 'app', resources: { limits: { memory: '' } } }, { name: 'ok', resources: { limits: { memory: '1Gi' } } }],
      ephemeralContainers: [{ name: 'debug' }],
    });
    const v = violations(WORKLOAD_MEMORY_LIMIT, object);
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'spec.template.spec.initContainers[0].resources.limits.memory',
      'spec.template.spec.initContainers[1].resources.limits.memory',
      'spec.template.spec.containers[0].resources.limits.memory',
    ]);
    expect(v.map((x) => x.message)).toEqual([
      'init container "init" sets no memory limit',
      'sidecar container "proxy" sets no memory limit',
      'container "app" sets no memory limit',
    ]);
  });

  test('accepts numeric quantities and survives wrongly-typed resources', () => {
    expect(fields(WORKLOAD_MEMORY_LIMIT, deployment({ containers: [{ name: 'a', resources: { limits: { memory: 1073741824 } } }] }))).toEqual([]);
    expect(fields(WORKLOAD_MEMORY_LIMIT, deployment({ containers: [{ name: 'a', resources: 'big' }, { name: 'b', resources: { limits: ['x'] } }, 'junk'] })))
      .toEqual([0, 1, 2].map((i) => `spec.template.spec.containers[${i}].resources.limits.memory`));
  });

  test('works for a bare Pod and a CronJob', () => {
    expect(fields(WORKLOAD_MEMORY_LIMIT, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }] } }))
      .toEqual(['spec.containers[0].resources.limits.memory']);
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a' }] } } } } },
    };
    expect(fields(WORKLOAD_MEMORY_LIMIT, cronJob)).toEqual(['spec.jobTemplate.spec.template.spec.containers[0].resources.limits.memory']);
  });
});

describe('workload.cpu-request', () => {
  test('fails containers without a CPU request', () => {
    const v = violations(WORKLOAD_CPU_REQUEST, `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          resources: {requests: {memory: 64Mi}}
      containers:
        - name: db
          resources: {limits: {cpu: "1"}}
        - name: ok
          resources: {requests: {cpu: 250m}}
      ephemeralContainers:
        - name: debug
`);
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'spec.template.spec.initContainers[0].resources.requests.cpu',
      'spec.template.spec.containers[0].resources.requests.cpu',
    ]);
    expect(v[1].message).toBe('container "db" sets no CPU request');
  });
});

describe('workload.no-cpu-limit', () => {
  test('fails any container that sets a CPU limit', () => {
    const object = deployment({
      initContainers: [{ name: 'proxy', restartPolicy: 'Always', resources: { limits: { cpu: '500m' } } }],
      containers: [{ name: 'app', resources: { limits: { cpu: 2, memory: '1Gi' } } }, { name: 'ok', resources: { limits: { memory: '1Gi' } } }],
    });
    const v = violations(WORKLOAD_NO_CPU_LIMIT, object);
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'spec.template.spec.initContainers[0].resources.limits.cpu',
      'spec.template.spec.containers[0].resources.limits.cpu',
    ]);
    expect(v[0].message).toBe('sidecar container "proxy" sets a CPU limit of "500m", which throttles it');
  });

  test('passes containers without resources at all', () => {
    expect(fields(WORKLOAD_NO_CPU_LIMIT, deployment({ containers: [{ name: 'a' }, { name: 'b', resources: { limits: { cpu: null } } }] }))).toEqual([]);
  });
});

describe('workload.read-only-root-filesystem', () => {
  test('fails every container, ephemeral and init included, that does not set it to true', () => {
    const object = deployment({
      initContainers: [{ name: 'init', securityContext: { readOnlyRootFilesystem: false } }],
      containers: [{ name: 'app' }, { name: 'str', securityContext: { readOnlyRootFilesystem: 'true' } }, { name: 'ok', securityContext: { readOnlyRootFilesystem: true } }],
      ephemeralContainers: [{ name: 'debug', securityContext: null }],
    });
    const v = violations(WORKLOAD_READ_ONLY_ROOT_FILESYSTEM, object);
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem',
      'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
      'spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem',
      'spec.template.spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem',
    ]);
    expect(v[0].message).toBe('init container "init" sets readOnlyRootFilesystem to false, so its root filesystem is writable');
    expect(v[1].message).toBe('container "app" does not set readOnlyRootFilesystem, so its root filesystem is writable');
    expect(v[3].message).toMatch(/^ephemeral container "debug"/);
  });

  test('skips Windows pods', () => {
    expect(fields(WORKLOAD_READ_ONLY_ROOT_FILESYSTEM, deployment({ os: { name: 'windows' }, containers: [{ name: 'app' }] }))).toEqual([]);
    expect(fields(WORKLOAD_READ_ONLY_ROOT_FILESYSTEM, deployment({ os: { name: 'linux' }, containers: [{ name: 'app' }] }))).toHaveLength(1);
  });
});

describe('workload.service-account', () => {
  test.each([
    [{}, 'spec.template.spec.serviceAccountName', /names no service account/],
    [{ serviceAccountName: '' }, 'spec.template.spec.serviceAccountName', /names no service account/],
    [{ serviceAccountName: 42 }, 'spec.template.spec.serviceAccountName', /names no service account/],
    [{ serviceAccountName: 'default' }, 'spec.template.spec.serviceAccountName', /runs as the namespace's default service account/],
    [{ serviceAccount: 'default' }, 'spec.template.spec.serviceAccount', /default service account/],
    [{ serviceAccountName: 'default', serviceAccount: 'web' }, 'spec.template.spec.serviceAccountName', /default service account/],
  ])('fails %j', (fieldsSet, path, message) => {
    const v = violations(WORKLOAD_SERVICE_ACCOUNT, deployment({ ...fieldsSet, containers: [good('app')] }));
    expect(v.map((x) => formatPath(x.path))).toEqual([path]);
    expect(v[0].message).toMatch(message);
  });

  test.each([
    [{ serviceAccountName: 'web' }],
    [{ serviceAccount: 'web' }],
    [{ serviceAccountName: 'web', serviceAccount: 'default' }],
  ])('passes %j', (fieldsSet) => {
    expect(violations(WORKLOAD_SERVICE_ACCOUNT, deployment({ ...fieldsSet, containers: [good('app')] }))).toEqual([]);
  });

  test('points at the pod spec of a bare Pod', () => {
    expect(fields(WORKLOAD_SERVICE_ACCOUNT, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} })).toEqual(['spec.serviceAccountName']);
  });
});

describe('workload.service-account-token', () => {
  test.each([
    [undefined, /does not set automountServiceAccountToken: false/],
    [true, /sets automountServiceAccountToken to true/],
    ['false', /sets automountServiceAccountToken to "false"/],
  ])('fails automountServiceAccountToken %j', (value, message) => {
    const spec: Record<string, any> = { serviceAccountName: 'web', containers: [good('app')] };
    if (value !== undefined) spec.automountServiceAccountToken = value;
    const v = violations(WORKLOAD_SERVICE_ACCOUNT_TOKEN, deployment(spec));
    expect(v.map((x) => formatPath(x.path))).toEqual(['spec.template.spec.automountServiceAccountToken']);
    expect(v[0].message).toMatch(message);
  });

  test('passes automountServiceAccountToken: false', () => {
    expect(violations(WORKLOAD_SERVICE_ACCOUNT_TOKEN, deployment({ automountServiceAccountToken: false }))).toEqual([]);
  });
});

describe('workload.probes', () => {
  test('fails regular and sidecar containers without probes; init and ephemeral containers are not checked', () => {
    const object = deployment({
      initContainers: [{ name: 'init' }, { name: 'proxy', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 15000 } } }],
      containers: [{ name: 'app' }, { name: 'half', livenessProbe: 'yes' }],
      ephemeralContainers: [{ name: 'debug' }],
    });
    const v = violations(WORKLOAD_PROBES, object);
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'spec.template.spec.initContainers[1].livenessProbe',
      'spec.template.spec.containers[0].livenessProbe',
      'spec.template.spec.containers[0].readinessProbe',
      'spec.template.spec.containers[1].livenessProbe',
      'spec.template.spec.containers[1].readinessProbe',
    ]);
    expect(v[0].message).toBe('sidecar container "proxy" has no livenessProbe');
    expect(v[2].message).toBe('container "app" has no readinessProbe');
  });

  test('skips Jobs, CronJobs, Pods they own and run-to-completion Pods', () => {
    const noProbes = { containers: [{ name: 'task' }] };
    expect(violations(WORKLOAD_PROBES, deployment(noProbes, 'Job'))).toEqual([]);
    expect(violations(WORKLOAD_PROBES, {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { jobTemplate: { spec: { template: { spec: noProbes } } } },
    })).toEqual([]);
    expect(violations(WORKLOAD_PROBES, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'u' }] },
      spec: noProbes,
    })).toEqual([]);
    expect(violations(WORKLOAD_PROBES, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { ...noProbes, restartPolicy: 'Never' } })).toEqual([]);
  });

  test('checks Pods owned by something else', () => {
    expect(fields(WORKLOAD_PROBES, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', ownerReferences: [{ kind: 'ReplicaSet', name: 'rs' }, 'junk'] },
      spec: { containers: [{ name: 'app' }] },
    })).toEqual(['spec.containers[0].livenessProbe', 'spec.containers[0].readinessProbe']);
  });
});

describe('isSecretLikeEnvName', () => {
  test.each([
    'PASSWORD', 'DB_PASSWORD', 'db_password', 'MYSQL_ROOT_PASSWORD', 'POSTGRES_PASSWD', 'DB_PWD', 'REDIS-PASSWORD', 'smtp.password',
    'dbPassword', 'clientSecret', 'apiKey', 'GITHUB_TOKEN', 'ACCESS_TOKEN', 'TOKEN', 'SECRET', 'CLIENT_SECRET', 'JWT_SECRETS',
    'API_KEY', 'APIKEY', 'STRIPE_APIKEY', 'AWS_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'ACCESSKEY', 'PRIVATE_KEY',
    'SSH_PRIVATEKEY', 'KEY', 'ENCRYPTION_KEY', 'SIGNING_KEY_V2', 'CONNECTIONSTRING', 'CONNECTION_STRING', 'DB_CONNECTION_STRING',
    'SQL_CONNECTIONSTRING', 'ConnectionStrings__Default_ConnectionString', 'CREDENTIAL', 'CREDENTIALS', 'GOOGLE_CREDENTIALS', 'SA_CREDENTIAL_JSON',
    'SESSION_KEYS', 'BACKUP_PASSPHRASE',
  ])('%s is secret-like', (name) => {
    expect(isSecretLikeEnvName(name)).toBe(true);
  });

  test.each([
    'KEYCLOAK_URL', 'MONKEY', 'TURKEY_MODE', 'KEYBOARD_LAYOUT', 'PASSWORDLESS_LOGIN', 'TOKENIZER_MODEL', 'SECRETARY', 'HOTKEY',
    'PWD', 'OLDPWD', 'PASSWORD_FILE', 'DB_PASSWORD_PATH', 'AZURE_FEDERATED_TOKEN_FILE', 'TOKEN_URL', 'SECRET_NAME', 'KEY_VAULT_URI',
    'PUBLIC_KEY', 'JWT_PUBLIC_KEY', 'CONNECTION_TIMEOUT', 'STRING', 'LOG_LEVEL', 'PATH', 'HOME', '', '___', 'AZURE_CLIENT_ID',
  ])('%s is not secret-like', (name) => {
    expect(isSecretLikeEnvName(name)).toBe(false);
  });

  test('tolerates non-string input at run time', () => {
    expect(isSecretLikeEnvName(undefined as unknown as string)).toBe(false);
  });
});

describe('workload.secret-env', () => {
  test('fails literal values of secret-like variables in any container', () => {
    const object = deployment({
      initContainers: [{ name: 'migrate', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }],
      containers: [{
        name: 'app',
        env: [
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'API_KEY', value: 'abc' },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          { name: 'EMPTY_TOKEN', value: '' },
          { name: 'PIN_SECRET', value: 1234 },
          'junk',
          { value: 'no name' },
        ],
      }],
      ephemeralContainers: [{ name: 'debug', env: [{ name: 'GITHUB_TOKEN', value: 'ghp_x' }] }],
    });
    const v = violations(WORKLOAD_SECRET_ENV, object);
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'spec.template.spec.initContainers[0].env[0].value',
      'spec.template.spec.containers[0].env[1].value',
      'spec.template.spec.containers[0].env[4].value',
      'spec.template.spec.ephemeralContainers[0].env[0].value',
    ]);
    expect(v[1].message).toBe('container "app" sets the secret-like environment variable API_KEY to a literal value');
    expect(v.map((x) => x.message).join('\n')).not.toMatch(/hunter2|abc|ghp_x/); // never echo the secret
  });

  test('passes secretKeyRef, non-secret names and non-array env', () => {
    expect(violations(WORKLOAD_SECRET_ENV, deployment({
      containers: [
        { name: 'a', env: [{ name: 'KEYCLOAK_URL', value: 'https://kc' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] },
        { name: 'b', env: { DB_PASSWORD: 'x' } },
      ],
    }))).toEqual([]);
  });
});

test('WORKLOAD_CONTROLS lists the nine controls with well-formed metadata', () => {
  expect(WORKLOAD_CONTROLS.map((c) => [c.id, c.severity, c.scope])).toEqual([
    ['workload.memory-limit', 'error', 'workload'],
    ['workload.cpu-request', 'warning', 'workload'],
    ['workload.no-cpu-limit', 'warning', 'workload'],
    ['workload.read-only-root-filesystem', 'error', 'workload'],
    ['workload.privileged-port', 'warning', 'workload'],
    ['workload.service-account', 'warning', 'workload'],
    ['workload.service-account-token', 'warning', 'workload'],
    ['workload.probes', 'note', 'workload'],
    ['workload.secret-env', 'error', 'workload'],
  ]);
  for (const c of WORKLOAD_CONTROLS) {
    expect(c.id).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
    expect(c.guidance.length).toBeGreaterThan(0);
    expect(c.references.length).toBeGreaterThan(0);
    expect(Array.isArray(c.satisfiedBy)).toBe(true);
  }
});

describe('workload.privileged-port', () => {
  const podWithPorts = (ports: unknown) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { initContainers: [{ name: 'init', image: 'x', ports: [{ containerPort: 9000 }] }], containers: [{ name: 'web', image: 'x', ports }] },
  });

  test('fails a container that listens below 1024, at the port', () => {
    const v = violations(WORKLOAD_PRIVILEGED_PORT, podWithPorts([{ containerPort: 8080 }, { containerPort: 443 }]));
    expect(v.map((x) => formatPath(x.path))).toEqual(['spec.containers[0].ports[1].containerPort']);
    expect(v[0].message).toMatch(/privileged port 443/);
  });

  test('passes ports of 1024 and more, missing ports and odd values', () => {
    expect(violations(WORKLOAD_PRIVILEGED_PORT, podWithPorts([{ containerPort: 1024 }, { containerPort: 8443 }]))).toEqual([]);
    expect(violations(WORKLOAD_PRIVILEGED_PORT, podWithPorts(undefined))).toEqual([]);
    expect(violations(WORKLOAD_PRIVILEGED_PORT, podWithPorts([{ containerPort: '80' }, null, 7]))).toEqual([]);
  });
});
