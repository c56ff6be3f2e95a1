/** Why the last call of a source failed; drives the banner and the "stale since" label. */
export type FaultKind =
  | 'throttled'
  | 'network' // no answer: refused, reset, timed out
  | 'bad-response' // an answer that is not AWS's (a proxy's HTML page, a body cut off)
  | 'expired-credentials'
  | 'access-denied'
  | 'not-found'
  | 'refused' // CloudFormation refused the request itself (ValidationError, AlreadyExists...): the input's problem
  | 'other';
