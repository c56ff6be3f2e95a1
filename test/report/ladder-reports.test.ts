import {describe, expect, it} from 'vitest';
import {planLadder} from '../../source/panther/ladder.js';
import {detectVersion} from '../../source/panther/version.js';
import {defaultCatalog} from '../../source/panther/catalog.js';
import {ladderJson} from '../../source/report/ladder-json.js';
import {ladderMarkdown} from '../../source/report/ladder-markdown.js';
import {ladderText} from '../../source/report/ladder-text.js';
import {CERT, tagged} from '../panther/fixtures.js';

const plan = (from: string, to: string, parameters: Record<string, string> | null = null, supplied = {}) =>
  planLadder({from, to, catalog: defaultCatalog(), region: 'us-east-2', parameters, supplied, domain: 'panther.example.com'});

describe('ladder --format json', () => {
  it('has exactly the keys of docs/output-formats.md, versions without v and URLs with', () => {
    const json = ladderJson(plan('1.24.3', '1.28'));
    expect(Object.keys(json)).toEqual(['from', 'to', 'region', 'rungs']);
    expect([json.from, json.to, json.region]).toEqual(['1.24.3', '1.28.7', 'us-east-2']);
    for (const rung of json.rungs) {
      expect(Object.keys(rung)).toEqual(['version', 'templateUrl', 'deploymentRoleTemplateUrl', 'migrations', 'after']);
      expect(rung.version).not.toMatch(/^v/);
      expect(rung.templateUrl).toContain(`/v${rung.version}/`);
      expect(rung.deploymentRoleTemplateUrl).toContain(`/v${rung.version}/`);
      for (const m of rung.migrations) expect(Object.keys(m)).toEqual(['id', 'title', 'action']);
      expect(rung.after).toEqual(['start the panther-pulumi CodeBuild build']);
    }
    expect(json.rungs[1]).toEqual({
      version: '1.25.18',
      templateUrl: 'https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.25.18/panther.yml',
      deploymentRoleTemplateUrl: 'https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.25.18/template.yml',
      migrations: [
        {
          id: 'deployment-role',
          title: 'Update the PantherDeploymentRole stack first',
          action: 'update the PantherDeploymentRole stack to v1.25.18 before the root stack (if you deploy with it)',
        },
      ],
      after: ['start the panther-pulumi CodeBuild build'],
    });
  });

  it('is an empty list of rungs for a no-op', () => {
    expect(ladderJson(plan('1.28.7', '1.28'))).toEqual({from: '1.28.7', to: '1.28.7', region: 'us-east-2', rungs: []});
  });
});

describe('ladder text', () => {
  const ladder = plan('1.17.4', '1.22', {PipLibraries: 'pandas, requests==2.0', CustomDomain: 'panther.example.com'}, {ApiCertificateArn: CERT});
  const detected = detectVersion({rootStack: null, nestedStacks: [tagged('1.17.4'), tagged('1.17.4')]});
  const text = ladderText(ladder, {detected, stackName: 'panther-prod'});

  it('says which version is deployed and where that came from', () => {
    expect(text).toMatch(/^Upgrade plan for panther-prod in us-east-2\n/);
    expect(text).toContain('Deployed   1.17.4 (PantherVersion tag of 2 nested stacks)');
    expect(text).toContain('Target     1.22.7');
    expect(text).toContain('Rungs      5: 1.17.4 -> 1.18.8 -> 1.19.5 -> 1.20.3 -> 1.21.5 -> 1.22.7');
  });

  it('shows each rung with its URLs, exact new values, blockers and after-steps', () => {
    expect(text).toContain('RUNG 1/5  1.18.8  (from 1.17.4)');
    expect(text).toContain('Panther template          https://panther-enterprise-us-east-2.s3.amazonaws.com/v1.18.8/panther.yml');
    expect(text).toContain(
      'Deployment role template  https://panther-public-cloudformation-templates.s3.amazonaws.com/panther-deployment-role/v1.18.8/template.yml',
    );
    expect(text).toContain('set PipLibraries = "pandas" (was "pandas, requests==2.0"; removes requests==2.0)');
    expect(text).toContain('Root stack parameters     PipLibraries = "pandas"; every other parameter UsePreviousValue');
    expect(text).toContain(`set ApiCertificateArn = ${CERT}`);
    expect(text).toContain('create the Route53 alias record stack for api.panther.example.com');
    expect(text).toMatch(/RUNG 5\/5 {2}1\.22\.7[\s\S]*BLOCKED until given \(--params FILE\)\n {4}- PulumiSecretArn \(missing\)/);
    expect(text).toMatch(/RUNG 5\/5[\s\S]*After the deploy\n {4}- start the panther-pulumi CodeBuild build/);
    expect(text).toContain('Blocked    1 rung need inputs');
  });

  it('says when there is nothing to do, and shows detection notes', () => {
    const noop = ladderText(plan('1.28.7', '1.28'), {
      detected: detectVersion({rootStack: null, nestedStacks: [tagged('1.28.7')], from: '1.28.1'}),
    });
    expect(noop).toContain('Note: Already on 1.28.7: nothing to upgrade.');
    expect(noop).toContain('Note: --from 1.28.1 ignored');
    expect(noop).not.toContain('RUNG');
  });

  it('never passes terminal escapes through', () => {
    const evil = ladderText(plan('1.17.4', '1.18', {PipLibraries: 'requests,\x1b]52;c;ZXZpbA==\x07ok'}));
    expect(evil).not.toMatch(/\x1b|\x07/);
  });
});

describe('ladder markdown', () => {
  it('is a checklist per rung in the order the steps run', () => {
    const md = ladderMarkdown(plan('1.18.8', '1.19', {}, {}), {stackName: 'panther|prod'});
    expect(md).toMatch(/^# Panther upgrade plan: 1\.18\.8 -> 1\.19\.5\n/);
    expect(md).toContain('| Stack | panther\\|prod |');
    const rung = md.slice(md.indexOf('## 1. 1.19.5'));
    expect(rung).toContain('**Blocked until given** (`--params FILE`):');
    const order = [
      'PantherDeploymentRole stack',
      'Update the root stack with `https://panther-enterprise-us-east-2',
      'After the deploy: create the Route53',
    ].map(s => rung.indexOf(s));
    expect(order.every(i => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(rung).toContain('- [ ] Update the root stack');
    // As entities: a raw <missing> is an HTML tag to a Markdown renderer, and would vanish from the ticket.
    expect(rung).toContain('ApiCertificateArn = &lt;missing&gt;');
  });
});
