// A tiny CloudFormation endpoint (awsQuery in, XML out) for driving the REAL SDK client in tests: the calls the
// version loader and the ladder make (DescribeStacks, GetTemplate, ListStackResources with pagination, ListStacks,
// GetTemplateSummary of a TemplateURL), and a log of every request it answered.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface FakeStack {
  id: string;
  name: string;
  status?: string;
  parentId?: string;
  tags?: Record<string, string>;
  parameters?: Record<string, string>;
  outputs?: Record<string, string>;
  /** Nested stack resources of this stack (logical id -> child stack id). */
  nested?: Record<string, string>;
  template?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const members = (items: string[]) => items.map(i => `<member>${i}</member>`).join('');
const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

function stackXml(s: FakeStack): string {
  const kv = (rec: Record<string, string> | undefined, k: string, v: string) =>
    members(Object.entries(rec ?? {}).map(([key, value]) => `<${k}>${esc(key)}</${k}><${v}>${esc(value)}</${v}>`));
  return (
    `<StackId>${esc(s.id)}</StackId><StackName>${esc(s.name)}</StackName>` +
    `<StackStatus>${s.status ?? 'UPDATE_COMPLETE'}</StackStatus><CreationTime>2024-01-01T00:00:00Z</CreationTime>` +
    (s.parentId ? `<ParentId>${esc(s.parentId)}</ParentId><RootId>${esc(s.parentId)}</RootId>` : '') +
    `<Tags>${kv(s.tags, 'Key', 'Value')}</Tags>` +
    `<Parameters>${kv(s.parameters, 'ParameterKey', 'ParameterValue')}</Parameters>` +
    `<Outputs>${kv(s.outputs, 'OutputKey', 'OutputValue')}</Outputs>`
  );
}

export interface FakeCloudFormation {
  url: string;
  calls: string[];
  close(): Promise<void>;
}

/** Serves `stacks`; ListStackResources answers `pageSize` resources a page. */
export async function startFakeCloudFormation(stacks: FakeStack[], pageSize = 3): Promise<FakeCloudFormation> {
  const calls: string[] = [];
  const find = (nameOrId: string) => stacks.find(s => s.id === nameOrId || s.name === nameOrId);
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', d => (body += d));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? '';
      calls.push(action);
      const reply = (status: number, xml: string) => {
        res.writeHead(status, {'content-type': 'text/xml', 'x-amzn-requestid': `req-${calls.length}`});
        res.end(xml);
      };
      const ok = (result: string) =>
        reply(
          200,
          `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`,
        );
      if (action === 'ListStacks') {
        const summaries = stacks.map(
          st =>
            `<StackId>${esc(st.id)}</StackId><StackName>${esc(st.name)}</StackName><StackStatus>${st.status ?? 'UPDATE_COMPLETE'}</StackStatus>` +
            `<CreationTime>2024-01-01T00:00:00Z</CreationTime>` +
            (st.parentId ? `<ParentId>${esc(st.parentId)}</ParentId><RootId>${esc(st.parentId)}</RootId>` : ''),
        );
        return ok(`<StackSummaries>${members(summaries)}</StackSummaries>`);
      }
      if (action === 'GetTemplateSummary' && form.get('TemplateURL')) {
        // Every template declares the root's parameters (a Default each), as the versions the tests plan across do.
        const root = stacks.find(st => !st.parentId);
        const params = Object.keys(root?.parameters ?? {}).map(
          k => `<ParameterKey>${esc(k)}</ParameterKey><DefaultValue></DefaultValue><ParameterType>String</ParameterType>`,
        );
        return ok(`<Parameters>${members(params)}</Parameters><Description>Panther</Description>`);
      }
      const s = find(form.get('StackName') ?? '');
      if (!s) {
        return reply(
          400,
          `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${esc(form.get('StackName') ?? '')} does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
      }
      if (action === 'DescribeStacks') return ok(`<Stacks>${members([stackXml(s)])}</Stacks>`);
      if (action === 'GetTemplate') return ok(`<TemplateBody>${esc(s.template ?? '{}')}</TemplateBody>`);
      if (action === 'ListStackResources') {
        const all = [
          `<LogicalResourceId>SomeBucket</LogicalResourceId><PhysicalResourceId>bucket</PhysicalResourceId><ResourceType>AWS::S3::Bucket</ResourceType>`,
          ...Object.entries(s.nested ?? {}).map(
            ([logical, id]) =>
              `<LogicalResourceId>${esc(logical)}</LogicalResourceId><PhysicalResourceId>${esc(id)}</PhysicalResourceId><ResourceType>AWS::CloudFormation::Stack</ResourceType>`,
          ),
        ].map(r => `${r}<ResourceStatus>UPDATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>2024-01-01T00:00:00Z</LastUpdatedTimestamp>`);
        const start = Number(form.get('NextToken') ?? 0);
        const page = all.slice(start, start + pageSize);
        const next = start + pageSize < all.length ? `<NextToken>${start + pageSize}</NextToken>` : '';
        return ok(`<StackResourceSummaries>${members(page)}</StackResourceSummaries>${next}`);
      }
      reply(
        400,
        `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${esc(action)}</Message></Error></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

/** A Panther-like tree: root `panther` with nested stacks, each tagged with `version` (or `versions[i]`). */
export function pantherTree(
  options: {
    version?: string;
    versions?: string[];
    rootParameters?: Record<string, string>;
    bootstrapOutputs?: Record<string, string>;
    template?: string;
  } = {},
): FakeStack[] {
  const account = 'arn:aws:cloudformation:us-east-2:123456789012:stack';
  const rootId = `${account}/panther/root-id`;
  const logicals = ['Bootstrap', 'BootstrapGateway', 'Appsync', 'CloudSecurity', 'Core', 'Dashboards', 'LogAnalysis', 'Web'];
  const children: FakeStack[] = logicals.map((logical, i) => {
    const version = options.versions?.[i] ?? options.version;
    return {
      id: `${account}/panther-${logical}-X${i}/child-${i}`,
      name: `panther-${logical}-X${i}`,
      parentId: rootId,
      tags: version ? {Application: 'Panther', PantherVersion: version, Stack: logical} : ({} as Record<string, string>),
      outputs: logical === 'Bootstrap' ? (options.bootstrapOutputs ?? {}) : {},
    };
  });
  const root: FakeStack = {
    id: rootId,
    name: 'panther',
    parameters: options.rootParameters ?? {},
    nested: Object.fromEntries(children.map((c, i) => [logicals[i], c.id])),
    template: options.template,
  };
  return [root, ...children];
}
