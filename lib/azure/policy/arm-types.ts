/**
 * From Pulumi `azure-native` type tokens to Azure Resource Manager resource types, and how each
 * resource's inputs map onto its ARM representation (which inputs name the resource or its
 * parents, which stay at the top level, which resource it extends).
 * @internal
 */

/** How one azure-native resource type maps to ARM. */
export interface ArmTypeMapping {
  /** The ARM resource type, e.g. `Microsoft.ContainerService/managedClusters`. */
  readonly arm: string;
  /** Inputs holding the resource's own name, first present wins (else the Pulumi name). */
  readonly nameArgs: readonly string[];
  /** Inputs holding the names of the parent resources, outermost first (child types). */
  readonly parentArgs?: readonly string[];
  /**
   * Extension resources (diagnostic settings, role assignments, pricings): the input holding the
   * id of the resource they extend, or `'subscription'` for the plan's subscription.
   */
  readonly scope?: { readonly arg: string } | 'subscription' | { readonly parentType: string; readonly args: readonly string[] };
  /** Whether the type supports tags and location, so `mode: Indexed` definitions evaluate it. */
  readonly indexed: boolean;
  /** Inputs that belong under `properties` although their name is a top-level ARM field. */
  readonly propertyInputs?: readonly string[];
  /** The inputs carry an ARM `properties` object (not flattened), e.g. Key Vault. */
  readonly nestedProperties?: boolean;
  /** The location Azure uses when none is given (`global` types). */
  readonly defaultLocation?: string;
}

/** Top-level ARM fields: inputs with these names stay outside `properties`. */
export const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set([
  'location', 'tags', 'sku', 'identity', 'kind', 'extendedLocation', 'zones', 'plan', 'managedBy', 'etag',
]);

const rg = (arm: string, nameArg: string, extra: Partial<ArmTypeMapping> = {}): ArmTypeMapping =>
  ({ arm, nameArgs: [nameArg], indexed: true, ...extra });
const child = (arm: string, nameArgs: string[], parentArgs: string[], indexed = false, extra: Partial<ArmTypeMapping> = {}): ArmTypeMapping =>
  ({ arm, nameArgs, parentArgs, indexed, ...extra });

/**
 * The mapping table. Keys are azure-native tokens without an API-version suffix. Extend it when a
 * component creates a new type; types missing here are mapped by {@link derivedMapping}.
 */
