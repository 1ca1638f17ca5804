import * as containerregistry from '@pulumi/azure-native/containerregistry';
import * as monitor from '@pulumi/azure-native/monitor';
import * as pulumi from '@pulumi/pulumi';
import { type JustifiedArg, kubewardTags, requireJustification } from './common';
import { linkedPrivateZone, privateEndpointWithDns } from './private-endpoint';

/**
 * `PrivateRegistry`: a Premium Azure Container Registry reachable only through a private
 * endpoint in the cluster's network, with the hardening the guidance asks for (admin user,
 * anonymous pull, export and ARM-audience tokens off; quarantine, retention and a scheduled purge
 * of stale images on; diagnostic settings to Log Analytics; optional customer-managed key and
 * per-team repository-scoped push).
 */

/** The private DNS zone of ACR's private link. */
export const ACR_PRIVATE_DNS_ZONE = 'privatelink.azurecr.io';
/** The name of the registry's diagnostic setting (PolicyBaseline's `acr-diagnostics` remediation uses it too). */
export const REGISTRY_DIAGNOSTIC_SETTING_NAME = 'kubeward-registry-logs';
/** The log category group the registry's diagnostic setting enables unless `logCategoryGroup` says otherwise. */
export const DEFAULT_REGISTRY_LOG_CATEGORY_GROUP = 'audit';

/** A customer-managed key for the registry's content (set at creation only; ACR cannot add one later). */
export interface RegistryCustomerManagedKey {
  /**
   * The Key Vault key identifier, e.g. `https://kv.vault.azure.net/keys/acr`. Leave the version
   * out for automatic rotation to the latest version.
   * @see https://learn.microsoft.com/azure/container-registry/tutorial-enable-customer-managed-keys
   */
  readonly keyId: pulumi.Input<string>;
  /** The ARM resource id of the user-assigned identity that may read the key (`get`, `wrapKey`, `unwrapKey`). */
  readonly identityId: pulumi.Input<string>;
  /** The client id of that identity. */
  readonly identityClientId: pulumi.Input<string>;
}

/** The scheduled `acr purge` task that removes stale images (the guidance: remove images that should no longer be used). */
export interface ImagePurgeOptions {
  /**
   * When it runs: a five-field cron expression, in UTC.
   * @default '0 3 * * *' (daily at 03:00 UTC)
   */
  readonly schedule?: string;
  /**
   * Tags last updated more than this many days ago are deleted (`acr purge --ago <N>d`).
   * @default 30
   */
  readonly olderThanDays?: number;
  /**
   * The most recent tags kept in each repository whatever their age (`--keep`); 0 keeps none.
   * @default 10
   */
  readonly keepLatest?: number;
  /**
   * `<repository-regex>:<tag-regex>` filters (`--filter`).
   * @default ['.*:.*'] (every repository)
   */
  readonly filters?: readonly string[];
  /**
   * A subnet for a dedicated ACR Tasks agent pool that runs the purge inside the virtual network.
   * A registry with public network access disabled refuses task runs from the shared, public
   * agents; without a pool the purge fails with 403 unless the registry's
   * `networkRuleBypassAllowedForTasks` is set (API version 2025-05-01-preview or later, which
   * azure-native's `containerregistry.Registry` does not expose).
   * @default - no pool: the task runs on the shared agents (a warning says why it will be refused)
   * @see https://learn.microsoft.com/azure/container-registry/tasks-agent-pools
   */
  readonly agentPoolSubnetId?: pulumi.Input<string>;
}

