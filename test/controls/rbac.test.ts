import { formatPath } from '../../lib/audit/workload';
import { RBAC_ANONYMOUS_SUBJECT, RBAC_CLUSTER_ADMIN_BINDING, RBAC_CONTROLS, RBAC_WILDCARD } from '../../lib/controls/rbac';
import type { Control } from '../../lib/controls/types';
import { violations } from '../helpers';

function fields(control: Control, object: Record<string, any> | string): string[] {
  return violations(control, object).map((v) => formatPath(v.path));
}

function role(rules: unknown, kind = 'Role'): Record<string, any> {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'r', namespace: 'shop' }, rules };
}

function binding(roleRef: unknown, subjects: unknown, kind = 'RoleBinding', metadata: Record<string, any> = { name: 'b', namespace: 'shop' }): Record<string, any> {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata, roleRef, subjects };
}

describe('rbac.wildcard', () => {
  test('passes explicit verbs and resources, and apiGroups * alone', () => {
    expect(fields(RBAC_WILDCARD, role([
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['*'], resources: ['deployments'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] },
    ]))).toEqual([]);
  });

  test('fails * in verbs and resources, at the exact index', () => {
    const v = violations(RBAC_WILDCARD, `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: too-broad}
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, "*"]
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`);
    expect(v.map((x) => formatPath(x.path))).toEqual(['rules[0].verbs[1]', 'rules[1].verbs[0]', 'rules[1].resources[0]']);
    expect(v[0].message).toBe('ClusterRole "too-broad" rule 0 grants every verb (\'*\')');
    expect(v[2].message).toBe('ClusterRole "too-broad" rule 1 applies to every resource (\'*\')');
  });

  test('checks Roles too', () => {
    expect(fields(RBAC_WILDCARD, role([{ apiGroups: [''], resources: ['*'], verbs: ['get'] }]))).toEqual(['rules[0].resources[0]']);
  });

  test('survives missing or wrongly-typed rules', () => {
    expect(fields(RBAC_WILDCARD, role(undefined, 'ClusterRole'))).toEqual([]);
    expect(fields(RBAC_WILDCARD, role('*'))).toEqual([]);
    expect(fields(RBAC_WILDCARD, role([null, '*', { verbs: '*', resources: { a: '*' } }]))).toEqual([]);
  });
});

describe('rbac.cluster-admin-binding', () => {
  test('passes bindings to other roles, and a Role that happens to be called cluster-admin', () => {
    expect(fields(RBAC_CLUSTER_ADMIN_BINDING, binding({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, []))).toEqual([]);
    expect(fields(RBAC_CLUSTER_ADMIN_BINDING, binding({ kind: 'Role', name: 'cluster-admin' }, []))).toEqual([]);
  });

  test.each(['RoleBinding', 'ClusterRoleBinding'])('fails a %s to cluster-admin', (kind) => {
    const v = violations(RBAC_CLUSTER_ADMIN_BINDING, binding(
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      [{ kind: 'ServiceAccount', name: 'ci', namespace: 'shop' }],
      kind,
    ));
    expect(v.map((x) => formatPath(x.path))).toEqual(['roleRef.name']);
    expect(v[0].message).toBe(`${kind} "b" grants the cluster-admin ClusterRole`);
  });

  test('leaves the built-in system:masters binding alone, but not an imitation of it', () => {
    const builtIn = {
      name: 'cluster-admin',
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    };
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' };
    const masters = [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }];
    expect(fields(RBAC_CLUSTER_ADMIN_BINDING, binding(roleRef, masters, 'ClusterRoleBinding', builtIn))).toEqual([]);
    expect(fields(RBAC_CLUSTER_ADMIN_BINDING, binding(roleRef, [...masters, { kind: 'User', name: 'mallory' }], 'ClusterRoleBinding', builtIn)))
      .toEqual(['roleRef.name']);
  });

  test('survives a missing roleRef', () => {
    expect(fields(RBAC_CLUSTER_ADMIN_BINDING, binding(undefined, undefined))).toEqual([]);
    expect(fields(RBAC_CLUSTER_ADMIN_BINDING, binding('cluster-admin', []))).toEqual([]);
  });
});

describe('rbac.anonymous-subject', () => {
  test('passes authenticated subjects', () => {
    expect(fields(RBAC_ANONYMOUS_SUBJECT, binding({ kind: 'ClusterRole', name: 'view' }, [
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'ServiceAccount', name: 'system:anonymous', namespace: 'shop' },
      { kind: 'User', name: 'alice@example.com' },
    ]))).toEqual([]);
  });

  test.each(['RoleBinding', 'ClusterRoleBinding'])('fails system:anonymous and system:unauthenticated in a %s', (kind) => {
    const v = violations(RBAC_ANONYMOUS_SUBJECT, binding({ kind: 'ClusterRole', name: 'view' }, [
      { kind: 'User', name: 'alice@example.com' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:anonymous' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated' },
    ], kind));
    expect(v.map((x) => formatPath(x.path))).toEqual(['subjects[1].name', 'subjects[2].name']);
    expect(v[0].message).toBe(`${kind} "b" grants its role to the user system:anonymous`);
    expect(v[1].message).toBe(`${kind} "b" grants its role to the group system:unauthenticated`);
  });

  test('survives missing or wrongly-typed subjects', () => {
    expect(fields(RBAC_ANONYMOUS_SUBJECT, binding({}, undefined))).toEqual([]);
    expect(fields(RBAC_ANONYMOUS_SUBJECT, binding({}, [null, 'system:anonymous', { kind: 'User', name: 5 }]))).toEqual([]);
  });
});

test('RBAC_CONTROLS lists the three controls with well-formed metadata', () => {
  expect(RBAC_CONTROLS.map((c) => [c.id, c.severity, c.scope])).toEqual([
    ['rbac.wildcard', 'error', 'object'],
    ['rbac.cluster-admin-binding', 'error', 'object'],
    ['rbac.anonymous-subject', 'error', 'object'],
  ]);
  expect(RBAC_WILDCARD.kinds).toEqual(['Role', 'ClusterRole']);
  expect(RBAC_CLUSTER_ADMIN_BINDING.kinds).toEqual(['RoleBinding', 'ClusterRoleBinding']);
  expect(RBAC_ANONYMOUS_SUBJECT.kinds).toEqual(['RoleBinding', 'ClusterRoleBinding']);
  for (const c of RBAC_CONTROLS) expect(c.satisfiedBy).toEqual([]);
});
