import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createClients} from '../../source/aws/clients.js';
import {exitCodeOf, InputError} from '../../source/errors.js';
import {Gateway} from '../../source/aws/gateway.js';
import {ladderCommand, type LadderFlags} from '../../source/commands/ladder.js';
import type {CommandContext} from '../../source/commands/context.js';
import {CERT} from './fixtures.js';
import {pantherTree, startFakeCloudFormation, type FakeCloudFormation} from './fake-cloudformation.js';

let fake: FakeCloudFormation | null = null;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await fake?.close();
  fake = null;
});

function context(endpointUrl = 'http://127.0.0.1:9') {
  const clients = createClients({region: 'us-east-2', endpointUrl, credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'test'}, maxAttempts: 1});
  cleanups.push(() => clients.destroy());
  let stdout = '';
  let stderr = '';
  const ctx = {
    clients,
    gateway: new Gateway(clients),
    region: 'us-east-2',
    profile: null,
    interactive: false,
    stdout: {write: (s: string) => ((stdout += s), true), columns: 100},
    stderr: {write: (s: string) => ((stderr += s), true)},
  } as unknown as CommandContext;
  return {ctx, clients, out: () => stdout, err: () => stderr};
}

const flags = (extra: Partial<LadderFlags>): LadderFlags => ({format: 'text', cloudtrail: true, bell: true, ...extra});

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'ladder-'));
}

describe('ladder', () => {
  it('plans from --from without a single AWS call', async () => {
    const {ctx, clients, out} = context();
    const code = await ladderCommand(ctx, flags({from: '1.24.3', to: '1.28', format: 'json'}));
    expect(code).toBe(0);
    expect(clients.counter.total()).toBe(0);
    const json = JSON.parse(out());
    expect(json.rungs.map((r: {version: string}) => r.version)).toEqual(['1.24.12', '1.25.18', '1.26.9', '1.27.8', '1.28.7']);
  });

  it('reads the version and parameters from the stack, and a catalog and params file', async () => {
    fake = await startFakeCloudFormation(pantherTree({version: '1.38.5', rootParameters: {PipLibraries: 'x'}}));
    const dir = await tempDir();
    await writeFile(join(dir, 'catalog.json'), '{"recommended": ["1.40.2"]}');
    const {ctx, out} = context(fake.url);
    const code = await ladderCommand(ctx, flags({stack: 'panther', to: '1.40', catalog: join(dir, 'catalog.json')}));
    expect(code).toBe(0);
    expect(out()).toMatch(/Deployed +1\.38\.5 \(PantherVersion tag of 4 nested stacks\)/);
    expect(out()).toMatch(/RUNG 2\/2 +1\.40\.2/);
    expect(out()).toMatch(/extended by .*catalog\.json/);
  });

  it('plans a patch newer than the built-in catalog once --catalog lists it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'catalog.json'), '["1.28.99"]');
    const {ctx, clients, out} = context();
    expect(await ladderCommand(ctx, flags({from: '1.24.3', to: '1.28.99', catalog: join(dir, 'catalog.json'), format: 'json'}))).toBe(0);
    expect(JSON.parse(out()).rungs.at(-1).templateUrl).toBe('https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.28.99/panther.yml');
    expect(clients.counter.total()).toBe(0);
  });

  it('writes the alias record template from the Bootstrap outputs', async () => {
    fake = await startFakeCloudFormation(
      pantherTree({
        version: '1.19.5',
        rootParameters: {CustomDomain: 'panther.example.com', ApiCertificateArn: CERT},
        bootstrapOutputs: {PantherApiDistributionDomainName: 'd111.cloudfront.net', PantherApiDistributionHostedZoneId: 'Z2FDTNDATAQYW2'},
      }),
    );
    const file = join(await tempDir(), 'alias.json');
    const {ctx, out, err} = context(fake.url);
    expect(await ladderCommand(ctx, flags({stack: 'panther', to: '1.20', writeAliasTemplate: file, format: 'json'}))).toBe(0);
    const template = JSON.parse(await readFile(file, 'utf8'));
    expect(template.Resources.PantherApiAliasRecord.Properties).toMatchObject({
      Name: 'api.panther.example.com.',
      AliasTarget: {DNSName: 'd111.cloudfront.net', HostedZoneId: 'Z2FDTNDATAQYW2'},
    });
    expect(err()).toContain(`wrote the Route53 alias record template to ${file}`);
    expect(JSON.parse(out()).rungs[0].version).toBe('1.20.3');
  });

  it.each([
    [{from: '1.24.3'}, /needs --to/],
    [{to: '1.28'}, /needs --stack NAME\|ARN .* or --from/],
    [{from: '1.28.7', to: '1.27'}, /Refusing to downgrade/],
    [{from: '1.24.3', to: '1.28', catalog: '/nonexistent/catalog.json'}, /--catalog \/nonexistent\/catalog\.json: cannot read it \(ENOENT\)/],
    [{from: '1.24.3', to: '1.28', templateBaseUrl: 'http://mirror.example.com'}, /must be https/],
    [{from: '1.24.3', to: '1.28', writeAliasTemplate: '/tmp/x.json'}, /--write-alias-template needs --stack/],
    [
      {from: '1.24.3', to: '1.28.99'},
      /^1\.28\.99 is newer than the newest 1\.28 release the catalog knows \(1\.28\.7\): add it with --catalog FILE\.$/,
    ],
  ])('refuses bad input %j with exit code 2', async (extra, message) => {
    const {ctx, clients} = context();
    const error = await ladderCommand(ctx, flags(extra)).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(exitCodeOf(error)).toBe(2);
    expect(clients.counter.total()).toBe(0);
  });

  it('refuses the alias template before 1.19.5 has made the outputs', async () => {
    fake = await startFakeCloudFormation(pantherTree({version: '1.18.8', rootParameters: {CustomDomain: 'panther.example.com'}}));
    const {ctx} = context(fake.url);
    const error = await ladderCommand(ctx, flags({stack: 'panther', to: '1.19', writeAliasTemplate: join(await tempDir(), 'a.json')})).catch(e => e);
    expect(error.message).toMatch(/no PantherApiDistributionDomainName .* outputs yet: they appear once 1\.19\.5 is deployed/);
  });
});
