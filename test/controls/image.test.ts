import * as fc from 'fast-check';
import { formatPath } from '../../lib/audit/workload';
import {
  IMAGE_ALLOWED_REGISTRY,
  IMAGE_CONTROLS,
  IMAGE_DIGEST,
  IMAGE_MUTABLE_TAG,
  isAllowedRegistry,
  parseImageReference,
} from '../../lib/controls/image';
import type { Control } from '../../lib/controls/types';
import { violations } from '../helpers';

const SHA = 'a'.repeat(64);
const DIGEST = `sha256:${SHA}`;

/** A Deployment whose containers use the given images (regular containers unless told). */
function deployment(images: { containers?: unknown[]; initContainers?: unknown[]; ephemeralContainers?: unknown[] }): Record<string, any> {
  const toContainers = (list: unknown[] | undefined, prefix: string) =>
    list?.map((image, i) => (image === undefined ? { name: `${prefix}${i}` } : { name: `${prefix}${i}`, image }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      template: {
        spec: {
          containers: toContainers(images.containers, 'c'),
          ...(images.initContainers ? { initContainers: toContainers(images.initContainers, 'i') } : {}),
          ...(images.ephemeralContainers ? { ephemeralContainers: toContainers(images.ephemeralContainers, 'e') } : {}),
        },
      },
    },
  };
}

/** `[field, message]` of each violation. */
function found(control: Control, object: Record<string, any>, allowedRegistries?: readonly string[]): string[] {
  const ctx = allowedRegistries ? { allowedRegistries } : undefined;
  return violations(control, object, ctx).map((v) => formatPath(v.path));
}

