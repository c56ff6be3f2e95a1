import {describe, expect, it} from 'vitest';
import {serviceTokenTarget} from '../../source/domain/service-token.js';

// The forms a custom resource's ServiceToken takes in real templates, JSON and YAML with CloudFormation's short tags.
describe('serviceTokenTarget', () => {
  it.each([
    [
      'JSON GetAtt list',
      JSON.stringify({Resources: {Cr: {Type: 'Custom::X', Properties: {ServiceToken: {'Fn::GetAtt': ['CustomResourcesFunction', 'Arn']}}}}}),
      {logical: 'CustomResourcesFunction'},
    ],
    ['JSON GetAtt string', JSON.stringify({Resources: {Cr: {Properties: {ServiceToken: {'Fn::GetAtt': 'Fn.Arn'}}}}}), {logical: 'Fn'}],
    [
      'a literal ARN',
      JSON.stringify({Resources: {Cr: {Properties: {ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:panther-cfn-custom-resources'}}}}),
      {name: 'panther-cfn-custom-resources'},
    ],
    [
      'a Sub without variables',
      JSON.stringify({Resources: {Cr: {Properties: {ServiceToken: {'Fn::Sub': 'arn:aws:lambda:us-east-1:123456789012:function:fn-a'}}}}}),
      {name: 'fn-a'},
    ],
    [
      'YAML !GetAtt scalar',
      'Resources:\n  Cr:\n    Type: Custom::X\n    Properties:\n      ServiceToken: !GetAtt CustomResourcesFunction.Arn\n',
      {logical: 'CustomResourcesFunction'},
    ],
    [
      'YAML !GetAtt sequence',
      'Resources:\n  Cr:\n    Properties:\n      ServiceToken: !GetAtt [Fn, Arn]\n      Other: !Ref Thing\n',
      {logical: 'Fn'},
    ],
  ])('%s', (_form, body, expected) => {
    expect(serviceTokenTarget(body, 'Cr')).toEqual(expected);
  });

  it.each([
    [
      'a Sub with variables',
      JSON.stringify({Resources: {Cr: {Properties: {ServiceToken: {'Fn::Sub': 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:x'}}}}}),
    ],
    ['an imported value', 'Resources:\n  Cr:\n    Properties:\n      ServiceToken: !ImportValue shared-fn-arn\n'],
    ['no such resource', JSON.stringify({Resources: {}})],
    ['not a template', '{{{ nope'],
  ])('says nothing it cannot know: %s', (_form, body) => {
    expect(serviceTokenTarget(body, 'Cr')).toBeNull();
  });
});
