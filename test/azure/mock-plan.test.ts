import * as pulumi from '@pulumi/pulumi';
import { MockRecorder } from '../../lib/azure/mock-plan';

const recorder = MockRecorder.install('proj', 'dev');

// Imported after the mocks, as Pulumi's testing guide requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ResourceGroup } = require('@pulumi/azure-native/resources') as typeof import('@pulumi/azure-native/resources');

class Parent extends pulumi.ComponentResource {
  public readonly groupName: pulumi.Output<string>;
  constructor(name: string) {
    super('kubeward:test:Parent', name, {}, {});
    const rg = new ResourceGroup(`${name}-rg`, { location: 'westeurope', tags: { a: 'b' } }, { parent: this });
    this.groupName = rg.name;
    this.registerOutputs({ groupName: this.groupName });
  }
}

test('records type, name, inputs, parent and URN of every registration', async () => {
  const p = new Parent('x');
  await recorder.settle(p.groupName);
  const rg = recorder.get('azure-native:resources:ResourceGroup', 'x-rg');
  expect(rg.inputs).toEqual({ location: 'westeurope', tags: { a: 'b' } });
  const parent = recorder.get('kubeward:test:Parent', 'x');
  expect(parent.parent).toBeNull();
  expect(parent.urn).toBe('urn:pulumi:dev::proj::kubeward:test:Parent::x');
  expect(rg.parent).toBe(parent.urn);
  expect(rg.urn).toBe('urn:pulumi:dev::proj::kubeward:test:Parent$azure-native:resources:ResourceGroup::x-rg');
  // The URN matches what the Pulumi runtime itself computed.
  const real = await new Promise<string>((resolve) => p.urn.apply(resolve));
  expect(real).toBe(parent.urn);
});

test('unknown lookups fail loudly', () => {
  expect(() => recorder.get('azure-native:resources:ResourceGroup', 'nope')).toThrow(/no azure-native:resources:ResourceGroup named 'nope'/);
});
