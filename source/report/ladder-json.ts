// `ladder --format json`: exactly the shape of docs/output-formats.md (a contract scripts rely on). Versions are
// printed without the `v`, URLs carry it. Blockers, notes and parameter changes are not part of the contract:
// they stay in the text and Markdown reports. Its type is the schema's (ladder-json-schema.ts,
// docs/schemas/ladder.schema.json).
import type {Ladder} from '../panther/ladder.js';
import type {LadderJson} from './ladder-json-schema.js';

export type {LadderJson} from './ladder-json-schema.js';

export function ladderJson(ladder: Ladder): LadderJson {
  return {
    from: ladder.from,
    to: ladder.to,
    region: ladder.region,
    rungs: ladder.rungs.map(r => ({
      version: r.version,
      templateUrl: r.templateUrl,
      deploymentRoleTemplateUrl: r.deploymentRoleTemplateUrl,
      migrations: r.migrations.map(m => ({id: m.id, title: m.title, action: m.action})),
      after: [...r.after],
    })),
  };
}
