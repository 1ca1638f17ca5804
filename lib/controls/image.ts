import { GUIDANCE } from './guidance';
import { HARDENED_WORKLOADS } from './implementations';
import type { ContainerRef, Control, Reference, Violation, WorkloadControl } from './types';

/**
 * A container image reference split into its parts, as Docker and containerd read it:
 * `[registry/]repository[:tag][@digest]`.
 */
export interface ImageReference {
  /**
   * The registry host, with its port when one is given (`myacr.azurecr.io`, `localhost:5000`).
   * `docker.io` when the reference names none. Empty only when the reference is empty.
   */
  readonly registry: string;
  /**
   * The repository path inside the registry (`team-a/api`); Docker Hub images with a single
   * path segment get the `library/` prefix (`nginx` → `library/nginx`).
   */
  readonly repository: string;
  /** The tag, when there is one (`1.25.3`). */
  readonly tag?: string;
  /** The digest, when there is one (`sha256:…`). */
  readonly digest?: string;
  /**
   * Why the reference is not valid, when it is not (empty, whitespace, bad characters, an
   * upper-case repository, a malformed tag or digest). The other fields are then a best effort.
   */
  readonly error?: string;
}

const DEFAULT_REGISTRY = 'docker.io';
const LEGACY_DEFAULT_REGISTRY = 'index.docker.io';
const OFFICIAL_REPOSITORY_PREFIX = 'library/';
const MAX_NAME_LENGTH = 255;

const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IPV6_HOST = /^\[[a-fA-F0-9:.]+\]$/;
const PORT = /^[0-9]+$/;
const DIGEST_ALGORITHM = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*$/;
const DIGEST_ENCODED = /^[a-zA-Z0-9=_-]+$/;
const HEX_64 = /^[a-f0-9]{64}$/;
/** Hex lengths of the digest algorithms registries support (as go-digest does). */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Parses an image reference as Docker does (`distribution/reference`'s normalised names):
 * the first path segment is a registry only if it contains `.` or `:`, is `localhost`, or has
 * upper-case letters; otherwise the registry is `docker.io`, and a single-segment Docker Hub
 * name gets the `library/` prefix. `index.docker.io` is read as `docker.io`.
 *
 * Never throws: for input that is not a valid reference it returns its best reading with
 * `error` set.
 *
 * @example parseImageReference('nginx:1.25') // { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' }
 * @example parseImageReference('localhost:5000/app@sha256:…') // { registry: 'localhost:5000', repository: 'app', digest: 'sha256:…' }
 */
export function parseImageReference(ref: string): ImageReference {
  if (typeof ref !== 'string') return parseUncached(ref);
  let parsed = PARSED.get(ref);
  if (!parsed) {
    // Manifests repeat the same few images: parse each once (the cache is bounded).
    if (PARSED.size >= PARSED_CACHE_SIZE) PARSED.clear();
    parsed = Object.freeze(parseUncached(ref));
    PARSED.set(ref, parsed);
  }
  return parsed;
}

const PARSED_CACHE_SIZE = 4096;
const PARSED = new Map<string, ImageReference>();

function parseUncached(ref: string): ImageReference {
  if (typeof ref !== 'string') return { registry: '', repository: '', error: 'the image reference is not a string' };
  const text = ref.trim();
  if (text === '') return { registry: '', repository: '', error: 'the image reference is empty' };
  const errors: string[] = [];
  if (text !== ref) errors.push('it has leading or trailing whitespace');

  // name[:tag][@digest]: the digest follows the first '@', the tag the last ':' after the last '/'.
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem) errors.push(problem);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) errors.push(`the tag ${JSON.stringify(tag)} is not a valid tag`);
  }

  if (HEX_64.test(rest) && digest === undefined && tag === undefined) {
    errors.push('a 64-character hexadecimal string is an image ID, not a repository name');
  }
  const { registry, repository } = splitRegistry(rest);
  errors.push(...nameProblems(registry, repository, rest));

  return {
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
  };
}

