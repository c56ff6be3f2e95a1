import {describe, expect, it} from 'vitest';
import {detectVersion, minorKey, parseVersion, parseVersionSpec, versionInTemplate, VersionDetectionError} from '../../source/panther/version.js';
import {stack, tagged} from './fixtures.js';

describe('versions as users type them', () => {
  it.each([
    ['1.24.3', '1.24.3'],
    ['v1.24.3', '1.24.3'],
    ['V1.24.3', '1.24.3'],
    [' v1.24.3 ', '1.24.3'],
    ['1.24', null],
    ['1.24.3-rc.1', null],
    ['vv1.24.3', null],
    ['1.24.3.1', null],
    ['', null],
  ])('parseVersion(%j) = %j', (input, expected) => {
    expect(parseVersion(input)).toBe(expected);
  });

  it('reads a minor or a full version as a target', () => {
    expect(parseVersionSpec('v1.28')).toEqual({major: 1, minor: 28, patch: null});
    expect(parseVersionSpec('1.28.3')).toEqual({major: 1, minor: 28, patch: 3});
    expect(parseVersionSpec('1')).toBeNull();
    expect(minorKey('v1.24.12')).toBe('1.24');
  });
});

describe('the deployed version, from the deployed root template first', () => {
  const template =
    'AWSTemplateFormatVersion: "2010-09-09"\nDescription: Panther v1.25.18\nMappings:\n  Constants:\n    Panther:\n      Version: v1.25.18\n';

  it('reads Mappings: Constants: Panther: Version (YAML and JSON)', () => {
    expect(versionInTemplate(template)).toEqual({version: '1.25.18', where: 'Mappings'});
    expect(versionInTemplate('{"AWSTemplateFormatVersion": "2010-09-09", "Mappings": {"Constants": {"Panther": {"Version": "1.26.9"}}}}')).toEqual({
      version: '1.26.9',
      where: 'Mappings',
    });
  });

  it('trusts the template over the tags, and reports a tag that disagrees as stale', () => {
    const result = detectVersion({
      rootStack: tagged('1.24.3', 'panther'),
      nestedStacks: [tagged('1.24.3'), tagged('1.24.3')],
      templateBody: template,
    });
    expect(result).toMatchObject({version: '1.25.18', source: 'template', detail: 'the deployed root template (Mappings)', staleTag: '1.24.3'});
    expect(result.notes).toEqual([
      "Stale PantherVersion tag: 1.24.3 on 2 stacks, but the deployed template is 1.25.18. An upgrade's change sets leave tags as they are; " +
        'the template is what is deployed, so 1.25.18 is used.',
    ]);
  });

  it('says nothing of tags that agree', () => {
    const result = detectVersion({rootStack: null, nestedStacks: [tagged('1.25.18')], templateBody: template});
    expect(result).toMatchObject({version: '1.25.18', source: 'template', notes: [], staleTag: null});
  });

  it('falls back to the tags when the template names no version, and says so', () => {
    const result = detectVersion({rootStack: null, nestedStacks: [tagged('1.24.3')], templateBody: 'Resources: {}'});
    expect(result).toMatchObject({version: '1.24.3', source: 'tag'});
    expect(result.notes).toEqual(['The root template names no Panther version: read from the PantherVersion tags.']);
  });
});

describe("without a template: the nested stacks' tags", () => {
  it('reads the PantherVersion tag, with or without v', () => {
    const result = detectVersion({rootStack: stack(), nestedStacks: [tagged('v1.24.3'), tagged('1.24.3'), tagged('v1.24.3')]});
    expect(result).toEqual({version: '1.24.3', source: 'tag', detail: 'PantherVersion tag of 3 nested stacks', notes: [], staleTag: null});
  });

  it('takes the most common value when the tags disagree, and lists every value', () => {
    const result = detectVersion({
      rootStack: null,
      nestedStacks: [tagged('1.24.3'), tagged('1.24.3'), tagged('1.24.3'), tagged('1.25.18', 'panther-Web-ABC')],
    });
    expect(result.version).toBe('1.24.3');
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/disagree: 1\.24\.3 \(3: .*\); 1\.25\.18 \(1: panther-Web-ABC\)/);
  });

  it('takes the highest on a tie', () => {
    expect(detectVersion({rootStack: null, nestedStacks: [tagged('1.25.18'), tagged('1.24.3')]}).version).toBe('1.25.18');
  });

  it('ignores deleted nested stacks and tags that are not versions', () => {
    const result = detectVersion({
      rootStack: null,
      nestedStacks: [tagged('1.20.3', undefined, {deleted: true, status: 'DELETE_COMPLETE'}), tagged('latest'), tagged('1.21.5')],
    });
    expect(result).toMatchObject({version: '1.21.5', source: 'tag', notes: []});
  });

  it("falls back to the root stack's own tag", () => {
    const result = detectVersion({rootStack: tagged('v1.30.5', 'panther'), nestedStacks: [stack()]});
    expect(result).toMatchObject({version: '1.30.5', source: 'tag', detail: 'PantherVersion tag of 1 root stack'});
  });

  it('prefers the tags over --from, and says so', () => {
    const result = detectVersion({rootStack: null, nestedStacks: [tagged('1.24.12')], from: 'v1.24.3'});
    expect(result.version).toBe('1.24.12');
    expect(result.notes).toEqual(['--from 1.24.3 ignored: the deployed stacks say 1.24.12 (PantherVersion tag of 1 nested stack).']);
  });
});

describe('then the template, then --from', () => {
  it.each([
    ['YAML mapping', 'Mappings:\n  Constants:\n    Panther:\n      PantherVersion: v1.24.3\n', '1.24.3'],
    ['YAML parameter default', 'Parameters:\n  PantherVersion:\n    Type: String\n    Default: 1.26.9\n', '1.26.9'],
    ['JSON', '{"Mappings": {"Versions": {"Current": {"PantherVersion": "v1.27.8"}}}}', '1.27.8'],
    ['flattened text', 'Parameters:   PantherVersion:     Type: String     Default: v1.28.7   Foo: 1.0.0', '1.28.7'],
    ['nested template URL', 'TemplateURL: https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.29.3/bootstrap.yml', '1.29.3'],
    ['Description', 'Description: Panther v1.30.5 root stack\nResources: {}', '1.30.5'],
    ['nothing', 'Description: my stack\nResources: {Bucket: {Type: AWS::S3::Bucket}}', null],
  ])('%s', (_name, body, expected) => {
    expect(versionInTemplate(body)?.version ?? null).toBe(expected);
  });

  it('uses the template when no stack is tagged', () => {
    const result = detectVersion({rootStack: stack(), nestedStacks: [stack()], templateBody: 'PantherVersion: v1.24.3', from: '1.24.3'});
    expect(result).toMatchObject({version: '1.24.3', source: 'template', notes: []});
    expect(result.detail).toMatch(/template/);
  });

  it('uses --from when nothing else names a version', () => {
    expect(detectVersion({rootStack: null, nestedStacks: [], from: 'v1.24.3'})).toEqual({
      version: '1.24.3',
      source: 'flag',
      detail: 'given with --from',
      notes: [],
      staleTag: null,
    });
  });

  it('says what to do when nothing names a version', () => {
    expect(() => detectVersion({rootStack: stack(), nestedStacks: [stack()], templateBody: 'Resources: {}'})).toThrow(
      /Cannot tell which Panther version is deployed: the root template names no version.*--from/,
    );
  });

  it('refuses a --from that is not a version', () => {
    expect(() => detectVersion({rootStack: null, nestedStacks: [], from: '1.24'})).toThrow(VersionDetectionError);
  });
});
