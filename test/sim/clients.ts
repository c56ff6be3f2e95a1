// SDK clients pointed at a running sim, the way the console's aws layer builds them.
import {CloudFormationClient} from '@aws-sdk/client-cloudformation';
import {CloudTrailClient} from '@aws-sdk/client-cloudtrail';
import {STSClient} from '@aws-sdk/client-sts';
import type {RunningSim} from '../../source/sim/index.js';

export function clients(sim: RunningSim, region = 'us-east-2') {
  const config = {
    region,
    endpoint: sim.url,
    credentials: {accessKeyId: 'AKIDSIM', secretAccessKey: 'sim'},
    // One attempt: tests about faults want the first error, not the SDK's retries.
    maxAttempts: 1,
  };
  return {
    cfn: new CloudFormationClient(config),
    trail: new CloudTrailClient(config),
    sts: new STSClient(config),
  };
}
