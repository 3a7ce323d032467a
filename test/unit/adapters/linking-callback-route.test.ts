import { expect } from 'chai';
import Fastify from 'fastify';
import sinon from 'sinon';
import { LinkingRoutes, type LinkingUseCases } from '#adapters/http/linking-routes.js';
import { UncheckedIdTokens } from '#adapters/jwt/unchecked-id-tokens.js';
import { CompleteLinking } from '#application/complete-linking.js';
import { FakeClock, InMemoryAccountLinkRepository, stubConnectorClient, stubTokenExchanger, stubTokenRevoker } from '#main/testing/index.js';
import { MemoryLog } from '../../support/memory-log.js';

describe('the OAuth callback route', () => {
  it('answers the redirect with server_error even when the use case itself throws, never a JSON error page', async () => {
    const completeLinking = new CompleteLinking(
      new InMemoryAccountLinkRepository(),
      stubTokenExchanger(),
      stubConnectorClient(),
      new UncheckedIdTokens(),
      stubTokenRevoker(),
      new FakeClock(),
      new MemoryLog().logger,
      { oauthRedirectUrl: 'https://app.example.com/linked?tenant=7', callbackUrl: 'https://link.example.com/oauth/callback' },
    );
    sinon.stub(completeLinking, 'execute').rejects(new TypeError('a bug'));
    const app = Fastify();
    await new LinkingRoutes({ completeLinking } as unknown as LinkingUseCases, { callbackPath: '/oauth/callback', apiKey: undefined }).register(app);

    const answer = await app.inject({ method: 'GET', url: '/oauth/callback?code=c&state=s' });

    expect(answer.statusCode).to.equal(302);
    expect(answer.body).to.equal('');
    const location = new URL(answer.headers.location as string);
    expect(Object.fromEntries(location.searchParams)).to.deep.equal({
      tenant: '7',
      error: 'server_error',
      error_description: 'The account link could not be completed',
    });
    await app.close();
  });
});
