import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ITEM_KEYS } from '#adapters/persistence/account-link-item.js';
import { USER_ID_INDEX } from '#adapters/persistence/dynamo-db-account-link-repository.js';
import { KNOWN_VARIABLES } from '#main/config/load-config.js';
import { keysUnder, readTemplateYaml } from '../../support/read-template-yaml.js';

const run = promisify(execFile);

describe('template.yaml (AWS SAM)', function () {
  this.timeout(60_000);
  const text = readFileSync('template.yaml', 'utf8');
  const template = readTemplateYaml(text);
  const fn = 'Resources.ConnectorFunction.Properties';

  it('points the function at the file npm run bundle writes, and its handler export', async () => {
    await run(process.execPath, ['scripts/bundle.mjs']);
    const codeUri = template.get(`${fn}.CodeUri`) ?? '';
    const [module, exported] = (template.get(`${fn}.Handler`) ?? '').split('.');
    expect(codeUri).to.equal('dist/bundle/');
    expect(exported).to.equal('handler');
    expect(existsSync(join(codeUri, `${module}.js`))).to.equal(true);
    expect(readFileSync(join(codeUri, 'package.json'), 'utf8')).to.contain('"commonjs"');
    expect(template.get(`${fn}.Runtime`)).to.equal('nodejs24.x');
  });

  it('passes cfn-lint (run when cfn-lint is on the PATH)', async function () {
    const found = await run('cfn-lint', ['--version']).then(
      () => true,
      () => false,
    );
    if (!found) {
      console.log('      skipped: cfn-lint is not on the PATH (pip install cfn-lint)');
      this.skip();
    }
    const result = await run('cfn-lint', ['template.yaml']).then(
      ({ stdout }) => ({ rc: 0, stdout }),
      (error: { code?: number; stdout?: string }) => ({ rc: error.code, stdout: error.stdout ?? '' }),
    );
    expect(result).to.deep.equal({ rc: 0, stdout: '' });
  });

  it('gives the function the table it creates: its name, the variables to use it and a policy for the calls the repository makes, on it alone', () => {
    const variables = 'Resources.ConnectorFunction.Properties.Environment.Variables';
    expect(template.get(`${variables}.C2C_DYNAMODB_TABLE`)).to.equal('!If [WithLinksTable, !Ref AccountLinksTable, !Ref AWS::NoValue]');
    expect(template.get(`${variables}.C2C_DYNAMODB_ENDPOINT`)).to.equal('!If [WithLinksTable, aws, !Ref AWS::NoValue]');
    expect(template.get(`${variables}.C2C_DYNAMODB_CREATE_TABLE`)).to.equal("!If [WithLinksTable, 'false', !Ref AWS::NoValue]");
    const policy = /Policies:\n\s+- !If\n\s+- WithLinksTable\n([\s\S]*?)\n\s+- !Ref AWS::NoValue\n/.exec(text)?.[1] ?? '';
    const actions = [...policy.matchAll(/- (dynamodb:\w+)/g)].map((match) => match[1]);
    // No Scan, no table management (C2C_DYNAMODB_CREATE_TABLE=false), no wildcard.
    expect(actions).to.deep.equal(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query']);
    expect(policy).to.contain('- !GetAtt AccountLinksTable.Arn').and.contain(`'\${AccountLinksTable.Arn}/index/${USER_ID_INDEX}'`);
    expect(policy).to.not.contain('*');
  });

  it('turns the device operations on with DeviceApiUrl, and lets the function send their events then only', () => {
    expect(template.get(`${fn}.Environment.Variables.C2C_DEVICE_API_URL`)).to.equal('!If [WithDevices, !Ref DeviceApiUrl, !Ref AWS::NoValue]');
    expect(template.get('Conditions.WithDevices')).to.equal("!Not [!Equals [!Ref DeviceApiUrl, '']]");
    const policy = /\n\s+- !If\n\s+- WithDevices\n([\s\S]*?)\n\s+- !Ref AWS::NoValue\n/.exec(text)?.[1] ?? '';
    expect([...policy.matchAll(/- ([\w-]+:\w+)/g)].map((match) => match[1])).to.deep.equal(['iotmanagedintegrations:SendConnectorEvent']);
    expect(policy).to.match(/Effect: Allow/);
  });

  it('keeps the links table when the stack is deleted or the table replaced', () => {
    expect(template.get('Resources.AccountLinksTable.DeletionPolicy')).to.equal('Retain');
    expect(template.get('Resources.AccountLinksTable.UpdateReplacePolicy')).to.equal('Retain');
  });

  it('reads the token encryption key from Secrets Manager at deploy time, never from a plain parameter', () => {
    expect(text).to.match(/C2C_TOKEN_ENCRYPTION_KEY: !If\n\s+- WithTokenEncryptionKey\n\s+- !Sub '\{\{resolve:secretsmanager:\$\{TokenEncryptionKeySecretId\}:SecretString\}\}'/);
    expect(template.get('Parameters.TokenEncryptionKeySecretId.Type')).to.equal('String');
    expect(text).to.contain('RuleCondition: !Equals [!Ref CreateLinksTable, \'true\']').and.contain("- Assert: !Not [!Equals [!Ref TokenEncryptionKeySecretId, '']]");
  });

  it('sets only environment variables that loadConfig knows', () => {
    const variables = keysUnder(template, `${fn}.Environment.Variables`);
    expect(variables).to.include.members(['C2C_JWKS_URI', 'C2C_REVOCATION_URL', 'C2C_CLIENT_SECRET']);
    expect(variables.filter((name) => !(KNOWN_VARIABLES as readonly string[]).includes(name))).to.deep.equal([]);
  });

  it('lets managed integrations invoke the function', () => {
    const permission = 'Resources.ManagedIntegrationsInvokePermission';
    expect(template.get(`${permission}.Type`)).to.equal('AWS::Lambda::Permission');
    expect(template.get(`${permission}.Properties.Action`)).to.equal('lambda:InvokeFunction');
    expect(template.get(`${permission}.Properties.Principal`)).to.equal('iotmanagedintegrations.amazonaws.com');
    expect(template.get(`${permission}.Properties.FunctionName`)).to.equal('!GetAtt ConnectorFunction.Arn');
    expect(template.get(`${permission}.Properties.SourceAccount`)).to.equal('!Ref AWS::AccountId');
    // The developer guide's condition: aws:SourceArn, the account association's ARN.
    expect(template.get(`${permission}.Properties.SourceArn`)).to.equal('!If [WithSourceArn, !Ref ManagedIntegrationsSourceArn, !Ref AWS::NoValue]');
  });

  it('lays the optional links table out as DynamoDbAccountLinkRepository expects', () => {
    expect(template.get('Resources.AccountLinksTable.Type')).to.equal('AWS::DynamoDB::Table');
    expect(template.get('Resources.AccountLinksTable.Properties.TimeToLiveSpecification.AttributeName')).to.equal(ITEM_KEYS.timeToLive);
    expect(text).to.match(new RegExp(`- AttributeName: ${ITEM_KEYS.partitionKey}\\n\\s+KeyType: HASH`));
    expect(text).to.contain(`- IndexName: ${USER_ID_INDEX}`);
    expect(text).to.match(new RegExp(`- AttributeName: ${ITEM_KEYS.userId}\\n\\s+KeyType: HASH`));
  });
});