/** Arguments of {@link PrivateRegistry}. */
export interface PrivateRegistryArgs {
  /** The resource group of the registry and its private endpoint. */
  readonly resourceGroupName: pulumi.Input<string>;
  /**
   * The region (the registry, its private endpoint and the endpoint's virtual network share it).
   * @default - the resource group's region
   */
  readonly location?: pulumi.Input<string>;
  /**
   * The registry's globally unique name: 5 to 50 letters and digits.
   * @default - the component name without its non-alphanumeric characters, followed by `acr`
   * @see https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftcontainerregistry
   */
  readonly registryName?: pulumi.Input<string>;
  /** The subnet of the cluster's network in which the private endpoint gets its addresses. */
  readonly privateEndpointSubnetId: pulumi.Input<string>;
  /**
   * The virtual network linked to the `privatelink.azurecr.io` zone the component creates.
   * Required unless `privateDnsZoneId` is given.
   */
  readonly virtualNetworkId?: pulumi.Input<string>;
  /**
   * An existing `privatelink.azurecr.io` private DNS zone (already linked to the cluster's network),
   * e.g. a hub's shared zone. When set, no zone and no VNet link are created; the endpoint's DNS
   * zone group registers its records there.
   * @default - a new zone, linked to `virtualNetworkId`
   */
  readonly privateDnsZoneId?: pulumi.Input<string>;
  /** The Log Analytics workspace (ARM id) that receives the registry's logs and metrics. */
  readonly logAnalyticsWorkspaceId: pulumi.Input<string>;
  /**
   * The diagnostic log category group enabled (the other is listed disabled, as the built-in
   * policy "Enable logging by category group for Container registries to Log Analytics" expects).
   * For ACR both groups hold `ContainerRegistryLoginEvents` and `ContainerRegistryRepositoryEvents`;
   * match the policy assignment's `categoryGroup` parameter (its default is `audit`).
   * @default 'audit'
   */
  readonly logCategoryGroup?: 'audit' | 'allLogs';
  /**
   * Days an untagged manifest is kept before the retention policy deletes it (0 to 365).
   * @default 7
   * @see https://learn.microsoft.com/azure/container-registry/container-registry-retention-policy
   */
  readonly retentionDays?: number;
  /**
   * The scheduled purge of stale images, or `{ value: false, justification }` to create none
   * (weakens `acr.retention`).
   * @default - daily at 03:00 UTC: `acr purge --filter '.*:.*' --ago 30d --keep 10 --untagged`
   */
  readonly imagePurge?: ImagePurgeOptions | JustifiedArg<false>;
  /**
   * `{ value: false, justification }` turns the quarantine policy off (weakens `acr.quarantine`).
   * With quarantine on, a pushed image cannot be pulled until a scanner marks it `Passed`.
   * @default - quarantine enabled
   */
  readonly quarantine?: JustifiedArg<false>;
  /**
   * `{ value: [CIDRs...], justification }` enables public network access for those IPv4 addresses
   * or ranges only (weakens `acr.private-network`; export must then stay enabled, which weakens
   * `acr.export-disabled` too, because Azure allows disabling export only on a registry without
   * public network access).
   * @default - public network access disabled: the private endpoint is the only way in
   */
  readonly publicNetworkAccess?: JustifiedArg<readonly string[]>;
  /**
   * `{ value: true, justification }` enables the admin user (weakens `acr.admin-user-disabled`).
   * @default - admin user disabled: Microsoft Entra identities only
   */
  readonly adminUser?: JustifiedArg<true>;
  /**
   * Let trusted Azure services through the network rules (`networkRuleBypassOptions:
   * AzureServices`). Microsoft Defender for Containers needs it to scan images of a registry
   * reached through Private Link; `false` is stricter and stops that scanning.
   * @default true
   */
  readonly trustedServicesBypass?: boolean;
  /**
   * Zone redundancy (for regions with availability zones).
   * @default true
   */
  readonly zoneRedundant?: boolean;
  /**
   * Encrypt the registry's content with a customer-managed key.
   * @default - Microsoft-managed keys (the built-in policy "Container registries should be
   * encrypted with a customer-managed key" then reports the registry)
   */
  readonly customerManagedKey?: RegistryCustomerManagedKey;
  /**
   * Least-privilege push per team: team name to the repositories it owns (`team-a/*` allowed).
   * Each team gets a scope map with `content/read`, `content/write`, `metadata/read` and
   * `metadata/write` on its repositories only. See the docs for binding identities to it.
   * @default - no scope maps
   */
  readonly teamRepositories?: Readonly<Record<string, readonly string[]>>;
  /**
   * Tags merged into kubeward's on every taggable child.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Actions a team's scope map grants on each of its repositories: push and pull, no delete. */
export const TEAM_REPOSITORY_ACTIONS = ['content/read', 'content/write', 'metadata/read', 'metadata/write'] as const;

const DEFAULT_PURGE: Required<Omit<ImagePurgeOptions, 'agentPoolSubnetId'>> = {
  schedule: '0 3 * * *',
  olderThanDays: 30,
  keepLatest: 10,
  filters: ['.*:.*'],
};

/**
 * A private, hardened Azure Container Registry for a cluster. See `docs/azure/private-registry.md`.
 */
export class PrivateRegistry extends pulumi.ComponentResource {
  /** The registry's ARM id. */
  public readonly registryId: pulumi.Output<string>;
  /** The registry's name. */
  public readonly registryName: pulumi.Output<string>;
  /** `<name>.azurecr.io`. */
  public readonly loginServer: pulumi.Output<string>;
  /** The private endpoint's ARM id. */
  public readonly privateEndpointId: pulumi.Output<string>;
  /** The private DNS zone the endpoint's records live in. */
  public readonly privateDnsZoneId: pulumi.Output<string>;
  /** The scope map id of each team in `teamRepositories`. */
  public readonly teamScopeMapIds: Readonly<Record<string, pulumi.Output<string>>>;
  /** The retention of untagged manifests, in days. */
  public readonly retentionDays: number;
  /** The purge command the scheduled task runs, or undefined when the purge is turned off. */
  public readonly purgeCommand: string | undefined;
  /** The registry's children, for callers that wire more around them. */
  public readonly registry: containerregistry.Registry;

