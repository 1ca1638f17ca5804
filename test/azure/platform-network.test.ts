import * as pulumi from '@pulumi/pulumi';
import { MockRecorder, type PlannedResource } from '../../lib/azure/mock-plan';

const recorder = MockRecorder.install('proj', 'dev');

// Imported after the mocks, as Pulumi's testing guide requires.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PlatformNetwork } = require('../../lib/azure/platform-network') as typeof import('../../lib/azure/platform-network');

const VNET = 'azure-native:network:VirtualNetwork';
const NSG = 'azure-native:network:NetworkSecurityGroup';
const RT = 'azure-native:network:RouteTable';
const ZONE = 'azure-native:privatedns:PrivateZone';
const LINK = 'azure-native:privatedns:VirtualNetworkLink';
const COMPONENT = 'kubeward:azure:PlatformNetwork';
const JUSTIFICATION = 'The partner gateway is only reachable from this level and is monitored.';

const base = { resourceGroupName: 'rg-net', location: 'West Europe' };

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => o.apply(resolve));
}

interface RuleInput {
  name: string;
  priority: number;
  direction: string;
  access: string;
  protocol: string;
  description: string;
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes?: string[];
  destinationPortRange?: string;
  destinationPortRanges?: string[];
  sourcePortRange?: string;
}

function rules(nsg: PlannedResource): RuleInput[] {
  return nsg.inputs.securityRules as RuleInput[];
}

function rule(nsg: PlannedResource, name: string): RuleInput {
  const found = rules(nsg).find((r) => r.name === name);
  if (!found) throw new Error(`${nsg.name} has no rule ${name}; it has ${rules(nsg).map((r) => r.name).join(', ')}`);
  return found;
}

function subnets(name: string): Record<string, any>[] {
  return recorder.get(VNET, `${name}-vnet`).inputs.subnets as Record<string, any>[];
}

