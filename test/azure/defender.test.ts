import * as pulumi from '@pulumi/pulumi';
import { MOCK_SUBSCRIPTION_ID, MockRecorder } from '../../lib/azure/mock-plan';

const recorder = MockRecorder.install('proj', 'dev');

// Imported after the mocks, as Pulumi's testing guide requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DefenderForContainers, DEFENDER_CONTAINERS_EXTENSIONS } = require('../../lib/azure/defender') as typeof import('../../lib/azure/defender');
type DefenderForContainersArgs = import('../../lib/azure/defender').DefenderForContainersArgs;

const COMPONENT = 'kubeward:azure:DefenderForContainers';
const PRICING = 'azure-native:security:Pricing';
const JUSTIFICATION = 'Runtime detection comes from the corporate EDR agent on every node (SEC-42)';
const SUBSCRIPTION = '22222222-2222-2222-2222-222222222222';

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

async function plan(name: string, args?: DefenderForContainersArgs) {
  const component = new DefenderForContainers(name, args);
  await recorder.settle(component.pricingId, component.scopeId, component.pricingTier);
  const urn = recorder.get(COMPONENT, name).urn;
  return { component, urn, children: recorder.resources().filter((r) => r.parent === urn), pricing: recorder.get(PRICING, `${name}-containers`) };
}

const ALL_ON = [
  { name: 'ContainerRegistriesVulnerabilityAssessments', isEnabled: 'True' },
  { name: 'AgentlessDiscoveryForKubernetes', isEnabled: 'True' },
  { name: 'AgentlessVmScanning', isEnabled: 'True' },
  { name: 'ContainerSensor', isEnabled: 'True' },
];

describe('DefenderForContainers secure defaults', () => {
  test('the subscription Containers plan at Standard with every extension on, for the provider subscription', async () => {
    const p = await plan('defender');
    expect(p.children.map((c) => `${c.type} ${c.name}`)).toEqual([`${PRICING} defender-containers`]);
    expect(p.pricing.parent).toBe(p.urn);
    expect(recorder.get(COMPONENT, 'defender').parent).toBeNull();
    expect(p.pricing.inputs).toEqual({
      pricingName: 'Containers',
      pricingTier: 'Standard',
      scopeId: `subscriptions/${MOCK_SUBSCRIPTION_ID}`,
      extensions: ALL_ON,
    });
    // No deprecated "Defender for container registries" plan: the Containers plan covers the registry.
    expect(recorder.ofType(PRICING).filter((r) => r.inputs.pricingName === 'ContainerRegistry')).toEqual([]);
    expect(p.component.extensions).toEqual({
      registryVulnerabilityAssessment: true, agentlessDiscovery: true, agentlessVmScanning: true, sensor: true,
    });
    expect(p.component.justifications).toEqual({});
    expect(await value(p.component.scopeId)).toBe(`subscriptions/${MOCK_SUBSCRIPTION_ID}`);
    expect(await value(p.component.pricingTier)).toBe('Standard');
    expect(await value(p.component.pricingId)).toMatch(/providers\/Microsoft\.Security\/pricings\/Containers$/);
  });

  test('the extension names are the Pricing API names', () => {
    expect(Object.values(DEFENDER_CONTAINERS_EXTENSIONS)).toEqual(ALL_ON.map((e) => e.name));
  });

  test('an explicit subscription', async () => {
    const p = await plan('explicit', { subscriptionId: SUBSCRIPTION });
    expect(p.pricing.inputs.scopeId).toBe(`subscriptions/${SUBSCRIPTION}`);
  });

  test('a subscription id that is not a GUID is refused', () => {
    expect(() => new DefenderForContainers('badsub', { subscriptionId: `/subscriptions/${SUBSCRIPTION}` }))
      .toThrow(/DefenderForContainers 'badsub' argument 'subscriptionId' is '\/subscriptions\/2222.*pass the subscription's GUID/);
  });
});

describe('DefenderForContainers: turning an extension off needs a justification', () => {
  test.each([
    ['sensor', 'ContainerSensor', 'defender.containers'],
    ['agentlessDiscovery', 'AgentlessDiscoveryForKubernetes', 'defender.containers'],
    ['agentlessVmScanning', 'AgentlessVmScanning', 'defender.containers'],
    ['registryVulnerabilityAssessment', 'ContainerRegistriesVulnerabilityAssessments', 'defender.registry'],
  ] as const)('%s off with a justification', async (key, extension, control) => {
    const p = await plan(`off-${key.toLowerCase()}`, { [key]: { value: false, justification: JUSTIFICATION } });
    expect(p.pricing.inputs.pricingTier).toBe('Standard');
    expect(p.pricing.inputs.extensions).toEqual(ALL_ON.map((e) => (e.name === extension ? { name: extension, isEnabled: 'False' } : e)));
    expect(p.component.extensions[key]).toBe(false);
    expect(p.component.justifications).toEqual({ [`kubeward-justification-${control}`]: JUSTIFICATION });
  });

  test.each([
    ['sensor', 'defender.containers'],
    ['agentlessDiscovery', 'defender.containers'],
    ['agentlessVmScanning', 'defender.containers'],
    ['registryVulnerabilityAssessment', 'defender.registry'],
  ] as const)('%s off without a justification is refused', (key, control) => {
    const pattern = new RegExp(`DefenderForContainers 'refused-${key}' argument '${key}' weakens a secure default and needs a justification \\[${control.replace('.', '\\.')}\\]`);
    expect(() => new DefenderForContainers(`refused-${key}`, { [key]: { value: false, justification: '' } })).toThrow(pattern);
    expect(() => new DefenderForContainers(`placeholder-${key}`, { [key]: { value: false, justification: 'tbd' } })).toThrow(/placeholder justification/);
  });

  test('a value other than false is refused', () => {
    expect(() => new DefenderForContainers('on', { sensor: { value: true as unknown as false, justification: JUSTIFICATION } }))
      .toThrow(/argument 'sensor' has value true: the extension is on by default.*\[defender\.containers\]/);
  });

  test('two extensions off record both controls', async () => {
    const p = await plan('two-off', {
      sensor: { value: false, justification: JUSTIFICATION },
      registryVulnerabilityAssessment: { value: false, justification: 'Images are scanned by the central Qualys pipeline (SEC-7)' },
    });
    expect(p.component.justifications).toEqual({
      'kubeward-justification-defender.containers': JUSTIFICATION,
      'kubeward-justification-defender.registry': 'Images are scanned by the central Qualys pipeline (SEC-7)',
    });
  });
});