/** Splits `name` (no tag, no digest) into registry and repository, defaulting as Docker does. */
function splitRegistry(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  let registry = DEFAULT_REGISTRY;
  let repository = name;
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      registry = first;
      repository = name.slice(slash + 1);
    }
  }
  if (registry === LEGACY_DEFAULT_REGISTRY) registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && repository !== '' && !repository.includes('/')) {
    repository = OFFICIAL_REPOSITORY_PREFIX + repository;
  }
  return { registry, repository };
}

/** What is wrong with a registry and repository, if anything. */
function nameProblems(registry: string, repository: string, written: string): string[] {
  const problems: string[] = [];
  if (written.length > MAX_NAME_LENGTH) problems.push(`the name is longer than ${MAX_NAME_LENGTH} characters`);
  if (!validRegistryHost(registry)) problems.push(`${JSON.stringify(registry)} is not a valid registry host`);
  if (repository === '') {
    problems.push('it names no repository');
  } else if (repository.toLowerCase() !== repository && repository.split('/').every((c) => PATH_COMPONENT.test(c.toLowerCase()))) {
    problems.push('the repository name must be lowercase');
  } else if (!repository.split('/').every((c) => PATH_COMPONENT.test(c))) {
    problems.push(`${JSON.stringify(repository)} is not a valid repository name`);
  }
  return problems;
}

/** True for `host[:port]` where host is a DNS name, an IPv4 address or a bracketed IPv6 address. */
function validRegistryHost(registry: string): boolean {
  let host = registry;
  if (registry.startsWith('[')) {
    const close = registry.indexOf(']');
    if (close < 0) return false;
    host = registry.slice(0, close + 1);
    const after = registry.slice(close + 1);
    if (after !== '' && !(after.startsWith(':') && PORT.test(after.slice(1)))) return false;
    return IPV6_HOST.test(host);
  }
  const colon = registry.indexOf(':');
  if (colon >= 0) {
    host = registry.slice(0, colon);
    if (!PORT.test(registry.slice(colon + 1))) return false;
  }
  return host !== '' && host.split('.').every((label) => HOST_LABEL.test(label));
}

/** What is wrong with a digest (`algorithm:encoded`), or undefined when it is valid. */
function digestProblem(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  const algorithm = colon >= 0 ? digest.slice(0, colon) : '';
  const encoded = colon >= 0 ? digest.slice(colon + 1) : '';
  if (!DIGEST_ALGORITHM.test(algorithm) || !DIGEST_ENCODED.test(encoded)) {
    return `the digest ${JSON.stringify(digest)} is not of the form algorithm:hex`;
  }
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) return `the digest algorithm ${JSON.stringify(algorithm)} is not supported`;
  if (encoded.length !== length || !/^[a-f0-9]+$/.test(encoded)) {
    return `a ${algorithm} digest is ${length} lowercase hexadecimal characters`;
  }
  return undefined;
}

/** True when the reference carries a valid digest, which pins the image whatever its tag. */
export function isPinnedByDigest(ref: ImageReference): boolean {
  return ref.digest !== undefined && digestProblem(ref.digest) === undefined;
}

/**
 * True when the image's registry matches one of the allowed entries:
 * - a host (`mcr.microsoft.com`, `localhost:5000`): that registry, exactly (ports count);
 * - a wildcard (`*.azurecr.io`): any subdomain of it, not the bare domain;
 * - a host or wildcard followed by a path (`myacr.azurecr.io/team-a`): repositories under that
 *   path, on a `/` boundary (`team-a` and `team-a/api`, not `team-ab`).
 *
 * Hosts compare case-insensitively, `index.docker.io` reads as `docker.io`, and a scheme
 * (`https://`) or trailing `/` on an entry is ignored. Docker Hub's official images live under
 * `docker.io/library/…`. An invalid or empty entry matches nothing, so an empty list allows
 * no registry at all.
 */
