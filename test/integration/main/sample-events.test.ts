import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { TestIdentityServer, TokenFactory } from '#main/testing/index.js';

const PLACEHOLDER = 'REPLACE-WITH-AN-ACCESS-TOKEN-OF-YOUR-ISSUER';

interface SampleEvent {
  header: { auth: { token: string; type: string } };
  payload: { operationName: string; operationVersion: string; connectorId: string } & Record<string, unknown>;
}

/** events/*.json, for `sam local invoke -e events/<operation>.json`: each one read by the Lambda's own handler. */
describe('events/: the sample events for sam local invoke', function () {
  this.timeout(20_000);
  const files = readdirSync('events').filter((file) => file.endsWith('.json')).sort();
  const read = (file: string) => JSON.parse(readFileSync(`events/${file}`, 'utf8')) as SampleEvent;
  let identity: TestIdentityServer;
  let tokens: TokenFactory;
  let handler: (event: unknown) => Promise<unknown>;

  before(async () => {
    tokens = await TokenFactory.create({ issuer: 'https://idp.example.com', audience: 'connector-api' });
    identity = await TestIdentityServer.start({ keySet: tokens.jwks() });
    // As template.yaml configures the function: a jwt issuer and the connector id the events name.
    handler = createConnector(
      loadConfig({
        LOG_LEVEL: 'silent',
        C2C_CONNECTOR_ID: 'my-connector',
        C2C_JWKS_URI: identity.jwksUri,
        C2C_JWT_ISSUER: 'https://idp.example.com',
        C2C_JWT_AUDIENCE: 'connector-api',
      }),
    ).handler;
  });
  after(() => identity.close());

  /** The sample with a token of the test issuer where it says to put one. */
  async function withToken(file: string): Promise<SampleEvent> {
    const event = read(file);
    event.header.auth.token = await tokens.sign({ sub: 'sample-user-1' });
    return event;
  }

  it('has one event per operation of the connector contract, each file named after its operation, with a placeholder token', () => {
    expect(files).to.deep.equal(['activate-user.json', 'deactivate-user.json', 'discover-devices.json', 'send-command.json']);
    for (const file of files) {
      const event = read(file);
      const kebab = event.payload.operationName.replace(/^AWS\./, '').replace(/[A-Z]/g, (letter, at: number) => `${at === 0 ? '' : '-'}${letter.toLowerCase()}`);
      expect(`${kebab}.json`, file).to.equal(file);
      expect(event.header.auth, file).to.deep.equal({ token: PLACEHOLDER, type: 'OAuth2.0' });
      expect(event.payload.connectorId, file).to.equal('my-connector');
    }
  });

  it('answers ActivateUser with 200 and the token\'s user once a real token replaces the placeholder', async () => {
    expect(await handler(await withToken('activate-user.json'))).to.deep.equal({
      header: { responseCode: 200 },
      payload: { responseMessage: 'Successfully activated user with connector-id my-connector.', userId: 'sample-user-1' },
    });
  });

  it('answers DeactivateUser with 200, also when the event arrives as a JSON string', async () => {
    const answer = { header: { responseCode: 200 }, payload: { responseMessage: 'Successfully deactivated user with connector-id my-connector.' } };
    expect(await handler(await withToken('deactivate-user.json'))).to.deep.equal(answer);
    expect(await handler(JSON.stringify(await withToken('deactivate-user.json')))).to.deep.equal(answer);
  });

  for (const file of ['discover-devices.json', 'send-command.json']) {
    it(`reads ${file} as a well-formed envelope for this connector (never INVALID_REQUEST, a connector or a token refusal)`, async () => {
      const answer = (await handler(await withToken(file))) as { payload: { errorCode?: string } };
      expect(answer.payload.errorCode).to.not.be.oneOf(['INVALID_REQUEST', 'CONNECTOR_MISMATCH', 'INVALID_TOKEN', 'EXPIRED_TOKEN']);
    });
  }

  it('answers ActivateUser 401 INVALID_TOKEN while the placeholder is still in place', async () => {
    const answer = (await handler(read('activate-user.json'))) as { header: { responseCode: number }; payload: { errorCode?: string } };
    expect([answer.header.responseCode, answer.payload.errorCode]).to.deep.equal([401, 'INVALID_TOKEN']);
  });
});
