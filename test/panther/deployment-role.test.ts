// What a stack is, from its resources: the deployment role stack, a Panther root, or neither. Descriptions and tags
// never count.
import {describe, expect, it} from 'vitest';
import {deploymentRoleOf, stackKind, type StackResourceRef} from '../../source/panther/deployment-role.js';

const r = (logicalId: string, resourceType: string, physicalId = `${logicalId}-1`): StackResourceRef => ({
  logicalId,
  resourceType,
  physicalId,
  status: 'CREATE_COMPLETE',
});

describe('the deployment role stack, by the role it deploys', () => {
  it("is found by the role's name (PantherDeploymentRole, or with a region suffix)", () => {
    expect(deploymentRoleOf([r('DeploymentRole', 'AWS::IAM::Role', 'PantherDeploymentRole')])?.logicalId).toBe('DeploymentRole');
    expect(deploymentRoleOf([r('Role', 'AWS::IAM::Role', 'PantherDeploymentRole-us-east-2')])).not.toBeNull();
  });

  it("or by the template's shape when the role was renamed: DeploymentRole beside DeploymentPolicy", () => {
    expect(deploymentRoleOf([r('DeploymentRole', 'AWS::IAM::Role', 'custom-name'), r('DeploymentPolicy', 'AWS::IAM::Policy')])).not.toBeNull();
    expect(deploymentRoleOf([r('DeploymentRole', 'AWS::IAM::Role', 'custom-name')])).toBeNull();
  });

  it('is not a stack whose role merely has a similar name, nor a deleted role', () => {
    expect(deploymentRoleOf([r('DeployRole', 'AWS::IAM::Role', 'acme-ci-deployer')])).toBeNull();
    expect(deploymentRoleOf([r('Role', 'AWS::IAM::Role', 'PantherDeploymentRoleReader')])).toBeNull();
    expect(deploymentRoleOf([{...r('Role', 'AWS::IAM::Role', 'PantherDeploymentRole'), status: 'DELETE_COMPLETE'}])).toBeNull();
  });

  it('tells a Panther root, the role stack and anything else apart', () => {
    const nested = (id: string) => r(id, 'AWS::CloudFormation::Stack', `arn:aws:cloudformation:us-east-2:1:stack/x-${id}/1`);
    expect(stackKind([nested('Bootstrap'), nested('Core'), r('Marker', 'AWS::SSM::Parameter')])).toBe('panther-root');
    expect(stackKind([nested('Core')])).toBe('other');
    expect(stackKind([nested('Core')], true)).toBe('panther-root');
    expect(stackKind([r('DeploymentRole', 'AWS::IAM::Role', 'PantherDeploymentRole'), r('DeploymentPolicy', 'AWS::IAM::Policy')])).toBe(
      'deployment-role',
    );
    expect(stackKind([r('Queue', 'AWS::SQS::Queue')])).toBe('other');
  });
});

describe('a stack that holds the role among other things', () => {
  it("is not the deployment role stack: Panther's role template would remove what else it holds", () => {
    const resources = [
      r('DeploymentRole', 'AWS::IAM::Role', 'PantherDeploymentRole'),
      r('ArtifactsBucket', 'AWS::S3::Bucket'),
      r('Queue', 'AWS::SQS::Queue'),
    ];
    expect(deploymentRoleOf(resources)).not.toBeNull();
    expect(stackKind(resources)).toBe('other');
  });
});
