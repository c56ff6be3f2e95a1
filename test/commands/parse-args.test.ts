// The command line against the registry: each user mistake is one InputError (exit 2) naming the fix.
import {describe, expect, it} from 'vitest';
import {asksOwnVersion, parseArgs, validateArgs} from '../../source/commands/parse-args.js';
import {COMMAND_NAMES, COMMANDS, FLAGS, flagOption, type FlagName} from '../../source/commands/registry.js';
import {exitCodeOf, InputError} from '../../source/errors.js';

function refusal(argv: string[]): string {
  try {
    validateArgs(parseArgs(argv));
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect(exitCodeOf(error)).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
}

describe('parseArgs and validateArgs', () => {
  it.each([
    [['policy', '--execute', '--approve', '1.2'], /^policy does not take --execute\. Its flags: --for \(see policy --help\)\.$/],
    [['ladder', '--out', 'x', '--scenario', 'nope', '--mask-account'], /^ladder does not take --out\. Its flags: .*--to.*\(see ladder --help\)\.$/],
    [['-s', 'x', '--out', 'y'], /^watch does not take --out\./],
    [['postmortem', '-s', 'a', '-s', 'b'], /^--stack is given twice \(-s and -s\): give it once\.$/],
    [['postmortem', '-s', 'x', '--format'], /^--format needs a value: --format text\|json\|markdown\.$/],
    [['postmortem', '--stack', '--region', 'us-east-2'], /^--stack needs a value: --stack NAME\|ARN\.$/],
    [['postmortem', '-s', 'x', '--format='], /^--format needs a value/],
    [['postmortem', '-s', 'x', '-r', 'us_east_2'], /^--region us_east_2 is not an AWS region name: they look like us-east-2/],
    [['postmortem', '-s', 'x', '--endpoint-url', 'notaurl'], /^--endpoint-url notaurl is not an http\(s\) URL/],
    [['postmortem', '-s', 'x', '--endpoint-url', 'ftp://127.0.0.1'], /^--endpoint-url ftp:\/\/127\.0\.0\.1 is not an http\(s\) URL/],
    [['watch', '-s', 'x', '--format', 'markdown'], /^watch prints text or json, not markdown\.$/],
    [['postmortem', '-s', 'x', '--format', 'yaml'], /^--format yaml: postmortem prints text, json or markdown\.$/],
    [['demo', '--scenario', 'nope'], /^--scenario nope: it takes first-deploy, rolled-back, .* or failing-deploy\.$/],
    [['sim', '--port', '70000'], /^--port must be an integer from 0 to 65535\.$/],
    [['watch', '-s', 'x', '--interval', 'soon'], /^--interval must be a positive number of seconds\.$/],
    [['preflight', '--replay', 'b.json.gz', '--stack-name', 'panther-x'], /^preflight checks a live account/],
    [['postmortem', '--replay', 'b.json.gz', '--endpoint-url', 'http://127.0.0.1:9'], /^--replay serves its own endpoint/],
    [['postmortem'], /^postmortem needs --stack NAME\|ARN/],
    [['bundle', '--out', 'x'], /^bundle needs --stack NAME\|ARN/],
    [['postmortem', '--bogus'], /^Unknown flag --bogus\. See --help\.$/],
    [['watch', '-x'], /^Unknown flag -x\. See --help\.$/],
    [['--no-stack'], /^Unknown flag --no-stack\./],
    [['--mask-account=maybe', 'bundle'], /^--mask-account takes no value/],
    [['frobnicate'], /^Unknown command: frobnicate\. Commands: watch, postmortem/],
    [['postmortm', '-s', 'x'], /^Unknown command: postmortm\. Did you mean postmortem\? Commands: /],
    [['postmortem', '--stak', 'x'], /^Unknown flag --stak\. Did you mean --stack\? See --help\.$/],
    [['policy', '--for', 'admin'], /^--for admin: it takes readonly, upgrade or deploy\.$/],
    [['postmortem', 'extra'], /^Unexpected argument: extra\./],
    [
      ['demo', '--replay', 'b.json.gz', '--scenario', 'large', '--speed', '9'],
      /^demo --replay opens the console on the bundle: drop --scenario --speed\.$/,
    ],
    [['demo', '--replay', 'b.json.gz', '--format', 'markdown'], /^demo prints text or json, not markdown\.$/],
    [['--no-cloudtrail=false', 'postmortem', '-s', 'x'], /^--no-cloudtrail takes no value/],
    [['watch', '-s', 'x', '--interval', '-1'], /^--interval must be a positive number of seconds\.$/],
  ])('%j', (argv, message) => {
    expect(refusal(argv)).toMatch(message);
  });

  it('reads values, defaults and the negated booleans of the command it runs', () => {
    const args = parseArgs(['postmortem', '-s', 'panther-prod', '--region=us-east-2', '--no-cloudtrail', '--format', 'json']);
    expect(args.command).toBe('postmortem');
    expect(args.flags).toMatchObject({stack: 'panther-prod', region: 'us-east-2', cloudtrail: false, format: 'json', bell: true});
    validateArgs(args);
    expect(parseArgs(['watch', '-spanther-prod']).flags.stack).toBe('panther-prod');
    expect(parseArgs(['sim', '--port', '4566', '--speed', '2.5']).flags).toMatchObject({port: 4566, speed: 2.5});
  });

  it("--stack alone is watch; --help and --version are everyone's", () => {
    expect(parseArgs(['--stack', 'panther-prod'])).toMatchObject({command: 'watch', implied: true});
    expect(parseArgs(['ladder', '--help'])).toMatchObject({command: 'ladder', help: true});
    expect(parseArgs(['policy', '-h']).help).toBe(true);
  });

  it("--version followed by a Panther version is deploy's --version; alone it is the console's own", () => {
    expect(parseArgs(['deploy', '-s', 'panther-prod', '--version', '1.31']).flags.version).toBe('1.31');
    expect(parseArgs(['deploy', '--version=1.31.1', '-s', 'panther-prod']).flags.version).toBe('1.31.1');
    expect(asksOwnVersion(['deploy', '--version', '1.31'])).toBe(false);
    expect(asksOwnVersion(['--version'])).toBe(true);
    expect(asksOwnVersion(['watch', '--version', '-s', 'x'])).toBe(true);
    expect(() => parseArgs(['ladder', '--version', '1.31'])).toThrow(/ladder does not take --version/);
    // On a deploy line it is always deploy's: a bad or missing value is refused, never the console's version (exit 0).
    expect(asksOwnVersion(['deploy', '-s', 'panther-prod', '--version', 'latest'])).toBe(false);
    expect(() => validateArgs(parseArgs(['deploy', '-s', 'panther-prod', '--version', 'latest']))).toThrow(
      /--version latest is not a Panther version/,
    );
    expect(() => parseArgs(['deploy', '-s', 'panther-prod', '--version'])).toThrow(/--version needs a value/);
  });

  it('every command accepts every flag the registry gives it, and its default format', () => {
    for (const command of COMMAND_NAMES) {
      const spec = COMMANDS[command];
      expect(parseArgs([command]).flags.format).toBe(spec.formats[0]);
      for (const flag of spec.flags as FlagName[]) {
        const type = FLAGS[flag].type;
        const value = type === 'number' ? '3' : flag === 'version' ? '1.31' : 'value';
        const argv = type === 'boolean' ? [command, flagOption(flag)] : [command, flagOption(flag), value];
        expect(() => parseArgs(argv), `${command} ${flagOption(flag)}`).not.toThrow();
      }
    }
  });
});
