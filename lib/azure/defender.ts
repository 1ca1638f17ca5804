import * as authorization from '@pulumi/azure-native/authorization';
import * as security from '@pulumi/azure-native/security';
import * as pulumi from '@pulumi/pulumi';
import { type JustifiedArg, requireJustification } from './common';

/**
 * `DefenderForContainers`: the subscription's Microsoft Defender for Containers plan at Standard
 * with its extensions on. The plan also covers the registry: the old "Defender for container
 * registries" plan (`ContainerRegistry` pricing) is deprecated, replaced by the Containers plan's
 * `ContainerRegistriesVulnerabilityAssessments` extension, and can no longer be enabled on a
 * subscription that does not already have it, so it is not created.
 */

/** The Defender for Containers extensions kubeward turns on, by the name the Pricing API uses. */
export const DEFENDER_CONTAINERS_EXTENSIONS = {
  /** Vulnerability assessment of images in registries (Microsoft Defender Vulnerability Management); Defender for the registry. */
  registryVulnerabilityAssessment: 'ContainerRegistriesVulnerabilityAssessments',
  /** API-based, agentless discovery of clusters, their configuration and workloads. */
  agentlessDiscovery: 'AgentlessDiscoveryForKubernetes',
  /** Agentless scanning of machines: vulnerability assessment of the containers running on nodes. */
  agentlessVmScanning: 'AgentlessVmScanning',
  /** The Defender sensor on the nodes: runtime threat detection. */
  sensor: 'ContainerSensor',
} as const;

/** One of the extensions kubeward manages. */
export type DefenderContainersExtension = keyof typeof DEFENDER_CONTAINERS_EXTENSIONS;

/** Arguments of {@link DefenderForContainers}. */
export interface DefenderForContainersArgs {
  /**
   * The subscription whose plan is set.
   * @default - the subscription of the Azure provider (`authorization.getClientConfig`)
   */
  readonly subscriptionId?: pulumi.Input<string>;
  /**
   * `{ value: false, justification }` turns the Defender sensor off (weakens `defender.containers`:
   * no runtime threat detection on the nodes).
   * @default - on
   */
  readonly sensor?: JustifiedArg<false>;
  /**
   * `{ value: false, justification }` turns agentless discovery for Kubernetes off (weakens
   * `defender.containers`).
   * @default - on
   */
  readonly agentlessDiscovery?: JustifiedArg<false>;
  /**
   * `{ value: false, justification }` turns agentless machine scanning off (weakens
   * `defender.containers`: running containers are no longer assessed for vulnerabilities).
   * @default - on
   */
  readonly agentlessVmScanning?: JustifiedArg<false>;
  /**
   * `{ value: false, justification }` turns registry image vulnerability assessment off (weakens
   * `defender.registry`).
   * @default - on
   */
  readonly registryVulnerabilityAssessment?: JustifiedArg<false>;
}

const CONTROL: Record<DefenderContainersExtension, string> = {
  registryVulnerabilityAssessment: 'defender.registry',
  agentlessDiscovery: 'defender.containers',
  agentlessVmScanning: 'defender.containers',
  sensor: 'defender.containers',
};

const WHY_ON: Record<DefenderContainersExtension, string> = {
  registryVulnerabilityAssessment: 'Keep it on so images pushed to, imported into or pulled from the registry are scanned, and let the registry allow trusted services (PrivateRegistry does by default) so private registries are scanned too.',
  agentlessDiscovery: 'Keep it on: it gives Defender the cluster inventory and posture findings without any agent.',
  agentlessVmScanning: 'Keep it on: it assesses the images actually running on the nodes.',
  sensor: 'Keep it on and let the cluster run the Defender sensor (SecureAksCluster wires securityProfile.defender).',
};

/**
 * Microsoft Defender for Containers on a subscription. See `docs/azure/defender.md`.
 */
export class DefenderForContainers extends pulumi.ComponentResource {
  /** The Containers pricing's ARM id. */
  public readonly pricingId: pulumi.Output<string>;
  /** The pricing tier (always `Standard`). */
  public readonly pricingTier: pulumi.Output<string>;
  /** The scope the plan is set on, `subscriptions/<id>`. */
  public readonly scopeId: pulumi.Output<string>;
  /** Whether each extension is on. */
  public readonly extensions: Readonly<Record<DefenderContainersExtension, boolean>>;
  /**
   * The justification of each weakened control, by tag name (`kubeward-justification-<control>`).
   * Pricings carry no tags, so the record lives here and in the component's outputs.
   */
  public readonly justifications: Readonly<Record<string, string>>;

  constructor(name: string, args: DefenderForContainersArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('kubeward:azure:DefenderForContainers', name, {}, opts);

    if (typeof args.subscriptionId === 'string' && !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(args.subscriptionId)) {
      throw new pulumi.ResourceError(`DefenderForContainers '${name}' argument 'subscriptionId' is '${args.subscriptionId}': pass the subscription's GUID, without '/subscriptions/'.`, this);
    }

    const justifications: Record<string, string> = {};
    const enabled = {} as Record<DefenderContainersExtension, boolean>;
    for (const key of Object.keys(DEFENDER_CONTAINERS_EXTENSIONS) as DefenderContainersExtension[]) {
      const off = args[key];
      if (off === undefined) {
        enabled[key] = true;
        continue;
      }
      if (off.value !== false) {
        throw new pulumi.ResourceError(`DefenderForContainers '${name}' argument '${key}' has value ${String(off.value)}: the extension is on by default; pass { value: false, justification } only to turn it off [${CONTROL[key]}].`, this);
      }
      Object.assign(justifications, requireJustification(this, {
        argument: `DefenderForContainers '${name}' argument '${key}'`,
        controlId: CONTROL[key],
        fix: WHY_ON[key],
      }, off.justification));
      enabled[key] = false;
    }
    this.extensions = enabled;
    this.justifications = justifications;

    const subscriptionId = args.subscriptionId ?? authorization.getClientConfigOutput({ parent: this }).subscriptionId;
    this.scopeId = pulumi.interpolate`subscriptions/${subscriptionId}`;

    const pricing = new security.Pricing(`${name}-containers`, {
      pricingName: 'Containers',
      pricingTier: 'Standard',
      scopeId: this.scopeId,
      extensions: (Object.keys(DEFENDER_CONTAINERS_EXTENSIONS) as DefenderContainersExtension[]).map((key) => ({
        name: DEFENDER_CONTAINERS_EXTENSIONS[key],
        isEnabled: enabled[key] ? 'True' : 'False',
      })),
    }, { parent: this });

    this.pricingId = pricing.id;
    this.pricingTier = pricing.pricingTier;
    this.registerOutputs({
      pricingId: this.pricingId,
      pricingTier: this.pricingTier,
      scopeId: this.scopeId,
      justifications: this.justifications,
    });
  }
}
