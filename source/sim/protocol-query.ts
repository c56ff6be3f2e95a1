// The awsQuery protocol (CloudFormation, STS): form-encoded requests, XML responses and errors.
import {QueryParams} from './params.js';
import {children, escapeXml, type XmlValue} from './xml.js';

export const CFN_NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface QueryRequest {
  action: string;
  version: string;
  params: QueryParams;
}

/** Reads Action and Version from the form body (POST) or the query string (GET). */
export function parseQuery(body: string, url: string): QueryRequest {
  const form = new URLSearchParams(body);
  const query = new URL(url, 'http://localhost').searchParams;
  for (const [k, v] of query) if (!form.has(k)) form.set(k, v);
  return {action: form.get('Action') ?? '', version: form.get('Version') ?? '', params: new QueryParams(form)};
}

export function queryResponse(action: string, namespace: string, result: {[key: string]: XmlValue}, requestId: string): string {
  return (
    `<${action}Response xmlns="${namespace}">` +
    `<${action}Result>${children(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  );
}

export function queryError(code: string, message: string, type: string, namespace: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${namespace}">` +
    `<Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>`
  );
}
