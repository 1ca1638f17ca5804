import type { IConstruct } from 'constructs';
import { DEFAULT_ALLOWED_REGISTRIES } from '../audit/engine';

/** Label and taint key that groups namespaces and node pools by sensitivity. */
export const SENSITIVITY_KEY = 'kubeward.io/sensitivity';

/** Label keys of the cost-allocation labels kubeward writes (Kubecost-style chargeback). */
export const COST_LABELS = {
  /** The owning team. */
  team: 'kubeward.io/team',
  /** The cost centre charged. */
  costCenter: 'kubeward.io/cost-center',
} as const;

/**
 * A sensitivity level: namespaces at one level run on node pools tainted
 * `kubeward.io/sensitivity=<level>:NoSchedule` and labelled the same, and network policies refuse
 * traffic from other levels (guidance E-11, E-12, E-23).
 */
export class Sensitivity {
  /** Public-facing workloads. */
  public static readonly PUBLIC = new Sensitivity('public');
  /** Internal workloads. */
  public static readonly INTERNAL = new Sensitivity('internal');
  /** Confidential workloads (regulated or sensitive data). */
  public static readonly CONFIDENTIAL = new Sensitivity('confidential');

  /**
   * A level of your own (for example `pci`). It must be a valid label value: up to 63
   * characters, alphanumerics, `-`, `_` or `.`, starting and ending with an alphanumeric.
   */
  public static of(level: string): Sensitivity {
    if (!/^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/.test(level)) {
      throw new Error(`Sensitivity.of('${level}'): a sensitivity level must be a lowercase label value (a-z, 0-9, '-', '_', '.'; at most 63 characters)`);
    }
    return new Sensitivity(level);
  }

  private constructor(
    /** The level's name: the value of the `kubeward.io/sensitivity` label and taint. */
    public readonly level: string,
  ) {}
}

/**
 * What a namespace tells the hardened workloads created in it. `SecureNamespace` provides it;
 * workloads find it on the nearest ancestor in the construct tree (or take it as a prop).
 */
export interface WorkloadPolicy {
  /** The namespace workloads are placed in. */
  readonly namespaceName: string;
  /**
   * The namespace's sensitivity level: workloads get the matching nodeSelector and toleration.
   * @default - no sensitivity: workloads schedule on any node
   */
  readonly sensitivity?: Sensitivity;
  /**
   * Registries images may come from.
   * @default - the app's list (context key `kubeward:allowedRegistries`), else DEFAULT_ALLOWED_REGISTRIES
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Cost-allocation labels to copy onto workloads (keys from COST_LABELS).
   * @default {}
   */
  readonly costLabels?: Readonly<Record<string, string>>;
}

/** A construct that sets the policy of the workloads created inside it (SecureNamespace). */
export interface IWorkloadPolicySource extends IConstruct {
  /** The policy its workloads follow. */
  readonly workloadPolicy: WorkloadPolicy;
}

/** The cdk8s context key for app-wide allowed registries (a string array or comma-separated string). */
export const ALLOWED_REGISTRIES_CONTEXT = 'kubeward:allowedRegistries';

function isPolicySource(c: IConstruct): c is IWorkloadPolicySource {
  const policy = (c as Partial<IWorkloadPolicySource>).workloadPolicy;
  return typeof policy === 'object' && policy !== null && typeof policy.namespaceName === 'string';
}

/** The policy of the nearest ancestor of `scope` (itself included) that sets one, if any. */
export function findWorkloadPolicy(scope: IConstruct): WorkloadPolicy | undefined {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (isPolicySource(scopes[i])) return (scopes[i] as IWorkloadPolicySource).workloadPolicy;
  }
  return undefined;
}

/**
 * The allowed registries for a construct: its namespace's list, else the app's context value
 * `kubeward:allowedRegistries`, else DEFAULT_ALLOWED_REGISTRIES.
 */
export function allowedRegistriesFor(scope: IConstruct, policy?: WorkloadPolicy): readonly string[] {
  if (policy?.allowedRegistries) return policy.allowedRegistries;
  const fromContext: unknown = scope.node.tryGetContext(ALLOWED_REGISTRIES_CONTEXT);
  if (typeof fromContext === 'string') return fromContext.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(fromContext) && fromContext.every((s) => typeof s === 'string')) return fromContext;
  return DEFAULT_ALLOWED_REGISTRIES;
}
