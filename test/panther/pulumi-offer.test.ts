import {describe, expect, it} from 'vitest';
import {buildVerdict, isBuildConfirmation, operationNeedsBuild, versionNeedsBuild} from '../../source/panther/pulumi-offer.js';

const ended = '2026-11-02T14:32:46.000Z';
const build = (startedAt: string, status = 'SUCCEEDED', complete = status !== 'IN_PROGRESS') => ({startedAt, status, complete});

describe('is a Panther deploy finished by its panther-pulumi build', () => {
  it('asks only after a first deploy or an update that succeeded', () => {
    expect(operationNeedsBuild({type: 'CREATE', outcome: 'SUCCEEDED', endedAt: ended})).toBe(true);
    expect(operationNeedsBuild({type: 'UPDATE', outcome: 'SUCCEEDED', endedAt: ended})).toBe(true);
    expect(operationNeedsBuild({type: 'UPDATE', outcome: 'ROLLED_BACK', endedAt: ended})).toBe(false);
    expect(operationNeedsBuild({type: 'CREATE', outcome: 'FAILED', endedAt: ended})).toBe(false);
    expect(operationNeedsBuild({type: 'CREATE', outcome: 'IN_PROGRESS', endedAt: null})).toBe(false);
    expect(operationNeedsBuild({type: 'DELETE', outcome: 'SUCCEEDED', endedAt: ended})).toBe(false);
    expect(operationNeedsBuild(null)).toBe(false);
  });

  it('from Panther 1.22 on', () => {
    expect(versionNeedsBuild('1.22.0')).toBe(true);
    expect(versionNeedsBuild('1.28.7')).toBe(true);
    expect(versionNeedsBuild('v1.31.1')).toBe(true);
    expect(versionNeedsBuild('1.21.5')).toBe(false);
    expect(versionNeedsBuild(null)).toBe(false);
    expect(versionNeedsBuild('not a version')).toBe(false);
  });

  it('counts only a build started after the operation ended', () => {
    expect(buildVerdict(ended, null)).toBe('none');
    expect(buildVerdict(ended, build('2026-11-02T14:00:00.000Z'))).toBe('none');
    expect(buildVerdict(ended, build('2026-11-02T14:40:00.000Z'))).toBe('succeeded');
    expect(buildVerdict(ended, build('2026-11-02T14:40:00.000Z', 'IN_PROGRESS'))).toBe('running');
    expect(buildVerdict(ended, build('2026-11-02T14:40:00.000Z', 'FAILED'))).toBe('failed');
    expect(buildVerdict(ended, build('2026-11-02T14:40:00.000Z', 'STOPPED'))).toBe('failed');
    expect(buildVerdict(ended, build(''))).toBe('none');
  });

  it('is confirmed by typing build or the project name, nothing else', () => {
    expect(isBuildConfirmation('build', 'panther-pulumi')).toBe(true);
    expect(isBuildConfirmation(' build ', 'panther-pulumi')).toBe(true);
    expect(isBuildConfirmation('panther-pulumi', 'panther-pulumi')).toBe(true);
    expect(isBuildConfirmation('Build', 'panther-pulumi')).toBe(false);
    expect(isBuildConfirmation('y', 'panther-pulumi')).toBe(false);
    expect(isBuildConfirmation('', 'panther-pulumi')).toBe(false);
  });
});
