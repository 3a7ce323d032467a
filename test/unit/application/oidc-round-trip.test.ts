import { expect } from 'chai';
import sinon from 'sinon';
import type { AuthorizationRequestOptions } from '#application/authorization-request.js';
import { CompleteLinking } from '#application/complete-linking.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import type { IdTokenVerifier } from '#application/ports/id-token-verifier.js';
import type { TokenExchanger } from '#application/ports/token-exchanger.js';
import { InMemoryAccountLinkRepository } from '#adapters/persistence/in-memory-account-link-repository.js';
import { AccessToken } from '#domain/access-token.js';
import { IdentityProviderUnavailable } from '#domain/errors/identity-provider-unavailable.js';
import { LinkingFailed } from '#domain/errors/linking-failed.js';
import { SecretValue } from '#domain/secret-value.js';
import { FakeClock, stubConnectorClient, stubTokenRevoker } from '#main/testing/index.js';
import { MemoryLog } from '../../support/memory-log.js';
import { oneDestination } from '../../support/one-destination.js';
import { SequenceSecrets } from '../../support/sequence-secrets.js';

const redirectUrl = 'https://app.example.com/linked';
const callbackUrl = 'https://link.example.com/oauth/callback';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJub25jZSI6InN0YXRlLTIifQ.c2lnbmF0dXJl';

function setUp(options: Partial<AuthorizationRequestOptions> = {}, repository?: (links: InMemoryAccountLinkRepository) => AccountLinkRepository) {
  const links = new InMemoryAccountLinkRepository();
  const store = repository?.(links) ?? links;
  const clock = new FakeClock();
  const secrets = new SequenceSecrets();
  const exchanger = { exchange: sinon.stub<Parameters<TokenExchanger['exchange']>, ReturnType<TokenExchanger['exchange']>>() };
  exchanger.exchange.resolves({
    accessToken: AccessToken.of('access-1'),
    refreshToken: AccessToken.of('refresh-1'),
    expiresAt: undefined,
    idToken: SecretValue.of(ID_TOKEN),
  });
  const idTokens = { verify: sinon.stub<Parameters<IdTokenVerifier['verify']>, ReturnType<IdTokenVerifier['verify']>>().resolves() };
  const connector = stubConnectorClient();
  connector.activateUser.resolves({ userId: 'user-1' });
  return {
    links,
    idTokens,
    connector,
    start: oneDestination(store, secrets, clock, { callbackUrl, ...options }).start,
    complete: new CompleteLinking(store, exchanger, connector, idTokens, stubTokenRevoker(), clock, new MemoryLog().logger, { oauthRedirectUrl: redirectUrl, callbackUrl }),
  };
}

const paramsOf = (url: string): URLSearchParams => new URL(url).searchParams;

describe('the OIDC round trip: authorization parameters, nonce and ID token', () => {
  describe('the authorization URL', () => {
    it('carries a fresh nonce, drawn apart from the state, whenever the scope holds openid, and keeps it with the round trip', async () => {
      const { start, links } = setUp();
      const first = await start.execute();
      const second = await start.execute();

      expect(paramsOf(first.authorizationUrl).get('nonce')).to.equal('state-2');
      expect(paramsOf(second.authorizationUrl).get('nonce')).to.equal('state-4');
      expect((await links.findById(first.associationId))?.pending?.nonce).to.equal('state-2');
    });

    for (const scope of ['offline_access', 'openidx profile', 'read:devices']) {
      it(`sends no nonce for the scope "${scope}"`, async () => {
        const { start, links } = setUp({ scope });
        const started = await start.execute();
        expect(paramsOf(started.authorizationUrl).has('nonce')).to.equal(false);
        expect((await links.findById(started.associationId))?.pending).to.not.have.property('nonce');
      });
    }

    it('adds the configured parameters, in order and repeated names included, beside its own', async () => {
      const { start } = setUp({
        additionalParameters: [
          ['prompt', 'consent'],
          ['resource', 'https://api.example.com/a'],
          ['resource', 'https://api.example.com/b'],
          ['claims', '{"id_token":{"email":null}}'],
        ],
      });
      const params = paramsOf((await start.execute()).authorizationUrl);
      expect(params.get('prompt')).to.equal('consent');
      expect(params.getAll('resource')).to.deep.equal(['https://api.example.com/a', 'https://api.example.com/b']);
      expect(params.get('claims')).to.equal('{"id_token":{"email":null}}');
      expect(params.get('state')).to.match(/\.state-1$/);
      expect(params.get('response_type')).to.equal('code');
    });
  });

  for (const claimsInOneWrite of [true, false]) {
    const withoutClaim = (links: InMemoryAccountLinkRepository): AccountLinkRepository => ({
      create: (link) => links.create(link),
      findById: (id) => links.findById(id),
      findByUserId: (userId) => links.findByUserId(userId),
      save: (link, version) => links.save(link, version),
      list: (query) => links.list(query),
      delete: (id, version) => links.delete(id, version),
    });
    const kind = claimsInOneWrite ? 'claiming in one write' : 'reading, then saving the claim';
    describe(`the callback, ${kind}`, () => {
      const build = () => setUp({}, claimsInOneWrite ? undefined : withoutClaim);

      it('has the ID token checked right after the exchange, against the round trip\'s nonce, and never keeps it', async () => {
        const { start, complete, idTokens, links } = build();
        const started = await start.execute();

        const outcome = await complete.execute({ state: paramsOf(started.authorizationUrl).get('state') ?? '', code: 'code-1' });

        expect(outcome.succeeded).to.equal(true);
        expect(idTokens.verify.callCount).to.equal(1);
        const [idToken, expected] = idTokens.verify.firstCall.args;
        expect(idToken?.reveal()).to.equal(ID_TOKEN);
        expect(expected).to.deep.equal({ nonce: 'state-2' });
        const stored = (await links.findById(started.associationId))?.toSnapshot();
        expect(stored?.tokens).to.have.all.keys('accessToken', 'refreshToken', 'expiresAt');
        expect(JSON.stringify({ ...stored, tokens: undefined })).to.not.include(ID_TOKEN);
      });

      it('fails the link with invalid_grant when the ID token is refused, before any activation', async () => {
        const { start, complete, idTokens, connector, links } = build();
        idTokens.verify.rejects(new LinkingFailed('invalid_grant', 'The ID token is not acceptable: its "nonce" claim is not the one this authorization request sent.'));
        const started = await start.execute();

        const outcome = await complete.execute({ state: paramsOf(started.authorizationUrl).get('state') ?? '', code: 'code-1' });

        const redirect = new URL(outcome.redirectTo);
        expect(redirect.searchParams.get('error')).to.equal('invalid_grant');
        expect(redirect.searchParams.get('error_description')).to.match(/^The ID token was refused The ID token is not acceptable its nonce claim/);
        expect(connector.activateUser.called).to.equal(false);
        const stored = await links.findById(started.associationId);
        expect(stored?.state).to.equal('ASSOCIATION_FAILED');
        expect(stored?.tokens).to.equal(undefined);
      });

      it('answers temporarily_unavailable when the platform\'s keys cannot be fetched', async () => {
        const { start, complete, idTokens } = build();
        idTokens.verify.rejects(new IdentityProviderUnavailable("The issuer's JSON Web Key Set gave no usable answer: HTTP 503."));
        const started = await start.execute();
        const outcome = await complete.execute({ state: paramsOf(started.authorizationUrl).get('state') ?? '', code: 'code-1' });
        expect(new URL(outcome.redirectTo).searchParams.get('error')).to.equal('temporarily_unavailable');
      });
    });
  }
});