describe('parseImageReference', () => {
  test.each([
    // Docker Hub defaulting
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.25', { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' }],
    ['bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2' }],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['index.docker.io/library/nginx:1', { registry: 'docker.io', repository: 'library/nginx', tag: '1' }],
    ['docker.io/bitnami/redis', { registry: 'docker.io', repository: 'bitnami/redis' }],
    // Registries: a first segment with '.' or ':', or localhost, or upper case
    ['mcr.microsoft.com/dotnet/aspnet:8.0', { registry: 'mcr.microsoft.com', repository: 'dotnet/aspnet', tag: '8.0' }],
    ['myacr.azurecr.io/team-a/api:1.4.2', { registry: 'myacr.azurecr.io', repository: 'team-a/api', tag: '1.4.2' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/x', { registry: 'localhost:5000', repository: 'x' }],
    ['localhost:5000/x:1.0', { registry: 'localhost:5000', repository: 'x', tag: '1.0' }],
    ['registry:5000/team/app', { registry: 'registry:5000', repository: 'team/app' }],
    ['10.0.0.1:5000/app:v2', { registry: '10.0.0.1:5000', repository: 'app', tag: 'v2' }],
    ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app' }],
    ['Registry/app', { registry: 'Registry', repository: 'app' }],
    ['team/app', { registry: 'docker.io', repository: 'team/app' }],
    // 'localhost:5000' without a path is Docker Hub's library/localhost at tag 5000, as Docker reads it
    ['localhost:5000', { registry: 'docker.io', repository: 'library/localhost', tag: '5000' }],
    // Digests, tag + digest
    [`nginx@${DIGEST}`, { registry: 'docker.io', repository: 'library/nginx', digest: DIGEST }],
    [`myacr.azurecr.io/app:1.0@${DIGEST}`, { registry: 'myacr.azurecr.io', repository: 'app', tag: '1.0', digest: DIGEST }],
    [`localhost:5000/x@${DIGEST}`, { registry: 'localhost:5000', repository: 'x', digest: DIGEST }],
    [`ghcr.io/org/app:latest@sha512:${'b'.repeat(128)}`, { registry: 'ghcr.io', repository: 'org/app', tag: 'latest', digest: `sha512:${'b'.repeat(128)}` }],
    // Valid separators in repository names
    ['docker.io/a_b__c-d--e.f/g', { registry: 'docker.io', repository: 'a_b__c-d--e.f/g' }],
  ])('%s', (ref, expected) => {
    expect(parseImageReference(ref)).toEqual(expected);
  });

  test.each([
    ['', /empty/],
    ['   ', /empty/],
    [' nginx:1.0', /whitespace/],
    ['NGINX', /lowercase/],
    ['myacr.azurecr.io/Team/App:1', /lowercase/],
    ['nginx:', /not a valid tag/],
    ['nginx:bad/tag', /"nginx:bad" is not a valid registry host/],
    ['a.b_c/g', /not a valid registry host/],
    ['nginx:-x', /not a valid tag/],
    [`nginx:${'a'.repeat(129)}`, /not a valid tag/],
    ['nginx@', /algorithm:hex/],
    ['nginx@sha256:abc', /64 lowercase hexadecimal/],
    [`nginx@sha256:${'A'.repeat(64)}`, /64 lowercase hexadecimal/],
    [`nginx@md5:${'a'.repeat(32)}`, /not supported/],
    ['ng inx', /not a valid repository name/],
    ['a//b', /not a valid repository name/],
    ['/app', /registry host|not a valid repository/],
    ['registry.example.com/', /names no repository/],
    ['host:port/app', /not a valid registry host/],
    ['-bad.io/app', /not a valid registry host/],
    ['app_/x', /not a valid repository name/],
    [SHA, /image ID/],
    [`x/${'a'.repeat(300)}`, /longer than 255/],
  ])('%j is invalid', (ref, reason) => {
    const parsed = parseImageReference(ref);
    expect(parsed.error).toMatch(reason);
  });

  test('tolerates non-string input at run time', () => {
    expect(parseImageReference(42 as unknown as string).error).toBeDefined();
    expect(parseImageReference(undefined as unknown as string).error).toBeDefined();
  });

  test('never throws, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const ref = parseImageReference(s);
        expect(typeof ref.registry).toBe('string');
        expect(typeof ref.repository).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  test('never throws on reference-shaped strings', () => {
    const part = fc.string({ unit: fc.constantFrom('a', 'B', '0', '.', ':', '/', '@', '-', '_', '[', ']', 's', 'h'), maxLength: 40 });
    fc.assert(fc.property(part, (s) => {
      expect(() => parseImageReference(s)).not.toThrow();
    }), { numRuns: 2000 });
  });

  test('round-trips valid references built from parts', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
    const component = fc.stringMatching(/^[a-z0-9]{1,5}([._-][a-z0-9]{1,5}){0,2}$/);
    const arb = fc.record({
      host: fc.array(label, { minLength: 2, maxLength: 3 }).map((ls) => ls.join('.')),
      port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      path: fc.array(component, { minLength: 1, maxLength: 3 }).map((cs) => cs.join('/')),
      tag: fc.option(fc.stringMatching(/^\w[\w.-]{0,10}$/), { nil: undefined }),
      hex: fc.option(fc.stringMatching(/^[a-f0-9]{64}$/), { nil: undefined }),
    });
    fc.assert(fc.property(arb, ({ host, port, path, tag, hex }) => {
      const registry = port === undefined ? host : `${host}:${port}`;
      const text = `${registry}/${path}${tag !== undefined ? `:${tag}` : ''}${hex !== undefined ? `@sha256:${hex}` : ''}`;
      const ref = parseImageReference(text);
      expect(ref.error).toBeUndefined();
      expect(ref.registry).toBe(registry === 'index.docker.io' ? 'docker.io' : registry);
      expect(ref.tag).toBe(tag);
      expect(ref.digest).toBe(hex !== undefined ? `sha256:${hex}` : undefined);
    }), { numRuns: 500 });
  });

  test('is fast on long pathological input', () => {
    const inputs = ['a-'.repeat(20000) + '!', `${'a.'.repeat(20000)}/x`, `${'a'.repeat(50000)}:`, `x/${'a__'.repeat(20000)}`];
    const start = Date.now();
    for (const s of inputs) parseImageReference(s);
    expect(Date.now() - start).toBeLessThan(1000);
  });
});

