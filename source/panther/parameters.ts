// The root template's parameters the console knows about, as data: the ladder uses `requiredFrom` to block a rung
// until a new required value is given, preflight uses defaults and bounds. Parameters not listed here are passed
// through untouched (UsePreviousValue on an upgrade).

export interface ParameterRule {
  name: string;
  /** The first version whose template requires it (no usable default); null when always optional. */
  requiredFrom: string | null;
  /** Only read on the first deploy (changing it later has no effect). */
  firstDeployOnly?: boolean;
  /** The template's default; null when there is none or it is not documented. */
  default: string | null;
  /** Numeric bounds, inclusive. */
  min?: number;
  max?: number;
  /** A blank value switches the feature off. */
  blankDisables?: boolean;
  /** Setting it is worth a warning (e.g. it deploys an admin role). */
  warnWhenSet?: boolean;
  /** The value must not be printed (none of the documented ones is: ARNs and account IDs are identifiers). */
  secret: boolean;
  /** What it is, for messages. */
  description: string;
}

export const PARAMETERS: readonly ParameterRule[] = [
  {
    name: 'FirstUserEmail',
    requiredFrom: '0.0.0',
    firstDeployOnly: true,
    default: null,
    secret: false,
    description: 'email of the first Panther user (read on the first deploy only)',
  },
  {
    name: 'PulumiSecretArn',
    requiredFrom: '1.22.0',
    default: null,
    secret: false,
    description: 'Secrets Manager ARN of the Pulumi access secret',
  },
  {
    name: 'PulumiSecretKeyArn',
    requiredFrom: '1.22.0',
    default: null,
    secret: false,
    description: 'Secrets Manager ARN of the Pulumi secret key',
  },
  {
    name: 'ApiCertificateArn',
    requiredFrom: '1.19.5',
    default: null,
    secret: false,
    description: `ACM certificate (in us-east-1) for api.<your Panther domain>`,
  },
  {
    name: 'CustomDomain',
    requiredFrom: null,
    default: '',
    secret: false,
    description: 'the Panther domain (the API is served at api.<domain> from 1.19.5)',
  },
  {
    name: 'PipLibraries',
    requiredFrom: null,
    default: '',
    secret: false,
    description: 'comma-separated Python libraries installed for detections',
  },
  {
    name: 'OnboardSelf',
    requiredFrom: null,
    default: 'true',
    secret: false,
    description: 'onboard the Panther account itself (CloudTrail, compliance roles)',
  },
  {
    name: 'SentryEnvironment',
    requiredFrom: null,
    default: 'prod',
    blankDisables: true,
    secret: false,
    description: 'error reporting environment; blank disables error reporting',
  },
  {
    name: 'SupportRoleIdentityAccountId',
    requiredFrom: null,
    default: null,
    blankDisables: true,
    secret: false,
    description: "account trusted by Panther's read-only support role; blank disables the role",
  },
  {
    name: 'OpsRoleIdentityAccountId',
    requiredFrom: null,
    default: '',
    warnWhenSet: true,
    secret: false,
    description: 'account trusted by an admin operations role; set, it deploys that role',
  },
  {
    name: 'DataLakeForwarderMemory',
    requiredFrom: null,
    default: '256',
    min: 256,
    max: 2048,
    secret: false,
    description: 'memory (MB) of the data lake forwarder Lambda',
  },
  {
    name: 'LogProcessorGzipLevel',
    requiredFrom: null,
    default: '6',
    min: 1,
    max: 9,
    secret: false,
    description: 'gzip level of processed logs',
  },
  {
    name: 'MaxLookupTableCompressedSizeMB',
    requiredFrom: null,
    default: '200',
    min: 1,
    max: 400,
    secret: false,
    description: 'largest compressed lookup table (MB)',
  },
];

export function parameterRule(name: string): ParameterRule | undefined {
  return PARAMETERS.find(p => p.name === name);
}
