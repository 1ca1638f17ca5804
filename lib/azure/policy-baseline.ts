import * as authorization from '@pulumi/azure-native/authorization';
import * as pulumi from '@pulumi/pulumi';
import { type JustifiedArg, kubewardTags, requireJustification } from './common';
import { DEFAULT_REGISTRY_LOG_CATEGORY_GROUP, REGISTRY_DIAGNOSTIC_SETTING_NAME } from './private-registry';
import { BUILT_IN_ROLES, type BuiltInRole, type BuiltInRoleId, grantRole } from './roles';
import { AKS_DIAGNOSTIC_LOG_CATEGORIES, CLUSTER_DIAGNOSTIC_SETTING_NAME, SECURE_AKS_CLUSTER_LOG_CATEGORIES } from './secure-aks-cluster';

/**
 * `PolicyBaseline`: the Azure Policy assignments the guidance asks for, at a subscription or
 * resource group: allowed locations, the Kubernetes pod security initiative, allowed container
 * images, the built-in AKS and ACR definitions that match what SecureAksCluster and
 * PrivateRegistry configure, and DeployIfNotExists assignments that keep the platform's logging
 * and admin access in place. Every assignment and its parameters are data in
 * {@link POLICY_BASELINE_ASSIGNMENTS}. See docs/azure/policy-baseline.md.
 */

/** The effects PolicyBaseline assigns to its Audit and Deny definitions (never `Disabled`). */
export type PolicyBaselineEffect = 'Audit' | 'Deny';

/** The effects PolicyBaseline assigns to its remediation (DeployIfNotExists) definitions (never `Disabled`). */
export type PolicyBaselineRemediationEffect = 'DeployIfNotExists' | 'AuditIfNotExists';

/** The Pod Security Standards level the pod security initiative enforces. */
export type PolicyBaselinePodSecurityStandard = 'restricted' | 'baseline';

/** What every row of the assignment table has. */
interface PolicyBaselineSpecBase {
  /** The child's role: the Pulumi name and the assignment name are `<name>-<role>`. */
  readonly role: string;
  /** `policyDefinitions` for a definition, `policySetDefinitions` for an initiative. */
  readonly kind: 'policyDefinitions' | 'policySetDefinitions';
  /** The built-in definition's name (GUID). */
  readonly definition: string;
  /** The built-in definition's display name. */
  readonly displayName: string;
  /** The kubeward control the assignment checks in Azure, if the catalogue has one. */
  readonly controlId?: string;
  /** Guidance checklist ids. */
  readonly checklist: readonly string[];
  /**
   * The non-compliance message: what is wrong and which kubeward component or argument fixes it
   * (`<level>` stands for the pod security level; the control and checklist ids are appended).
   */
  readonly message: string;
}

/** A row whose definition audits or denies. */
export interface PolicyBaselineAuditSpec extends PolicyBaselineSpecBase {
  /** The effects among Audit and Deny that the definition's `effect` parameter allows. */
  readonly effects: readonly PolicyBaselineEffect[];
  /**
   * The effect when the `effect` argument is not given: `Deny` where the definition allows it
   * and kubeward's components comply with their defaults, otherwise `Audit`.
   */
  readonly defaultEffect: PolicyBaselineEffect;
  /** Audit and Deny rows remediate nothing. */
  readonly remediation?: undefined;
}

/** The arguments of {@link PolicyBaselineArgs} that give remediation assignments their inputs. */
export type PolicyBaselineRemediationInput = 'logAnalyticsWorkspaceId' | 'adminGroupObjectIds';

/** How a DeployIfNotExists row remediates: what it needs and what its managed identity is granted. */
export interface PolicyBaselineRemediation {
  /** The argument whose value the assignment's parameters come from; without it the assignment is not made. */
  readonly input: PolicyBaselineRemediationInput;
  /**
   * The definition's `then.details.roleDefinitionIds` (GUIDs): each is granted to the assignment's
   * system-assigned identity at the assignment's scope.
   */
  readonly roleDefinitionIds: readonly BuiltInRoleId[];
  /** `subscription` when the definition deploys a subscription setting: the row is made only at a subscription scope. */
  readonly scope?: 'subscription';
}

/** A row whose definition deploys what is missing (DeployIfNotExists). */
export interface PolicyBaselineRemediationSpec extends PolicyBaselineSpecBase {
  /** The effects among DeployIfNotExists and AuditIfNotExists that the definition's `effect` parameter allows. */
  readonly effects: readonly PolicyBaselineRemediationEffect[];
  /** Remediation rows deploy by default. */
  readonly defaultEffect: 'DeployIfNotExists';
  /** What the row needs and grants. */
  readonly remediation: PolicyBaselineRemediation;
}

/** One row of the assignment table. */
export type PolicyBaselineAssignmentSpec = PolicyBaselineAuditSpec | PolicyBaselineRemediationSpec;

/** A built-in policy definition or initiative: its name (GUID) and display name. */
export interface BuiltInDefinition {
  /** The name (GUID). */
  readonly definition: string;
  /** The display name. */
  readonly displayName: string;
}

/** The Kubernetes pod security initiatives for Linux-based workloads (built-in policy set definitions). */
export const POD_SECURITY_INITIATIVES: Readonly<Record<PolicyBaselinePodSecurityStandard, BuiltInDefinition>> = {
  restricted: {
    definition: '42b8ef37-b724-4e24-bbc8-7a7708edfe00',
    displayName: 'Kubernetes cluster pod security restricted standards for Linux-based workloads',
  },
  baseline: {
    definition: 'a8640138-9b0a-4a28-b8cb-1666c838647d',
    displayName: 'Kubernetes cluster pod security baseline standards for Linux-based workloads',
  },
};

/**
 * The namespaces Azure Policy's Kubernetes definitions exclude by default (the `excludedNamespaces`
 * default of the pod security initiatives and of "Kubernetes cluster containers should only use
 * allowed images"): AKS, Azure Policy (Gatekeeper), Arc and extension system components.
 */
export const AZURE_SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'gatekeeper-system', 'azure-arc', 'azure-extensions-usage-system'];

/**
 * Per-policy non-compliance messages of the pod security initiatives, by
 * `policyDefinitionReferenceId` (as the initiatives name their member definitions), each naming
 * the kubeward control that finds the same problem in manifests.
 */
export const POD_SECURITY_REFERENCE_MESSAGES: Readonly<Record<PolicyBaselinePodSecurityStandard, Readonly<Record<string, string>>>> = {
  restricted: {
    NoPrivilegedContainers: 'Containers must not run privileged: remove securityContext.privileged [pss.privileged].',
    NoPrivilegeEscalation: 'Set securityContext.allowPrivilegeEscalation: false on every container [pss.privilege-escalation].',
    BlockUsingHostNetwork: 'Pods must not use hostNetwork or hostPort [pss.host-namespaces, pss.host-ports].',
    BlockUsingHostProcessIDAndIPC: 'Pods must not use hostPID or hostIPC [pss.host-namespaces].',
    ContainerCapabilities: 'Drop ALL capabilities and add back at most NET_BIND_SERVICE [pss.capabilities-restricted].',
    AllowedVolumeTypes: 'Use only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes [pss.volume-types].',
    AllowedUsersGroups: 'Run as non-root and set runAsGroup, fsGroup and supplementalGroups to ids from 1 to 65535 [pss.run-as-non-root].',
    AllowedSeccompProfiles: 'Set seccompProfile.type: RuntimeDefault (or Localhost) on the pod or every container [pss.seccomp-restricted].',
  },
  baseline: {
    NoPrivilegedContainers: 'Containers must not run privileged: remove securityContext.privileged [pss.privileged].',
    BlockUsingHostNetwork: 'Pods must not use hostNetwork or hostPort [pss.host-namespaces, pss.host-ports].',
    BlockUsingHostProcessIDAndIPC: 'Pods must not use hostPID or hostIPC [pss.host-namespaces].',
    ContainerCapabilities: 'Add no capability beyond the Pod Security Standards baseline set [pss.capabilities-baseline].',
    NoHostPathVolume: 'Pods must not mount hostPath volumes [pss.host-path-volumes].',
  },
};

