// Records every SDK call a command makes (service, operation, region, input and the parsed output or the error) as
// plain JSON, for the support bundle. It hooks the SDK's middleware stack at the initialize step, which wraps the
// whole retry loop: one record per call, whatever the number of attempts.

import type {MiddlewareAdder} from './clients.js';

/** One recorded call. Dates are ISO strings; the SDK's `$metadata` is left out. */
export interface RecordedCall {
  /** As the call counter names it: CloudFormation, CloudTrail, STS, IAM, S3, ... */
  service: string;
  /** The API action, e.g. DescribeStacks. */
  operation: string;
  /** The region the client signed for (CloudTrail lookups of IAM calls go to us-east-1). */
  region: string;
  input: unknown;
  output?: unknown;
  error?: {name: string; message: string};
}

/** Anything with the SDK's middleware stack and a config carrying the region. */
interface RecordableClient {
  middlewareStack: unknown;
  config: {region?: unknown};
}

/** Deep copy as plain JSON: Dates become ISO strings, undefined fields go, `$metadata` is dropped. */
export function toPlainJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, (key, v) => (key === '$metadata' ? undefined : v)));
}

export class CallRecorder {
  readonly calls: RecordedCall[] = [];

  /** Adds the recording middleware to a client; `service` names it in the records. */
  attach(client: RecordableClient, service: string): void {
    const regionOf = async (): Promise<string> => {
      const r = client.config.region;
      try {
        return String(typeof r === 'function' ? await (r as () => Promise<string>)() : (r ?? ''));
      } catch {
        return '';
      }
    };
    (client.middlewareStack as MiddlewareAdder).add(
      (next: (args: {input: unknown}) => Promise<{output: unknown}>, context: {commandName?: string}) => async (args: {input: unknown}) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const region = await regionOf();
        const input = toPlainJson(args.input);
        try {
          const result = await next(args);
          this.calls.push({service, operation, region, input, output: toPlainJson(result.output)});
          return result;
        } catch (error) {
          const e = error as {name?: string; message?: string};
          this.calls.push({service, operation, region, input, error: {name: e?.name ?? 'Error', message: String(e?.message ?? error)}});
          throw error;
        }
      },
      {step: 'initialize', name: 'pantherConsoleRecorder', priority: 'low'},
    );
  }
}
