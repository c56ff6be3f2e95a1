// Panther's templates as CloudFormation reads them: GetTemplateSummary on a rung's TemplateURL (its parameters,
// their defaults and descriptions). Read-only, one call per template; everything returned is sanitised.
import {GetTemplateSummaryCommand} from '@aws-sdk/client-cloudformation';
import type {DeclaredParameter} from '../domain/rung-parameters.js';
import type {AwsClients} from './clients.js';
import {clean} from './convert.js';
import {describeAwsError} from './errors.js';
import {InputError} from '../errors.js';

export interface TemplateSummary {
  url: string;
  description: string;
  parameters: DeclaredParameter[];
  /** The IAM capabilities the template needs (CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND). */
  capabilities: string[];
  /** The resource types the template itself declares (a root: its nested stacks and a few more). */
  resourceTypes: string[];
}

/**
 * The template at `url`, as CloudFormation reads it. A template CloudFormation cannot read (no such version in
 * the bucket, a mirror missing a file) is the user's input to fix: exit 2, naming what was asked for.
 */
export async function readTemplateSummary(clients: AwsClients, url: string, what: string): Promise<TemplateSummary> {
  try {
    const out = await clients.cloudformation.send(new GetTemplateSummaryCommand({TemplateURL: url}));
    return {
      url,
      description: clean(out.Description),
      parameters: (out.Parameters ?? []).map(p => ({
        key: clean(p.ParameterKey),
        // AWS omits DefaultValue for a parameter without a Default ('' is a Default).
        defaultValue: p.DefaultValue === undefined ? null : clean(p.DefaultValue),
        description: clean(p.Description),
        noEcho: Boolean(p.NoEcho),
      })),
      capabilities: (out.Capabilities ?? []).map(c => clean(c)),
      resourceTypes: (out.ResourceTypes ?? []).map(t => clean(t)),
    };
  } catch (error) {
    const fault = describeAwsError(error);
    if (fault.code === 'ValidationError' || fault.code === 'ValidationException') {
      throw new InputError(`CloudFormation cannot read ${what} (${url}): ${fault.message}`);
    }
    throw error;
  }
}
