// The errors the sim returns, shaped per protocol by the protocol modules.

export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** awsQuery's Error/Type: Sender for the caller's fault, Receiver for the service's. */
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export const validation = (message: string) => new SimError('ValidationError', message);
export const stackNotFound = (nameOrId: string) => validation(`Stack with id ${nameOrId} does not exist`);
