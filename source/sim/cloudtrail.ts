// CloudTrail LookupEvents over the world's records that have been delivered by the clock's current time.
import {SimError} from './errors.js';
import {decodeToken, encodeToken, pageDescending} from './paging.js';
import type {TrailRecord, World} from './world.js';

interface LookupRequest {
  LookupAttributes?: {AttributeKey?: string; AttributeValue?: string}[];
  StartTime?: number;
  EndTime?: number;
  MaxResults?: number;
  NextToken?: string;
  EventCategory?: string;
}

const MATCHERS: Record<string, (r: TrailRecord, v: string) => boolean> = {
  EventId: (r, v) => r.eventId === v,
  EventName: (r, v) => r.eventName === v,
  ReadOnly: (r, v) => String(r.readOnly) === v,
  Username: (r, v) => r.username === v,
  ResourceType: (r, v) => r.resources.some(x => x.ResourceType === v),
  ResourceName: (r, v) => r.resources.some(x => x.ResourceName === v),
  EventSource: (r, v) => r.eventSource === v,
  AccessKeyId: (r, v) => r.accessKeyId === v,
};

/** `region` is the region the request was signed for: CloudTrail shows that region's events only. */
export function lookupEvents(world: World, now: number, region: string, body: unknown): Record<string, unknown> {
  const req = (body ?? {}) as LookupRequest;
  const attrs = req.LookupAttributes ?? [];
  if (attrs.length > 1) {
    throw new SimError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  }
  const attr = attrs[0];
  let match: ((r: TrailRecord) => boolean) | null = null;
  if (attr) {
    const m = MATCHERS[attr.AttributeKey ?? ''];
    if (!m) throw new SimError('InvalidLookupAttributesException', `Invalid attribute key: ${attr.AttributeKey}`);
    const value = attr.AttributeValue ?? '';
    match = r => m(r, value);
  }
  const maxResults = req.MaxResults ?? 50;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
    throw new SimError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  const startMs = req.StartTime === undefined ? -Infinity : req.StartTime * 1000;
  const endMs = req.EndTime === undefined ? Infinity : req.EndTime * 1000;
  if (startMs > endMs) throw new SimError('InvalidTimeRangeException', 'Start time must be before end time.');
  const scope = JSON.stringify([attr?.AttributeKey ?? '', attr?.AttributeValue ?? '', req.StartTime ?? '', req.EndTime ?? '', region]);
  const trail = world.trail;
  let start = trail.length;
  if (req.NextToken) {
    const index = decodeToken(req.NextToken, 'trail', scope);
    if (index === null) throw new SimError('InvalidNextTokenException', 'Invalid NextToken.');
    start = index;
  }
  const page = pageDescending(
    trail.length,
    start,
    i => {
      const r = trail[i];
      return r.availableAt <= now && r.awsRegion === region && r.eventTime >= startMs && r.eventTime <= endMs && (!match || match(r));
    },
    maxResults,
  );
  return {
    Events: page.indices.map(i => {
      const r = trail[i];
      return {
        EventId: r.eventId,
        EventName: r.eventName,
        ReadOnly: String(r.readOnly),
        AccessKeyId: r.accessKeyId,
        EventTime: r.eventTime / 1000,
        EventSource: r.eventSource,
        Username: r.username,
        Resources: r.resources,
        CloudTrailEvent: JSON.stringify(r.record),
      };
    }),
    ...(page.next === null ? {} : {NextToken: encodeToken({kind: 'trail', scope, index: page.next})}),
  };
}
