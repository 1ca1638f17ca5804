import * as pulumi from '@pulumi/pulumi';
import { isRealJustification, MIN_JUSTIFICATION_LENGTH } from '../audit/suppressions';

/**
 * What every kubeward Pulumi component shares: the justification of weaker settings, tags, and
 * the naming of children. Import Azure resources from their submodules
 * (`@pulumi/azure-native/containerservice`), never the package root (136 MB).
 */

/** A weaker setting and why it is acceptable. */
export interface JustifiedArg<T> {
  /** The weaker value. */
  readonly value: T;
  /**
   * Why the secure default cannot be kept and what mitigates the risk (at least
   * MIN_JUSTIFICATION_LENGTH characters, not a placeholder). It is recorded as a tag
   * `kubeward-justification-<control>` on the resource it weakens.
   */
  readonly justification: string;
}

/** A weaker choice: which argument, which control it weakens, and what to do instead. */
export interface AzureWeakening {
  /** `SecureAksCluster 'prod' argument 'publicApiServer'`. */
  readonly argument: string;
  /** The control the weaker setting violates, e.g. `aks.private-cluster`. */
  readonly controlId: string;
  /** What to do instead. */
  readonly fix: string;
}

/**
 * Checks a justification; throws a `pulumi.ResourceError` naming the argument, the control and
 * the fix when it is missing, empty or a placeholder.
 * @returns the tag that records it on the weakened resource
 */
export function requireJustification(
  resource: pulumi.Resource, weakening: AzureWeakening, justification: string | undefined,
): Record<string, string> {
  if (typeof justification !== 'string' || !isRealJustification(justification)) {
    const given = String(justification ?? '').trim();
    const what = given === '' ? 'needs a justification' : `has only a placeholder justification ("${given}")`;
    throw new pulumi.ResourceError(
      `${weakening.argument} weakens a secure default and ${what} [${weakening.controlId}]. ${weakening.fix} `
      + `If the weaker setting is really needed, pass { value, justification } with a justification of at least ${MIN_JUSTIFICATION_LENGTH} `
      + 'characters saying why and what mitigates the risk.',
      resource,
    );
  }
  return { [justificationTag(weakening.controlId)]: justification.trim().slice(0, 256) };
}

/** The tag name that records the justification for weakening a control (Azure tag names allow 512 characters, values 256). */
export function justificationTag(controlId: string): string {
  return `kubeward-justification-${controlId}`;
}

/** Tags kubeward puts on every resource it creates, merged with the user's. */
export function kubewardTags(component: string, userTags?: Record<string, string>): Record<string, string> {
  return { 'managed-by': 'kubeward', 'kubeward-component': component, ...(userTags ?? {}) };
}
