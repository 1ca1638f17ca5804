import { GUIDANCE } from './guidance';
import type { Control, KubeObject, ObjectControl, Reference, Violation } from './types';
import { isRecord } from '../audit/workload';

const NSA_RBAC: Reference = { source: 'NSA-CISA', id: 'Authentication and authorization: Role-based access control' };
const OWASP_RBAC: Reference = { source: 'OWASP', id: 'API Authorization - Implement role-based access control' };
const NIST_ADMIN: Reference = { source: 'NIST-800-190', id: '4.3.1 Unbounded administrative access' };

/** `Role "name"` or `ClusterRoleBinding "name"` for messages. */
function label(object: KubeObject): string {
  return `${object.kind} ${JSON.stringify(object.name)}`;
}

/** `rbac.wildcard`: no Role or ClusterRole rule grants every verb or every resource. */
export const RBAC_WILDCARD: ObjectControl = {
  id: 'rbac.wildcard',
  title: 'Roles and ClusterRoles do not use the wildcard * in verbs or resources',
  severity: 'error',
  scope: 'object',
  kinds: ['Role', 'ClusterRole'],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eDesignRecommendations],
  checklist: ['E-09'],
  references: [{ source: 'CIS', id: '5.1.3' }, NSA_RBAC, OWASP_RBAC, NIST_ADMIN],
  rationale:
    'A wildcard grants every verb or every resource, including ones added to the API later (and with them escalate, bind, ' +
    'impersonate or secrets access), which defeats least privilege.',
  remediation: 'List the exact `verbs` and `resources` the subject needs in each rule instead of `*`.',
  satisfiedBy: [],
  check: (object) => {
    const rules = object.raw.rules;
    if (!Array.isArray(rules)) return [];
    const found: Violation[] = [];
    rules.forEach((rule, i) => {
      if (!isRecord(rule)) return;
      for (const field of ['verbs', 'resources'] as const) {
        const values = rule[field];
        if (!Array.isArray(values)) continue;
        values.forEach((value, j) => {
          if (value !== '*') return;
          found.push({
            path: ['rules', i, field, j],
            message: field === 'verbs'
              ? `${label(object)} rule ${i} grants every verb ('*')`
              : `${label(object)} rule ${i} applies to every resource ('*')`,
          });
        });
      }
    });
    return found;
  },
};

/** True for the binding every cluster bootstraps: `cluster-admin` to the group `system:masters`. */
function isBootstrapClusterAdmin(object: KubeObject): boolean {
  const metadata = object.raw.metadata;
  const labels = isRecord(metadata) ? metadata.labels : undefined;
  const subjects = object.raw.subjects;
  return object.kind === 'ClusterRoleBinding'
    && object.name === 'cluster-admin'
    && isRecord(labels) && labels['kubernetes.io/bootstrapping'] === 'rbac-defaults'
    && Array.isArray(subjects) && subjects.length === 1
    && isRecord(subjects[0]) && subjects[0].kind === 'Group' && subjects[0].name === 'system:masters';
}

/** `rbac.cluster-admin-binding`: no binding grants the cluster-admin ClusterRole. */
export const RBAC_CLUSTER_ADMIN_BINDING: ObjectControl = {
  id: 'rbac.cluster-admin-binding',
  title: 'No RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole',
  severity: 'error',
  scope: 'object',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eDesignRecommendations],
  checklist: ['E-09', 'E-32'],
  references: [{ source: 'CIS', id: '5.1.1' }, NSA_RBAC, OWASP_RBAC, NIST_ADMIN],
  rationale:
    'cluster-admin grants every action on every resource (in the namespace, for a RoleBinding); a subject bound to it, ' +
    'or anyone who compromises it, controls the cluster or namespace outright.',
  remediation:
    'Bind a Role or ClusterRole that grants only the verbs and resources the subject needs; grant cluster administration ' +
    'through Azure RBAC and Entra ID groups rather than in-cluster bindings.',
  satisfiedBy: [],
  check: (object) => {
    const roleRef = object.raw.roleRef;
    if (!isRecord(roleRef) || roleRef.kind !== 'ClusterRole' || roleRef.name !== 'cluster-admin') return [];
    if (isBootstrapClusterAdmin(object)) return [];
    return [{ path: ['roleRef', 'name'], message: `${label(object)} grants the cluster-admin ClusterRole` }];
  },
};

/** The names Kubernetes gives unauthenticated requests. */
const ANONYMOUS_NAMES: ReadonlySet<string> = new Set(['system:anonymous', 'system:unauthenticated']);

/** `rbac.anonymous-subject`: no binding grants anything to anonymous or unauthenticated users. */
export const RBAC_ANONYMOUS_SUBJECT: ObjectControl = {
  id: 'rbac.anonymous-subject',
  title: 'No RoleBinding or ClusterRoleBinding grants permissions to anonymous or unauthenticated users',
  severity: 'error',
  scope: 'object',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  guidance: [GUIDANCE.eCluster, GUIDANCE.eDesignRecommendations],
  checklist: ['E-09'],
  references: [
    NSA_RBAC,
    OWASP_RBAC,
    { source: 'NIST-800-190', id: '4.3.2 Unauthorized access' },
    { source: 'Kubernetes', id: 'Anonymous requests', url: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests' },
  ],
  rationale:
    'Requests without credentials run as the user system:anonymous in the group system:unauthenticated; binding a role to ' +
    'either grants it to anyone who can reach the API server.',
  remediation: 'Remove the system:anonymous and system:unauthenticated subjects and bind the role to authenticated identities only.',
  satisfiedBy: [],
  check: (object) => {
    const subjects = object.raw.subjects;
    if (!Array.isArray(subjects)) return [];
    const found: Violation[] = [];
    subjects.forEach((subject, i) => {
      if (!isRecord(subject) || (subject.kind !== 'User' && subject.kind !== 'Group')) return;
      if (typeof subject.name !== 'string' || !ANONYMOUS_NAMES.has(subject.name)) return;
      found.push({
        path: ['subjects', i, 'name'],
        message: `${label(object)} grants its role to the ${subject.kind === 'User' ? 'user' : 'group'} ${subject.name}`,
      });
    });
    return found;
  },
};

/** Controls of the `rbac` domain: Roles, ClusterRoles and their bindings. */
export const RBAC_CONTROLS: readonly Control[] = [RBAC_WILDCARD, RBAC_CLUSTER_ADMIN_BINDING, RBAC_ANONYMOUS_SUBJECT];
