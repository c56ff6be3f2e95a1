// The awsJson1_1 protocol (CloudTrail): X-Amz-Target names the operation, bodies and errors are JSON.

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Accepts both target spellings the SDKs send, returning the operation name (e.g. LookupEvents). */
export function parseTarget(target: string): {service: string; operation: string} | null {
  const m = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?(CloudTrail_20131101)\.(\w+)$/.exec(target);
  return m ? {service: m[1], operation: m[2]} : null;
}

export function jsonError(code: string, message: string): string {
  return JSON.stringify({__type: code, message});
}