/**
 * The diagnostic setting PrivateRegistry creates (category group `audit`): the `acr-diagnostics`
 * assignment remediates a registry by deploying the setting under this name, so a drifted
 * kubeward setting is repaired in place rather than joined by a second one.
 */
export const PRIVATE_REGISTRY_DIAGNOSTIC_SETTING = {
  name: REGISTRY_DIAGNOSTIC_SETTING_NAME,
  categoryGroup: DEFAULT_REGISTRY_LOG_CATEGORY_GROUP,
} as const;

const AKS = 'SecureAksCluster';
const ACR = 'PrivateRegistry';

/**
 * Every assignment PolicyBaseline makes, in creation order: the one place that says which
 * built-in definition, which control, which effects and which non-compliance message. Parameters
 * other than `effect` (allowed locations, pod security namespaces and capabilities, the allowed
 * images regex, the workspace, the admin groups and log categories) are added for the rows
 * `allowed-locations`, `allowed-rg-locations`, `pod-security`, `allowed-images` and the
 * remediation rows. GUIDs, allowed effects and role definition ids are those of the built-in
 * definitions in Azure/azure-policy.
 */
export const POLICY_BASELINE_ASSIGNMENTS = [
  {
    role: 'allowed-locations',
    kind: 'policyDefinitions',
    definition: 'e56962a6-4747-49cd-b67b-bf8b01975c4c',
    displayName: 'Allowed locations',
    controlId: 'policy.allowed-locations',
    checklist: ['E-27'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: 'Create resources only in the allowed regions. kubeward PolicyBaseline argument \'allowedLocations\' lists them; deploy kubeward components (SecureAksPlatform \'location\') in one of them.',
  },
  {
    role: 'allowed-rg-locations',
    kind: 'policyDefinitions',
    definition: 'e765b5de-1225-4ba3-bd56-1ac6695af988',
    displayName: 'Allowed locations for resource groups',
    controlId: 'policy.allowed-locations',
    checklist: ['E-27'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: 'Create resource groups only in the allowed regions. kubeward PolicyBaseline argument \'allowedLocations\' lists them.',
  },
  {
    role: 'pod-security',
    kind: 'policySetDefinitions',
    definition: POD_SECURITY_INITIATIVES.restricted.definition,
    displayName: POD_SECURITY_INITIATIVES.restricted.displayName,
    controlId: 'policy.pod-security-baseline',
    checklist: ['W-07', 'E-13', 'E-33'],
    // Deny by default: besides the Pod Security Standards, the restricted initiative requires
    // runAsGroup, fsGroup and supplementalGroups from 1 to 65535 on every pod (its
    // AllowedUsersGroups member), and kubeward's Hardened* workloads set all three.
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: 'Pods must meet the Kubernetes Pod Security Standards <level> profile. Build workloads with kubeward\'s Hardened* constructs in a SecureNamespace and check manifests with \'kubeward audit --standard pss-<level>\'.',
  },
  {
    role: 'allowed-images',
    kind: 'policyDefinitions',
    definition: 'febd0533-8e55-448f-b837-bd0e06f16469',
    displayName: 'Kubernetes cluster containers should only use allowed images',
    checklist: ['E-20', 'E-13'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: 'Containers may only use images from the allowed registries (kubeward PolicyBaseline argument \'allowedRegistries\'). Push or import the image into the PrivateRegistry and reference it from there.',
  },
  {
    role: 'aks-private-cluster',
    kind: 'policyDefinitions',
    definition: '040732e8-d947-40b8-95d6-854c95024bf8',
    displayName: 'Azure Kubernetes Service Private Clusters should be enabled',
    controlId: 'aks.private-cluster',
    checklist: ['E-29', 'E-26'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: `The AKS API server must be private (apiServerAccessProfile.enablePrivateCluster). kubeward ${AKS} is private unless its 'publicApiServer' argument is given.`,
  },
  {
    role: 'aks-entra-id',
    kind: 'policyDefinitions',
    definition: '450d2877-ebea-41e8-b00c-e286317d21bf',
    displayName: 'Azure Kubernetes Service Clusters should enable Microsoft Entra ID integration',
    controlId: 'aks.entra-rbac',
    checklist: ['E-09', 'E-32'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must use Microsoft Entra ID integration (aadProfile). kubeward ${AKS} turns it on with Azure RBAC; its 'adminGroupObjectIds' argument names the admin groups.`,
  },
  {
    role: 'aks-local-accounts',
    kind: 'policyDefinitions',
    definition: '993c2fcd-2b29-49d2-9eb0-df2c3a730c32',
    displayName: 'Azure Kubernetes Service Clusters should have local authentication methods disabled',
    controlId: 'aks.local-accounts-disabled',
    checklist: ['E-09', 'E-32'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: `AKS clusters must have local accounts disabled (disableLocalAccounts: true). kubeward ${AKS} always disables them.`,
  },
  {
    role: 'aks-run-command',
    kind: 'policyDefinitions',
    definition: '89f2d532-c53c-4f8f-9afa-4927b1114a0d',
    displayName: 'Azure Kubernetes Service Clusters should disable Command Invoke',
    controlId: 'aks.run-command-disabled',
    checklist: ['E-09', 'E-29'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must disable run command (apiServerAccessProfile.disableRunCommand: true). kubeward ${AKS} always disables it.`,
  },
  {
    role: 'aks-managed-identity',
    kind: 'policyDefinitions',
    definition: 'da6e2401-19da-4532-9141-fb8fbde08431',
    displayName: 'Azure Kubernetes Service Clusters should use managed identities',
    controlId: 'aks.managed-identity',
    checklist: ['E-09', 'E-19'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must use a managed identity, never a service principal. kubeward ${AKS} uses a system-assigned identity, or the one its 'userAssignedIdentityId' argument names.`,
  },
  {
    role: 'aks-workload-identity',
    kind: 'policyDefinitions',
    definition: '2cc2e023-0dac-4046-875b-178f683929d5',
    displayName: 'Azure Kubernetes Service Clusters should enable workload identity',
    controlId: 'aks.workload-identity',
    checklist: ['W-14', 'W-15'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must enable workload identity (securityProfile.workloadIdentity). kubeward ${AKS} turns on the OIDC issuer and workload identity.`,
  },
  {
    role: 'aks-defender-profile',
    kind: 'policyDefinitions',
    definition: 'a1840de2-8088-4ea8-b153-b4c723e9cb01',
    displayName: 'Azure Kubernetes Service clusters should have Defender profile enabled',
    controlId: 'aks.defender-profile',
    checklist: ['E-24', 'W-03'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must run the Defender sensor (securityProfile.defender). kubeward ${AKS} wires it to the workspace its 'logAnalyticsWorkspaceId' argument names; DefenderForContainers turns on the plan.`,
  },
  {
    role: 'aks-image-cleaner',
    kind: 'policyDefinitions',
    definition: 'af3c26b2-6fad-493e-9236-9c68928516ab',
    displayName: 'Azure Kubernetes Service Clusters should enable Image Cleaner',
    controlId: 'aks.image-cleaner',
    checklist: ['E-04'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must enable Image Cleaner (securityProfile.imageCleaner). kubeward ${AKS} turns it on.`,
  },
  {
    role: 'aks-policy-addon',
    kind: 'policyDefinitions',
    definition: '0a15ec92-a229-4763-bb14-0ea34a568f8d',
    displayName: 'Azure Policy Add-on for Kubernetes service (AKS) should be installed and enabled on your clusters',
    controlId: 'aks.azure-policy-addon',
    checklist: ['E-13', 'E-34'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must run the Azure Policy add-on (addonProfiles.azurepolicy), or the pod security and allowed images assignments are not enforced. kubeward ${AKS} turns it on.`,
  },
  {
    role: 'aks-auto-upgrade',
    kind: 'policyDefinitions',
    definition: '5c345cdf-2049-47e0-b8fe-b0e96bc2df35',
    displayName: 'Azure Kubernetes Service Clusters should enable cluster auto-upgrade',
    controlId: 'aks.auto-upgrade',
    checklist: ['E-14', 'E-18'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must use an automatic upgrade channel (autoUpgradeProfile.upgradeChannel). kubeward ${AKS} uses 'stable' in the window its 'maintenanceWindow' argument sets.`,
  },
  {
    role: 'aks-node-os-upgrade',
    kind: 'policyDefinitions',
    definition: '04408ca5-aa10-42ce-8536-98955cdddd4c',
    displayName: 'Azure Kubernetes Service Clusters should enable node os auto-upgrade',
    controlId: 'aks.auto-upgrade',
    checklist: ['E-14', 'E-18'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must upgrade node OS images automatically (autoUpgradeProfile.nodeOSUpgradeChannel). kubeward ${AKS} uses 'NodeImage'.`,
  },
  {
    role: 'aks-host-encryption',
    kind: 'policyDefinitions',
    definition: '41425d9f-d1a5-499a-9932-f8ed8453932c',
    displayName: 'Temp disks and cache for agent node pools in Azure Kubernetes Service clusters should be encrypted at host',
    controlId: 'aks.node-os-hardening',
    checklist: ['E-17', 'E-10'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: `Every AKS node pool must use encryption at host (enableEncryptionAtHost: true). kubeward ${AKS} sets it on the system pool and every user pool.`,
  },
  {
    role: 'aks-ssh-disabled',
    kind: 'policyDefinitions',
    definition: '28257686-e9db-403e-b9e2-a5eecbe03da9',
    displayName: 'Azure Kubernetes Clusters should disable SSH',
    controlId: 'aks.node-os-hardening',
    checklist: ['E-17', 'E-10'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS node pools must disable SSH (securityProfile.sshAccess: Disabled). kubeward ${AKS} disables it on every pool.`,
  },
  {
    role: 'aks-cmk-disks',
    kind: 'policyDefinitions',
    definition: '7d7be79c-23ba-4033-84dd-45e2a5ccdd67',
    displayName: 'Both operating systems and data disks in Azure Kubernetes Service clusters should be encrypted by customer-managed keys',
    controlId: 'aks.customer-managed-keys',
    checklist: ['E-10'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Audit',
    message: `AKS node disks must be encrypted with a customer-managed key (diskEncryptionSetID). kubeward SecureAksPlatform passes the disk encryption set of its PlatformKeys to ${AKS}.`,
  },
  {
    role: 'aks-kms',
    kind: 'policyDefinitions',
    definition: 'dbbdc317-9734-4dd8-9074-993b29c69008',
    displayName: 'Azure Kubernetes Service Clusters should enable Key Management Service (KMS)',
    controlId: 'aks.customer-managed-keys',
    checklist: ['E-10'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `AKS clusters must encrypt Kubernetes secrets in etcd with a Key Vault key (securityProfile.azureKeyVaultKms). kubeward SecureAksPlatform passes the etcd key of its PlatformKeys to ${AKS}.`,
  },
  {
    role: 'acr-admin-user',
    kind: 'policyDefinitions',
    definition: 'dc921057-6b28-4fbe-9b83-f7bec05db6c2',
    displayName: 'Container registries should have local admin account disabled.',
    controlId: 'acr.admin-user-disabled',
    checklist: ['E-06'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: `Container registries must have the admin user disabled (adminUserEnabled: false). kubeward ${ACR} keeps it off unless its 'adminUser' argument is given.`,
  },
  {
    role: 'acr-anonymous-pull',
    kind: 'policyDefinitions',
    definition: '9f2dea28-e834-476c-99c5-3507b4728395',
    displayName: 'Container registries should have anonymous authentication disabled.',
    controlId: 'acr.anonymous-pull-disabled',
    checklist: ['E-06'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: `Container registries must not allow anonymous pull (anonymousPullEnabled: false). kubeward ${ACR} always turns it off.`,
  },
  {
    role: 'acr-public-network',
    kind: 'policyDefinitions',
    definition: '0fdf0491-d080-4575-b627-ad0e843cba0f',
    displayName: 'Public network access should be disabled for Container registries',
    controlId: 'acr.private-network',
    checklist: ['E-03', 'E-31', 'E-35'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: `Container registries must disable public network access and be reached through a private endpoint. kubeward ${ACR} does, unless its 'publicNetworkAccess' argument is given.`,
  },
  {
    role: 'acr-arm-token',
    kind: 'policyDefinitions',
    definition: '42781ec6-6127-4c30-bdfa-fb423a0047d3',
    displayName: 'Container registries should have ARM audience token authentication disabled.',
    controlId: 'acr.arm-token-disabled',
    checklist: ['E-06'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: `Container registries must accept only ACR-audience tokens (policies.azureADAuthenticationAsArmPolicy.status: disabled). kubeward ${ACR} always sets it.`,
  },
  {
    role: 'acr-export',
    kind: 'policyDefinitions',
    definition: '524b0254-c285-4903-bee6-bb8126cde579',
    displayName: 'Container registries should have exports disabled',
    controlId: 'acr.export-disabled',
    checklist: ['E-06', 'E-31'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: `Container registries must disable export (policies.exportPolicy.status: disabled). kubeward ${ACR} does, unless its 'publicNetworkAccess' argument is given.`,
  },
  {
    role: 'acr-private-link-sku',
    kind: 'policyDefinitions',
    definition: 'bd560fc0-3c69-498a-ae9f-aa8eb7de0e13',
    displayName: 'Container registries should have SKUs that support Private Links',
    controlId: 'acr.private-network',
    checklist: ['E-35'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Deny',
    message: `Container registries must use the Premium SKU, which supports private endpoints. kubeward ${ACR} always does.`,
  },
  {
    role: 'acr-private-link',
    kind: 'policyDefinitions',
    definition: 'e8eef0a8-67cf-4eb4-9386-14b0e78733d4',
    displayName: 'Container registries should use private link',
    controlId: 'acr.private-network',
    checklist: ['E-35', 'E-31'],
    effects: ['Audit'],
    defaultEffect: 'Audit',
    message: `Container registries must have a private endpoint. kubeward ${ACR} creates one in the subnet its 'privateEndpointSubnetId' argument names.`,
  },
  {
    role: 'acr-cmk',
    kind: 'policyDefinitions',
    definition: '5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580',
    displayName: 'Container registries should be encrypted with a customer-managed key',
    controlId: 'acr.customer-managed-key',
    checklist: ['E-10'],
    effects: ['Audit', 'Deny'],
    defaultEffect: 'Audit',
    message: `Container registries must encrypt their content with a customer-managed key. kubeward SecureAksPlatform passes the registry key of its PlatformKeys to ${ACR} (customerManagedKey).`,
  },
  {
    role: 'aks-admin-groups',
    kind: 'policyDefinitions',
    definition: '36a27de4-199b-40fb-b336-945a8475d6c5',
    displayName: 'Configure Microsoft Entra ID integrated Azure Kubernetes Service Clusters with required Admin Group Access',
    controlId: 'aks.entra-rbac',
    checklist: ['E-09', 'E-32'],
    effects: ['DeployIfNotExists'],
    defaultEffect: 'DeployIfNotExists',
    remediation: {
      input: 'adminGroupObjectIds',
      roleDefinitionIds: [BUILT_IN_ROLES.AzureKubernetesServiceContributor, BUILT_IN_ROLES.AzureKubernetesServicePolicyAddOnDeployment],
    },
    message: `AKS clusters must have exactly the admin groups of kubeward PolicyBaseline argument 'adminGroupObjectIds' (aadProfile.adminGroupObjectIDs); remediation sets them. kubeward ${AKS} takes the same list as its 'adminGroupObjectIds' argument.`,
  },
  {
    role: 'aks-diagnostics',
    kind: 'policyDefinitions',
    definition: '6c66c325-74c8-42fd-a286-a74b0e2939d8',
    displayName: 'Deploy - Configure diagnostic settings for Azure Kubernetes Service to Log Analytics workspace',
    controlId: 'aks.audit-logs',
    checklist: ['E-16'],
    effects: ['DeployIfNotExists'],
    defaultEffect: 'DeployIfNotExists',
    remediation: {
      input: 'logAnalyticsWorkspaceId',
      roleDefinitionIds: [BUILT_IN_ROLES.MonitoringContributor, BUILT_IN_ROLES.LogAnalyticsContributor],
    },
    message: `AKS clusters must send kube-audit-admin, kube-apiserver and guard logs to the workspace of kubeward PolicyBaseline argument 'logAnalyticsWorkspaceId', with the other control-plane categories and AllMetrics listed as off, as kubeward ${AKS}'s diagnostic setting does; remediation deploys that setting.`,
  },
  {
    role: 'acr-diagnostics',
    kind: 'policyDefinitions',
    definition: '56288eb2-4350-461d-9ece-2bb242269dce',
    displayName: 'Enable logging by category group for Container registries (microsoft.containerregistry/registries) to Log Analytics',
    checklist: ['E-06'],
    effects: ['DeployIfNotExists', 'AuditIfNotExists'],
    defaultEffect: 'DeployIfNotExists',
    remediation: {
      input: 'logAnalyticsWorkspaceId',
      roleDefinitionIds: [BUILT_IN_ROLES.LogAnalyticsContributor],
    },
    message: `Container registries must send the 'audit' log category group to the workspace of kubeward PolicyBaseline argument 'logAnalyticsWorkspaceId'; remediation deploys the diagnostic setting '${PRIVATE_REGISTRY_DIAGNOSTIC_SETTING.name}' that kubeward ${ACR} creates.`,
  },
  {
    role: 'activity-log',
    kind: 'policyDefinitions',
    definition: '2465583e-4e78-4c15-b6be-a36cbc7c8b0f',
    displayName: 'Configure Azure Activity logs to stream to specified Log Analytics workspace',
    controlId: 'monitoring.activity-log',
    checklist: ['E-25'],
    effects: ['DeployIfNotExists'],
    defaultEffect: 'DeployIfNotExists',
    remediation: {
      input: 'logAnalyticsWorkspaceId',
      roleDefinitionIds: [BUILT_IN_ROLES.MonitoringContributor, BUILT_IN_ROLES.LogAnalyticsContributor],
      scope: 'subscription',
    },
    message: 'The subscription activity log must stream to the workspace of kubeward PolicyBaseline argument \'logAnalyticsWorkspaceId\'; remediation deploys the subscription diagnostic setting. kubeward SecurityMonitoring exports it.',
  },
] as const satisfies readonly PolicyBaselineAssignmentSpec[];

type PolicyBaselineRow = (typeof POLICY_BASELINE_ASSIGNMENTS)[number];

/** The role of one of PolicyBaseline's assignments (`allowed-locations`, `aks-private-cluster`, ...). */
export type PolicyBaselineRole = PolicyBaselineRow['role'];

/** The role of a remediation (DeployIfNotExists) assignment, made only when its input is given. */
export type PolicyBaselineRemediationRole = Extract<PolicyBaselineRow, { remediation: object }>['role'];

/** The role of an Audit or Deny assignment, always made. */
export type PolicyBaselineAuditRole = Exclude<PolicyBaselineRole, PolicyBaselineRemediationRole>;

/** The effect an assignment of a role can have: Audit or Deny, or for remediation roles DeployIfNotExists or AuditIfNotExists. */
export type PolicyBaselineEffectOf<R extends PolicyBaselineRole> =
  R extends PolicyBaselineRemediationRole ? PolicyBaselineRemediationEffect : PolicyBaselineEffect;

/** Effects of single assignments, by role, each typed by what its role can have. */
export type PolicyBaselineEffectOverrides = { readonly [R in PolicyBaselineRole]?: PolicyBaselineEffectOf<R> };

/** Something per role: always there for the Audit and Deny roles, there for a remediation role when its assignment is made. */
export type PolicyBaselineByRole<T> = Readonly<Record<PolicyBaselineAuditRole, T>> & Readonly<Partial<Record<PolicyBaselineRemediationRole, T>>>;

/** The effect of each assignment, by role (a remediation role only when its assignment is made). */
export type PolicyBaselineEffects = { readonly [R in PolicyBaselineAuditRole]: PolicyBaselineEffect }
  & { readonly [R in PolicyBaselineRemediationRole]?: PolicyBaselineRemediationEffect };

/** Arguments of {@link PolicyBaseline}. */
export interface PolicyBaselineArgs {
  /**
   * Where the policies are assigned: a subscription (`/subscriptions/<id>`) or a resource group
   * (`/subscriptions/<id>/resourceGroups/<name>`) id. Management groups are not supported
   * (assignment names there are limited to 24 characters).
   * @see https://learn.microsoft.com/azure/templates/microsoft.authorization/policyassignments
   */
  readonly scope: pulumi.Input<string>;
  /**
   * The regions resources and resource groups may be created in, as location names
   * (`westeurope`, not `West Europe`). Required and non-empty (checklist E-27).
   */
  readonly allowedLocations: readonly string[];
  /**
   * The registries (host, optionally `:port` and a repository path prefix) containers may pull
   * images from, e.g. `registry.loginServer` or `'mcr.microsoft.com'`; an image must start with
   * one of them followed by `/`. Required and non-empty (checklist E-20).
   */
  readonly allowedRegistries: readonly pulumi.Input<string>[];
  /**
   * The effect of every assignment whose definition allows it: `Deny` blocks non-compliant
   * requests, `Audit` only reports them. Definitions that allow only Audit stay on Audit. On the
   * remediation assignments, `Audit` means AuditIfNotExists where the definition allows it (it
   * reports, deploys nothing) and `Deny` means DeployIfNotExists; a definition that allows only
   * DeployIfNotExists stays on it.
   * @default - each assignment's `defaultEffect`: Deny where the definition allows it and
   * kubeward's components comply with their defaults (the pod security initiative included);
   * Audit for the others; DeployIfNotExists for the remediation assignments
   */
  readonly effect?: PolicyBaselineEffect;
  /**
   * The effect of single assignments, by role; wins over `effect` (for example `Audit` on
   * `aks-private-cluster` while a cluster keeps a justified public API server, or
   * `AuditIfNotExists` on `acr-diagnostics` to report without deploying). Audit and Deny roles
   * take `Audit` or `Deny`, remediation roles `DeployIfNotExists` or `AuditIfNotExists`; an
   * override of a remediation assignment that is not made is ignored.
   * @default - none
   */
  readonly effectOverrides?: PolicyBaselineEffectOverrides;
  /**
   * `{ value: 'baseline', justification }` assigns the pod security baseline initiative instead
   * of restricted (weakens `policy.pod-security-baseline`).
   * @default - the restricted initiative
   */
  readonly podSecurityStandard?: JustifiedArg<'baseline'>;
  /**
   * `{ value: [namespaces], justification }` excludes more namespaces, beyond the Azure system
   * namespaces, from the pod security and allowed images assignments (weakens
   * `policy.pod-security-baseline`).
   * @default - only {@link AZURE_SYSTEM_NAMESPACES}
   */
  readonly excludedNamespaces?: JustifiedArg<readonly string[]>;
  /**
   * Resource id of the Log Analytics workspace the platform's logs go to. Makes the remediation
   * assignments `aks-diagnostics` (AKS control-plane logs), `acr-diagnostics` (registry audit
   * logs) and, at a subscription scope, `activity-log` (the subscription's activity log), which
   * deploy the diagnostic setting where it is missing or drifted. Needs `location`.
   * @default - the assignment is not made
   */
  readonly logAnalyticsWorkspaceId?: pulumi.Input<string>;
  /**
   * Entra ID groups (object ids) that administer the AKS clusters in scope. Makes the remediation
   * assignment `aks-admin-groups`, which sets exactly these groups as a cluster's
   * `aadProfile.adminGroupObjectIDs` where they differ: give the same list as SecureAksCluster's
   * `adminGroupObjectIds`, and assign it only at a scope whose clusters share their admins.
   * Non-empty (an empty list would remove every admin group). Needs `location`.
   * @default - the assignment is not made
   */
  readonly adminGroupObjectIds?: readonly pulumi.Input<string>[];
  /**
   * The Azure region of the remediation assignments (where their system-assigned managed identity
   * lives), e.g. `westeurope`. Required when `logAnalyticsWorkspaceId` or `adminGroupObjectIds` is
   * given; unused otherwise.
   * @default - none: the Audit and Deny assignments need no location
   */
  readonly location?: string;
}

const ASSIGNMENT_NAME_MAX = 64;
const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const SUBSCRIPTION_SCOPE = new RegExp(`^/subscriptions/${GUID}$`, 'i');
/** Resource group names: letters (any script), digits, '_', '-', '.', '(' and ')', up to 90, not ending with '.'. */
const RESOURCE_GROUP_SCOPE = new RegExp(`^/subscriptions/${GUID}/resourceGroups/[-\\p{L}\\p{N}_.()]{0,89}[-\\p{L}\\p{N}_()]$`, 'iu');
const LOCATION = /^[a-z][a-z0-9]*$/;
const WORKSPACE_ID = new RegExp(`^/subscriptions/${GUID}/resourceGroups/[^/]+/providers/Microsoft\\.OperationalInsights/workspaces/[^/]+$`, 'i');
const OBJECT_ID = new RegExp(`^${GUID}$`);
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Characters Azure refuses in a policy assignment name (and whitespace, which Pulumi names should not hold). */
const NAME_FORBIDDEN = /[<>*%&:\\?.+/#\s]|\p{Cc}/u;
const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY = new RegExp(`^(${HOST_LABEL}(?:\\.${HOST_LABEL})*)(:[0-9]{1,5})?((?:/${PATH_COMPONENT})*)$`);

/** What is wrong with a registry entry of `allowedRegistries`, or undefined when it is valid. */
export function registryProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'string' || entry === '') return 'is empty; give a registry host such as contoso.azurecr.io';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return 'has a URL scheme; give the host only, e.g. contoso.azurecr.io';
  if (entry.includes('*')) return 'has a wildcard, which would allow registries anyone can create; list each registry';
  if (entry.endsWith('/')) return 'ends with \'/\'; give the host (and optional repository prefix) without it';
  if (entry !== entry.toLowerCase()) return 'has capital letters; registry hosts and repositories in image references are lowercase';
  const m = REGISTRY.exec(entry);
  if (!m) return 'is not a registry host with an optional :port and repository prefix, e.g. contoso.azurecr.io or contoso.azurecr.io/team-a';
  if (!m[1].includes('.') && m[2] === undefined && m[1] !== 'localhost') {
    return `has no '.' or port, so images named '${entry}/...' are Docker Hub images of the '${entry}' account; give the registry host, e.g. docker.io/${entry}`;
  }
  return undefined;
}

/** Escapes the regular expression metacharacters of a literal. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The `allowedContainerImagesRegex` for a list of registries: an image must start with one of
 * them followed by `/`, e.g. `^(contoso\.azurecr\.io|mcr\.microsoft\.com)/.+$`.
 * @throws Error when the list is empty or an entry is not a registry (see {@link registryProblem})
 */
export function registriesToImageRegex(registries: readonly string[]): string {
  if (registries.length === 0) throw new Error('no registries: list at least one registry containers may pull from');
  for (const r of registries) {
    const problem = registryProblem(r);
    if (problem) throw new Error(`'${String(r)}' ${problem}`);
  }
  return `^(${registries.map(escapeRegex).join('|')})/.+$`;
}

/** The effect of an Audit or Deny assignment: the override, else `effect` where the definition allows it (Audit otherwise), else the row's default. */
function auditEffectFor(
  spec: PolicyBaselineAuditSpec, effect: PolicyBaselineEffect | undefined, override: PolicyBaselineEffect | undefined,
): PolicyBaselineEffect {
  if (override !== undefined) return override;
  if (effect === undefined) return spec.defaultEffect;
  return spec.effects.includes(effect) ? effect : 'Audit';
}

/**
 * The effect of a remediation assignment: the override; else, for `effect: 'Audit'`,
 * AuditIfNotExists where the definition allows it; else DeployIfNotExists (the default, and
 * what `effect: 'Deny'` means for a definition that deploys rather than denies).
 */
function remediationEffectFor(
  spec: PolicyBaselineRemediationSpec, effect: PolicyBaselineEffect | undefined, override: PolicyBaselineRemediationEffect | undefined,
): PolicyBaselineRemediationEffect {
  if (override !== undefined) return override;
  if (effect === 'Audit' && spec.effects.includes('AuditIfNotExists')) return 'AuditIfNotExists';
  return spec.defaultEffect;
}

/** Prefixes each justification with the argument that gave it. */
function labelled(argument: string, record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([tag, text]) => [tag, `${argument}: ${text}`]));
}

/** Merges justification records; two for the same control are both kept, joined by '; '. */
function mergeJustifications(...records: Record<string, string>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const record of records) {
    for (const [tag, text] of Object.entries(record)) merged[tag] = merged[tag] === undefined ? text : `${merged[tag]}; ${text}`;
  }
  return merged;
}

/** `name (kubeward x)`, shortened to Azure's 128-character display name limit. */
function displayNameFor(displayName: string, name: string): string {
  const suffix = ` (kubeward ${name})`;
  const room = 128 - suffix.length;
  return (displayName.length > room ? `${displayName.slice(0, Math.max(room - 3, 0))}...` : displayName) + suffix;
}

/** The built-in role of each role definition id of {@link BUILT_IN_ROLES}. */
const ROLE_BY_ID = new Map(Object.entries(BUILT_IN_ROLES).map(([role, id]) => [id, role as BuiltInRole]));

/** `AzureKubernetesServiceContributor` → `azure-kubernetes-service-contributor`. */
function kebab(role: BuiltInRole): string {
  return role.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * Azure Policy assignments at a subscription or resource group: allowed locations, Kubernetes
 * pod security (restricted), allowed container images, the built-in AKS and ACR definitions
 * that match SecureAksCluster and PrivateRegistry and, given a workspace or admin groups, the
 * DeployIfNotExists assignments that keep logging and admin access in place. See
 * `docs/azure/policy-baseline.md`.
 *
 * @example
 * new PolicyBaseline('baseline', {
 *   scope: `/subscriptions/${subscriptionId}`,
 *   allowedLocations: ['westeurope', 'northeurope'],
 *   allowedRegistries: [registry.loginServer, 'mcr.microsoft.com'],
 *   logAnalyticsWorkspaceId: monitoring.workspaceId,
 *   adminGroupObjectIds: ['<entra group id>'],
 *   location: 'westeurope',
 * });
 */
export class PolicyBaseline extends pulumi.ComponentResource {
  /** Each assignment, by role (a remediation role only when its assignment is made). */
  public readonly assignments: PolicyBaselineByRole<authorization.PolicyAssignment>;
  /** Each assignment's ARM id, by role. */
  public readonly assignmentIds: PolicyBaselineByRole<pulumi.Output<string>>;
  /** The effect each assignment enforces, by role. */
  public readonly effects: PolicyBaselineEffects;
  /** The role assignments of each remediation assignment's managed identity, one per role definition of the definition. */
  public readonly remediationRoleAssignments: Readonly<Partial<Record<PolicyBaselineRemediationRole, readonly authorization.RoleAssignment[]>>>;
  /** Why each remediation assignment that is not made was skipped (its argument was not given, or the scope does not fit). */
  public readonly skippedAssignments: Readonly<Partial<Record<PolicyBaselineRemediationRole, string>>>;
  /** The Pod Security Standards level of the pod security assignment. */
  public readonly podSecurityStandard: PolicyBaselinePodSecurityStandard;
  /** The namespaces the pod security and allowed images assignments exclude. */
  public readonly excludedNamespaces: readonly string[];
  /** The `allowedContainerImagesRegex` of the allowed images assignment. */
  public readonly allowedImagesRegex: pulumi.Output<string>;
  /** The scope the policies are assigned at. */
  public readonly scope: pulumi.Output<string>;
  /**
   * The justification of each weakened control, by tag name (`kubeward-justification-<control>`);
   * also in the `metadata` of the assignment it weakens (assignments carry no tags).
   */
  public readonly justifications: Readonly<Record<string, string>>;

  constructor(name: string, args: PolicyBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeward:azure:PolicyBaseline', name, {}, opts);
    const arg = (argument: string): string => `PolicyBaseline '${name}' argument '${argument}'`;
    const fail = (message: string): never => {
      throw new pulumi.ResourceError(message, this);
    };

    // Names: `<name>-<role>` is both the Pulumi name and the assignment name (Azure: 1-64 characters).
    if (NAME_FORBIDDEN.test(name)) {
      fail(`PolicyBaseline name '${name}' holds a character Azure refuses in policy assignment names (<>*%&:\\?.+/#, whitespace or control characters); use letters, digits, '-' and '_'.`);
    }
    const longestRole = POLICY_BASELINE_ASSIGNMENTS.reduce((a, b) => (b.role.length > a.length ? b.role : a), '');
    if (`${name}-${longestRole}`.length > ASSIGNMENT_NAME_MAX) {
      fail(`PolicyBaseline name '${name}' is too long: assignment '${name}-${longestRole}' would have ${name.length + longestRole.length + 1} characters, `
        + `Azure allows ${ASSIGNMENT_NAME_MAX}. Use a name of at most ${ASSIGNMENT_NAME_MAX - longestRole.length - 1} characters.`);
    }

    const checkScope = (scope: string): string => {
      if (typeof scope !== 'string' || !(SUBSCRIPTION_SCOPE.test(scope) || RESOURCE_GROUP_SCOPE.test(scope))) {
        fail(`${arg('scope')} is '${String(scope)}': give a subscription id (/subscriptions/<guid>) or a resource group id `
          + '(/subscriptions/<guid>/resourceGroups/<name>); management groups and resources are not supported.');
      }
      return scope;
    };
    if (typeof args.scope === 'string' || args.scope === undefined || args.scope === null) checkScope(args.scope as string);
    this.scope = pulumi.output(args.scope).apply(checkScope);

    // Allowed locations (E-27).
    const locations = args.allowedLocations;
    if (!Array.isArray(locations) || locations.length === 0) {
      fail(`${arg('allowedLocations')} is empty [policy.allowed-locations]: list the regions resources may be created in, e.g. ['westeurope'].`);
    }
    for (const l of locations) {
      if (typeof l !== 'string' || !LOCATION.test(l)) {
        fail(`${arg('allowedLocations')} holds '${String(l)}', which is not an Azure location name [policy.allowed-locations]. `
          + 'Use the lowercase name without spaces, e.g. \'westeurope\' (az account list-locations -o table).');
      }
    }

    // Allowed registries (E-20).
    const registries = args.allowedRegistries;
    if (!Array.isArray(registries) || registries.length === 0) {
      fail(`${arg('allowedRegistries')} is empty [E-20]: list the registries containers may pull from, e.g. [registry.loginServer, 'mcr.microsoft.com'].`);
    }
    const checkRegistry = (r: unknown): void => {
      const problem = registryProblem(r);
      if (problem) fail(`${arg('allowedRegistries')} holds '${String(r)}', which ${problem} [E-20].`);
    };
    for (const r of registries) if (typeof r === 'string' || r === undefined || r === null) checkRegistry(r);
    this.allowedImagesRegex = pulumi.all([...registries]).apply((list) => {
      list.forEach(checkRegistry);
      return registriesToImageRegex(list);
    });

    // Effects.
    const isEffect = (e: unknown): e is PolicyBaselineEffect => e === 'Audit' || e === 'Deny';
    const isRemediationEffect = (e: unknown): e is PolicyBaselineRemediationEffect => e === 'DeployIfNotExists' || e === 'AuditIfNotExists';
    if (args.effect !== undefined && !isEffect(args.effect)) {
      fail(`${arg('effect')} is '${String(args.effect)}': use 'Deny' or 'Audit'; a Disabled effect would switch the policies off.`);
    }
    const overrides: PolicyBaselineEffectOverrides = args.effectOverrides ?? {};
    for (const [role, e] of Object.entries(overrides) as [string, unknown][]) {
      if (e === undefined) continue;
      const spec: PolicyBaselineAssignmentSpec | undefined = POLICY_BASELINE_ASSIGNMENTS.find((s) => s.role === role);
      if (!spec) {
        fail(`${arg('effectOverrides')} names '${role}', which is not one of PolicyBaseline's assignments: ${POLICY_BASELINE_ASSIGNMENTS.map((s) => s.role).join(', ')}.`);
      } else if (spec.remediation === undefined ? !isEffect(e) : !isRemediationEffect(e)) {
        const choices = spec.remediation === undefined ? '\'Deny\' or \'Audit\'' : '\'DeployIfNotExists\' or \'AuditIfNotExists\' (it is a remediation assignment)';
        fail(`${arg('effectOverrides')} sets '${role}' to '${String(e)}': use ${choices}; a Disabled effect would switch the policy off.`);
      } else if (!(spec.effects as readonly string[]).includes(e as string)) {
        fail(`${arg('effectOverrides')} sets '${role}' to '${String(e)}', but "${spec.displayName}" allows only ${spec.effects.join(' or ')}.`);
      }
    }

    // Weaker choices, each with a justification.
    const podJustification: Record<string, string> = {};
    const exclusionJustification: Record<string, string> = {};
    let standard: PolicyBaselinePodSecurityStandard = 'restricted';
    if (args.podSecurityStandard !== undefined) {
      if (args.podSecurityStandard.value !== 'baseline') {
        fail(`${arg('podSecurityStandard')} has value '${String(args.podSecurityStandard.value)}': restricted is the default; pass { value: 'baseline', justification } only to weaken it [policy.pod-security-baseline].`);
      }
      Object.assign(podJustification, labelled('podSecurityStandard', requireJustification(this, {
        argument: arg('podSecurityStandard'),
        controlId: 'policy.pod-security-baseline',
        fix: 'Keep the restricted initiative, and exclude only the namespaces that cannot comply (argument \'excludedNamespaces\').',
      }, args.podSecurityStandard.justification)));
      standard = 'baseline';
    }
    let extraNamespaces: readonly string[] = [];
    if (args.excludedNamespaces !== undefined) {
      const extra = args.excludedNamespaces.value;
      if (!Array.isArray(extra) || extra.length === 0) {
        fail(`${arg('excludedNamespaces')} is empty [policy.pod-security-baseline]: list the namespaces to exclude, or leave the argument unset.`);
      }
      for (const ns of extra) {
        if (typeof ns !== 'string' || !NAMESPACE.test(ns)) {
          fail(`${arg('excludedNamespaces')} holds '${String(ns)}', which is not a Kubernetes namespace name [policy.pod-security-baseline].`);
        }
      }
      Object.assign(exclusionJustification, labelled('excludedNamespaces', requireJustification(this, {
        argument: arg('excludedNamespaces'),
        controlId: 'policy.pod-security-baseline',
        fix: 'Make the workloads in these namespaces comply (kubeward audit shows what to change) and leave only the Azure system namespaces excluded.',
      }, args.excludedNamespaces.justification)));
      extraNamespaces = extra.filter((ns) => !AZURE_SYSTEM_NAMESPACES.includes(ns));
    }
    this.justifications = mergeJustifications(podJustification, exclusionJustification);
    this.podSecurityStandard = standard;
    this.excludedNamespaces = [...AZURE_SYSTEM_NAMESPACES, ...extraNamespaces];

    // Remediation inputs: the workspace, the admin groups, and the location of the identities.
    const inputs = this.remediationInputs(args, arg, fail);
    const skipped: Partial<Record<PolicyBaselineRemediationRole, string>> = {};
    const remediated: PolicyBaselineRemediationRole[] = [];
    const notKnownToBeSubscription: PolicyBaselineRemediationRole[] = [];
    for (const row of POLICY_BASELINE_ASSIGNMENTS) {
      const spec: PolicyBaselineAssignmentSpec = row;
      if (spec.remediation === undefined) continue;
      const role = row.role as PolicyBaselineRemediationRole;
      if (inputs[spec.remediation.input] === undefined) {
        skipped[role] = `argument '${spec.remediation.input}' is not given`;
      } else if (spec.remediation.scope === 'subscription' && typeof args.scope === 'string' && !SUBSCRIPTION_SCOPE.test(args.scope)) {
        skipped[role] = 'the scope is a resource group, and the definition deploys a subscription setting: assign a PolicyBaseline at the subscription for it';
      } else if (spec.remediation.scope === 'subscription' && typeof args.scope !== 'string') {
        skipped[role] = 'the scope is a Pulumi output, so whether it is a subscription is not known while the program runs: pass the subscription id as a string for it';
        notKnownToBeSubscription.push(role);
      } else {
        remediated.push(role);
      }
    }
    this.skippedAssignments = skipped;
    if (remediated.length > 0 && args.location === undefined) {
      fail(`${arg('location')} is missing: the remediation assignments ${remediated.join(', ')} need a region for their managed identity `
        + `(DeployIfNotExists). Pass the platform's region, e.g. location: '${locations[0]}'.`);
    }
    if (notKnownToBeSubscription.length > 0) {
      // An output scope that turns out to be a subscription: say what was left out.
      this.scope.apply((scope) => {
        if (!SUBSCRIPTION_SCOPE.test(scope)) return;
        for (const role of notKnownToBeSubscription) void pulumi.log.warn(`PolicyBaseline '${name}': the ${role} assignment is not made: ${skipped[role]}.`, this);
      });
    }

    const effects: Partial<Record<PolicyBaselineRole, PolicyBaselineEffect | PolicyBaselineRemediationEffect>> = {};
    const assignments: Partial<Record<PolicyBaselineRole, authorization.PolicyAssignment>> = {};
    const ids: Partial<Record<PolicyBaselineRole, pulumi.Output<string>>> = {};
    const grants: Partial<Record<PolicyBaselineRemediationRole, authorization.RoleAssignment[]>> = {};
    const locationList = locations.join(', ');
    for (const row of POLICY_BASELINE_ASSIGNMENTS) {
      const spec: PolicyBaselineAssignmentSpec = row;
      const role: PolicyBaselineRole = row.role;
      if (spec.remediation !== undefined && !remediated.includes(role as PolicyBaselineRemediationRole)) continue;
      const effect = spec.remediation === undefined
        ? auditEffectFor(spec, args.effect, overrides[role as PolicyBaselineAuditRole])
        : remediationEffectFor(spec, args.effect, overrides[role as PolicyBaselineRemediationRole]);
      effects[role] = effect;

      let definition = spec.definition;
      let displayName = spec.displayName;
      const parameters: Record<string, pulumi.Input<{ value: unknown }>> = { effect: { value: effect } };
      const messages: { message: pulumi.Input<string>; policyDefinitionReferenceId?: string }[] = [];
      const suffix = ` [${[spec.controlId, ...spec.checklist].filter((x) => x !== undefined).join(', ')}]`;
      let message: pulumi.Input<string> = spec.message + suffix;
      let weakening: Record<string, string> = {};

      if (role === 'allowed-locations' || role === 'allowed-rg-locations') {
        parameters.listOfAllowedLocations = { value: [...locations] };
        message = `${spec.message} Allowed: ${locationList.length > 300 ? `${locationList.slice(0, 297)}...` : locationList}.${suffix}`;
      } else if (role === 'pod-security') {
        definition = POD_SECURITY_INITIATIVES[standard].definition;
        displayName = POD_SECURITY_INITIATIVES[standard].displayName;
        parameters.excludedNamespaces = { value: [...this.excludedNamespaces] };
        if (standard === 'restricted') {
          // The initiative's own defaults allow 14 capabilities and require no drop; the Pod
          // Security Standards restricted profile requires dropping ALL and adding at most NET_BIND_SERVICE.
          parameters.allowedCapabilities = { value: ['NET_BIND_SERVICE'] };
          parameters.requiredDropCapabilities = { value: ['ALL'] };
        }
        message = spec.message.replace(/<level>/g, standard) + suffix;
        for (const [referenceId, text] of Object.entries(POD_SECURITY_REFERENCE_MESSAGES[standard])) {
          messages.push({ message: text, policyDefinitionReferenceId: referenceId });
        }
        weakening = mergeJustifications(podJustification, exclusionJustification);
      } else if (role === 'allowed-images') {
        parameters.excludedNamespaces = { value: [...this.excludedNamespaces] };
        parameters.allowedContainerImagesRegex = { value: this.allowedImagesRegex };
        message = pulumi.all([...registries]).apply((list) => `${spec.message} Allowed: ${list.join(', ')}.${suffix}`);
        weakening = exclusionJustification;
      } else if (role === 'aks-admin-groups') {
        parameters.adminGroupObjectIDs = { value: inputs.adminGroupObjectIds! };
      } else if (role === 'aks-diagnostics') {
        parameters.logAnalytics = { value: inputs.logAnalyticsWorkspaceId! };
        // Remediation repairs SecureAksCluster's own setting rather than adding a second one.
        parameters.diagnosticsSettingNameToUse = { value: CLUSTER_DIAGNOSTIC_SETTING_NAME };
        // The definition counts all 11 categories and AllMetrics: each must be listed with the
        // value given here, so the values are what SecureAksCluster's setting sends.
        for (const category of AKS_DIAGNOSTIC_LOG_CATEGORIES) {
          parameters[category] = { value: SECURE_AKS_CLUSTER_LOG_CATEGORIES.includes(category) ? 'True' : 'False' };
        }
        parameters.AllMetrics = { value: 'False' };
      } else if (role === 'acr-diagnostics') {
        parameters.logAnalytics = { value: inputs.logAnalyticsWorkspaceId! };
        parameters.categoryGroup = { value: PRIVATE_REGISTRY_DIAGNOSTIC_SETTING.categoryGroup };
        parameters.diagnosticSettingName = { value: PRIVATE_REGISTRY_DIAGNOSTIC_SETTING.name };
        // Every registry in scope, whatever its region, logs to the one workspace.
        parameters.resourceLocationList = { value: ['*'] };
      } else if (role === 'activity-log') {
        parameters.logAnalytics = { value: inputs.logAnalyticsWorkspaceId! };
      }

      const assignmentName = `${name}-${role}`;
      const assignment = new authorization.PolicyAssignment(assignmentName, {
        policyAssignmentName: assignmentName,
        scope: this.scope,
        policyDefinitionId: `/providers/Microsoft.Authorization/${spec.kind}/${definition}`,
        displayName: displayNameFor(displayName, name),
        description: `Assigned by kubeward PolicyBaseline '${name}'${spec.controlId ? ` for control ${spec.controlId}` : ''} (guidance checklist ${spec.checklist.join(', ')}).`,
        enforcementMode: 'Default',
        parameters,
        nonComplianceMessages: [{ message }, ...messages],
        metadata: {
          ...kubewardTags('PolicyBaseline'),
          ...(spec.controlId ? { 'kubeward-control': spec.controlId } : {}),
          'kubeward-checklist': spec.checklist.join(','),
          ...weakening,
        },
        // DeployIfNotExists deploys as the assignment's own identity, which lives in a region.
        ...(spec.remediation !== undefined ? { identity: { type: 'SystemAssigned' }, location: args.location } : {}),
      }, { parent: this });
      assignments[role] = assignment;
      ids[role] = assignment.id;

      if (spec.remediation !== undefined) {
        const principalId = assignment.identity.apply((identity) => {
          if (!identity?.principalId) fail(`PolicyBaseline '${name}': assignment '${assignmentName}' has no managed identity principal to grant its remediation roles.`);
          return identity!.principalId;
        });
        grants[role as PolicyBaselineRemediationRole] = spec.remediation.roleDefinitionIds.map((id) => {
          const builtIn = ROLE_BY_ID.get(id)!;
          return grantRole(this, `${assignmentName}-${kebab(builtIn)}`, {
            scope: this.scope,
            role: builtIn,
            principalId,
            description: `remediation identity of policy assignment '${assignmentName}' ("${spec.displayName}"), which deploys with this role at the assignment's scope`,
          });
        });
      }
    }
    this.effects = effects as PolicyBaselineEffects;
    this.assignments = assignments as PolicyBaselineByRole<authorization.PolicyAssignment>;
    this.assignmentIds = ids as PolicyBaselineByRole<pulumi.Output<string>>;
    this.remediationRoleAssignments = grants;

    this.registerOutputs({
      scope: this.scope,
      assignmentIds: this.assignmentIds,
      allowedImagesRegex: this.allowedImagesRegex,
      effects: this.effects,
      skippedAssignments: this.skippedAssignments,
      podSecurityStandard: this.podSecurityStandard,
      excludedNamespaces: this.excludedNamespaces,
      justifications: this.justifications,
    });
  }

  /** Checks the remediation arguments; strings now, outputs when they resolve. */
  private remediationInputs(
    args: PolicyBaselineArgs, arg: (argument: string) => string, fail: (message: string) => never,
  ): { logAnalyticsWorkspaceId?: pulumi.Output<string>; adminGroupObjectIds?: pulumi.Output<string[]> } {
    if (args.location !== undefined && (typeof args.location !== 'string' || !LOCATION.test(args.location))) {
      fail(`${arg('location')} is '${String(args.location)}', which is not an Azure location name. Use the lowercase name without spaces, e.g. 'westeurope'.`);
    }

    let logAnalyticsWorkspaceId: pulumi.Output<string> | undefined;
    if (args.logAnalyticsWorkspaceId !== undefined) {
      const checkWorkspace = (id: unknown): string => {
        if (typeof id !== 'string' || !WORKSPACE_ID.test(id)) {
          fail(`${arg('logAnalyticsWorkspaceId')} is '${String(id)}', which is not a Log Analytics workspace resource id [aks.audit-logs]: pass `
            + 'the workspace\'s id (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>), e.g. SecurityMonitoring\'s workspaceId.');
        }
        return id as string;
      };
      if (typeof args.logAnalyticsWorkspaceId === 'string' || args.logAnalyticsWorkspaceId === null) checkWorkspace(args.logAnalyticsWorkspaceId);
      logAnalyticsWorkspaceId = pulumi.output(args.logAnalyticsWorkspaceId).apply(checkWorkspace);
    }

    let adminGroupObjectIds: pulumi.Output<string[]> | undefined;
    if (args.adminGroupObjectIds !== undefined) {
      const groups = args.adminGroupObjectIds;
      if (!Array.isArray(groups) || groups.length === 0) {
        fail(`${arg('adminGroupObjectIds')} is empty [aks.entra-rbac]: the assignment would remove every admin group from the clusters in scope. `
          + 'List the Entra ID groups that administer them (SecureAksCluster\'s adminGroupObjectIds), or leave the argument unset.');
      }
      const checkGroup = (id: unknown): void => {
        if (typeof id !== 'string' || !OBJECT_ID.test(id)) {
          fail(`${arg('adminGroupObjectIds')} holds '${String(id)}', which is not an Entra ID object id (a GUID) [aks.entra-rbac].`);
        }
      };
      for (const id of groups) if (typeof id === 'string' || id === undefined || id === null) checkGroup(id);
      adminGroupObjectIds = pulumi.all([...groups]).apply((list) => {
        list.forEach(checkGroup);
        return list;
      });
    }
    return { logAnalyticsWorkspaceId, adminGroupObjectIds };
  }
}