export const ARM_TYPES: Readonly<Record<string, ArmTypeMapping>> = {
  // AKS
  'azure-native:containerservice:ManagedCluster': rg('Microsoft.ContainerService/managedClusters', 'resourceName'),
  'azure-native:containerservice:AgentPool': child('Microsoft.ContainerService/managedClusters/agentPools', ['agentPoolName'], ['resourceName'], false, { propertyInputs: ['tags', 'type'] }),
  'azure-native:containerservice:MaintenanceConfiguration': child('Microsoft.ContainerService/managedClusters/maintenanceConfigurations', ['configName'], ['resourceName']),
  'azure-native:containerservice:TrustedAccessRoleBinding': child('Microsoft.ContainerService/managedClusters/trustedAccessRoleBindings', ['trustedAccessRoleBindingName'], ['resourceName']),
  'azure-native:kubernetesconfiguration:Extension': { arm: 'Microsoft.KubernetesConfiguration/extensions', nameArgs: ['extensionName'], indexed: false },
  'azure-native:kubernetesconfiguration:FluxConfiguration': { arm: 'Microsoft.KubernetesConfiguration/fluxConfigurations', nameArgs: ['fluxConfigurationName'], indexed: false },
  // ACR
  'azure-native:containerregistry:Registry': rg('Microsoft.ContainerRegistry/registries', 'registryName'),
  'azure-native:containerregistry:Token': child('Microsoft.ContainerRegistry/registries/tokens', ['tokenName'], ['registryName']),
  'azure-native:containerregistry:ScopeMap': child('Microsoft.ContainerRegistry/registries/scopeMaps', ['scopeMapName'], ['registryName']),
  'azure-native:containerregistry:Task': child('Microsoft.ContainerRegistry/registries/tasks', ['taskName'], ['registryName'], true),
  'azure-native:containerregistry:Replication': child('Microsoft.ContainerRegistry/registries/replications', ['replicationName'], ['registryName'], true),
  'azure-native:containerregistry:Webhook': child('Microsoft.ContainerRegistry/registries/webhooks', ['webhookName'], ['registryName'], true),
  'azure-native:containerregistry:CacheRule': child('Microsoft.ContainerRegistry/registries/cacheRules', ['cacheRuleName'], ['registryName']),
  'azure-native:containerregistry:PrivateEndpointConnection': child('Microsoft.ContainerRegistry/registries/privateEndpointConnections', ['privateEndpointConnectionName'], ['registryName']),
  // Monitoring
  'azure-native:operationalinsights:Workspace': rg('Microsoft.OperationalInsights/workspaces', 'workspaceName', { propertyInputs: ['sku'] }),
  'azure-native:operationalinsights:Table': child('Microsoft.OperationalInsights/workspaces/tables', ['tableName'], ['workspaceName']),
  'azure-native:operationalinsights:DataExport': child('Microsoft.OperationalInsights/workspaces/dataExports', ['dataExportName'], ['workspaceName']),
  'azure-native:operationalinsights:LinkedService': child('Microsoft.OperationalInsights/workspaces/linkedServices', ['linkedServiceName'], ['workspaceName']),
  'azure-native:operationsmanagement:Solution': rg('Microsoft.OperationsManagement/solutions', 'solutionName'),
  'azure-native:securityinsights:SentinelOnboardingState': {
    arm: 'Microsoft.SecurityInsights/onboardingStates',
    nameArgs: ['sentinelOnboardingStateName'],
    indexed: false,
    scope: { parentType: 'Microsoft.OperationalInsights/workspaces', args: ['workspaceName'] },
  },
  'azure-native:monitor:DiagnosticSetting': { arm: 'Microsoft.Insights/diagnosticSettings', nameArgs: ['name'], indexed: false, scope: { arg: 'resourceUri' } },
  'azure-native:insights:DiagnosticSetting': { arm: 'Microsoft.Insights/diagnosticSettings', nameArgs: ['name'], indexed: false, scope: { arg: 'resourceUri' } },
  'azure-native:monitor:SubscriptionDiagnosticSetting': { arm: 'Microsoft.Insights/diagnosticSettings', nameArgs: ['name'], indexed: false, scope: 'subscription' },
  'azure-native:insights:SubscriptionDiagnosticSetting': { arm: 'Microsoft.Insights/diagnosticSettings', nameArgs: ['name'], indexed: false, scope: 'subscription' },
  'azure-native:monitor:AzureMonitorWorkspace': rg('Microsoft.Monitor/accounts', 'azureMonitorWorkspaceName'),
  'azure-native:monitor:DataCollectionRule': rg('Microsoft.Insights/dataCollectionRules', 'dataCollectionRuleName'),
  'azure-native:monitor:DataCollectionEndpoint': rg('Microsoft.Insights/dataCollectionEndpoints', 'dataCollectionEndpointName'),
  'azure-native:monitor:DataCollectionRuleAssociation': { arm: 'Microsoft.Insights/dataCollectionRuleAssociations', nameArgs: ['associationName'], indexed: false, scope: { arg: 'resourceUri' } },
  'azure-native:monitor:PrivateLinkScope': rg('Microsoft.Insights/privateLinkScopes', 'scopeName', { defaultLocation: 'global' }),
  'azure-native:monitor:PrivateLinkScopedResource': child('Microsoft.Insights/privateLinkScopes/scopedResources', ['name'], ['scopeName']),
  'azure-native:monitor:ActionGroup': rg('Microsoft.Insights/actionGroups', 'actionGroupName', { defaultLocation: 'global' }),
  'azure-native:monitor:ActivityLogAlert': rg('Microsoft.Insights/activityLogAlerts', 'activityLogAlertName', { defaultLocation: 'global' }),
  'azure-native:monitor:MetricAlert': rg('Microsoft.Insights/metricAlerts', 'ruleName', { defaultLocation: 'global' }),
  'azure-native:alertsmanagement:PrometheusRuleGroup': rg('Microsoft.AlertsManagement/prometheusRuleGroups', 'ruleGroupName'),
  'azure-native:dashboard:Grafana': rg('Microsoft.Dashboard/grafana', 'workspaceName'),
  // Defender
  'azure-native:security:Pricing': { arm: 'Microsoft.Security/pricings', nameArgs: ['pricingName'], indexed: false, scope: { arg: 'scopeId' } },
  // Resource groups, identities, authorization
  'azure-native:resources:ResourceGroup': { arm: 'Microsoft.Resources/subscriptions/resourceGroups', nameArgs: ['resourceGroupName'], indexed: false },
  'azure-native:managedidentity:UserAssignedIdentity': rg('Microsoft.ManagedIdentity/userAssignedIdentities', 'resourceName'),
  'azure-native:managedidentity:FederatedIdentityCredential': child('Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', ['federatedIdentityCredentialResourceName'], ['resourceName']),
  'azure-native:authorization:RoleAssignment': { arm: 'Microsoft.Authorization/roleAssignments', nameArgs: ['roleAssignmentName'], indexed: false, scope: { arg: 'scope' } },
  'azure-native:authorization:PolicyAssignment': { arm: 'Microsoft.Authorization/policyAssignments', nameArgs: ['policyAssignmentName'], indexed: false, scope: { arg: 'scope' } },
  'azure-native:authorization:PolicyExemption': { arm: 'Microsoft.Authorization/policyExemptions', nameArgs: ['policyExemptionName'], indexed: false, scope: { arg: 'scope' } },
  // Network
  'azure-native:network:VirtualNetwork': rg('Microsoft.Network/virtualNetworks', 'virtualNetworkName'),
  'azure-native:network:Subnet': child('Microsoft.Network/virtualNetworks/subnets', ['subnetName', 'name'], ['virtualNetworkName']),
  'azure-native:network:VirtualNetworkPeering': child('Microsoft.Network/virtualNetworks/virtualNetworkPeerings', ['virtualNetworkPeeringName', 'name'], ['virtualNetworkName']),
  'azure-native:network:NetworkSecurityGroup': rg('Microsoft.Network/networkSecurityGroups', 'networkSecurityGroupName'),
  'azure-native:network:SecurityRule': child('Microsoft.Network/networkSecurityGroups/securityRules', ['securityRuleName', 'name'], ['networkSecurityGroupName']),
  'azure-native:network:PrivateEndpoint': rg('Microsoft.Network/privateEndpoints', 'privateEndpointName'),
  'azure-native:network:PrivateDnsZoneGroup': child('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', ['privateDnsZoneGroupName', 'name'], ['privateEndpointName']),
  'azure-native:network:NatGateway': rg('Microsoft.Network/natGateways', 'natGatewayName'),
  'azure-native:network:RouteTable': rg('Microsoft.Network/routeTables', 'routeTableName'),
  'azure-native:network:Route': child('Microsoft.Network/routeTables/routes', ['routeName', 'name'], ['routeTableName']),
  'azure-native:network:PublicIPAddress': rg('Microsoft.Network/publicIPAddresses', 'publicIpAddressName'),
  'azure-native:network:PublicIPPrefix': rg('Microsoft.Network/publicIPPrefixes', 'publicIpPrefixName'),
  'azure-native:network:AzureFirewall': rg('Microsoft.Network/azureFirewalls', 'azureFirewallName'),
  'azure-native:network:FirewallPolicy': rg('Microsoft.Network/firewallPolicies', 'firewallPolicyName'),
  'azure-native:network:FirewallPolicyRuleCollectionGroup': child('Microsoft.Network/firewallPolicies/ruleCollectionGroups', ['ruleCollectionGroupName'], ['firewallPolicyName']),
  'azure-native:network:NetworkWatcher': rg('Microsoft.Network/networkWatchers', 'networkWatcherName'),
  'azure-native:network:FlowLog': child('Microsoft.Network/networkWatchers/flowLogs', ['flowLogName'], ['networkWatcherName'], true),
  'azure-native:network:ApplicationSecurityGroup': rg('Microsoft.Network/applicationSecurityGroups', 'applicationSecurityGroupName'),
  'azure-native:privatedns:PrivateZone': rg('Microsoft.Network/privateDnsZones', 'privateZoneName', { defaultLocation: 'global' }),
  'azure-native:privatedns:VirtualNetworkLink': child('Microsoft.Network/privateDnsZones/virtualNetworkLinks', ['virtualNetworkLinkName'], ['privateZoneName'], true, { defaultLocation: 'global' }),
  'azure-native:network:PrivateZone': rg('Microsoft.Network/privateDnsZones', 'privateZoneName', { defaultLocation: 'global' }),
  'azure-native:network:VirtualNetworkLink': child('Microsoft.Network/privateDnsZones/virtualNetworkLinks', ['virtualNetworkLinkName'], ['privateZoneName'], true, { defaultLocation: 'global' }),
  // Keys and disks
  'azure-native:keyvault:Vault': rg('Microsoft.KeyVault/vaults', 'vaultName', { nestedProperties: true }),
  'azure-native:keyvault:Key': child('Microsoft.KeyVault/vaults/keys', ['keyName'], ['vaultName'], false, { nestedProperties: true }),
  'azure-native:keyvault:Secret': child('Microsoft.KeyVault/vaults/secrets', ['secretName'], ['vaultName'], false, { nestedProperties: true }),
  'azure-native:compute:DiskEncryptionSet': rg('Microsoft.Compute/diskEncryptionSets', 'diskEncryptionSetName'),
  'azure-native:storage:StorageAccount': rg('Microsoft.Storage/storageAccounts', 'accountName'),
};

