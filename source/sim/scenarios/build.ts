// Turns blueprints into world stacks (ARNs, names, tags, templates, physical ids) and story plans.
import type {Random} from '../random.js';
import type {ResourcePlan, StackPlan} from '../story.js';
import type {TemplateDoc, WorldStack} from '../world.js';
import type {StackBlueprint} from './blueprint.js';
import {physicalIdFor, typeTiming} from './resource-types.js';

export interface BuildContext {
  region: string;
  account: string;
  random: Random;
  /** Tags every stack of the tree carries (AWS propagates the root's tags to nested stacks). */
  tags: Record<string, string>;
  /** Base of the nested templates' URLs. */
  templateBase: string;
  roleArn: string | null;
}

export interface BuiltTree {
  plan: StackPlan;
  stacks: WorldStack[];
}

export function buildTree(root: StackBlueprint, rootName: string, ctx: BuildContext, rootParameters: Record<string, string>): BuiltTree {
  const stacks: WorldStack[] = [];
  const plan = instantiate(root, rootName, null, null, ctx, rootParameters, stacks);
  return {plan, stacks};
}

function instantiate(
  bp: StackBlueprint,
  name: string,
  parent: WorldStack | null,
  root: WorldStack | null,
  ctx: BuildContext,
  parameters: Record<string, string>,
  out: WorldStack[],
): StackPlan {
  const stackId = `arn:aws:cloudformation:${ctx.region}:${ctx.account}:stack/${name}/${ctx.random.uuid()}`;
  const stack: WorldStack = {
    stackId,
    name,
    logicalId: bp.logicalId,
    parentId: parent?.stackId ?? null,
    rootId: parent ? (root ?? parent).stackId : null,
    description: bp.description,
    parameters,
    tags: parent ? {...ctx.tags, Stack: bp.friendly} : {...ctx.tags},
    outputs: bp.outputs ?? {},
    roleArn: parent ? null : ctx.roleArn,
    capabilities: parent ? [] : ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
    template: {AWSTemplateFormatVersion: '2010-09-09', Description: bp.description, Parameters: {}, Resources: {}},
    events: [],
    operations: [],
  };
  out.push(stack);
  const template: TemplateDoc = stack.template;
  for (const key of Object.keys(parameters)) {
    template.Parameters[key] = {Type: 'String', Default: parameters[key], Description: `${key} (see the Panther docs)`};
  }
  const resources: ResourcePlan[] = [];
  for (const spec of bp.resources) {
    const timing = typeTiming(spec.type);
    let physicalId: string;
    let child: StackPlan | undefined;
    if (spec.child) {
      const childName = `${name}-${spec.logicalId}-${ctx.random.upperAlnum(12)}`;
      const childParams = {...(spec.child.parameters ?? {})};
      child = instantiate(spec.child, childName, stack, root ?? stack, ctx, childParams, out);
      physicalId = child.stack.stackId;
      template.Resources[spec.logicalId] = {
        Type: spec.type,
        ...(spec.deps.length ? {DependsOn: spec.deps} : {}),
        Properties: {TemplateURL: `${ctx.templateBase}/${spec.child.friendly}.yml`, Parameters: childParams},
      };
    } else {
      physicalId = spec.physicalId ?? physicalIdFor(spec.type, spec.logicalId, {...ctx, stackName: name});
      // A custom resource is served by a Lambda function of the same template (the first it depends on), as
      // Panther's are: its ServiceToken is that function's Arn.
      const server = spec.type.startsWith('Custom::')
        ? spec.deps.find(d => bp.resources.some(r => r.logicalId === d && r.type === 'AWS::Lambda::Function'))
        : undefined;
      template.Resources[spec.logicalId] = {
        Type: spec.type,
        ...(spec.retain ? {DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain'} : {}),
        ...(spec.deps.length ? {DependsOn: spec.deps} : {}),
        ...(server ? {Properties: {ServiceToken: {'Fn::GetAtt': [server, 'Arn']}}} : {}),
      };
    }
    resources.push({
      logicalId: spec.logicalId,
      type: spec.type,
      physicalId,
      deps: spec.deps,
      createMs: spec.createMs ?? timing.createMs,
      deleteMs: spec.deleteMs ?? timing.deleteMs,
      notBefore: spec.notBefore,
      fail: spec.fail,
      child,
      ...(spec.retain ? {retain: true} : {}),
    });
  }
  if (bp.outputs) {
    template.Outputs = Object.fromEntries(Object.entries(bp.outputs).map(([k, v]) => [k, {Value: v}]));
  }
  return {stack, resources, isRoot: parent === null};
}