  constructor(name: string, args: PrivateRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeward:azure:PrivateRegistry', name, {}, opts);
    const arg = (a: string): string => `PrivateRegistry '${name}' argument '${a}'`;
    const fail = (message: string): never => {
      throw new pulumi.ResourceError(message, this);
    };

    // --- Validation and defaults, resolved once ----------------------------------------------
    const weakTags: Record<string, string> = {};

    const registryName = args.registryName ?? defaultRegistryName(name);
    if (typeof registryName === 'string' && !/^[a-zA-Z0-9]{5,50}$/.test(registryName)) {
      fail(`${arg('registryName')} is '${registryName}': a registry name is 5 to 50 letters and digits. `
        + 'Pass a name such as "contosoprodacr" (it must be globally unique).');
    }

    if (args.privateDnsZoneId === undefined && args.virtualNetworkId === undefined) {
      fail(`${arg('virtualNetworkId')} is missing: the component creates the ${ACR_PRIVATE_DNS_ZONE} zone and must link it to the cluster's network. `
        + 'Pass virtualNetworkId, or privateDnsZoneId for an existing zone already linked to it [acr.private-network].');
    }

    const retentionDays = args.retentionDays ?? 7;
    if (!Number.isInteger(retentionDays) || retentionDays < 0 || retentionDays > 365) {
      fail(`${arg('retentionDays')} is ${String(retentionDays)}: ACR keeps untagged manifests 0 to 365 whole days [acr.retention]. Pass an integer in that range (default 7).`);
    }
    this.retentionDays = retentionDays;

    const logCategoryGroup = args.logCategoryGroup ?? DEFAULT_REGISTRY_LOG_CATEGORY_GROUP;
    if (logCategoryGroup !== 'audit' && logCategoryGroup !== 'allLogs') {
      fail(`${arg('logCategoryGroup')} is '${String(logCategoryGroup)}': pass 'audit' or 'allLogs'.`);
    }

    let publicIpRules: string[] | undefined;
    if (args.publicNetworkAccess !== undefined) {
      const ranges = args.publicNetworkAccess.value;
      if (!Array.isArray(ranges) || ranges.length === 0) {
        fail(`${arg('publicNetworkAccess')} has an empty IP allow list [acr.private-network]: public access open to every address is refused. `
          + 'List the IPv4 addresses or CIDR ranges that may reach the registry, or leave publicNetworkAccess unset and use the private endpoint.');
      }
      for (const range of ranges) {
        if (!isIpv4OrCidr(range)) {
          fail(`${arg('publicNetworkAccess')} holds '${String(range)}', which is not an IPv4 address or CIDR range [acr.private-network]. Use forms such as 203.0.113.10 or 203.0.113.0/24.`);
        }
        if (/\/0$/.test(range) || range === '0.0.0.0') {
          fail(`${arg('publicNetworkAccess')} holds '${range}', which allows the whole internet [acr.private-network]. List only the addresses that need the registry.`);
        }
      }
      Object.assign(weakTags, requireJustification(this, {
        argument: arg('publicNetworkAccess'),
        controlId: 'acr.private-network',
        fix: 'Reach the registry through its private endpoint (from the cluster network, a peered network or a build agent inside it) and leave publicNetworkAccess unset.',
      }, args.publicNetworkAccess.justification));
      Object.assign(weakTags, requireJustification(this, {
        argument: arg('publicNetworkAccess'),
        controlId: 'acr.export-disabled',
        fix: 'Azure allows disabling export only on a registry without public network access; leave publicNetworkAccess unset to keep export disabled.',
      }, args.publicNetworkAccess.justification));
      publicIpRules = [...ranges];
    }

    if (args.adminUser !== undefined) {
      if (args.adminUser.value !== true) {
        fail(`${arg('adminUser')} has value ${String(args.adminUser.value)}: the admin user is already disabled by default; pass { value: true, justification } only to enable it [acr.admin-user-disabled].`);
      }
      Object.assign(weakTags, requireJustification(this, {
        argument: arg('adminUser'),
        controlId: 'acr.admin-user-disabled',
        fix: 'Authenticate with Microsoft Entra identities (AcrPull/AcrPush role assignments, workload identity, `az acr login`) and leave adminUser unset.',
      }, args.adminUser.justification));
    }

    if (args.quarantine !== undefined) {
      if (args.quarantine.value !== false) {
        fail(`${arg('quarantine')} has value ${String(args.quarantine.value)}: quarantine is already on by default; pass { value: false, justification } only to turn it off [acr.quarantine].`);
      }
      Object.assign(weakTags, requireJustification(this, {
        argument: arg('quarantine'),
        controlId: 'acr.quarantine',
        fix: 'Keep quarantine on and let the scanning pipeline mark scanned images Passed, so images are pulled only after a vulnerability scan.',
      }, args.quarantine.justification));
    }

    let purge: (Required<Omit<ImagePurgeOptions, 'agentPoolSubnetId'>> & { agentPoolSubnetId?: pulumi.Input<string> }) | undefined;
    if (args.imagePurge !== undefined && isJustified(args.imagePurge)) {
      if (args.imagePurge.value !== false) {
        fail(`${arg('imagePurge')} has value ${String(args.imagePurge.value)}: pass purge options, or { value: false, justification } to create no purge task [acr.retention].`);
      }
      Object.assign(weakTags, requireJustification(this, {
        argument: arg('imagePurge'),
        controlId: 'acr.retention',
        fix: 'Keep the scheduled purge (adjust olderThanDays, keepLatest and filters, and lock images that must stay with `az acr repository update --write-enabled false`).',
      }, args.imagePurge.justification));
    } else {
      purge = { ...DEFAULT_PURGE, ...definedOnly(args.imagePurge ?? {}) };
      validatePurge(purge, arg('imagePurge'), fail);
    }
    this.purgeCommand = purge ? purgeCommand(purge) : undefined;

    const teams = Object.entries(args.teamRepositories ?? {});
    for (const [team, repositories] of teams) {
      if (!/^[a-zA-Z0-9-]{1,45}$/.test(team)) {
        fail(`${arg('teamRepositories')} has team '${team}': a team name is 1 to 45 letters, digits or hyphens (it names the scope map '<team>-push').`);
      }
      if (!Array.isArray(repositories) || repositories.length === 0) {
        fail(`${arg('teamRepositories')} gives team '${team}' no repositories: list the repositories it may push to, e.g. ['${team.toLowerCase()}/*'].`);
      }
      for (const repository of repositories) {
        if (!isRepositoryPattern(repository)) {
          fail(`${arg('teamRepositories')} gives team '${team}' the repository '${String(repository)}': use lowercase repository names such as 'team-a/api', or 'team-a/*' for a namespace (a lone '*' would grant every repository).`);
        }
      }
    }

    // --- The registry ---------------------------------------------------------------------------
    const tags = kubewardTags('PrivateRegistry', args.tags ? { ...args.tags } : undefined);
    const cmk = args.customerManagedKey;
    const exportDisabled = publicIpRules === undefined;

    this.registry = new containerregistry.Registry(`${name}-registry`, {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      registryName,
      sku: { name: 'Premium' },
      adminUserEnabled: args.adminUser !== undefined,
      anonymousPullEnabled: false,
      publicNetworkAccess: publicIpRules ? 'Enabled' : 'Disabled',
      networkRuleSet: publicIpRules
        ? { defaultAction: 'Deny', ipRules: publicIpRules.map((iPAddressOrRange) => ({ action: 'Allow', iPAddressOrRange })) }
        : { defaultAction: 'Deny' },
      networkRuleBypassOptions: (args.trustedServicesBypass ?? true) ? 'AzureServices' : 'None',
      dataEndpointEnabled: true,
      zoneRedundancy: (args.zoneRedundant ?? true) ? 'Enabled' : 'Disabled',
      policies: {
        exportPolicy: { status: exportDisabled ? 'disabled' : 'enabled' },
        quarantinePolicy: { status: args.quarantine ? 'disabled' : 'enabled' },
        retentionPolicy: { days: retentionDays, status: 'enabled' },
        azureADAuthenticationAsArmPolicy: { status: 'disabled' },
      },
      ...(cmk ? {
        identity: pulumi.output(cmk.identityId).apply((id) => ({ type: 'UserAssigned' as const, userAssignedIdentities: { [id]: {} } })),
        encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: cmk.keyId, identity: cmk.identityClientId } },
      } : {}),
      tags: { ...tags, ...weakTags },
      // A component's dependsOn does not reach its children: the registry waits for what the
      // caller names (the grant on its encryption key, for example).
    }, { parent: this, dependsOn: opts?.dependsOn });
    const registry = this.registry;
    // The name Azure gives the registry is the one we asked for; depend on the registry itself.
    const nameOfRegistry = pulumi.all([registry.id, registryName]).apply(([, n]) => n);

