// Test data: domain Stacks and a ladder input with the defaults most cases share.
import type {Stack} from '../../source/domain/types.js';
import {buildStack} from '../support/builders.js';

let n = 0;

export function stack(overrides: Partial<Stack> = {}): Stack {
  n += 1;
  const name = overrides.stackName ?? `panther-Core-${n}`;
  return buildStack(`arn:aws:cloudformation:us-east-2:123456789012:stack/${name}/id-${n}`, name, '2024-01-01T00:00:00.000Z', {
    status: 'UPDATE_COMPLETE',
    ...overrides,
  });
}

export const tagged = (version: string, name?: string, extra: Partial<Stack> = {}) =>
  stack({stackName: name, tags: {Application: 'Panther', PantherVersion: version, Stack: 'x'}, ...extra});

export const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666';
export const SECRET = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:panther/pulumi-AbCdEf';
export const SECRET_KEY = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:panther/pulumi-key-GhIjKl';
