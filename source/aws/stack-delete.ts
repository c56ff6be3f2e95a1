// DeleteStack, by ARN only (a name could meet a newer stack of the same name). Used for the empty
// REVIEW_IN_PROGRESS stack a declined deploy leaves, and by cleanup for a failed first deploy's root.
import {DeleteStackCommand} from '@aws-sdk/client-cloudformation';
import type {AwsClients} from './clients.js';
import {InternalError} from '../errors.js';

export async function deleteStack(clients: AwsClients, stackId: string): Promise<void> {
  if (!stackId.startsWith('arn:')) throw new InternalError(`deleteStack takes a stack ARN, not ${stackId}`);
  // The token makes a retried request (an answer lost on the way back) the same delete.
  await clients.cloudformation.send(new DeleteStackCommand({StackName: stackId, ClientRequestToken: `panther-console-${Date.now()}`}));
}
