import * as monitor from '@pulumi/azure-native/monitor';
import * as operationalinsights from '@pulumi/azure-native/operationalinsights';
import type * as privatedns from '@pulumi/azure-native/privatedns';
import * as securityinsights from '@pulumi/azure-native/securityinsights';
import * as pulumi from '@pulumi/pulumi';
import { kubewardTags, requireJustification, type JustifiedArg } from './common';
import { linkedPrivateZone, privateEndpointWithDns } from './private-endpoint';

/** Control: the Log Analytics workspace accepts only Entra ID authentication. */
export const WORKSPACE_LOCAL_AUTH_CONTROL = 'monitoring.workspace-local-auth-disabled';
/** Control: the subscription activity log is exported to Log Analytics (guidance E-25). */
export const ACTIVITY_LOG_CONTROL = 'monitoring.activity-log';
/**
 * Control (proposed to the catalogue): the workspaces refuse ingestion and queries from public
 * networks (Azure Policy "Log Analytics workspaces should block log ingestion and querying from
 * public networks").
 */
export const WORKSPACE_PRIVATE_NETWORK_CONTROL = 'monitoring.workspace-private-network';

/** The retention used when none is given. */
export const DEFAULT_RETENTION_DAYS = 90;
/** Below this retention a justification is needed. */
export const MIN_SECURE_RETENTION_DAYS = 90;

/** The subscription activity log categories exported (all of them, as the built-in policy deploys). */
export const ACTIVITY_LOG_CATEGORIES: readonly string[] = [
  'Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth',
];

/** The streams Container Insights collects (as Microsoft's AKS onboarding templates list them). */
export const CONTAINER_INSIGHTS_STREAMS: readonly string[] = [
  'Microsoft-ContainerLog',
  'Microsoft-ContainerLogV2',
  'Microsoft-KubeEvents',
  'Microsoft-KubePodInventory',
  'Microsoft-KubeNodeInventory',
  'Microsoft-KubePVInventory',
  'Microsoft-KubeServices',
  'Microsoft-KubeMonAgentEvents',
  'Microsoft-InsightsMetrics',
  'Microsoft-ContainerInventory',
  'Microsoft-ContainerNodeInventory',
  'Microsoft-Perf',
];

/** The private DNS zones an Azure Monitor Private Link Scope's endpoint needs. */
export const AZURE_MONITOR_PRIVATE_DNS_ZONES: readonly string[] = [
  'privatelink.monitor.azure.com',
  'privatelink.oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net',
  'privatelink.blob.core.windows.net',
];

/** Which public access the workspaces keep. */
export interface PublicNetworkAccess {
  /** Accept ingestion from public networks. */
  readonly ingestion: boolean;
  /** Accept queries from public networks. */
  readonly query: boolean;
}

/** Where the monitoring private endpoints go. */
export interface MonitoringPrivateLink {
  /** The subnet of the private endpoints (PlatformNetwork's `privateEndpointSubnetId`). */
  readonly subnetId: pulumi.Input<string>;
  /** The virtual network the private DNS zones are linked to (PlatformNetwork's `vnetId`). */
  readonly virtualNetworkId: pulumi.Input<string>;
}