describe('isAllowedRegistry', () => {
  const allowed = ['mcr.microsoft.com', '*.azurecr.io', 'myacr.example.com/team-a', 'localhost:5000', 'docker.io/library'];
  test.each([
    ['mcr.microsoft.com/dotnet/aspnet:8.0', true],
    ['MCR.Microsoft.com/dotnet/aspnet:8.0', true],
    ['mcr.microsoft.com:443/dotnet/aspnet:8.0', false],
    ['evilmcr.microsoft.com/x', false],
    ['mcr.microsoft.com.evil.io/x', false],
    ['myacr.azurecr.io/app:1', true],
    ['a.b.azurecr.io/app:1', true],
    ['azurecr.io/app:1', false],
    ['myazurecr.io/app:1', false],
    ['myacr.azurecr.io.evil.com/app:1', false],
    ['myacr.azurecr.io:5000/app:1', false],
    ['myacr.example.com/team-a:1', true],
    ['myacr.example.com/team-a/api:1', true],
    ['myacr.example.com/team-a/sub/api:1', true],
    ['myacr.example.com/team-ab/api:1', false],
    ['myacr.example.com/team-b/api:1', false],
    ['myacr.example.com/api:1', false],
    ['localhost:5000/x', true],
    ['localhost/x', false],
    ['localhost:5001/x', false],
    ['nginx:1.25', true],
    ['docker.io/library/nginx:1.25', true],
    ['bitnami/redis:7', false],
    ['ghcr.io/org/app:1', false],
  ])('%s → %s', (image, expected) => {
    expect(isAllowedRegistry(parseImageReference(image), allowed)).toBe(expected);
  });

  test('an empty list allows nothing', () => {
    expect(isAllowedRegistry(parseImageReference('mcr.microsoft.com/x:1'), [])).toBe(false);
  });

  test('ignores schemes, trailing slashes, blanks and non-strings in entries', () => {
    const ref = parseImageReference('myacr.azurecr.io/team-a/api:1');
    expect(isAllowedRegistry(ref, ['https://myacr.azurecr.io/'])).toBe(true);
    expect(isAllowedRegistry(ref, [' myacr.azurecr.io/team-a/ '])).toBe(true);
    expect(isAllowedRegistry(ref, ['', '   ', 42 as unknown as string, '*.', '*'])).toBe(false);
    expect(isAllowedRegistry(parseImageReference('nginx'), ['index.docker.io'])).toBe(true);
  });

  test('an empty reference matches nothing', () => {
    expect(isAllowedRegistry(parseImageReference(''), ['*.azurecr.io'])).toBe(false);
  });
});

describe('image.mutable-tag', () => {
  test('passes version tags and digests, in every kind of container', () => {
    expect(found(IMAGE_MUTABLE_TAG, deployment({
      containers: ['mcr.microsoft.com/app:1.2.3', `myacr.azurecr.io/app@${DIGEST}`],
      initContainers: ['myacr.azurecr.io/init:2'],
      ephemeralContainers: ['mcr.microsoft.com/debug:1'],
    }))).toEqual([]);
  });

  test('a digest pins the image even with the latest tag', () => {
    expect(found(IMAGE_MUTABLE_TAG, deployment({ containers: [`myacr.azurecr.io/app:latest@${DIGEST}`] }))).toEqual([]);
  });

  test('fails latest and no tag, in regular, init and ephemeral containers', () => {
    const v = violations(IMAGE_MUTABLE_TAG, deployment({
      containers: ['mcr.microsoft.com/app:latest', 'nginx'],
      initContainers: ['myacr.azurecr.io/init'],
      ephemeralContainers: ['busybox:latest'],
    }));
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'spec.template.spec.initContainers[0].image',
      'spec.template.spec.containers[0].image',
      'spec.template.spec.containers[1].image',
      'spec.template.spec.ephemeralContainers[0].image',
    ]);
    expect(v[1].message).toBe('container "c0" image "mcr.microsoft.com/app:latest" uses the mutable tag latest');
    expect(v[2].message).toMatch(/"nginx" has no tag or digest/);
  });

  test('a missing, empty, non-string or malformed image is a violation', () => {
    const v = violations(IMAGE_MUTABLE_TAG, deployment({ containers: [undefined, '', 42, 'NGINX:1', 'app@sha256:short'] }));
    expect(v.map((x) => formatPath(x.path))).toEqual([0, 1, 2, 3, 4].map((i) => `spec.template.spec.containers[${i}].image`));
    expect(v[0].message).toBe('container "c0" names no image');
    expect(v[3].message).toMatch(/not a valid reference \(the repository name must be lowercase\)/);
  });

  test('a Pod with no containers has no findings', () => {
    expect(violations(IMAGE_MUTABLE_TAG, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })).toEqual([]);
  });
});

