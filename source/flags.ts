// Every flag of every command, in one light module: the CLI parses them before it loads (lazily) the one
// command it runs, so start-up does not pay for the SDK clients and screens of the others.
export const flagDefinitions = {
  stack: {type: 'string', shortFlag: 's'},
  region: {type: 'string', shortFlag: 'r'},
  profile: {type: 'string', shortFlag: 'p'},
  endpointUrl: {type: 'string'},
  format: {type: 'string', default: 'text', choices: ['text', 'json', 'markdown'] as string[]},
  interval: {type: 'number'},
  cloudtrail: {type: 'boolean', default: true},
  bell: {type: 'boolean', default: true},
  scenario: {type: 'string'},
  port: {type: 'number'},
  speed: {type: 'number'},
  replay: {type: 'string'},
  // bundle
  out: {type: 'string'},
  maskAccount: {type: 'boolean', default: false},
  // bundle and ladder: replace an existing --out / --write-alias-template file
  force: {type: 'boolean', default: false},
  // policy
  for: {type: 'string'},
  // preflight
  stackName: {type: 'string'},
  // ladder and upgrade
  from: {type: 'string'},
  to: {type: 'string'},
  catalog: {type: 'string'},
  templateBaseUrl: {type: 'string'},
  writeAliasTemplate: {type: 'string'},
  params: {type: 'string'},
  roleStack: {type: 'string'},
  // upgrade
  execute: {type: 'boolean', default: false},
  approve: {type: 'string'},
  allowReplacement: {type: 'boolean', default: false},
} as const;
