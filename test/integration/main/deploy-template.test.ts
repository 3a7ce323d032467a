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
    expect(template.get(`${fn}.Runtime`)).to.equal('nodejs20.x');
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
  });

  it('lays the optional links table out as DynamoDbAccountLinkRepository expects', () => {
    expect(template.get('Resources.AccountLinksTable.Type')).to.equal('AWS::DynamoDB::Table');
    expect(template.get('Resources.AccountLinksTable.Properties.TimeToLiveSpecification.AttributeName')).to.equal(ITEM_KEYS.timeToLive);
    expect(text).to.match(new RegExp(`- AttributeName: ${ITEM_KEYS.partitionKey}\\n\\s+KeyType: HASH`));
    expect(text).to.contain(`- IndexName: ${USER_ID_INDEX}`);
    expect(text).to.match(new RegExp(`- AttributeName: ${ITEM_KEYS.userId}\\n\\s+KeyType: HASH`));
  });
});
