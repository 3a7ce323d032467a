import { expect } from 'chai';
import { HttpConnectorClient } from '#adapters/connector-client/http-connector-client.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { FakeClock, sendJson, startLoopbackServer, type LoopbackServer } from '#main/testing/index.js';

const clock = new FakeClock();

describe('HttpConnectorClient.deactivateUser', () => {
  let status = 200;
  let errorCode = 'IDENTITY_PROVIDER_UNAVAILABLE';
  let connector: LoopbackServer;
  let client: HttpConnectorClient;

  before(async () => {
    connector = await startLoopbackServer((_request, response) =>
      sendJson(response, status, { header: { responseCode: status }, payload: status === 200 ? { responseMessage: 'ok' } : { responseMessage: 'no', errorCode } }),
    );
    client = new HttpConnectorClient(createHttpClient(), { url: `${connector.url}/connector`, connectorId: 'connector-1' });
  });
  after(() => connector.close());

  it('posts an AWS.DeactivateUser envelope with the token and resolves on 200', async () => {
    status = 200;
    await client.deactivateUser(AccessToken.of('stored-access'), Deadline.in(1000, clock));
    const sent = JSON.parse(connector.requests.at(-1)!.body) as Record<string, Record<string, unknown>>;
    expect(sent).to.deep.equal({
      header: { auth: { token: 'stored-access', type: 'OAuth2.0' } },
      payload: { operationName: 'AWS.DeactivateUser', operationVersion: '1.0', connectorId: 'connector-1' },
    });
  });

  it('reports a 503 answer as IDENTITY_PROVIDER_UNAVAILABLE', async () => {
    status = 503;
    const error = await client.deactivateUser(AccessToken.of('stored-access'), Deadline.in(1000, clock)).catch((e: unknown) => e);
    expect(error).to.have.property('code', 'IDENTITY_PROVIDER_UNAVAILABLE');
  });

  it('reports a 500 CONFIGURATION_ERROR answer as CONFIGURATION_ERROR, the connector\'s own setup, not as a failed linking', async () => {
    status = 500;
    errorCode = 'CONFIGURATION_ERROR';
    const error = await client.deactivateUser(AccessToken.of('stored-access'), Deadline.in(1000, clock)).catch((e: unknown) => e);
    expect(error).to.have.property('code', 'CONFIGURATION_ERROR');
  });
});