export function isAllowedRegistry(ref: ImageReference, allowed: readonly string[]): boolean {
  if (ref.registry === '') return false;
  const registry = normaliseHost(ref.registry);
  for (const entry of allowed) {
    if (typeof entry !== 'string') continue;
    const text = entry.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
    if (text === '') continue;
    const slash = text.indexOf('/');
    const hostPattern = normaliseHost(slash >= 0 ? text.slice(0, slash) : text);
    const pathPrefix = slash >= 0 ? text.slice(slash + 1) : '';
    if (!hostMatches(registry, hostPattern)) continue;
    if (pathPrefix === '' || ref.repository === pathPrefix || ref.repository.startsWith(`${pathPrefix}/`)) return true;
  }
  return false;
}

function normaliseHost(host: string): string {
  const lower = host.toLowerCase();
  return lower === LEGACY_DEFAULT_REGISTRY ? DEFAULT_REGISTRY : lower;
}

function hostMatches(registry: string, pattern: string): boolean {
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return suffix.length > 1 && registry.length > suffix.length && registry.endsWith(suffix);
  }
  return registry === pattern;
}

/** The container's image as written, or undefined when it is missing or not a string. */
function imageOf(container: ContainerRef): string | undefined {
  return typeof container.spec.image === 'string' ? container.spec.image : undefined;
}

/**
 * Why the container's image reference is mutable or unusable, or undefined when it is an
 * immutable reference (a valid digest, or a valid tag other than `latest`).
 */
function mutableReason(container: ContainerRef): string | undefined {
  const image = imageOf(container);
  const who = `container ${JSON.stringify(container.name)}`;
  if (image === undefined || image.trim() === '') {
    return `${who} names no image`;
  }
  const ref = parseImageReference(image);
  if (ref.error !== undefined) return `${who} image ${JSON.stringify(image)} is not a valid reference (${ref.error})`;
  if (isPinnedByDigest(ref)) return undefined;
  if (ref.tag === undefined) return `${who} image ${JSON.stringify(image)} has no tag or digest, so it means the mutable tag latest`;
  if (ref.tag === 'latest') return `${who} image ${JSON.stringify(image)} uses the mutable tag latest`;
  return undefined;
}

const NIST_UNTRUSTED: Reference = { source: 'NIST-800-190', id: '4.1.5 Use of untrusted images' };
const NIST_STALE: Reference = { source: 'NIST-800-190', id: '4.2.2 Stale images in registries' };
const NSA_IMAGES: Reference = { source: 'NSA-CISA', id: 'Pod security: Building secure container images' };
const OWASP_AUTHORIZED: Reference = { source: 'OWASP', id: 'Ensure That Only Authorized Images are used in Your Environment' };

/** `image.mutable-tag`: every container names an image by a fixed tag or a digest, never `latest` or no tag. */
export const IMAGE_MUTABLE_TAG: WorkloadControl = {
  id: 'image.mutable-tag',
  title: 'Container images are referenced by a fixed version tag or a digest, not latest or no tag',
  severity: 'error',
  scope: 'workload',
  guidance: [GUIDANCE.eRegistry, GUIDANCE.eApplication, GUIDANCE.wLifecycle],
  checklist: ['E-05'],
  references: [NIST_STALE, NSA_IMAGES],
  rationale:
    'A missing tag means latest, and latest (like any re-pushed tag) can point at a different image on each pull, so what runs ' +
    'is not what was scanned, signed and approved, and a node may run a different version than its neighbours.',
  remediation:
    'Reference the image by digest (`image: registry/repo@sha256:<digest>`), or at least by a version tag that is never re-pushed ' +
    '(`registry/repo:1.4.2`).',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload) => {
    const found: Violation[] = [];
    for (const container of workload.containers) {
      const reason = mutableReason(container);
      if (reason !== undefined) found.push({ path: [...container.path, 'image'], message: reason });
    }
    return found;
  },
};

