// docs/schemas/*.schema.json hold for what the built CLI really prints: postmortem, ladder, preflight and watch
// with --format json, on the embedded sim's scenarios, each document validated with ajv (draft 2020-12). And each
// schema says no to a document with a key removed or a value outside its enum.
import {readFileSync} from 'node:fs';
import {Ajv2020, type ValidateFunction} from 'ajv/dist/2020.js';
import {afterAll, describe, expect, it} from 'vitest';
import {startSim, type RunningSim} from '../../source/sim/index.js';
import {runCli} from '../support/run-cli.js';

const ajv = new Ajv2020({allErrors: true, strict: true});
const validator = (file: string): ValidateFunction =>
  ajv.compile(JSON.parse(readFileSync(new URL(`../../docs/schemas/${file}`, import.meta.url), 'utf8')));
const schemas = {
  postmortem: validator('postmortem.schema.json'),
  ladder: validator('ladder.schema.json'),
  preflight: validator('preflight.schema.json'),
  watchLine: validator('watch-line.schema.json'),
};

/** Asserts the document validates, showing ajv's errors when it does not. */
function expectValid(validate: ValidateFunction, doc: unknown): void {
  const ok = validate(doc);
  expect(ok ? [] : validate.errors).toEqual([]);
}

const copy = <T>(doc: T): any => structuredClone(doc);

const sims: RunningSim[] = [];
async function sim(scenario: string): Promise<RunningSim> {
  const s = await startSim({scenario});
  sims.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(sims.map(s => s.close()));
});

describe('postmortem --format json', () => {
  const docs: Record<string, any> = {};

  it.each([
    ['rolled-back', 1],
    ['update-rollback', 1],
    ['healthy', 0],
    ['large', 1],
  ])(
    'validates on the %s scenario',
    async (scenario, code) => {
      const s = await sim(scenario);
      const out = await runCli(['postmortem', '--stack', s.rootStackName, '--endpoint-url', s.url, '--format', 'json']);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(code);
      docs[scenario] = JSON.parse(out.stdout);
      expectValid(schemas.postmortem, docs[scenario]);
    },
    120_000,
  );

  it('validates without CloudTrail too', async () => {
    const s = await sim('rolled-back');
    const out = await runCli(['postmortem', '--stack', 'panther-prod', '--endpoint-url', s.url, '--format', 'json', '--no-cloudtrail']);
    expectValid(schemas.postmortem, JSON.parse(out.stdout));
  }, 60_000);

  it('refuses a document with a key removed, a category outside its enum, or a key added', () => {
    const doc = docs['rolled-back'];
    expect(doc.rootCause).not.toBeNull();
    expectValid(schemas.postmortem, doc);
    const noCategory = copy(doc);
    delete noCategory.rootCause.category;
    expect(schemas.postmortem(noCategory)).toBe(false);
    const badCategory = copy(doc);
    badCategory.otherFailures[0].category = 'gremlins';
    expect(schemas.postmortem(badCategory)).toBe(false);
    const badDenial = copy(doc);
    badDenial.deniedCalls[0].denial = 'scp-ish';
    expect(schemas.postmortem(badDenial)).toBe(false);
    const extra = copy(doc);
    extra.stack.region = 'us-east-2';
    expect(schemas.postmortem(extra)).toBe(false);
  });
});

describe('ladder --format json', () => {
  let plan: any;

  it.each([
    [['--from', '1.24.3', '--to', '1.28', '--region', 'us-east-2']],
    [['--from', 'v1.17.4', '--to', '1.39', '--region', 'eu-west-1']],
    [['--from', '1.38.5', '--to', '1.39.7', '--region', 'us-west-2', '--template-base-url', 'https://mirror.example.com/panther']],
  ])('validates for %j', async args => {
    const out = await runCli(['ladder', ...args, '--format', 'json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    plan ??= JSON.parse(out.stdout);
    expectValid(schemas.ladder, JSON.parse(out.stdout));
  });

  it('validates for a deployed stack read from the account', async () => {
    const s = await sim('upgrade');
    const out = await runCli(['ladder', '--stack', 'panther-prod', '--to', '1.28', '--endpoint-url', s.url, '--format', 'json']);
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout);
    expect(doc.rungs.length).toBeGreaterThan(0);
    expectValid(schemas.ladder, doc);
  }, 60_000);

  it('refuses a version with its v, and a rung without its template URL', () => {
    expect(plan.rungs.length).toBeGreaterThan(0);
    const withV = copy(plan);
    withV.rungs[0].version = `v${withV.rungs[0].version}`;
    expect(schemas.ladder(withV)).toBe(false);
    const noUrl = copy(plan);
    delete noUrl.rungs[0].templateUrl;
    expect(schemas.ladder(noUrl)).toBe(false);
  });
});

describe('preflight --format json', () => {
  const docs: any[] = [];

  it.each([
    ['preflight', ['--params', 'examples/params-bad.json'], 1],
    ['preflight-clean', ['--params', 'examples/params-good.json'], 0],
    ['preflight-clean', ['--no-cloudtrail'], 0],
  ])(
    'validates on the %s scenario with %j',
    async (scenario, extra, code) => {
      const s = await sim(scenario);
      const out = await runCli(['preflight', '--stack-name', 'panther-prod', ...extra, '--endpoint-url', s.url, '--format', 'json']);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(code);
      const doc = JSON.parse(out.stdout);
      docs.push(doc);
      expectValid(schemas.preflight, doc);
    },
    60_000,
  );

  it('refuses a status outside its enum, a summary without a count, or a service it does not count', () => {
    const doc = docs[0];
    const badStatus = copy(doc);
    badStatus.checks[0].status = 'maybe';
    expect(schemas.preflight(badStatus)).toBe(false);
    const badGroup = copy(doc);
    badGroup.checks[0].group = 'vibes';
    expect(schemas.preflight(badGroup)).toBe(false);
    const noUnknown = copy(doc);
    delete noUnknown.summary.unknown;
    expect(schemas.preflight(noUnknown)).toBe(false);
    const extraService = copy(doc);
    extraService.apiCalls.ec2 = 1;
    expect(schemas.preflight(extraService)).toBe(false);
  });
});

describe('watch --format json', () => {
  let lines: any[] = [];

  it.each([
    ['rolled-back', 1],
    ['healthy', 0],
  ])(
    'every line validates on the finished %s scenario',
    async (scenario, code) => {
      const s = await sim(scenario);
      const out = await runCli(['watch', '--stack', s.rootStackName, '--endpoint-url', s.url, '--format', 'json', '--interval', '0.2']);
      expect(out.code).toBe(code);
      const parsed = out.stdout
        .trim()
        .split('\n')
        .map(l => JSON.parse(l));
      expect(new Set(parsed.map(l => l.type))).toEqual(new Set(['event', 'stack', 'postmortem']));
      expect(parsed.at(-1).type).toBe('postmortem');
      for (const line of parsed) expectValid(schemas.watchLine, line);
      if (scenario === 'rolled-back') lines = parsed;
    },
    60_000,
  );

  it('refuses an event with a key added, a line of an unknown type, and a post-mortem without its API calls', () => {
    const event = copy(lines.find(l => l.type === 'event'));
    expectValid(schemas.watchLine, event);
    event.physicalResourceId = 'x';
    expect(schemas.watchLine(event)).toBe(false);
    const stack = copy(lines.find(l => l.type === 'stack'));
    stack.type = 'stacks';
    expect(schemas.watchLine(stack)).toBe(false);
    const postmortem = copy(lines.at(-1));
    delete postmortem.apiCalls;
    expect(schemas.watchLine(postmortem)).toBe(false);
  });
});
