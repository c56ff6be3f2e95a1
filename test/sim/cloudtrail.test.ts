import {LookupEventsCommand, type Event} from '@aws-sdk/client-cloudtrail';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {clients} from './clients.js';

let sim: RunningSim;
let c: ReturnType<typeof clients>;

beforeAll(async () => {
  sim = await startSim({scenario: 'rolled-back'});
  c = clients(sim);
});
afterAll(() => sim.close());

describe('CloudTrail LookupEvents', () => {
  it('finds the SCP-denied PutBucketEncryption made by CloudFormation, with its full record', async () => {
    const out = await c.trail.send(new LookupEventsCommand({LookupAttributes: [{AttributeKey: 'EventName', AttributeValue: 'PutBucketEncryption'}]}));
    expect(out.Events).toHaveLength(1);
    const event = out.Events![0];
    expect(event.EventSource).toBe('s3.amazonaws.com');
    expect(event.EventTime).toBeInstanceOf(Date);
    expect(event.Username).toBe('AWSCloudFormation');
    const record = JSON.parse(event.CloudTrailEvent!) as Record<string, any>;
    expect(record.errorCode).toBe('AccessDenied');
    expect(record.errorMessage).toContain('with an explicit deny in a service control policy: arn:aws:organizations::');
    expect(record.userIdentity.arn).toBe('arn:aws:sts::123456789012:assumed-role/PantherDeploymentRole-us-east-2/AWSCloudFormation');
    expect(record.userIdentity.invokedBy).toBe('cloudformation.amazonaws.com');
    expect(record.sourceIPAddress).toBe('cloudformation.amazonaws.com');
    expect(record.userAgent).toBe('cloudformation.amazonaws.com');
    expect(record.awsRegion).toBe('us-east-2');
    // A few seconds before the failure event.
    const failure = sim.world.stacks.flatMap(s => s.events).find(e => e.logicalId === 'AuditLogsBucket' && e.status === 'CREATE_FAILED')!;
    const lead = failure.time - event.EventTime!.getTime();
    expect(lead).toBeGreaterThan(0);
    expect(lead).toBeLessThan(10_000);
  });

  it('pages 50 at a time, newest first, across a hundred and more write calls', async () => {
    const all: Event[] = [];
    let token: string | undefined;
    do {
      const out = await c.trail.send(
        new LookupEventsCommand({LookupAttributes: [{AttributeKey: 'ReadOnly', AttributeValue: 'false'}], NextToken: token}),
      );
      expect(out.Events!.length).toBeLessThanOrEqual(50);
      all.push(...out.Events!);
      token = out.NextToken;
    } while (token);
    expect(all.length).toBeGreaterThan(150);
    const times = all.map(e => e.EventTime!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(all.map(e => e.EventId)).size).toBe(all.length);
  });

  it('accepts the long X-Amz-Target spelling too', async () => {
    const res = await fetch(sim.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
      },
      body: JSON.stringify({LookupAttributes: [{AttributeKey: 'EventName', AttributeValue: 'PutBucketEncryption'}], MaxResults: 5}),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    const body = (await res.json()) as {Events: {EventName: string; EventTime: number}[]};
    expect(body.Events[0].EventName).toBe('PutBucketEncryption');
    expect(typeof body.Events[0].EventTime).toBe('number');
  });

  it('shows IAM calls only in us-east-1, like AWS', async () => {
    const lookup = {LookupAttributes: [{AttributeKey: 'EventName' as const, AttributeValue: 'CreateRole'}]};
    const here = await c.trail.send(new LookupEventsCommand(lookup));
    expect(here.Events).toEqual([]);
    const global = await clients(sim, 'us-east-1').trail.send(new LookupEventsCommand(lookup));
    const denied = global.Events!.map(e => JSON.parse(e.CloudTrailEvent!) as {errorCode?: string}).filter(r => r.errorCode);
    expect(denied.map(r => r.errorCode)).toEqual(['EntityAlreadyExistsException']);
  });

  it('also holds an unrelated denial by another user hours earlier', async () => {
    const out = await c.trail.send(new LookupEventsCommand({LookupAttributes: [{AttributeKey: 'Username', AttributeValue: 'bob'}]}));
    const denied = out.Events!.filter(e => (JSON.parse(e.CloudTrailEvent!) as {errorCode?: string}).errorCode === 'AccessDenied');
    expect(denied).toHaveLength(1);
    expect(sim.world.startTime - denied[0].EventTime!.getTime()).toBeGreaterThan(60 * 60_000);
  });

  it('filters by time range and rejects two lookup attributes', async () => {
    const start = new Date(sim.world.startTime);
    const end = new Date(sim.world.startTime + 60_000);
    const out = await c.trail.send(new LookupEventsCommand({StartTime: start, EndTime: end, MaxResults: 50}));
    for (const e of out.Events!) {
      expect(e.EventTime!.getTime()).toBeGreaterThanOrEqual(start.getTime());
      expect(e.EventTime!.getTime()).toBeLessThanOrEqual(end.getTime());
    }
    await expect(
      c.trail.send(
        new LookupEventsCommand({
          LookupAttributes: [
            {AttributeKey: 'EventName', AttributeValue: 'A'},
            {AttributeKey: 'Username', AttributeValue: 'B'},
          ],
        }),
      ),
    ).rejects.toMatchObject({name: 'InvalidLookupAttributesException'});
  });

  it('delivers records about five minutes after they happen', async () => {
    const live = await startSim({scenario: 'rolled-back', clock: 'manual'});
    try {
      const {trail} = clients(live);
      const record = live.world.trail.find(r => r.eventName === 'PutBucketEncryption')!;
      const lookup = new LookupEventsCommand({LookupAttributes: [{AttributeKey: 'EventName', AttributeValue: 'PutBucketEncryption'}]});
      live.clock.set(record.eventTime + 60_000);
      expect((await trail.send(lookup)).Events).toEqual([]);
      live.clock.set(record.eventTime + 8 * 60_000);
      expect((await trail.send(lookup)).Events).toHaveLength(1);
    } finally {
      await live.close();
    }
  });
});
