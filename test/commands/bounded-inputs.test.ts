// Inputs with bounds and outputs that are safe to write: the built CLI as a user runs it, on files a hostile
// colleague (or a broken disk) could hand it.
import {createWriteStream, lstatSync, readdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {gunzipSync, gzipSync, createGzip} from 'node:zlib';
import {Readable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {decodeBundle} from '../../source/report/bundle.js';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {runCli} from '../support/run-cli.js';

const offline = {AWS_REGION: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: ''};

describe('bounded inputs, safe outputs', () => {
  let sim: RunningSim;
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    sim = await startSim({scenario: 'rolled-back'});
    dir = mkdtempSync(join(tmpdir(), 'panther-bounds-'));
    bundle = join(dir, 'support.json.gz');
    const r = await runCli(['bundle', '-s', 'panther-prod', '--out', bundle, '--endpoint-url', sim.url]);
    expect(r.code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it('writes the bundle readable by its owner only', () => {
    expect(statSync(bundle).mode & 0o777).toBe(0o600);
    // No temporary file is left beside it.
    expect(readdirSync(dir).filter(n => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an existing --out file unless --force, before reading the account', async () => {
    sim.resetCalls();
    const refused = await runCli(['bundle', '-s', 'panther-prod', '--out', bundle, '--endpoint-url', sim.url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^panther-console: --out .*support\.json\.gz already exists: name a new file, or add --force to replace it\.\n$/);
    expect(Object.keys(sim.calls())).toEqual([]);
    const forced = await runCli(['bundle', '-s', 'panther-prod', '--out', bundle, '--force', '--endpoint-url', sim.url]);
    expect(forced.code).toBe(0);
  }, 60_000);

  it('never writes through a symbolic link: the link target stays untouched', async () => {
    const target = join(dir, 'authorized_keys');
    writeFileSync(target, 'ssh-ed25519 AAAA user@host\n');
    const link = join(dir, 'link.json.gz');
    symlinkSync(target, link);
    const r = await runCli(['bundle', '-s', 'panther-prod', '--out', link, '--endpoint-url', sim.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a symbolic link: the console does not write through links/);
    expect(readFileSync(target, 'utf8')).toBe('ssh-ed25519 AAAA user@host\n');
    // --force replaces the link itself, never the file it points at.
    const forced = await runCli(['bundle', '-s', 'panther-prod', '--out', link, '--force', '--endpoint-url', sim.url]);
    expect(forced.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('ssh-ed25519 AAAA user@host\n');
  }, 60_000);

  it('ladder --write-alias-template refuses an existing file the same way', async () => {
    const existing = join(dir, 'alias.yml');
    writeFileSync(existing, 'keep me\n');
    const r = await runCli(['ladder', '--from', '1.24.3', '--to', '1.28', '--write-alias-template', existing, '--region', 'us-east-2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--write-alias-template .*alias\.yml already exists/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me\n');
  });

  it('refuses a replay bundle that inflates past the cap, in one line and little memory', async () => {
    // 3 MB-ish of gzip that inflates to 210 MB of zeros.
    const bomb = join(dir, 'bomb.json.gz');
    const zeros = Readable.from(
      (function* () {
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        for (let i = 0; i < 210; i++) yield chunk;
      })(),
    );
    await pipeline(zeros, createGzip({level: 1}), createWriteStream(bomb));
    const r = await runCli(['postmortem', '--replay', bomb], offline);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^panther-console: --replay .*bomb\.json\.gz inflates to more than 200 MB: not a bundle panther-console wrote \(refused\)\.\n$/,
    );
  }, 60_000);

  it('caps inflation in the decoder itself (a smaller cap for the test)', () => {
    const bytes = gzipSync(Buffer.alloc(4096, 0x20));
    expect(() => decodeBundle(bytes, 'b.json.gz', 1024)).toThrow(/b\.json\.gz inflates to more than 0 MB/);
  });

  it('names a malformed field of a replay bundle (exit 2), instead of the SDK parser failing on it (exit 3)', async () => {
    const good = JSON.parse(gunzipSync(readFileSync(bundle)).toString('utf8'));
    const call = good.calls.find((c: any) => c.operation === 'DescribeStackEvents' && c.output?.StackEvents?.length > 2);
    call.output.StackEvents[2].Timestamp = 'the day after tomorrow';
    const bad = join(dir, 'bad-field.json.gz');
    writeFileSync(bad, gzipSync(JSON.stringify(good)));
    const r = await runCli(['postmortem', '--replay', bad], offline);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^panther-console: --replay .*bad-field\.json\.gz: call \d+ \(DescribeStackEvents\), event 3: Timestamp is "the day after tomorrow", not a date\.\n$/,
    );

    call.output.StackEvents = {not: 'a list'};
    writeFileSync(bad, gzipSync(JSON.stringify(good)));
    const r2 = await runCli(['postmortem', '--replay', bad], offline);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/StackEvents is \{"not":"a list"\}, not a list/);
  }, 60_000);

  it("names a bad type deep in a replay bundle's envelope: the call and the field (exit 2)", async () => {
    const good = JSON.parse(gunzipSync(readFileSync(bundle)).toString('utf8'));
    good.calls[4].region = ['us-east-2'];
    const bad = join(dir, 'bad-envelope.json.gz');
    writeFileSync(bad, gzipSync(JSON.stringify(good)));
    const r = await runCli(['postmortem', '--replay', bad], offline);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^panther-console: --replay .*bad-envelope\.json\.gz: call 5: region is \["us-east-2"\], not a string\.\n$/);
  }, 60_000);

  it('refuses a --params file over 1 MB or over 200 parameters in one line, before any AWS call (exit 2)', async () => {
    const big = join(dir, 'big-params.json');
    // 3 MB: only 1 MB and a byte of it is read.
    writeFileSync(big, `{"A": "${'x'.repeat(3 * 1024 * 1024)}"}`);
    const many = join(dir, 'many-params.json');
    writeFileSync(many, JSON.stringify(Array.from({length: 201}, (_, i) => ({ParameterKey: `P${i}`, ParameterValue: 'v'}))));
    sim.resetCalls();
    const cases: [string, RegExp][] = [
      [
        big,
        /^panther-console: --params .*big-params\.json is larger than 1 MB \(1048576 bytes\): a parameters file holds at most 200 short values; check it is the right file\.\n$/,
      ],
      [many, /^panther-console: --params .*many-params\.json sets 201 parameters: CloudFormation takes at most 200 in a stack\.\n$/],
    ];
    for (const [file, message] of cases) {
      const r = await runCli(['preflight', '--stack-name', 'panther-prod', '--params', file, '--endpoint-url', sim.url]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(Object.keys(sim.calls())).toEqual([]);
  }, 60_000);

  it('says a region name is malformed rather than missing', async () => {
    const r = await runCli(['postmortem', '-s', 'panther-prod', '-r', 'us_east_2', '--endpoint-url', sim.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('panther-console: --region us_east_2 is not an AWS region name: they look like us-east-2 or eu-central-1.\n');
    const env = await runCli(['postmortem', '-s', 'panther-prod', '--endpoint-url', sim.url], {AWS_REGION: 'US-EAST-2'});
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/AWS_REGION says "US-EAST-2"/);
  });
});
