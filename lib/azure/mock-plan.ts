import * as pulumi from '@pulumi/pulumi';
import { mappingFor } from './policy/arm-types';

/**
 * Running Pulumi programs in mock mode: no Pulumi CLI, no cloud. Every resource a program
 * registers is recorded with its type, name, URN, parent and inputs. Used by `kubeward plan`
 * and by the tests of every component (one recorder, so tests assert on what `plan` prints).
 */

/** A resource a program registered, as `kubeward plan --format json` prints it. */
export interface PlannedResource {
  /** The Pulumi type token, e.g. `azure-native:containerservice:ManagedCluster`. */
  readonly type: string;
  /** The logical name. */
  readonly name: string;
  /** The URN the engine would give it. */
  readonly urn: string;
  /** The parent's URN, or null for a resource at the top of the program. */
  readonly parent: string | null;
  /** The inputs, resolved. */
  readonly inputs: Record<string, any>;
}

/** The fake subscription and tenant of mock mode. */
export const MOCK_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
export const MOCK_TENANT_ID = '11111111-1111-1111-1111-111111111111';

/**
 * Installs Pulumi's mocks and records every registration. One recorder per process (Pulumi's
 * runtime is global): `MockRecorder.install()` replaces any earlier one.
 */
export class MockRecorder {
  /** Installs the mocks and returns the recorder. */
  public static install(project = 'kubeward', stack = 'plan'): MockRecorder {
    const recorder = new MockRecorder(project, stack);
    void pulumi.runtime.setMocks({
      newResource: (args) => recorder.newResource(args),
      call: (args) => recorder.call(args),
    }, project, stack, false);
    // The mock monitor does not pass the parent to newResource: read it from the request.
    // The same for the explicit dependencies (`dependsOn`), which tests assert on.
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResource(req: { getType(): string; getName(): string; getParent(): string; getDependenciesList(): string[] }, cb: unknown): void;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      const key = `${req.getType()}::${req.getName()}`;
      recorder.parents.set(key, req.getParent() || null);
      recorder.dependencies.set(key, [...req.getDependenciesList()]);
      register(req, cb);
    };
    return recorder;
  }

  private readonly recorded: { type: string; name: string; inputs: Record<string, any> }[] = [];
  private readonly parents = new Map<string, string | null>();
  private readonly dependencies = new Map<string, readonly string[]>();
  private readonly urns = new Map<string, string>();

  private constructor(private readonly project: string, private readonly stack: string) {}

  /** Every resource registered so far, in registration order. */
  public resources(): PlannedResource[] {
    return this.recorded.map((r) => {
      const parent = this.parents.get(`${r.type}::${r.name}`) ?? null;
      return { type: r.type, name: r.name, urn: this.urnOf(r.type, r.name, parent), parent, inputs: r.inputs };
    });
  }

  /** The resources of one type. */
  public ofType(type: string): PlannedResource[] {
    return this.resources().filter((r) => r.type === type);
  }

  /**
   * The URNs a registered resource depends on: its `dependsOn` and the resources whose outputs
   * its inputs use, as the engine would order them.
   */
  public dependenciesOf(type: string, name: string): readonly string[] {
    return this.dependencies.get(`${type}::${name}`) ?? [];
  }

  /** The one resource of a type and name; throws when it is missing. */
  public get(type: string, name: string): PlannedResource {
    const found = this.resources().find((r) => r.type === type && r.name === name);
    if (!found) {
      const names = this.resources().map((r) => `${r.type} ${r.name}`).join('\n  ');
      throw new Error(`no ${type} named '${name}' was registered; registered:\n  ${names}`);
    }
    return found;
  }

  /**
   * Waits until the program has registered everything: the event loop is turned until the
   * number of registrations stops changing (no clock involved).
   */
  public async settle(...outputs: pulumi.Output<unknown>[]): Promise<void> {
    await Promise.all(outputs.map((o) => new Promise<void>((resolve) => o.apply(() => resolve()))));
    let stable = 0;
    let last = -1;
    while (stable < 5) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      stable = this.recorded.length === last ? stable + 1 : 0;
      last = this.recorded.length;
    }
  }

  private urnOf(type: string, name: string, parent: string | null): string {
    const key = `${type}::${name}`;
    const cached = this.urns.get(key);
    if (cached) return cached;
    // As the engine does: the parent's type chain, then this type, then the name.
    let chain = type;
    if (parent) {
      const parentChain = parent.split('::')[2];
      if (parentChain && !parentChain.startsWith('pulumi:pulumi:Stack')) chain = `${parentChain}$${type}`;
    }
    const urn = `urn:pulumi:${this.stack}::${this.project}::${chain}::${name}`;
    this.urns.set(key, urn);
    return urn;
  }

  private newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
    this.recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
    const id = args.custom === false ? '' : mockId(args.type, args.name, args.inputs);
    return { id, state: { ...args.inputs, name: armName(args.type, args.name, args.inputs), id, ...mockOutputs(args.type, args.name, args.inputs) } };
  }

  private call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    switch (args.token) {
      case 'azure-native:authorization:getClientConfig':
        return { subscriptionId: MOCK_SUBSCRIPTION_ID, tenantId: MOCK_TENANT_ID, clientId: 'mock-client', objectId: 'mock-object' };
      default:
        throw new Error(`kubeward plan: the program called ${args.token}, which mock mode does not answer`);
    }
  }
}

