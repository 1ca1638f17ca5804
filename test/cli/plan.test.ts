import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, type CliIo } from '../../lib/cli/main';

/** `kubeward plan` runs Pulumi programs in mock mode; its own file, since the Pulumi runtime is global. */
async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => '', isTTY: false, env: {} };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

const fixtures = path.join(__dirname, '..', 'fixtures');

describe('kubeward plan', () => {
  test('prints {"resources":[{type,name,urn,parent,inputs}]} with --format json, config applied', async () => {
    const r = await cli(['plan', path.join(fixtures, 'pulumi-program'), '--format', 'json', '--config', 'location=swedencentral']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(Object.keys(plan)).toEqual(['resources']);
    const group = plan.resources.find((x: any) => x.type === 'fixture:index:Group');
    const rg = plan.resources.find((x: any) => x.type === 'azure-native:resources:ResourceGroup');
    expect(Object.keys(rg)).toEqual(['type', 'name', 'urn', 'parent', 'inputs']);
    expect(group).toMatchObject({ name: 'app', urn: 'urn:pulumi:plan::fixture::fixture:index:Group::app', parent: null });
    expect(rg).toMatchObject({
      name: 'app-rg',
      parent: group.urn,
      inputs: { location: 'swedencentral', tags: { owner: 'platform' } },
      urn: 'urn:pulumi:plan::fixture::fixture:index:Group$azure-native:resources:ResourceGroup::app-rg',
    });
  });
});

describe('kubeward plan --azure-policy', () => {
  const definition = {
    properties: {
      displayName: 'Allowed locations',
      mode: 'All',
      parameters: { effect: { type: 'String', defaultValue: 'Deny' } },
      policyRule: {
        if: { allOf: [{ field: 'type', equals: 'Microsoft.Resources/subscriptions/resourceGroups' }, { field: 'location', notIn: ['westeurope'] }] },
        then: { effect: "[parameters('effect')]" },
      },
    },
  };
  const unused = { properties: { displayName: 'Registries', mode: 'Indexed', policyRule: { if: { field: 'type', equals: 'Microsoft.ContainerRegistry/registries' }, then: { effect: 'audit' } } } };
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-policy-'));
    fs.writeFileSync(path.join(dir, 'locations.json'), JSON.stringify(definition));
    fs.writeFileSync(path.join(dir, 'registries.json'), JSON.stringify(unused));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('compliant: exit 0; every definition appears, one that applies to nothing with resource null', async () => {
    const r = await cli(['plan', path.join(fixtures, 'pulumi-program'), '--format', 'json', '--azure-policy', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const policy = JSON.parse(r.stdout).policy;
    expect(policy.find((p: any) => p.definition === 'locations.json')).toMatchObject({ result: 'compliant', effect: 'Deny', displayName: 'Allowed locations' });
    expect(policy.find((p: any) => p.definition === 'registries.json')).toMatchObject({ resource: null, result: 'not-applicable' });
    for (const p of policy) expect(Object.keys(p)).toEqual(['definition', 'displayName', 'effect', 'resource', 'type', 'result', 'reason']);
  });

  test('non-compliant with an enforced effect: exit 1, the resource URN and the reason', async () => {
    const r = await cli(['plan', path.join(fixtures, 'pulumi-program'), '--format', 'json', '--azure-policy', dir, '--config', 'location=eastus']);
    expect(r.status).toBe(1);
    const row = JSON.parse(r.stdout).policy.find((p: any) => p.definition === 'locations.json');
    expect(row).toMatchObject({ result: 'non-compliant', resource: expect.stringMatching(/ResourceGroup::app-rg$/) });
    expect(row.reason).toMatch(/location/);
  });
});

describe('kubeward plan, text', () => {
  test('prints the resource tree with key settings', async () => {
    const r = await cli(['plan', path.join(fixtures, 'pulumi-program')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^fixture:index:Group app\n└─ azure-native:resources:ResourceGroup app-rg {2}tags\.owner=platform\n/);
    expect(r.stdout).toMatch(/2 resources planned \(mock mode: no cloud was contacted\)/);
  });
});

describe('kubeward plan, bad input', () => {
  test('a program that throws: exit 2 and one line naming it', async () => {
    const r = await cli(['plan', path.join(fixtures, 'pulumi-broken')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/pulumi-broken.*the program failed: missing required configuration: adminGroupObjectIds/);
  });

  test('a folder without Pulumi.yaml, a missing folder, a bad --config', async () => {
    expect((await cli(['plan', fixtures])).stderr).toMatch(/no Pulumi\.yaml: not a Pulumi program/);
    expect((await cli(['plan', path.join(fixtures, 'nope')])).stderr).toMatch(/not a directory/);
    const bad = await cli(['plan', path.join(fixtures, 'pulumi-program'), '--config', 'location']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--config takes key=value/);
  });
});