    // --- Scheduled purge of stale images --------------------------------------------------------
    if (purge) {
      let agentPoolName: pulumi.Output<string> | undefined;
      if (purge.agentPoolSubnetId !== undefined) {
        const pool = new containerregistry.AgentPool(`${name}-purge-pool`, {
          resourceGroupName: args.resourceGroupName,
          registryName: nameOfRegistry,
          location: args.location,
          agentPoolName: 'kubewardpurge',
          tier: 'S1',
          count: 1,
          os: 'Linux',
          virtualNetworkSubnetResourceId: purge.agentPoolSubnetId,
          tags,
        }, { parent: this });
        agentPoolName = pool.id.apply(() => 'kubewardpurge');
      } else {
        void pulumi.log.warn(`PrivateRegistry '${name}': the purge task runs on ACR's shared agents, which a network-restricted registry refuses (403). `
          + 'Pass imagePurge.agentPoolSubnetId to run it on a dedicated agent pool in the virtual network [acr.retention].', this);
      }
      new containerregistry.Task(`${name}-purge`, {
        resourceGroupName: args.resourceGroupName,
        registryName: nameOfRegistry,
        location: args.location,
        taskName: 'kubeward-purge',
        platform: { os: 'Linux', architecture: 'amd64' },
        ...(agentPoolName ? { agentPoolName } : { agentConfiguration: { cpu: 2 } }),
        step: { type: 'EncodedTask', encodedTaskContent: Buffer.from(purgeTaskYaml(this.purgeCommand as string)).toString('base64') },
        trigger: { timerTriggers: [{ name: 'kubeward-purge-schedule', schedule: purge.schedule, status: 'Enabled' }] },
        status: 'Enabled',
        isSystemTask: false,
        timeout: 3600,
        tags,
      }, { parent: this });
    }

