import { expect } from 'chai';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type Respond } from '#main/testing/index.js';
import { TOKENS } from '#main/tokens.js';
import { aSucceededLink } from '../../support/account-links.js';
import { expectAwsError, type AssociationAnswer } from '../../support/association-answer.js';
import { CLIENT_SECRET, linkingServiceWith, type LinkingServiceUnderTest } from '../../support/linking-container.js';

const http = createHttpClient();

const refusesTheClient: Respond = (_request, response) => sendJson(response, 401, { error: 'invalid_client' });
const revokes: Respond = (_request, response) => sendJson(response, 200, {});

/**
 * A permanent revocation failure (our client refused) through the real routes of the service: the answer is
 * CONFIGURATION_ERROR (the Lambda does not throw it, so nothing retries it in vain), the association is not
 * left ASSOCIATION_DELETING but shows why, and a DELETE once the endpoint accepts the client completes.
 */
describe('A deletion that fails for good, through the HTTP routes and the Lambda handler', () => {
  let userinfo: LoopbackServer;
  let revocation: LoopbackServer;
  let respond: Respond;
  let service: LinkingServiceUnderTest;
  let baseUrl: string;
  let links: AccountLinkRepository;

  before(async () => {
    userinfo = await startLoopbackServer((_request, response) => sendJson(response, 200, { sub: 'user-42' }));
    revocation = await startLoopbackServer((request, response) => respond(request, response));
    service = await linkingServiceWith(
      {},
      { C2C_USERINFO_URL: `${userinfo.url}/userinfo`, C2C_REVOCATION_URL: `${revocation.url}/revoke`, C2C_DEADLINE_MS: '1000', PORT: '0' },
    );
    baseUrl = await service.server.listen();
    links = service.container.get<AccountLinkRepository>(TOKENS.AccountLinkRepository);
  });

  after(async () => {
    await service.server.close();
    await revocation.close();
    await userinfo.close();
  });

  beforeEach(() => {
    revocation.requests.length = 0;
  });

  async function aLinkedAssociation() {
    const link = aSucceededLink({ userId: 'user-42' });
    await links.create(link);
    return { associationId: link.associationId, accessToken: link.tokens!.accessToken.reveal(), refreshToken: link.tokens!.refreshToken!.reveal() };
  }

  const association = (id: string) => http.get<string>(`${baseUrl}/account-associations/${id}`);
  const deleteAssociation = (id: string) => http.delete<string>(`${baseUrl}/account-associations/${id}`);

  function expectShowsTheReason(body: string): void {
    const answer = JSON.parse(body) as AssociationAnswer;
    expect(answer.AssociationState).to.equal('ASSOCIATION_SUCCEEDED');
    expect(answer.UserId).to.equal('user-42');
    expect(answer.ErrorMessage).to.match(/^[A-Za-z0-9 _-]+$/).and.contain('CONFIGURATION_ERROR').and.contain('C2C_REVOCATION_CLIENT_ID');
  }

  it('DELETE answers 500 CONFIGURATION_ERROR, the association shows why, and a DELETE once the client is accepted completes', async () => {
    const { associationId, accessToken, refreshToken } = await aLinkedAssociation();
    respond = refusesTheClient;

    const refused = await deleteAssociation(associationId);
    const error = expectAwsError({ ...refused, body: JSON.parse(refused.data) }, 500, 'InternalServerException');
    expect(error.Message, 'a configuration error says what to check').to.contain('C2C_REVOCATION_CLIENT_ID');
    for (const secret of [accessToken, refreshToken, CLIENT_SECRET]) expect(refused.data).not.to.contain(secret);
    expect(revocation.requests, 'one attempt: the refresh token first, refused').to.have.length(1);

    const shown = await association(associationId);
    expect(shown.status).to.equal(200);
    expectShowsTheReason(shown.data);
    for (const secret of [accessToken, refreshToken]) expect(shown.data).not.to.contain(secret);

    respond = revokes;
    expect((await deleteAssociation(associationId)).status).to.equal(200);
    const revoked = revocation.requests.slice(1).map((request) => new URLSearchParams(request.body).get('token'));
    expect(revoked).to.deep.equal([refreshToken, accessToken]);
    expect((await association(associationId)).status).to.equal(404);
  });

  it('AWS.DeactivateUser answers the 500 envelope without throwing, and a DELETE of the association then completes', async () => {
    const { associationId, accessToken } = await aLinkedAssociation();
    const handler = service.container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
    respond = refusesTheClient;

    const answer = await handler({
      header: { auth: { token: accessToken, type: 'OAuth2.0' } },
      payload: { operationName: 'AWS.DeactivateUser', operationVersion: '1.0', connectorId: 'c2c-account-linking' },
    });

    expect(answer.header).to.deep.equal({ responseCode: 500 });
    expect(answer.payload.errorCode).to.equal('CONFIGURATION_ERROR');
    expect(JSON.stringify(answer)).not.to.contain(accessToken).and.not.contain(CLIENT_SECRET);
    expectShowsTheReason((await association(associationId)).data);

    respond = revokes;
    expect((await deleteAssociation(associationId)).status).to.equal(200);
    expect((await association(associationId)).status).to.equal(404);
  });

  it('POST /connector answers AWS.DeactivateUser with HTTP 500 CONFIGURATION_ERROR, leaving the association as it was', async () => {
    const { associationId, accessToken } = await aLinkedAssociation();
    respond = refusesTheClient;

    const answer = await http.post<string>(
      `${baseUrl}/connector`,
      JSON.stringify({
        header: { auth: { token: accessToken, type: 'OAuth2.0' } },
        payload: { operationName: 'AWS.DeactivateUser', operationVersion: '1.0', connectorId: 'c2c-account-linking' },
      }),
      { headers: { 'content-type': 'application/json' } },
    );

    expect(answer.status).to.equal(500);
    expect(answer.data).to.contain('"errorCode":"CONFIGURATION_ERROR"');
    expectShowsTheReason((await association(associationId)).data);
  });

  it('keeps an association ASSOCIATION_DELETING while the revocation endpoint is down, which a retry may cure', async () => {
    const { associationId } = await aLinkedAssociation();
    respond = (_request, response) => sendJson(response, 503, { error: 'temporarily_unavailable' });

    expect((await deleteAssociation(associationId)).status).to.equal(503);
    expect((JSON.parse((await association(associationId)).data) as AssociationAnswer).AssociationState).to.equal('ASSOCIATION_DELETING');

    respond = revokes;
    expect((await deleteAssociation(associationId)).status).to.equal(200);
  });
});
