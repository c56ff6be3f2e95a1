import {describe, expect, it} from 'vitest';
import {
  checkTemplateBaseUrl,
  deploymentRoleTemplateUrl,
  isOfficialTemplateUrl,
  pantherTemplateUrl,
  TemplateUrlError,
} from '../../source/panther/templates.js';
import {isSupportedRegion, SUPPORTED_REGIONS} from '../../source/panther/regions.js';
import {PARAMETERS} from '../../source/panther/parameters.js';

describe('template URLs', () => {
  it("build Panther's documented URLs, with the v", () => {
    expect(pantherTemplateUrl('1.25.18', 'eu-west-1')).toBe('https://panther-enterprise-eu-west-1.s3.amazonaws.com/v1.25.18/panther.yml');
    expect(pantherTemplateUrl('v1.25.18', 'eu-west-1')).toBe('https://panther-enterprise-eu-west-1.s3.amazonaws.com/v1.25.18/panther.yml');
    expect(deploymentRoleTemplateUrl('1.25.18')).toBe(
      'https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.25.18/template.yml',
    );
  });

  it('follow a --template-base-url', () => {
    expect(pantherTemplateUrl('1.25.18', 'us-east-2', 'https://m.example.com/p/')).toBe('https://m.example.com/p/v1.25.18/panther.yml');
    expect(deploymentRoleTemplateUrl('1.25.18', 'http://127.0.0.1:4566/b')).toBe(
      'http://127.0.0.1:4566/b/panther-deployment-role/v1.25.18/template.yml',
    );
  });

  it.each([
    ['http://mirror.example.com', /https/],
    ['ftp://x', /https/],
    ['https://user:pw@mirror.example.com', /credentials/],
    ['https://mirror.example.com/?x=1', /query/],
    ['not a url', /not a URL/],
  ])('refuse the base URL %s', (url, message) => {
    expect(() => checkTemplateBaseUrl(url)).toThrow(TemplateUrlError);
    expect(() => checkTemplateBaseUrl(url)).toThrow(message);
  });

  it('refuse a region or a version that is not one', () => {
    expect(() => pantherTemplateUrl('1.25.18', 'x.evil.com/')).toThrow(TemplateUrlError);
    expect(() => pantherTemplateUrl('1.25', 'us-east-2')).toThrow(TemplateUrlError);
  });

  it.each([
    ['https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.25.18/panther.yml', true],
    ['https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.25.18/template.yml', true],
    ['http://panther-enterprise-us-east-2.s3.amazonaws.com/v1.25.18/panther.yml', false],
    ['https://panther-enterprise-us-east-2.s3.amazonaws.com:8443/v1.25.18/panther.yml', false],
    ['https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.25.18/panther.yml?x=1', false],
    ['https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.25/panther.yml', false],
    ['https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.25.18/other.yml', false],
    ['https://panther-enterprise-us-east-2.s3.amazonaws.com.evil.com/v1.25.18/panther.yml', false],
    ['https://evil.com/panther-enterprise-us-east-2.s3.amazonaws.com/v1.25.18/panther.yml', false],
    ['https://mirror.example.com/v1.25.18/panther.yml', false],
    ['not a url', false],
  ])('isOfficialTemplateUrl(%s) = %s', (url, expected) => {
    expect(isOfficialTemplateUrl(url)).toBe(expected);
  });
});

describe('Panther data', () => {
  it('lists the ten supported regions', () => {
    expect(SUPPORTED_REGIONS).toHaveLength(10);
    expect(isSupportedRegion('us-east-2')).toBe(true);
    expect(isSupportedRegion('eu-north-1')).toBe(false);
  });

  it('knows from which version a parameter is required, and the bounds of the numeric ones', () => {
    // What an upgrade asks for, rung by rung, is tested through planLadder (test/panther/ladder.test.ts).
    const requiredFrom = Object.fromEntries(PARAMETERS.filter(p => p.requiredFrom !== null).map(p => [p.name, p.requiredFrom]));
    expect(requiredFrom).toEqual({FirstUserEmail: '0.0.0', PulumiSecretArn: '1.22.0', PulumiSecretKeyArn: '1.22.0', ApiCertificateArn: '1.19.5'});
    const memory = PARAMETERS.find(p => p.name === 'DataLakeForwarderMemory');
    expect(memory).toMatchObject({default: '256', min: 256, max: 2048});
  });
});