/** The name Azure would give a mocked resource: its name input (`vaultName`, `name`...), else the logical name. */
function armName(type: string, name: string, inputs: Record<string, any>): string {
  const { mapping } = mappingFor(type, inputs);
  const own = [...mapping.nameArgs, 'name'].map((a) => inputs[a]).find((v) => typeof v === 'string' && v !== '');
  return own ?? name;
}

/**
 * The ARM id Azure would give a mocked resource (type, parents, scope from the ARM type table):
 * what `resource.id` resolves to in mock mode, in the mock subscription.
 */
export function mockId(type: string, name: string, inputs: Record<string, any> = {}): string {
  const { mapping } = mappingFor(type, inputs);
  const [namespace, ...types] = mapping.arm.split('/');
  const own = mapping.nameArgs.map((a) => inputs[a]).find((v) => typeof v === 'string' && v !== '') ?? name;
  const names = [...(mapping.parentArgs ?? []).map((a) => String(inputs[a] ?? 'parent')), String(own)];
  const path = types.map((t, i) => `${t}/${names[i] ?? own}`).join('/');
  const scope = mapping.scope;
  if (scope === 'subscription') return `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/${namespace}/${path}`;
  if (scope && 'arg' in scope && typeof inputs[scope.arg] === 'string') return `${inputs[scope.arg]}/providers/${namespace}/${path}`;
  const group = typeof inputs.resourceGroupName === 'string' ? inputs.resourceGroupName : 'mock-rg';
  if (mapping.arm === 'Microsoft.Resources/subscriptions/resourceGroups') return `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${own}`;
  return `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${group}/providers/${namespace}/${path}`;
}

/** Outputs Azure computes that programs commonly read, so dependent inputs resolve in mock mode. */
function mockOutputs(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
  switch (type) {
    case 'azure-native:containerservice:ManagedCluster':
      return {
        identityProfile: { kubeletidentity: { objectId: `${name}-kubelet-object-id`, clientId: `${name}-kubelet-client-id`, resourceId: `${mockId(type, name, inputs)}-kubelet` } },
        oidcIssuerProfile: { ...inputs.oidcIssuerProfile, issuerURL: `https://oidc.mock/${name}/` },
        fqdn: `${name}.mock.azmk8s.io`,
        privateFQDN: `${name}.privatelink.mock.azmk8s.io`,
        ...(inputs.identity?.type === 'SystemAssigned' ? { identity: { ...inputs.identity, principalId: `${name}-principal-id`, tenantId: MOCK_TENANT_ID } } : {}),
      };
    case 'azure-native:containerregistry:Registry':
      return { loginServer: `${String(inputs.registryName ?? name).toLowerCase()}.azurecr.io` };
    case 'azure-native:operationalinsights:Workspace':
      return { customerId: `${name}-customer-id` };
    case 'azure-native:keyvault:Vault':
      return { properties: { ...inputs.properties, vaultUri: `https://${String(inputs.vaultName ?? name)}.vault.azure.net/` } };
    case 'azure-native:keyvault:Key': {
      const keyUri = `https://${String(inputs.vaultName)}.vault.azure.net/keys/${String(inputs.keyName ?? name)}`;
      return { keyUri, keyUriWithVersion: `${keyUri}/00000000000000000000000000000001` };
    }
    case 'azure-native:compute:DiskEncryptionSet':
      return { identity: { ...inputs.identity, principalId: `${name}-principal-id`, tenantId: MOCK_TENANT_ID } };
    case 'azure-native:authorization:PolicyAssignment':
      return inputs.identity?.type === 'SystemAssigned' ? { identity: { ...inputs.identity, principalId: `${name}-principal-id`, tenantId: MOCK_TENANT_ID } } : {};
    case 'azure-native:managedidentity:UserAssignedIdentity':
      return { principalId: `${name}-principal-id`, clientId: `${name}-client-id`, tenantId: MOCK_TENANT_ID };
    default:
      return {};
  }
}
