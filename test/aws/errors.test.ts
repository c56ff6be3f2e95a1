import {describe, expect, it} from 'vitest';
import {describeAwsError} from '../../source/aws/errors.js';

describe('what went wrong with an AWS call', () => {
  it.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation'])('%s is an access denial', name => {
    expect(describeAwsError({name, message: 'no'})).toMatchObject({kind: 'access-denied', code: name});
  });
});