/** Arguments of SecurityMonitoring. */
export interface SecurityMonitoringArgs {
  /** The resource group of the monitoring resources. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The Azure region; put the cluster in the same region (one data collection endpoint serves it). */
  readonly location: pulumi.Input<string>;
  /**
   * Days the workspace keeps data, 30 to 730. Fewer than 90 weakens `monitoring.activity-log`
   * and takes a justification.
   * @default 90
   * @see https://learn.microsoft.com/azure/templates/microsoft.operationalinsights/workspaces (retentionInDays)
   */
  readonly retentionInDays?: number | JustifiedArg<number>;
  /**
   * Where the private endpoints of the Azure Monitor Private Link Scope (ingestion and queries
   * of both workspaces) and of the Azure Monitor workspace (Prometheus queries) go. Required
   * unless `publicNetworkAccess` keeps both ingestion and query public.
   * @default - none; then `publicNetworkAccess` must be given
   */
  readonly privateLink?: MonitoringPrivateLink;
  /**
   * Keeps public ingestion and/or queries open. Weakens `monitoring.workspace-private-network`.
   * @default - public ingestion and queries are disabled on both workspaces
   * @see https://learn.microsoft.com/azure/templates/microsoft.operationalinsights/workspaces (publicNetworkAccessForIngestion, publicNetworkAccessForQuery)
   */
  readonly publicNetworkAccess?: JustifiedArg<PublicNetworkAccess>;
  /**
   * Keeps shared-key (non-Entra ID) authentication on the workspace. Weakens
   * `monitoring.workspace-local-auth-disabled`.
   * @default - local authentication disabled (`features.disableLocalAuth: true`)
   */
  readonly localAuth?: JustifiedArg<true>;
  /**
   * Skips exporting the subscription activity log to the workspace (for example when a
   * landing zone already exports it centrally). Weakens `monitoring.activity-log` (E-25).
   * @default - a subscription diagnostic setting sends every activity log category to the workspace
   */
  readonly skipActivityLog?: JustifiedArg<true>;
  /**
   * Onboards Microsoft Sentinel on the workspace (guidance W-27). Sentinel is billed per GB.
   * @default false
   */
  readonly sentinel?: boolean;
  /**
   * A cluster to associate with the data collection rules now; more can be added with
   * `associateCluster()`.
   * @default - none; call `associateCluster()` once the cluster exists
   */
  readonly clusterId?: pulumi.Input<string>;
  /**
   * Tags for every resource, merged with kubeward's.
   * @default - kubeward's tags only
   */
  readonly tags?: Record<string, string>;
}

/** Options of `associateCluster()`. */
export interface AssociateClusterOptions {
  /**
   * Whether to associate the Container Insights and Prometheus rules. Set false when the
   * cluster component already associates them (SecureAksCluster with
   * `containerInsightsDataCollectionRuleId` / `prometheusDataCollectionRuleId`): only the
   * configuration endpoint association is created then.
   * @default true
   */
  readonly rules?: boolean;
}

/** The associations of one cluster with the monitoring rules. */
export interface ClusterMonitoringAssociation {
  /** Container Insights rule association (unless `rules: false`). */
  readonly containerInsights?: monitor.DataCollectionRuleAssociation;
  /** Managed Prometheus rule association (unless `rules: false`). */
  readonly prometheus?: monitor.DataCollectionRuleAssociation;
  /** The configuration access endpoint association (private link only). */
  readonly endpoint?: monitor.DataCollectionRuleAssociation;
}

/**
 * The platform's security monitoring (guidance W-25, W-27, E-25):
 *
 * - a Log Analytics workspace with local (shared-key) authentication disabled, resource-context
 *   access, public ingestion and query disabled, and the retention set;
 * - an Azure Monitor workspace for managed Prometheus;
 * - a data collection endpoint and two data collection rules: Container Insights (logs,
 *   events and inventory to Log Analytics) and Prometheus (metrics to the Azure Monitor
 *   workspace), associated with clusters through `associateCluster()`;
 * - the subscription activity log exported to the workspace (every category);
 * - an Azure Monitor Private Link Scope with its private endpoint and DNS zones, and a private
 *   endpoint for Prometheus queries, when `privateLink` is given;
 * - Microsoft Sentinel, as an option.
 *
 * @example
 * const mon = new SecurityMonitoring('prod', {
 *   resourceGroupName: rg.name, location: 'westeurope',
 *   privateLink: { subnetId: net.privateEndpointSubnetId, virtualNetworkId: net.vnetId },
 *   sentinel: true,
 * });
 * mon.associateCluster(cluster.id);
 */