    // --- Private endpoint and DNS ---------------------------------------------------------------
    let zoneId: pulumi.Output<string>;
    if (args.privateDnsZoneId !== undefined) {
      zoneId = pulumi.output(args.privateDnsZoneId);
    } else {
      const zone = linkedPrivateZone(this, {
        logicalName: `${name}-dns`,
        resourceGroupName: args.resourceGroupName,
        zoneName: ACR_PRIVATE_DNS_ZONE,
        virtualNetworkId: args.virtualNetworkId as pulumi.Input<string>,
        tags,
      });
      zoneId = zone.id;
    }
    const endpoint = privateEndpointWithDns(this, {
      endpointName: `${name}-pe`,
      zoneGroupName: `${name}-dns-group`,
      connectionName: `${name}-registry`,
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      subnetId: args.privateEndpointSubnetId,
      targetId: registry.id,
      groupId: 'registry',
      zones: [['privatelink-azurecr-io', zoneId]],
      tags,
    });

    // --- Diagnostic settings --------------------------------------------------------------------
    new monitor.DiagnosticSetting(`${name}-diagnostics`, {
      name: REGISTRY_DIAGNOSTIC_SETTING_NAME,
      resourceUri: registry.id,
      workspaceId: args.logAnalyticsWorkspaceId,
      logs: [
        { categoryGroup: 'audit', enabled: logCategoryGroup === 'audit' },
        { categoryGroup: 'allLogs', enabled: logCategoryGroup === 'allLogs' },
      ],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    }, { parent: this });

