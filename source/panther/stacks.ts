// Panther's stacks as data: the root's nested stacks (logical ids of the open-source template) and the deployment
// role stack's role. The upgrade walk tells a Panther root and the deployment role stack by these, never by a
// description or a tag someone can write anything in.

/** The root template's nested stacks (docs/architecture.md). */
export const PANTHER_NESTED_STACKS: readonly string[] = [
  'Bootstrap',
  'BootstrapGateway',
  'Appsync',
  'CloudSecurity',
  'Core',
  'Dashboards',
  'LogAnalysis',
  'Onboard',
  'Web',
];

/**
 * The deployment role template's role: logical id `DeploymentRole` (panther-auxiliary's
 * cloudformation/panther-deployment-role.yml; `PantherDeploymentRole` in some copies) beside its policies
 * `DeploymentPolicy`, `DeploymentPolicy2`..., and its name: `PantherDeploymentRole` by default (the template's
 * DeploymentRoleName), `PantherDeploymentRole-<region>` in regional installs.
 */
export const DEPLOYMENT_ROLE_LOGICAL_IDS: readonly string[] = ['DeploymentRole', 'PantherDeploymentRole'];
export const DEPLOYMENT_POLICY_LOGICAL_ID = /^(Panther)?DeploymentPolicy/;
export const DEPLOYMENT_ROLE_NAME = /^PantherDeploymentRole(-[a-z0-9-]+)?$/;
/** The role template's own Description ("IAM role for deploying Panther"). */
export const DEPLOYMENT_ROLE_DESCRIPTION = /deploying Panther|PantherDeploymentRole|\bdeployment role\b/i;