/** `image.digest`: every container's image is pinned by digest. */
export const IMAGE_DIGEST: WorkloadControl = {
  id: 'image.digest',
  title: 'Container images are pinned by digest',
  severity: 'warning',
  scope: 'workload',
  guidance: [GUIDANCE.eRegistry, GUIDANCE.wLifecycle],
  checklist: ['E-05', 'W-01'],
  references: [NIST_STALE, NSA_IMAGES],
  rationale:
    'Only a digest names the exact image content: a version tag can still be moved by anyone who can push to the repository, ' +
    'while a digest ties the deployment to the image that was scanned and signed.',
  remediation:
    'Append the digest of the approved image to the reference (`registry/repo:1.4.2@sha256:<64 hex>`); tools such as ' +
    '`crane digest` or `az acr repository show` print it.',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload) => {
    const found: Violation[] = [];
    for (const container of workload.containers) {
      if (mutableReason(container) !== undefined) continue; // image.mutable-tag already reports it
      const image = imageOf(container) as string;
      if (!isPinnedByDigest(parseImageReference(image))) {
        found.push({
          path: [...container.path, 'image'],
          message: `container ${JSON.stringify(container.name)} image ${JSON.stringify(image)} is not pinned by digest`,
        });
      }
    }
    return found;
  },
};

/** `image.allowed-registry`: every container's image comes from an allowed registry. */
export const IMAGE_ALLOWED_REGISTRY: WorkloadControl = {
  id: 'image.allowed-registry',
  title: 'Container images come from an allowed registry',
  severity: 'error',
  scope: 'workload',
  guidance: [GUIDANCE.eApplication, GUIDANCE.eRegistry, GUIDANCE.wLifecycle, GUIDANCE.eDesignRecommendations],
  checklist: ['E-20', 'W-01', 'E-31'],
  references: [
    NIST_UNTRUSTED,
    OWASP_AUTHORIZED,
    { source: 'OWASP', id: 'Create policies to govern image provenance using the ImagePolicyWebhook' },
    { source: 'CIS', id: '5.5.1' },
  ],
  rationale:
    'Images pulled from arbitrary registries bypass the scanning, signing and approval that the organisation\'s own registry ' +
    'enforces; running only images from trusted registries keeps unvetted or malicious software off the cluster.',
  remediation:
    'Import the image into an allowed registry (for example `az acr import` into your Azure Container Registry) and reference it ' +
    'there, or add its registry to the allowed registries if it is trusted.',
  satisfiedBy: HARDENED_WORKLOADS,
  check: (workload, context) => {
    const found: Violation[] = [];
    const forNamespace = context.namespaceRegistries?.get(workload.namespace ?? 'default');
    const list = forNamespace ?? context.allowedRegistries;
    const allowed = Array.isArray(list) ? list : [];
    for (const container of workload.containers) {
      const image = imageOf(container);
      if (image === undefined || image.trim() === '') continue; // image.mutable-tag reports a missing image
      const ref = parseImageReference(image);
      if (ref.registry === '' || isAllowedRegistry(ref, allowed)) continue;
      const where = allowed.length === 0
        ? 'no registry is allowed (the allowed registries list is empty)'
        : `it is not in the allowed registries (${allowed.join(', ')})`;
      found.push({
        path: [...container.path, 'image'],
        message: `container ${JSON.stringify(container.name)} image ${JSON.stringify(image)} comes from ${ref.registry}/${ref.repository}, but ${where}`,
      });
    }
    return found;
  },
};

/** Controls of the `image` domain: how containers name their images and where they come from. */
export const IMAGE_CONTROLS: readonly Control[] = [IMAGE_MUTABLE_TAG, IMAGE_DIGEST, IMAGE_ALLOWED_REGISTRY];
