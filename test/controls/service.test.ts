import { formatPath } from '../../lib/audit/workload';
import { SERVICE_CONTROLS, SERVICE_EXPOSURE } from '../../lib/controls/service';
import { violations } from '../helpers';

/** A Service with the given spec (and annotations). */
function service(spec: unknown, annotations?: Record<string, string>): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', ...(annotations ? { annotations } : {}) },
    spec,
  };
}

describe('service.exposure', () => {
  test.each([
    [{ type: 'ClusterIP', ports: [{ port: 80 }] }],
    [{ ports: [{ port: 80 }] }],
    [{ type: 'ClusterIP', clusterIP: 'None' }],
    [{ type: 'ExternalName', externalName: 'db.example.com' }],
    [{ type: 'ClusterIP', externalIPs: [] }],
  ])('passes %j', (spec) => {
    expect(violations(SERVICE_EXPOSURE, service(spec))).toEqual([]);
  });

  test('fails type LoadBalancer', () => {
    const v = violations(SERVICE_EXPOSURE, `
apiVersion: v1
kind: Service
metadata: {name: frontend-external}
spec:
  type: LoadBalancer
  selector: {app: frontend}
  ports: [{name: http, port: 80, targetPort: 8080}]
`);
    expect(v.map((x) => formatPath(x.path))).toEqual(['spec.type']);
    expect(v[0].message).toBe('Service "frontend-external" is of type LoadBalancer and exposes its pods outside the cluster');
  });

  test('says when the load balancer is an internal Azure one', () => {
    const v = violations(SERVICE_EXPOSURE, service({ type: 'LoadBalancer' }, { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' }));
    expect(v.map((x) => formatPath(x.path))).toEqual(['spec.type']);
    expect(v[0].message).toMatch(/internal Azure load balancer/);
  });

  test('fails type NodePort', () => {
    const v = violations(SERVICE_EXPOSURE, service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(v.map((x) => formatPath(x.path))).toEqual(['spec.type']);
    expect(v[0].message).toBe('Service "web" is of type NodePort and exposes its pods on a port of every node');
  });

  test('fails externalIPs (CVE-2020-8554), together with the type', () => {
    const v = violations(SERVICE_EXPOSURE, service({ type: 'NodePort', externalIPs: ['203.0.113.10', '203.0.113.11'] }));
    expect(v.map((x) => formatPath(x.path))).toEqual(['spec.type', 'spec.externalIPs']);
    expect(v[1].message).toBe('Service "web" sets externalIPs (203.0.113.10, 203.0.113.11), which can intercept traffic to those addresses (CVE-2020-8554)');
  });

  test('survives a missing or wrongly-typed spec', () => {
    expect(violations(SERVICE_EXPOSURE, service(undefined))).toEqual([]);
    expect(violations(SERVICE_EXPOSURE, service('LoadBalancer'))).toEqual([]);
    expect(violations(SERVICE_EXPOSURE, service({ type: 7, externalIPs: 'x' }))).toEqual([]);
  });

  test('applies to Services only', () => {
    expect(SERVICE_EXPOSURE.kinds).toEqual(['Service']);
    expect(violations(SERVICE_EXPOSURE, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, spec: { type: 'LoadBalancer' } })).toEqual([]);
  });
});

test('SERVICE_CONTROLS lists service.exposure with well-formed metadata', () => {
  expect(SERVICE_CONTROLS.map((c) => [c.id, c.severity, c.scope])).toEqual([['service.exposure', 'warning', 'object']]);
  expect(SERVICE_EXPOSURE.checklist).toEqual(['W-16', 'W-19', 'E-11']);
  expect(SERVICE_EXPOSURE.satisfiedBy).toEqual([]);
});
