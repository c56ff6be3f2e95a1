// S3 (REST-XML), path-style: ListBuckets (`GET /`, with the optional prefix / max-buckets / continuation-token
// query parameters) over the world's buckets, and ListObjectVersions (`GET /BUCKET?versions`) over the object versions
// of the world's retained contents. Anything else is NotImplemented.
import {SimError} from './errors.js';
import type {World, WorldObjectVersion} from './world.js';
import {escapeXml, isoTime} from './xml.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface RestResponse {
  status: number;
  body: string;
}

export function s3Error(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`;
}

/** The path-style bucket of a request (`/BUCKET` or `/BUCKET/`), or null for another path. */
function bucketOf(pathname: string): string | null {
  const m = /^\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The S3 operation a request is, for counting: ListBuckets, ListObjectVersions, or Unsupported. */
export function s3Operation(method: string, url: string): string {
  const u = new URL(url, 'http://localhost');
  if (method !== 'GET') return 'Unsupported';
  if (u.pathname === '/') return 'ListBuckets';
  return bucketOf(u.pathname) !== null && u.searchParams.has('versions') ? 'ListObjectVersions' : 'Unsupported';
}

export function handleS3(world: World, method: string, url: string): RestResponse {
  const u = new URL(url, 'http://localhost');
  const operation = s3Operation(method, url);
  if (operation === 'ListObjectVersions') return listObjectVersions(world, bucketOf(u.pathname)!, u.searchParams);
  if (operation !== 'ListBuckets') {
    throw new SimError(
      'NotImplemented',
      `The simulated account serves only ListBuckets (GET /) and ListObjectVersions (GET /BUCKET?versions), not ${method} ${u.pathname}.`,
      501,
    );
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

/** Versions in S3's order: by key, then newest first within a key. */
function sortedVersions(versions: readonly WorldObjectVersion[]): WorldObjectVersion[] {
  return [...versions].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.lastModified - a.lastModified));
}

/**
 * ListObjectVersions: versions and delete markers, `max-keys` at most (default 1000), continued from `key-marker` /
 * `version-id-marker`. A bucket that does not exist is NoSuchBucket (404), as S3 answers.
 */
function listObjectVersions(world: World, bucket: string, q: URLSearchParams): RestResponse {
  if (!(world.buckets ?? []).some(b => b.name === bucket)) {
    throw new SimError('NoSuchBucket', 'The specified bucket does not exist', 404);
  }
  const max = q.has('max-keys') ? Number(q.get('max-keys')) : 1000;
  if (!Number.isInteger(max) || max < 0) throw new SimError('InvalidArgument', 'Provided max-keys not an integer or within integer range');
  const prefix = q.get('prefix') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const versionMarker = q.get('version-id-marker') ?? '';
  const url = q.get('encoding-type') === 'url';
  const all = sortedVersions(world.retainedContents?.objects?.[bucket] ?? []).filter(v => v.key.startsWith(prefix));
  let from = 0;
  if (keyMarker) {
    const at = versionMarker ? all.findIndex(v => v.key === keyMarker && v.versionId === versionMarker) : -1;
    from = at >= 0 ? at + 1 : all.findIndex(v => v.key > keyMarker);
    if (from < 0) from = all.length;
  }
  const page = all.slice(from, from + Math.min(max, 1000));
  const truncated = from + page.length < all.length;
  const last = page.at(-1);
  const key = (k: string) => escapeXml(url ? encodeURIComponent(k) : k);
  const owner = `<Owner><ID>${'7'.repeat(64)}</ID><DisplayName>sim</DisplayName></Owner>`;
  const entries = page
    .map(v =>
      v.deleteMarker
        ? `<DeleteMarker><Key>${key(v.key)}</Key><VersionId>${escapeXml(v.versionId)}</VersionId><IsLatest>${v.isLatest}</IsLatest><LastModified>${isoTime(v.lastModified)}</LastModified>${owner}</DeleteMarker>`
        : `<Version><Key>${key(v.key)}</Key><VersionId>${escapeXml(v.versionId)}</VersionId><IsLatest>${v.isLatest}</IsLatest><LastModified>${isoTime(v.lastModified)}</LastModified><ETag>&quot;${'0'.repeat(32)}&quot;</ETag><Size>${v.size}</Size><StorageClass>STANDARD</StorageClass>${owner}</Version>`,
    )
    .join('');
  return {
    status: 200,
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult xmlns="${S3_NAMESPACE}">` +
      `<Name>${escapeXml(bucket)}</Name><Prefix>${key(prefix)}</Prefix><KeyMarker>${key(keyMarker)}</KeyMarker>` +
      `<VersionIdMarker>${escapeXml(versionMarker)}</VersionIdMarker><MaxKeys>${max}</MaxKeys>${url ? '<EncodingType>url</EncodingType>' : ''}` +
      `<IsTruncated>${truncated}</IsTruncated>` +
      (truncated && last
        ? `<NextKeyMarker>${key(last.key)}</NextKeyMarker><NextVersionIdMarker>${escapeXml(last.versionId)}</NextVersionIdMarker>`
        : '') +
      `${entries}</ListVersionsResult>`,
  };
}
