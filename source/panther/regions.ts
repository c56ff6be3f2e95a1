// Regions Panther publishes templates to (its 2022 list). Elsewhere the template bucket does not exist, so a
// deploy fails on its first call: preflight refuses, the ladder warns.
export const SUPPORTED_REGIONS: readonly string[] = [
  'ap-northeast-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'us-east-1',
  'us-east-2',
  'us-west-2',
];

export function isSupportedRegion(region: string): boolean {
  return SUPPORTED_REGIONS.includes(region);
}

// The shape of any AWS region name (us-east-1, us-gov-west-1, ap-southeast-4, eu-central-2...): checked before a
// region goes into a URL host name.
const REGION_SHAPE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function isRegionName(region: string): boolean {
  return REGION_SHAPE.test(region);
}