export class SecurityMonitoring extends pulumi.ComponentResource {
  /** The Log Analytics workspace's resource id. */
  public readonly workspaceId: pulumi.Output<string>;
  /** The Log Analytics workspace's name. */
  public readonly workspaceName: pulumi.Output<string>;
  /** The Log Analytics workspace's customer id (workspace GUID). */
  public readonly workspaceCustomerId: pulumi.Output<string>;
  /** The Azure Monitor workspace's resource id (managed Prometheus). */
  public readonly azureMonitorWorkspaceId: pulumi.Output<string>;
  /** The data collection endpoint's id. */
  public readonly dataCollectionEndpointId: pulumi.Output<string>;
  /** The Container Insights data collection rule's id. */
  public readonly containerInsightsRuleId: pulumi.Output<string>;
  /** The Prometheus data collection rule's id. */
  public readonly prometheusRuleId: pulumi.Output<string>;
  /** The Azure Monitor Private Link Scope's id, when `privateLink` is given. */
  public readonly privateLinkScopeId?: pulumi.Output<string>;
  /** The subscription diagnostic setting's id, unless the export is skipped. */
  public readonly activityLogSettingId?: pulumi.Output<string>;
  /** The retention in days, resolved. */
  public readonly retentionInDays: number;
  /** The public access kept, resolved. */
  public readonly publicNetworkAccess: PublicNetworkAccess;
  /** Whether Sentinel is onboarded. */
  public readonly sentinel: boolean;

  private readonly componentName: string;
  private readonly dce: monitor.DataCollectionEndpoint;
  private readonly containerInsightsRule: monitor.DataCollectionRule;
  private readonly prometheusRule: monitor.DataCollectionRule;
  private readonly privateLinkEnabled: boolean;
  private readonly associated = new Set<string>();

