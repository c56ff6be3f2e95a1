// S3 (REST-XML), path-style: ListBuckets (`GET /`, with the optional prefix / max-buckets / continuation-token
// query parameters) over the world's buckets. Anything else is NotImplemented.
import {SimError} from './errors.js';
import type {World} from './world.js';
import {escapeXml, isoTime} from './xml.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface RestResponse {
  status: number;
  body: string;
}

export function s3Error(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`;
}

/** The S3 operation a request is, for counting: ListBuckets or the method and path. */
export function s3Operation(method: string, url: string): string {
  const u = new URL(url, 'http://localhost');
  return method === 'GET' && u.pathname === '/' ? 'ListBuckets' : 'Unsupported';
}

export function handleS3(world: World, method: string, url: string): RestResponse {
  const u = new URL(url, 'http://localhost');
  if (method !== 'GET' || u.pathname !== '/') {
    throw new SimError('NotImplemented', `The simulated account serves only ListBuckets (GET /), not ${method} ${u.pathname}.`, 501);
  }
  const q = u.searchParams;
  const prefix = q.get('prefix') ?? '';
  const region = q.get('bucket-region');
  const max = q.has('max-buckets') ? Number(q.get('max-buckets')) : 10_000;
  if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new SimError('InvalidArgument', 'max-buckets must be between 1 and 10000.');
  const token = q.get('continuation-token');
  const all = [...(world.buckets ?? [])]
    .filter(b => b.name.startsWith(prefix) && (!region || b.region === region))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const start = token ? all.findIndex(b => b.name > Buffer.from(token, 'base64url').toString('utf8')) : 0;
  const from = start < 0 ? all.length : start;
  const page = all.slice(from, from + max);
  const more = from + max < all.length;
  const buckets = page
    .map(
      b =>
        `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${isoTime(b.createdAt)}</CreationDate><BucketRegion>${b.region}</BucketRegion></Bucket>`,
    )
    .join('');
  const next = more ? `<ContinuationToken>${Buffer.from(page[page.length - 1].name, 'utf8').toString('base64url')}</ContinuationToken>` : '';
  return {
    status: 200,
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="${S3_NAMESPACE}">` +
      `<Owner><ID>${'7'.repeat(64)}</ID><DisplayName>sim</DisplayName></Owner>` +
      `<Buckets>${buckets}</Buckets>${next}${prefix ? `<Prefix>${escapeXml(prefix)}</Prefix>` : ''}</ListAllMyBucketsResult>`,
  };
}