describe('defaults', () => {
  let net: InstanceType<typeof PlatformNetwork>;
  beforeAll(async () => {
    net = new PlatformNetwork('net', base);
    await recorder.settle(net.vnetId, net.systemSubnetId, net.privateDnsZoneIds.aks);
  });

  test('plans the address space in 16 blocks: system first, levels next, the API server and ACR Tasks in block 14, private endpoints last', () => {
    expect(net.addressSpace).toBe('10.240.0.0/16');
    expect(net.sensitivityLevels).toEqual(['public', 'internal', 'confidential']);
    expect(net.subnetCidrs).toEqual({
      system: '10.240.0.0/20',
      user: { public: '10.240.16.0/20', internal: '10.240.32.0/20', confidential: '10.240.48.0/20' },
      privateEndpoints: '10.240.240.0/20',
      apiServer: '10.240.224.0/28',
      registryTasks: '10.240.224.32/27',
    });
    expect(net.podCidr).toBe('10.244.0.0/16');
    expect(net.serviceCidr).toBe('10.0.0.0/16');
  });

  test('the virtual network declares every subnet inline, each with its NSG and no default outbound access', () => {
    const vnet = recorder.get(VNET, 'net-vnet');
    expect(vnet.inputs.resourceGroupName).toBe('rg-net');
    expect(vnet.inputs.location).toBe('West Europe');
    expect(vnet.inputs.addressSpace).toEqual({ addressPrefixes: ['10.240.0.0/16'] });
    expect(vnet.inputs.dhcpOptions).toBeUndefined();
    expect(vnet.inputs.tags).toEqual({ 'managed-by': 'kubeward', 'kubeward-component': 'PlatformNetwork' });
    const nsgId = (role: string): string => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/net-nsg-${role}`;
    expect(subnets('net')).toEqual([
      { name: 'snet-system', addressPrefix: '10.240.0.0/20', networkSecurityGroup: { id: nsgId('system') }, defaultOutboundAccess: false },
      { name: 'snet-user-public', addressPrefix: '10.240.16.0/20', networkSecurityGroup: { id: nsgId('user-public') }, defaultOutboundAccess: false },
      { name: 'snet-user-internal', addressPrefix: '10.240.32.0/20', networkSecurityGroup: { id: nsgId('user-internal') }, defaultOutboundAccess: false },
      { name: 'snet-user-confidential', addressPrefix: '10.240.48.0/20', networkSecurityGroup: { id: nsgId('user-confidential') }, defaultOutboundAccess: false },
      {
        name: 'snet-apiserver',
        addressPrefix: '10.240.224.0/28',
        networkSecurityGroup: { id: nsgId('apiserver') },
        delegations: [{ name: 'aks-apiserver', serviceName: 'Microsoft.ContainerService/managedClusters' }],
        defaultOutboundAccess: false,
      },
      { name: 'snet-acr-tasks', addressPrefix: '10.240.224.32/27', networkSecurityGroup: { id: nsgId('acr-tasks') }, defaultOutboundAccess: false },
      {
        name: 'snet-private-endpoints',
        addressPrefix: '10.240.240.0/20',
        networkSecurityGroup: { id: nsgId('private-endpoints') },
        privateEndpointNetworkPolicies: 'Enabled',
        defaultOutboundAccess: false,
      },
    ]);
    expect(recorder.ofType('azure-native:network:Subnet')).toHaveLength(0);
  });

  test('every node NSG denies the Internet and allows what Azure CNI Overlay needs', () => {
    const nodes = ['10.240.0.0/20', '10.240.16.0/20', '10.240.32.0/20', '10.240.48.0/20'];
    for (const role of ['system', 'user-public', 'user-internal', 'user-confidential']) {
      const nsg = recorder.get(NSG, `net-nsg-${role}`);
      expect(nsg.inputs.resourceGroupName).toBe('rg-net');
      expect(nsg.inputs.tags).toEqual({ 'managed-by': 'kubeward', 'kubeward-component': 'PlatformNetwork' });
      expect(rule(nsg, 'allow-azure-load-balancer-in')).toMatchObject({ priority: 100, direction: 'Inbound', access: 'Allow', sourceAddressPrefix: 'AzureLoadBalancer', destinationAddressPrefix: '*' });
      expect(rule(nsg, 'allow-pod-to-pod-in')).toMatchObject({ priority: 110, access: 'Allow', sourceAddressPrefix: '10.244.0.0/16', destinationAddressPrefix: '10.244.0.0/16', destinationPortRange: '*' });
      expect(rule(nsg, 'allow-nodes-to-pods-in')).toMatchObject({ priority: 120, access: 'Allow', sourceAddressPrefixes: nodes, destinationAddressPrefix: '10.244.0.0/16' });
      expect(rule(nsg, 'deny-internet-in')).toMatchObject({ priority: 4000, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', destinationPortRange: '*' });
      expect(rules(nsg).some((r) => r.access === 'Allow' && r.sourceAddressPrefix === 'Internet')).toBe(false);
    }
  });

  test('the system subnet has no lateral deny: it reaches every level', () => {
    expect(rules(recorder.get(NSG, 'net-nsg-system')).map((r) => r.name)).toEqual([
      'allow-azure-load-balancer-in', 'allow-pod-to-pod-in', 'allow-nodes-to-pods-in', 'deny-internet-in',
    ]);
  });

  test('each user level denies the other levels in both directions, but not the system subnet', () => {
    const pub = recorder.get(NSG, 'net-nsg-user-public');
    expect(rule(pub, 'deny-in-from-internal')).toMatchObject({
      priority: 200, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '10.240.32.0/20', destinationAddressPrefix: '10.240.16.0/20', destinationPortRange: '*',
    });
    expect(rule(pub, 'deny-in-from-confidential')).toMatchObject({ priority: 201, sourceAddressPrefix: '10.240.48.0/20', destinationAddressPrefix: '10.240.16.0/20' });
    expect(rule(pub, 'deny-out-to-internal')).toMatchObject({
      priority: 200, direction: 'Outbound', access: 'Deny', sourceAddressPrefix: '10.240.16.0/20', destinationAddressPrefix: '10.240.32.0/20',
    });
    expect(rule(pub, 'deny-out-to-confidential')).toMatchObject({ priority: 201, direction: 'Outbound', destinationAddressPrefix: '10.240.48.0/20' });
    const conf = recorder.get(NSG, 'net-nsg-user-confidential');
    expect(rules(conf).filter((r) => r.access === 'Deny').map((r) => r.name).sort()).toEqual([
      'deny-in-from-internal', 'deny-in-from-public', 'deny-internet-in', 'deny-out-to-internal', 'deny-out-to-public',
    ]);
    for (const nsg of recorder.ofType(NSG)) {
      expect(rules(nsg).some((r) => r.access === 'Deny' && (r.sourceAddressPrefix === '10.240.0.0/20' || r.destinationAddressPrefix === '10.240.0.0/20'))).toBe(false);
    }
  });

  test('only the node subnets and the ACR Tasks agents reach the private endpoints, on 443', () => {
    const pe = recorder.get(NSG, 'net-nsg-private-endpoints');
    expect(rules(pe).map((r) => r.name)).toEqual(['allow-nodes-to-endpoints-in', 'deny-internet-in', 'deny-all-other-in']);
    expect(rule(pe, 'allow-nodes-to-endpoints-in')).toMatchObject({
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefixes: ['10.240.0.0/20', '10.240.16.0/20', '10.240.32.0/20', '10.240.48.0/20', '10.240.224.32/27'],
      destinationAddressPrefix: '10.240.240.0/20',
      destinationPortRanges: ['443'],
    });
    expect(rule(pe, 'deny-all-other-in')).toMatchObject({ priority: 4096, access: 'Deny', sourceAddressPrefix: '*', destinationAddressPrefix: '*' });
  });

  test('only the node subnets reach the API server (443, 4443) and Azure Load Balancer probes it (9988)', () => {
    const api = recorder.get(NSG, 'net-nsg-apiserver');
    expect(rules(api).map((r) => r.name)).toEqual(['allow-nodes-to-apiserver-in', 'allow-azure-load-balancer-in', 'deny-internet-in', 'deny-all-other-in']);
    expect(rule(api, 'allow-nodes-to-apiserver-in')).toMatchObject({
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefixes: ['10.240.0.0/20', '10.240.16.0/20', '10.240.32.0/20', '10.240.48.0/20'],
      destinationAddressPrefix: '10.240.224.0/28',
      destinationPortRanges: ['443', '4443'],
    });
    expect(rule(api, 'allow-azure-load-balancer-in')).toMatchObject({ priority: 110, sourceAddressPrefix: 'AzureLoadBalancer', destinationAddressPrefix: '10.240.224.0/28', destinationPortRange: '9988' });
    expect(rule(api, 'deny-all-other-in')).toMatchObject({ priority: 4096, access: 'Deny', sourceAddressPrefix: '*', description: expect.stringContaining('the API server') });
  });

  test('nothing reaches the ACR Tasks agents', () => {
    expect(rules(recorder.get(NSG, 'net-nsg-acr-tasks')).map((r) => `${r.name} ${r.access} ${r.sourceAddressPrefix}`)).toEqual([
      'deny-internet-in Deny Internet', 'deny-all-other-in Deny *',
    ]);
  });

  test('every rule is documented, and priorities are unique per direction', () => {
    for (const nsg of recorder.ofType(NSG).filter((n) => n.name.startsWith('net-'))) {
      for (const r of rules(nsg)) {
        expect(r.description.length).toBeGreaterThan(10);
        expect(r.description.length).toBeLessThanOrEqual(140);
        expect(r.sourcePortRange).toBe('*');
      }
      for (const direction of ['Inbound', 'Outbound']) {
        const priorities = rules(nsg).filter((r) => r.direction === direction).map((r) => r.priority);
        expect(new Set(priorities).size).toBe(priorities.length);
      }
    }
  });

  test('private DNS zones for the AKS API server, the registry and key vaults, linked to the network', () => {
    const aks = recorder.get(ZONE, 'net-aks-dns');
    expect(aks.inputs).toEqual({ resourceGroupName: 'rg-net', location: 'global', privateZoneName: 'privatelink.westeurope.azmk8s.io', tags: expect.any(Object) });
    expect(recorder.get(ZONE, 'net-acr-dns').inputs.privateZoneName).toBe('privatelink.azurecr.io');
    const vnetId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/net-vnet';
    expect(recorder.get(LINK, 'net-aks-dns-link').inputs).toEqual({
      resourceGroupName: 'rg-net',
      location: 'global',
      privateZoneName: 'privatelink.westeurope.azmk8s.io',
      registrationEnabled: false,
      virtualNetwork: { id: vnetId },
      tags: expect.any(Object),
    });
    expect(recorder.get(LINK, 'net-acr-dns-link').inputs).toMatchObject({ privateZoneName: 'privatelink.azurecr.io', registrationEnabled: false, virtualNetwork: { id: vnetId } });
    expect(recorder.get(ZONE, 'net-keyvault-dns').inputs.privateZoneName).toBe('privatelink.vaultcore.azure.net');
    expect(recorder.get(LINK, 'net-keyvault-dns-link').inputs).toMatchObject({ privateZoneName: 'privatelink.vaultcore.azure.net', registrationEnabled: false, virtualNetwork: { id: vnetId } });
  });

  test('no route table without a firewall', () => {
    expect(recorder.ofType(RT)).toHaveLength(0);
    expect(net.routeTableId).toBeUndefined();
  });

  test('children are parented to the component and named after it', () => {
    const component = recorder.get(COMPONENT, 'net');
    const children = recorder.resources().filter((r) => r.parent === component.urn);
    expect(children.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      `${LINK} net-acr-dns-link`, `${LINK} net-aks-dns-link`, `${LINK} net-keyvault-dns-link`,
      `${NSG} net-nsg-acr-tasks`, `${NSG} net-nsg-apiserver`, `${NSG} net-nsg-private-endpoints`, `${NSG} net-nsg-system`, `${NSG} net-nsg-user-confidential`, `${NSG} net-nsg-user-internal`, `${NSG} net-nsg-user-public`,
      `${VNET} net-vnet`, `${ZONE} net-acr-dns`, `${ZONE} net-aks-dns`, `${ZONE} net-keyvault-dns`,
    ].sort());
  });

  test('typed outputs resolve to the subnet ids inside the network', async () => {
    const vnetId = await value(net.vnetId);
    expect(vnetId).toMatch(/providers\/Microsoft\.Network\/virtualNetworks\/net-vnet$/);
    expect(await value(net.vnetName)).toBe('net-vnet');
    expect(await value(net.systemSubnetId)).toBe(`${vnetId}/subnets/snet-system`);
    expect(Object.keys(net.userSubnetIds)).toEqual(['public', 'internal', 'confidential']);
    expect(await value(net.userSubnetIds.confidential!)).toBe(`${vnetId}/subnets/snet-user-confidential`);
    expect(await value(net.privateEndpointSubnetId)).toBe(`${vnetId}/subnets/snet-private-endpoints`);
    expect(await value(net.privateDnsZoneIds.aks)).toMatch(/privateDnsZones\/privatelink\.westeurope\.azmk8s\.io$/);
    expect(await value(net.privateDnsZoneIds.acr)).toMatch(/privateDnsZones\/privatelink\.azurecr\.io$/);
    expect(await value(net.privateDnsZoneIds.keyVault)).toMatch(/privateDnsZones\/privatelink\.vaultcore\.azure\.net$/);
    expect(await value(net.apiServerSubnetId)).toBe(`${vnetId}/subnets/snet-apiserver`);
    expect(await value(net.registryTasksSubnetId)).toBe(`${vnetId}/subnets/snet-acr-tasks`);
    expect(Object.keys(net.networkSecurityGroupIds).sort()).toEqual(['apiServer', 'privateEndpoints', 'registryTasks', 'system', 'user:confidential', 'user:internal', 'user:public']);
  });
});

describe('options', () => {
  test('explicit CIDRs, custom levels, ports, client networks and DNS servers', async () => {
    const net = new PlatformNetwork('custom', {
      ...base,
      location: 'northeurope',
      addressSpace: '172.16.0.0/20',
      sensitivityLevels: ['pci', { name: 'batch', cidr: '172.16.8.0/22' }],
      systemSubnetCidr: '172.16.0.0/24',
      privateEndpointSubnetCidr: '172.16.15.0/27',
      apiServerSubnetCidr: '172.16.14.0/27',
      registryTasksSubnetCidr: '172.16.14.64/27',
      podCidr: '192.168.0.0/16',
      serviceCidr: '10.96.0.0/16',
      privateEndpointPorts: [443, 5671],
      privateEndpointClientCidrs: ['10.100.0.0/24'],
      dnsServers: ['10.100.0.4'],
      tags: { env: 'prod' },
    });
    await recorder.settle(net.vnetId);
    expect(net.subnetCidrs).toEqual({ system: '172.16.0.0/24', user: { pci: '172.16.1.0/24', batch: '172.16.8.0/22' }, privateEndpoints: '172.16.15.0/27', apiServer: '172.16.14.0/27', registryTasks: '172.16.14.64/27' });
    const vnet = recorder.get(VNET, 'custom-vnet');
    expect(vnet.inputs.dhcpOptions).toEqual({ dnsServers: ['10.100.0.4'] });
    expect(vnet.inputs.tags).toEqual({ 'managed-by': 'kubeward', 'kubeward-component': 'PlatformNetwork', 'env': 'prod' });
    expect(subnets('custom').map((s) => [s.name, s.addressPrefix])).toEqual([
      ['snet-system', '172.16.0.0/24'], ['snet-user-pci', '172.16.1.0/24'], ['snet-user-batch', '172.16.8.0/22'], ['snet-apiserver', '172.16.14.0/27'], ['snet-acr-tasks', '172.16.14.64/27'], ['snet-private-endpoints', '172.16.15.0/27'],
    ]);
    const pe = recorder.get(NSG, 'custom-nsg-private-endpoints');
    expect(rule(pe, 'allow-nodes-to-endpoints-in').destinationPortRanges).toEqual(['443', '5671']);
    expect(rule(pe, 'allow-clients-to-endpoints-in')).toMatchObject({ priority: 110, access: 'Allow', protocol: 'Tcp', sourceAddressPrefixes: ['10.100.0.0/24'], destinationAddressPrefix: '172.16.15.0/27', destinationPortRanges: ['443', '5671'] });
    expect(rule(recorder.get(NSG, 'custom-nsg-user-pci'), 'allow-pod-to-pod-in').sourceAddressPrefix).toBe('192.168.0.0/16');
    expect(rule(recorder.get(NSG, 'custom-nsg-user-pci'), 'deny-in-from-batch').sourceAddressPrefix).toBe('172.16.8.0/22');
    expect(recorder.get(ZONE, 'custom-aks-dns').inputs.privateZoneName).toBe('privatelink.northeurope.azmk8s.io');
    expect(Object.keys(net.userSubnetIds)).toEqual(['pci', 'batch']);
  });

  test('a firewall IP adds a route table sending 0.0.0.0/0 to it, on node and ACR Tasks subnets only', async () => {
    const net = new PlatformNetwork('fw', { ...base, firewallPrivateIp: '10.0.1.4' });
    await recorder.settle(net.vnetId, net.routeTableId!);
    const rt = recorder.get(RT, 'fw-egress-rt');
    expect(rt.parent).toBe(recorder.get(COMPONENT, 'fw').urn);
    expect(rt.inputs).toEqual({
      resourceGroupName: 'rg-net',
      location: 'West Europe',
      disableBgpRoutePropagation: true,
      routes: [{ name: 'default-via-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' }],
      tags: { 'managed-by': 'kubeward', 'kubeward-component': 'PlatformNetwork' },
    });
    const rtId = await value(net.routeTableId!);
    const bySubnet = Object.fromEntries(subnets('fw').map((s) => [s.name, s.routeTable]));
    expect(bySubnet).toEqual({
      'snet-system': { id: rtId },
      'snet-user-public': { id: rtId },
      'snet-user-internal': { id: rtId },
      'snet-user-confidential': { id: rtId },
      'snet-apiserver': undefined,
      'snet-acr-tasks': { id: rtId },
      'snet-private-endpoints': undefined,
    });
  });

  test('the firewall IP may be an output, and BGP propagation can stay on', async () => {
    const net = new PlatformNetwork('fw2', { ...base, firewallPrivateIp: pulumi.output('10.0.2.4'), disableBgpRoutePropagation: false });
    await recorder.settle(net.vnetId, net.routeTableId!);
    expect(recorder.get(RT, 'fw2-egress-rt').inputs).toMatchObject({ disableBgpRoutePropagation: false, routes: [{ nextHopIpAddress: '10.0.2.4' }] });
  });

  test('justified traffic between levels drops the lateral denies and records why', async () => {
    const net = new PlatformNetwork('flat', { ...base, trafficBetweenLevels: { value: 'allow', justification: JUSTIFICATION } });
    await recorder.settle(net.vnetId);
    for (const level of ['public', 'internal', 'confidential']) {
      const nsg = recorder.get(NSG, `flat-nsg-user-${level}`);
      expect(rules(nsg).filter((r) => r.name.startsWith('deny-in-from') || r.name.startsWith('deny-out-to'))).toEqual([]);
      expect(nsg.inputs.tags['kubeward-justification-network.segmentation']).toBe(JUSTIFICATION);
      expect(rule(nsg, 'deny-internet-in').access).toBe('Deny');
    }
    expect(recorder.get(NSG, 'flat-nsg-system').inputs.tags['kubeward-justification-network.segmentation']).toBeUndefined();
  });

  test('justified Internet ingress opens the listed ports on that level only', async () => {
    const net = new PlatformNetwork('edge', {
      ...base,
      sensitivityLevels: [{ name: 'public', internetIngressPorts: { value: [80, 443], justification: JUSTIFICATION } }, 'internal'],
    });
    await recorder.settle(net.vnetId);
    const pub = recorder.get(NSG, 'edge-nsg-user-public');
    expect(rule(pub, 'allow-internet-in')).toMatchObject({
      priority: 300, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', destinationPortRanges: ['80', '443'],
    });
    expect(pub.inputs.tags['kubeward-justification-network.internet-ingress']).toBe(JUSTIFICATION);
    expect(rules(recorder.get(NSG, 'edge-nsg-user-internal')).some((r) => r.name === 'allow-internet-in')).toBe(false);
  });
});

describe('refused weak settings', () => {
  test('traffic between levels without a justification', () => {
    expect(() => new PlatformNetwork('w1', { ...base, trafficBetweenLevels: { value: 'allow', justification: '' } }))
      .toThrow(/PlatformNetwork 'w1' argument 'trafficBetweenLevels' weakens a secure default and needs a justification \[network\.segmentation\]/);
    expect(() => new PlatformNetwork('w2', { ...base, trafficBetweenLevels: { value: 'allow', justification: 'todo' } }))
      .toThrow(/placeholder justification \("todo"\) \[network\.segmentation\]/);
    expect(() => new PlatformNetwork('w3', { ...base, trafficBetweenLevels: { value: 'yes' as 'allow', justification: JUSTIFICATION } }))
      .toThrow(/argument 'trafficBetweenLevels': value 'yes' is not 'allow'/);
  });

  test('Internet ingress without a justification, or without ports', () => {
    expect(() => new PlatformNetwork('w4', { ...base, sensitivityLevels: [{ name: 'public', internetIngressPorts: { value: [443], justification: ' ' } }] }))
      .toThrow(/argument 'sensitivityLevels\[0\]\.internetIngressPorts' weakens a secure default and needs a justification \[network\.internet-ingress\]/);
    expect(() => new PlatformNetwork('w5', { ...base, sensitivityLevels: [{ name: 'public', internetIngressPorts: { value: [], justification: JUSTIFICATION } }] }))
      .toThrow(/'sensitivityLevels\[0\]\.internetIngressPorts': the port list is empty/);
    expect(() => new PlatformNetwork('w6', { ...base, sensitivityLevels: [{ name: 'public', internetIngressPorts: { value: [0], justification: JUSTIFICATION } }] }))
      .toThrow(/'sensitivityLevels\[0\]\.internetIngressPorts\[0\]': 0 is not a TCP port/);
  });
});

describe('validation of the address plan', () => {
  let n = 0;
  const attempt = (args: Partial<import('../../lib/azure/platform-network').PlatformNetworkArgs>) => () => new PlatformNetwork(`v${n++}`, { ...base, ...args });

  test.each<[string, Partial<import('../../lib/azure/platform-network').PlatformNetworkArgs>, RegExp]>([
    ['a malformed address space', { addressSpace: '10.240.0.0' }, /argument 'addressSpace': '10\.240\.0\.0' is not an IPv4 CIDR .* Give an IPv4 network/],
    ['host bits', { addressSpace: '10.240.1.0/16' }, /argument 'addressSpace': '10\.240\.1\.0\/16' has host bits set; the network is 10\.240\.0\.0\/16/],
    ['a subnet outside the address space', { systemSubnetCidr: '10.241.0.0/24' }, /argument 'systemSubnetCidr': 10\.241\.0\.0\/24 is outside the address space 10\.240\.0\.0\/16\. Give a CIDR inside/],
    ['a level subnet outside', { sensitivityLevels: [{ name: 'x', cidr: '192.168.0.0/24' }] }, /'sensitivityLevels\[0\]\.cidr': 192\.168\.0\.0\/24 is outside the address space/],
    ['overlapping subnets', { sensitivityLevels: [{ name: 'a', cidr: '10.240.100.0/24' }, { name: 'b', cidr: '10.240.100.128/25' }] },
      /'sensitivityLevels\[1\]\.cidr': 10\.240\.100\.128\/25 overlaps 10\.240\.100\.0\/24 of 'sensitivityLevels\[0\]\.cidr' .*guidance E-11/],
    ['an explicit subnet overlapping a computed one', { privateEndpointSubnetCidr: '10.240.16.0/24' }, /'privateEndpointSubnetCidr': 10\.240\.16\.0\/24 overlaps 10\.240\.16\.0\/20 of 'sensitivityLevels\[0\]\.cidr'/],
    ['a subnet smaller than /29', { systemSubnetCidr: '10.240.0.0/30' }, /'systemSubnetCidr': 10\.240\.0\.0\/30 is smaller than Azure's smallest subnet \(\/29\)/],
    ['an address space too small to compute from', { addressSpace: '10.240.0.0/26' }, /'systemSubnetCidr': the address space 10\.240\.0\.0\/26 is too small to compute subnets from .*give every subnet CIDR explicitly/],
    ['too many computed levels', { sensitivityLevels: Array.from({ length: 14 }, (_, i) => `l${i}`) }, /'sensitivityLevels\[13\]\.cidr': only the first 13 sensitivity levels can have a computed CIDR/],
    ['an API server subnet smaller than /28', { apiServerSubnetCidr: '10.240.224.0/29' }, /'apiServerSubnetCidr': 10\.240\.224\.0\/29 is smaller than the \/28 AKS needs for API Server VNet Integration/],
    ['an address space too small for the ACR Tasks subnet', { addressSpace: '10.240.0.0/23', apiServerSubnetCidr: '10.240.1.240/28' },
      /'registryTasksSubnetCidr': block 14 of the address space \(10\.240\.1\.192\/27\) cannot hold the API server subnet and a \/27 for ACR Tasks.*give apiServerSubnetCidr and registryTasksSubnetCidr explicitly/],
    ['an ACR Tasks subnet over the API server subnet', { registryTasksSubnetCidr: '10.240.224.0/27' }, /'registryTasksSubnetCidr': 10\.240\.224\.0\/27 overlaps 10\.240\.224\.0\/28 of 'apiServerSubnetCidr'/],
    ['an API server subnet over a node subnet', { apiServerSubnetCidr: '10.240.0.0/28' }, /'apiServerSubnetCidr': 10\.240\.0\.0\/28 overlaps 10\.240\.0\.0\/20 of 'systemSubnetCidr'/],
    ['a pod CIDR inside the network', { podCidr: '10.240.128.0/17' }, /argument 'podCidr': 10\.240\.128\.0\/17 overlaps the address space 10\.240\.0\.0\/16; Azure CNI Overlay/],
    ['a service CIDR inside the network', { addressSpace: '10.0.0.0/8', podCidr: '172.16.0.0/16' }, /argument 'serviceCidr': 10\.0\.0\.0\/16 overlaps the address space 10\.0\.0\.0\/8/],
    ['a service CIDR over the pod CIDR', { serviceCidr: '10.244.0.0/20' }, /argument 'serviceCidr': 10\.244\.0\.0\/20 overlaps the pod CIDR 10\.244\.0\.0\/16/],
    ['no level', { sensitivityLevels: [] }, /argument 'sensitivityLevels': no level is given/],
    ['an invalid level name', { sensitivityLevels: ['Public'] }, /argument 'sensitivityLevels\[0\]': 'Public' is not a valid level name/],
    ['an invalid level object', { sensitivityLevels: [{ name: 42 as unknown as string }] }, /argument 'sensitivityLevels\[0\]\.name': '42' is not a valid level name/],
    ['a duplicate level', { sensitivityLevels: ['a', 'a'] }, /argument 'sensitivityLevels\[1\]': level 'a' is given twice/],
    ['a bad client network', { privateEndpointClientCidrs: ['10.1.0.0/33'] }, /argument 'privateEndpointClientCidrs\[0\]': '10\.1\.0\.0\/33' is not an IPv4 CIDR/],
    ['no private endpoint port', { privateEndpointPorts: [] }, /argument 'privateEndpointPorts': the list is empty/],
    ['a bad private endpoint port', { privateEndpointPorts: [443, 70000] }, /argument 'privateEndpointPorts\[1\]': 70000 is not a TCP port/],
    ['a bad firewall IP', { firewallPrivateIp: '10.0.1' }, /argument 'firewallPrivateIp': '10\.0\.1' is not an IPv4 address/],
  ])('refuses %s', (_what, args, message) => {
    expect(attempt(args)).toThrow(message);
  });

  test('errors are ResourceErrors naming the component', () => {
    try {
      attempt({ addressSpace: 'nope' })();
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(pulumi.ResourceError);
      expect((e as Error).message).toMatch(/^PlatformNetwork 'v\d+' argument 'addressSpace'/);
    }
  });
});