const EXTENSION_TYPES = new Set(Object.values(ARM_TYPES).filter((m) => m.scope).map((m) => m.arm.toLowerCase()));

/**
 * Whether an ARM type is an extension resource (it lives on another resource's scope, like
 * diagnostic settings on a cluster or pricings on the subscription).
 */
export function isExtensionType(arm: string): boolean {
  return EXTENSION_TYPES.has(arm.toLowerCase());
}

/** The token without an API-version module suffix: `azure-native:network/v20240301:Subnet` → `azure-native:network:Subnet`. */
export function unversionedToken(token: string): string {
  const parts = token.split(':');
  if (parts.length !== 3) return token;
  return `${parts[0]}:${parts[1].split('/')[0]}:${parts[2]}`;
}

/** Whether a Pulumi type token is an Azure resource (azure-native). */
export function isAzureNativeToken(token: string): boolean {
  return token.startsWith('azure-native:') && token.split(':').length === 3;
}

/**
 * The mapping of a token: the table's entry, else one derived from the token
 * (`azure-native:foo:BarBaz` → `Microsoft.Foo/barBazs`, name input `barBazName`), marked derived.
 */
export function mappingFor(token: string, inputs: Record<string, unknown>): { mapping: ArmTypeMapping; derived: boolean } {
  const key = unversionedToken(token);
  const known = ARM_TYPES[key];
  if (known) return { mapping: known, derived: false };
  return { mapping: derivedMapping(key, inputs), derived: true };
}

/** A best-effort mapping for a token the table does not list. */
export function derivedMapping(token: string, inputs: Record<string, unknown>): ArmTypeMapping {
  const [, module, resource] = token.split(':');
  const namespace = `Microsoft.${module.charAt(0).toUpperCase()}${module.slice(1)}`;
  const camel = `${resource.charAt(0).toLowerCase()}${resource.slice(1)}`;
  const plural = /[^aeiou]y$/.test(camel) ? `${camel.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(camel) ? `${camel}es` : `${camel}s`;
  return {
    arm: `${namespace}/${plural}`,
    nameArgs: [`${camel}Name`, 'resourceName', 'name'],
    indexed: 'location' in inputs || 'tags' in inputs,
  };
}
