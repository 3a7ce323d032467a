import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);

/** Counts, in a fresh process, the AWS SDK signing modules loaded after an ActivateUser, then after the signer's module is imported. */
const SCRIPT = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const signing = () => Object.keys(require.cache).filter((path) => /signature-v4|credential-provider-node/.test(path)).length;
const { createConnector, loadConfig } = await import(process.cwd() + '/dist/main/index.js');
const connector = createConnector(loadConfig({ LOG_LEVEL: 'silent', C2C_JWKS_URI: 'http://127.0.0.1:9/jwks', C2C_JWT_ISSUER: 'http://127.0.0.1:9',
  C2C_JWT_AUDIENCE: 'a', C2C_DEVICE_API_URL: 'http://127.0.0.1:9/api', C2C_EVENTS_SINK: 'aws', AWS_REGION: 'us-east-1' }));
await connector.ready;
const answer = await connector.handler({ header: { auth: { token: 'not-a-jwt', type: 'OAuth2.0' } }, payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: 'c' } });
const afterActivateUser = signing();
await import(process.cwd() + '/dist/adapters/connector-events/sigv4-request-signer.js');
console.log(JSON.stringify({ responseCode: answer.header.responseCode, afterActivateUser, afterSignerImport: signing() }));
`;

describe('the SigV4 event publisher loads lazily', () => {
  it('a connector configured for C2C_EVENTS_SINK=aws answers ActivateUser without loading the SDK\'s signer or credential chain', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: process.cwd(), timeout: 15_000 });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).to.deep.equal({ responseCode: 401, afterActivateUser: 0, afterSignerImport: 2 });
  });
});