  constructor(name: string, args: SecurityMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeward:azure:SecurityMonitoring', name, {}, opts);
    this.componentName = name;
    const what = (argument: string): string => `SecurityMonitoring '${name}' argument '${argument}'`;
    const fail = (argument: string, problem: string, fix: string): pulumi.ResourceError =>
      new pulumi.ResourceError(`${what(argument)}: ${problem}. ${fix}`, this);

    // --- Secure defaults and their justified exceptions.
    const workspaceTags: Record<string, string> = {};
    const networkTags: Record<string, string> = {};

    const retention = args.retentionInDays ?? DEFAULT_RETENTION_DAYS;
    const days = typeof retention === 'number' ? retention : retention?.value;
    if (!Number.isInteger(days) || days! < 30 || days! > 730) {
      throw fail('retentionInDays', `${String(days)} is not a whole number of days from 30 to 730`, `Give a retention from 30 to 730 days (${DEFAULT_RETENTION_DAYS} by default).`);
    }
    if (days! < MIN_SECURE_RETENTION_DAYS) {
      if (typeof retention === 'number') {
        throw fail('retentionInDays', `${days} days is shorter than ${MIN_SECURE_RETENTION_DAYS} days, which weakens a secure default and needs a justification [${ACTIVITY_LOG_CONTROL}]`,
          `Keep at least ${MIN_SECURE_RETENTION_DAYS} days, or pass { value, justification }.`);
      }
      Object.assign(workspaceTags, requireJustification(this, {
        argument: what('retentionInDays'),
        controlId: ACTIVITY_LOG_CONTROL,
        fix: `Keep at least ${MIN_SECURE_RETENTION_DAYS} days so that audit and activity logs are there when an incident is investigated.`,
      }, retention.justification));
    }
    this.retentionInDays = days!;

    let access: PublicNetworkAccess = { ingestion: false, query: false };
    if (args.publicNetworkAccess !== undefined) {
      const v = args.publicNetworkAccess.value as Partial<PublicNetworkAccess> | undefined;
      if (typeof v?.ingestion !== 'boolean' || typeof v?.query !== 'boolean') {
        throw fail('publicNetworkAccess', 'value must be { ingestion: boolean, query: boolean }', 'Say which public access to keep, e.g. { ingestion: false, query: true }.');
      }
      if (!v.ingestion && !v.query) {
        throw fail('publicNetworkAccess', 'value keeps no public access, which is the default', 'Leave publicNetworkAccess unset.');
      }
      Object.assign(networkTags, requireJustification(this, {
        argument: what('publicNetworkAccess'),
        controlId: WORKSPACE_PRIVATE_NETWORK_CONTROL,
        fix: 'Reach the workspaces through the private link (pass privateLink with the private endpoints subnet and the virtual network).',
      }, args.publicNetworkAccess.justification));
      access = { ingestion: v.ingestion, query: v.query };
    }
    this.publicNetworkAccess = access;
    if (args.privateLink === undefined && (!access.ingestion || !access.query)) {
      throw fail('privateLink', `is missing, but the workspaces refuse public ${!access.ingestion ? 'ingestion' : 'queries'} [${WORKSPACE_PRIVATE_NETWORK_CONTROL}], so nothing could reach them`,
        "Pass privateLink: { subnetId, virtualNetworkId } (PlatformNetwork's privateEndpointSubnetId and vnetId), or keep public access with publicNetworkAccess: { value, justification }.");
    }
    this.privateLinkEnabled = args.privateLink !== undefined;

    if (args.localAuth !== undefined) {
      if (args.localAuth.value !== true) {
        throw fail('localAuth', `value ${String(args.localAuth.value)} is not true`, 'Leave localAuth unset to keep local authentication disabled.');
      }
      Object.assign(workspaceTags, requireJustification(this, {
        argument: what('localAuth'),
        controlId: WORKSPACE_LOCAL_AUTH_CONTROL,
        fix: 'Send data with the Azure Monitor agent and Entra ID (managed identity) authentication instead of workspace keys.',
      }, args.localAuth.justification));
    }
    if (args.skipActivityLog !== undefined) {
      if (args.skipActivityLog.value !== true) {
        throw fail('skipActivityLog', `value ${String(args.skipActivityLog.value)} is not true`, 'Leave skipActivityLog unset to export the activity log.');
      }
      Object.assign(workspaceTags, requireJustification(this, {
        argument: what('skipActivityLog'),
        controlId: ACTIVITY_LOG_CONTROL,
        fix: 'Export the subscription activity log to Log Analytics (guidance E-25: log all cloud API requests).',
      }, args.skipActivityLog.justification));
    }
    this.sentinel = args.sentinel ?? false;

    // --- Workspaces.
    const tags = kubewardTags('SecurityMonitoring', args.tags);
    const common = { resourceGroupName: args.resourceGroupName, location: args.location };
    const enabled = (on: boolean): 'Enabled' | 'Disabled' => (on ? 'Enabled' : 'Disabled');
    const workspace = new operationalinsights.Workspace(`${name}-workspace`, {
      ...common,
      sku: { name: 'PerGB2018' },
      retentionInDays: this.retentionInDays,
      features: { disableLocalAuth: args.localAuth === undefined, enableLogAccessUsingOnlyResourcePermissions: true },
      publicNetworkAccessForIngestion: enabled(access.ingestion),
      publicNetworkAccessForQuery: enabled(access.query),
      tags: { ...tags, ...workspaceTags, ...networkTags },
    }, { parent: this });
    const prometheus = new monitor.AzureMonitorWorkspace(`${name}-prometheus`, {
      ...common,
      // Governs queries; ingestion goes through the data collection endpoint below.
      publicNetworkAccess: enabled(access.query),
      tags: { ...tags, ...networkTags },
    }, { parent: this });

    // --- Data collection.
    this.dce = new monitor.DataCollectionEndpoint(`${name}-dce`, {
      ...common,
      kind: 'Linux',
      description: 'Ingestion and configuration endpoint of the cluster monitoring agents (kubeward).',
      networkAcls: { publicNetworkAccess: enabled(access.ingestion) },
      tags: { ...tags, ...networkTags },
    }, { parent: this });
    this.containerInsightsRule = new monitor.DataCollectionRule(`${name}-container-insights`, {
      ...common,
      description: 'Container Insights: container logs, Kubernetes events and inventory to Log Analytics (kubeward).',
      dataCollectionEndpointId: this.dce.id,
      dataSources: {
        extensions: [{
          name: 'ContainerInsightsExtension',
          extensionName: 'ContainerInsights',
          streams: [...CONTAINER_INSIGHTS_STREAMS],
          extensionSettings: { dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true } },
        }],
      },
      destinations: { logAnalytics: [{ name: 'ciworkspace', workspaceResourceId: workspace.id }] },
      dataFlows: [{ streams: [...CONTAINER_INSIGHTS_STREAMS], destinations: ['ciworkspace'] }],
      tags,
    }, { parent: this });
    this.prometheusRule = new monitor.DataCollectionRule(`${name}-prometheus-rule`, {
      ...common,
      kind: 'Linux',
      description: 'Managed Prometheus: cluster metrics to the Azure Monitor workspace (kubeward).',
      dataCollectionEndpointId: this.dce.id,
      dataSources: { prometheusForwarder: [{ name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'], labelIncludeFilter: {} }] },
      destinations: { monitoringAccounts: [{ name: 'MonitoringAccount1', accountResourceId: prometheus.id }] },
      dataFlows: [{ streams: ['Microsoft-PrometheusMetrics'], destinations: ['MonitoringAccount1'] }],
      tags,
    }, { parent: this });

    // --- The subscription activity log (E-25).
    let activityLog: monitor.SubscriptionDiagnosticSetting | undefined;
    if (args.skipActivityLog === undefined) {
      activityLog = new monitor.SubscriptionDiagnosticSetting(`${name}-activity-log`, {
        workspaceId: workspace.id,
        logs: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
      }, { parent: this });
    }

    // --- Private link.
    let scope: monitor.PrivateLinkScope | undefined;
    if (args.privateLink !== undefined) {
      const link = args.privateLink;
      const mode = (open: boolean): 'Open' | 'PrivateOnly' => (open ? 'Open' : 'PrivateOnly');
      scope = new monitor.PrivateLinkScope(`${name}-ampls`, {
        resourceGroupName: args.resourceGroupName,
        location: 'global',
        accessModeSettings: { ingestionAccessMode: mode(access.ingestion), queryAccessMode: mode(access.query) },
        tags: { ...tags, ...networkTags },
      }, { parent: this });
      const scoped = [
        ['workspace', workspace.id],
        ['dce', this.dce.id],
      ].map(([role, id]) => new monitor.PrivateLinkScopedResource(`${name}-ampls-${role as string}`, {
        resourceGroupName: args.resourceGroupName,
        scopeName: scope!.name,
        kind: 'Resource',
        linkedResourceId: id,
      }, { parent: this }));
      const zone = (role: string, zoneName: pulumi.Input<string>): privatedns.PrivateZone => linkedPrivateZone(this, {
        logicalName: `${name}-${role}-dns`, resourceGroupName: args.resourceGroupName, zoneName, virtualNetworkId: link.virtualNetworkId, tags,
      });
      type NamedZone = readonly [string, privatedns.PrivateZone];
      const endpoint = (role: string, target: pulumi.Input<string>, groupId: string, zones: readonly NamedZone[], after: pulumi.Resource[]): void => {
        privateEndpointWithDns(this, {
          endpointName: `${name}-${role}-pe`,
          zoneGroupName: `${name}-${role}-pe-dns`,
          connectionName: groupId,
          ...common,
          subnetId: link.subnetId,
          targetId: target,
          groupId,
          zones: zones.map(([zoneName, z]) => [zoneName.replace(/\./g, '-'), z.id] as const),
          tags,
          dependsOn: after,
        });
      };
      const monitorZones = AZURE_MONITOR_PRIVATE_DNS_ZONES.map((zoneName): NamedZone => [zoneName, zone(zoneRole(zoneName), zoneName)]);
      // The scoped resources first: the zone group writes DNS records for what the scope holds.
      endpoint('ampls', scope.id, 'azuremonitor', monitorZones, scoped);
      const promZoneName = pulumi.output(args.location).apply((l) => `privatelink.${normaliseRegion(l)}.prometheus.monitor.azure.com`);
      endpoint('prometheus', prometheus.id, 'prometheusMetrics', [['privatelink-prometheus', zone('prometheus', promZoneName)]], []);
    }

    if (this.sentinel) {
      new securityinsights.SentinelOnboardingState(`${name}-sentinel`, {
        resourceGroupName: args.resourceGroupName,
        workspaceName: workspace.name,
        sentinelOnboardingStateName: 'default',
      }, { parent: this });
    }

    // --- Outputs.
    this.workspaceId = workspace.id;
    this.workspaceName = workspace.name;
    this.workspaceCustomerId = workspace.customerId;
    this.azureMonitorWorkspaceId = prometheus.id;
    this.dataCollectionEndpointId = this.dce.id;
    this.containerInsightsRuleId = this.containerInsightsRule.id;
    this.prometheusRuleId = this.prometheusRule.id;
    this.privateLinkScopeId = scope?.id;
    this.activityLogSettingId = activityLog?.id;
    if (args.clusterId !== undefined) this.associateCluster(args.clusterId);
    this.registerOutputs({
      workspaceId: this.workspaceId,
      workspaceCustomerId: this.workspaceCustomerId,
      azureMonitorWorkspaceId: this.azureMonitorWorkspaceId,
      containerInsightsRuleId: this.containerInsightsRuleId,
      prometheusRuleId: this.prometheusRuleId,
      dataCollectionEndpointId: this.dataCollectionEndpointId,
      privateLinkScopeId: this.privateLinkScopeId,
      activityLogSettingId: this.activityLogSettingId,
    });
  }

  /**
   * Associates a cluster with the Container Insights and Prometheus rules (and, with private
   * link, with the data collection endpoint the agents fetch their configuration from). The
   * cluster must enable the monitoring add-on with Entra ID authentication and managed
   * Prometheus (`azureMonitorProfile.metrics.enabled`).
   * @param clusterId the managed cluster's resource id
   * @param key names the association resources when several clusters are associated
   * @param options `rules: false` creates only the endpoint association, for a cluster
   *   component that associates the rules itself (a cluster holds one association per name)
   */
  public associateCluster(clusterId: pulumi.Input<string>, key = 'cluster', options: AssociateClusterOptions = {}): ClusterMonitoringAssociation {
    if (!/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(key) || this.associated.has(key)) {
      throw new pulumi.ResourceError(`SecurityMonitoring '${this.componentName}' associateCluster(): key '${key}' is ${this.associated.has(key) ? 'already used' : 'not a short lowercase name'}. `
        + 'Give each cluster its own key, e.g. associateCluster(cluster.id, \'blue\').', this);
    }
    this.associated.add(key);
    const prefix = `${this.componentName}-${key}`;
    const rules = options.rules ?? true;
    const containerInsights = !rules ? undefined : new monitor.DataCollectionRuleAssociation(`${prefix}-container-insights`, {
      resourceUri: clusterId,
      associationName: 'ContainerInsightsExtension',
      dataCollectionRuleId: this.containerInsightsRule.id,
      description: 'Association of the Container Insights data collection rule. Deleting it stops log collection for this cluster.',
    }, { parent: this });
    const prometheus = !rules ? undefined : new monitor.DataCollectionRuleAssociation(`${prefix}-prometheus`, {
      resourceUri: clusterId,
      associationName: 'ContainerInsightsMetricsExtension',
      dataCollectionRuleId: this.prometheusRule.id,
      description: 'Association of the managed Prometheus data collection rule. Deleting it stops metric collection for this cluster.',
    }, { parent: this });
    const endpoint = this.privateLinkEnabled
      ? new monitor.DataCollectionRuleAssociation(`${prefix}-endpoint`, {
        resourceUri: clusterId,
        associationName: 'configurationAccessEndpoint',
        dataCollectionEndpointId: this.dce.id,
        description: 'The endpoint the cluster\'s monitoring agents fetch their configuration from over private link.',
      }, { parent: this })
      : undefined;
    return { ...(containerInsights ? { containerInsights } : {}), ...(prometheus ? { prometheus } : {}), ...(endpoint ? { endpoint } : {}) };
  }
}

/** `privatelink.oms.opinsights.azure.com` → `oms`, a short role for child names. */
function zoneRole(zoneName: string): string {
  return zoneName.split('.')[1]!;
}

/** `West Europe` → `westeurope`. */
function normaliseRegion(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
