// The one write of `cleanup`: DeleteStack on a root stack, by its ARN only (a name could find another stack, created
// under the same name since the plan was read). A token makes a retried request (an answer lost on the way back) the
// same delete.
import {randomUUID} from 'node:crypto';
import {DeleteStackCommand} from '@aws-sdk/client-cloudformation';
import {isStackArn} from '../domain/stack-from-events.js';
import {InternalError} from '../errors.js';
import type {AwsClients} from './clients.js';

export async function deleteStackByArn(clients: AwsClients, stackId: string): Promise<void> {
  if (!isStackArn(stackId)) throw new InternalError(`DeleteStack is sent by stack ARN only, not ${stackId}`);
  await clients.cloudformation.send(new DeleteStackCommand({StackName: stackId, ClientRequestToken: `panther-console-cleanup-${randomUUID()}`}));
}
