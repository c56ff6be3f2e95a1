import {describe, expect, it} from 'vitest';
import {describeAwsError, explainFault} from '../../source/aws/errors.js';

describe('what went wrong with an AWS call', () => {
  it.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation'])('%s is an access denial', name => {
    expect(describeAwsError({name, message: 'no'})).toMatchObject({kind: 'access-denied', code: name});
  });
});

describe('the one line a user reads about credentials', () => {
  const noCredentials = {name: 'CredentialsProviderError', message: 'Could not load credentials from any providers'};
  it('a missing profile is named, not called expired', () => {
    expect(explainFault(describeAwsError(noCredentials), {profile: 'nosuch'})).toMatch(
      /^No usable AWS credentials for profile nosuch: check it exists/,
    );
  });
  it('no credentials at all says how to configure them', () => {
    expect(explainFault(describeAwsError(noCredentials), {profile: null})).toMatch(/^No AWS credentials found: pass --profile/);
  });
  it('an expired token names the SSO login for the profile', () => {
    const expired = {name: 'ExpiredToken', message: 'The security token included in the request is expired'};
    expect(explainFault(describeAwsError(expired), {profile: 'prod'})).toMatch(/expired or invalid \(ExpiredToken\).*aws sso login --profile prod/);
  });
});