    // --- Least-privilege push per team ----------------------------------------------------------
    const scopeMapIds: Record<string, pulumi.Output<string>> = {};
    for (const [team, repositories] of teams) {
      const scopeMap = new containerregistry.ScopeMap(`${name}-scope-${team}`, {
        resourceGroupName: args.resourceGroupName,
        registryName: nameOfRegistry,
        scopeMapName: `${team}-push`,
        description: `kubeward: push and pull for team ${team} on ${repositories.join(', ')} only`,
        actions: teamActions(repositories),
      }, { parent: this });
      scopeMapIds[team] = scopeMap.id;
    }
    this.teamScopeMapIds = scopeMapIds;

    this.registryId = registry.id;
    this.registryName = nameOfRegistry;
    this.loginServer = registry.loginServer;
    this.privateEndpointId = endpoint.id;
    this.privateDnsZoneId = zoneId;
    this.registerOutputs({
      registryId: this.registryId,
      registryName: this.registryName,
      loginServer: this.loginServer,
      privateEndpointId: this.privateEndpointId,
      privateDnsZoneId: this.privateDnsZoneId,
    });
  }
}

/**
 * The default registry name: the component name's letters and digits, lowercased, plus `acr`.
 * @internal
 */
export function defaultRegistryName(componentName: string): string {
  const base = componentName.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${base}acr`.padEnd(5, '0').slice(0, 50);
}

/**
 * The scope map actions of a team: each action of {@link TEAM_REPOSITORY_ACTIONS} on each repository.
 * @internal
 */
export function teamActions(repositories: readonly string[]): string[] {
  return repositories.flatMap((repository) => TEAM_REPOSITORY_ACTIONS.map((action) => `repositories/${repository}/${action}`));
}

/**
 * The `acr purge` command of the scheduled task.
 * @internal
 */
export function purgeCommand(options: Required<Omit<ImagePurgeOptions, 'agentPoolSubnetId'>>): string {
  const filters = options.filters.map((f) => `--filter '${f}'`).join(' ');
  const keep = options.keepLatest > 0 ? ` --keep ${options.keepLatest}` : '';
  return `acr purge ${filters} --ago ${options.olderThanDays}d${keep} --untagged`;
}

/**
 * The ACR Tasks YAML (what `az acr task create --cmd` encodes) that runs one command.
 * @internal
 */
export function purgeTaskYaml(command: string): string {
  return `version: v1.1.0\nsteps:\n  - cmd: ${JSON.stringify(command)}\n    disableWorkingDirectoryOverride: true\n    timeout: 3600\n`;
}

function validatePurge(
  purge: Required<Omit<ImagePurgeOptions, 'agentPoolSubnetId'>>,
  argument: string,
  fail: (message: string) => never,
): void {
  if (typeof purge.schedule !== 'string' || !/^\S+( \S+){4}$/.test(purge.schedule.trim())) {
    fail(`${argument}.schedule is '${String(purge.schedule)}': give a five-field cron expression in UTC, e.g. '0 3 * * *'.`);
  }
  if (!Number.isInteger(purge.olderThanDays) || purge.olderThanDays < 1) {
    fail(`${argument}.olderThanDays is ${String(purge.olderThanDays)}: give a whole number of days, at least 1 [acr.retention].`);
  }
  if (!Number.isInteger(purge.keepLatest) || purge.keepLatest < 0) {
    fail(`${argument}.keepLatest is ${String(purge.keepLatest)}: give a whole number of tags to keep per repository, 0 or more.`);
  }
  if (!Array.isArray(purge.filters) || purge.filters.length === 0) {
    fail(`${argument}.filters is empty: give at least one '<repository-regex>:<tag-regex>' filter, e.g. '.*:.*'.`);
  }
  for (const filter of purge.filters) {
    if (typeof filter !== 'string' || !/^[^\s'"`\\$;|&]+:[^\s'"`\\$;|&]+$/.test(filter)) {
      fail(`${argument}.filters holds '${String(filter)}': a filter is '<repository-regex>:<tag-regex>' without spaces, quotes or shell characters, e.g. 'team-a/.*:.*'.`);
    }
  }
}

function isJustified<T>(value: unknown): value is JustifiedArg<T> {
  return typeof value === 'object' && value !== null && 'justification' in value;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isIpv4OrCidr(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return false;
  return m[5] === undefined || Number(m[5]) <= 32;
}

function isRepositoryPattern(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  return new RegExp(`^${component}(?:/${component})*(?:/\\*)?$`).test(value);
}