describe('image.digest', () => {
  test('passes images pinned by digest', () => {
    expect(found(IMAGE_DIGEST, deployment({
      containers: [`mcr.microsoft.com/app:1@${DIGEST}`],
      initContainers: [`myacr.azurecr.io/init@${DIGEST}`],
    }))).toEqual([]);
  });

  test('fails a version tag without a digest', () => {
    const v = violations(IMAGE_DIGEST, deployment({ containers: ['mcr.microsoft.com/app:1.2.3'], ephemeralContainers: ['mcr.microsoft.com/debug:1'] }));
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'spec.template.spec.containers[0].image',
      'spec.template.spec.ephemeralContainers[0].image',
    ]);
    expect(v[0].message).toBe('container "c0" image "mcr.microsoft.com/app:1.2.3" is not pinned by digest');
  });

  test('is not raised where image.mutable-tag already fires', () => {
    const object = deployment({ containers: ['nginx', 'app:latest', '', undefined, 'BAD', 'mcr.microsoft.com/ok:1'] });
    expect(found(IMAGE_MUTABLE_TAG, object)).toHaveLength(5);
    expect(found(IMAGE_DIGEST, object)).toEqual(['spec.template.spec.containers[5].image']);
  });
});

describe('image.allowed-registry', () => {
  test('passes images from allowed registries', () => {
    expect(found(IMAGE_ALLOWED_REGISTRY, deployment({
      containers: ['mcr.microsoft.com/app:1', 'myacr.azurecr.io/app:1'],
      initContainers: ['other.azurecr.io/init:1'],
    }))).toEqual([]);
  });

  test('fails images from other registries, Docker Hub included', () => {
    const v = violations(IMAGE_ALLOWED_REGISTRY, deployment({
      containers: ['nginx:1.25', 'ghcr.io/org/app:1'],
      ephemeralContainers: ['busybox:1'],
    }));
    expect(v.map((x) => formatPath(x.path))).toEqual([
      'spec.template.spec.containers[0].image',
      'spec.template.spec.containers[1].image',
      'spec.template.spec.ephemeralContainers[0].image',
    ]);
    expect(v[0].message).toBe(
      'container "c0" image "nginx:1.25" comes from docker.io/library/nginx, but it is not in the allowed registries (mcr.microsoft.com, *.azurecr.io)',
    );
  });

  test('with an empty allowed list every image fails, and the message says why', () => {
    const v = violations(IMAGE_ALLOWED_REGISTRY, deployment({ containers: ['mcr.microsoft.com/app:1'] }), { allowedRegistries: [] });
    expect(v).toHaveLength(1);
    expect(v[0].message).toMatch(/no registry is allowed \(the allowed registries list is empty\)/);
  });

  test('honours path prefixes', () => {
    const object = deployment({ containers: ['myacr.azurecr.io/team-a/api:1', 'myacr.azurecr.io/team-b/api:1'] });
    expect(found(IMAGE_ALLOWED_REGISTRY, object, ['myacr.azurecr.io/team-a'])).toEqual(['spec.template.spec.containers[1].image']);
  });

  test('leaves missing images to image.mutable-tag', () => {
    expect(found(IMAGE_ALLOWED_REGISTRY, deployment({ containers: [undefined, '', '  '] }))).toEqual([]);
  });
});

test('IMAGE_CONTROLS lists the three controls with well-formed metadata', () => {
  expect(IMAGE_CONTROLS.map((c) => [c.id, c.severity, c.scope])).toEqual([
    ['image.mutable-tag', 'error', 'workload'],
    ['image.digest', 'warning', 'workload'],
    ['image.allowed-registry', 'error', 'workload'],
  ]);
  for (const c of IMAGE_CONTROLS) {
    expect(c.id).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
    expect(c.guidance.length).toBeGreaterThan(0);
    expect(c.checklist.length).toBeGreaterThan(0);
    expect(c.references.length).toBeGreaterThan(0);
    expect(c.satisfiedBy).toEqual(['HardenedDeployment', 'HardenedStatefulSet', 'HardenedDaemonSet', 'HardenedJob', 'HardenedCronJob']);
  }
});
