import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import axios from 'axios';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWTPayload } from 'jose';
import type { JsonWebKey } from 'node:crypto';
import { generateSigningKey } from '#adapters/dev-authorization-server/generate-signing-key.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '#main/testing/loopback-server.js';
import type { AssociationAnswer } from '../support/association-answer.js';
import { authorizeWithBrowserlessClient } from '../support/authorize-with-browserless-client.js';
import { OAUTH_REDIRECT_URL, startLinkingWorld, type LinkingWorld, type LinkingWorldOptions } from '../support/linking-service.js';

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });

async function startAssociation(world: LinkingWorld): Promise<{ id: string; authorizationUrl: string }> {
  const created = await http.post<AssociationAnswer>(`${world.baseUrl}/account-associations`);
  expect(created.status).to.equal(201);
  return { id: created.data.AccountAssociationId, authorizationUrl: created.data.OAuthAuthorizationUrl };
}

/** Signs the demo user in, allows access, and calls our callback with what the platform redirected to. */
async function link(world: LinkingWorld, authorizationUrl: string): Promise<URL> {
  const user = world.authorizationServer.users[0]!;
  const callback = await authorizeWithBrowserlessClient({ authorizationUrl, username: user.username, password: user.password, consent: 'allow' });
  expect(callback.searchParams.get('code'), `the platform answered ${callback.searchParams.get('error') ?? 'no code'}`).to.be.a('string');
  const answer = await http.get(callback.toString());
  expect(answer.status).to.equal(302);
  return new URL(String(answer.headers['location']));
}

async function stateOf(world: LinkingWorld, id: string): Promise<AssociationAnswer> {
  return (await http.get<AssociationAnswer>(`${world.baseUrl}/account-associations/${id}`)).data;
}

describe('OIDC linking end to end: authorization parameters, nonce, ID token, state at rest', function () {
  this.timeout(30_000);

  describe('against an oidc-provider that issues refresh tokens only with prompt=consent (OIDC Core §11)', () => {
    const strictRefresh: LinkingWorldOptions = { identitySource: 'jwt', authorizationServerOptions: { refreshTokens: 'offline-access' } };
    let withConsent: LinkingWorld;
    let without: LinkingWorld;

    before(async () => {
      [withConsent, without] = await Promise.all([
        startLinkingWorld({ ...strictRefresh, env: { C2C_AUTHORIZATION_PARAMS: 'prompt=consent' } }),
        startLinkingWorld(strictRefresh),
      ]);
    });
    after(() => Promise.all([withConsent?.stop(), without?.stop()]));

    it('stores a refresh token with C2C_AUTHORIZATION_PARAMS=prompt=consent, and none without it', async () => {
      const consented = await startAssociation(withConsent);
      expect(new URL(consented.authorizationUrl).searchParams.get('prompt')).to.equal('consent');
      expect((await link(withConsent, consented.authorizationUrl)).href).to.equal(OAUTH_REDIRECT_URL);
      const kept = await withConsent.links.findById(consented.id);
      expect(kept?.state).to.equal('ASSOCIATION_SUCCEEDED');
      expect(kept?.tokens?.refreshToken?.reveal()).to.be.a('string').with.length.greaterThan(20);

      const plain = await startAssociation(without);
      expect(new URL(plain.authorizationUrl).searchParams.has('prompt')).to.equal(false);
      expect((await link(without, plain.authorizationUrl)).href).to.equal(OAUTH_REDIRECT_URL);
      const keptWithout = await without.links.findById(plain.id);
      expect(keptWithout?.state).to.equal('ASSOCIATION_SUCCEEDED');
      expect(keptWithout?.tokens?.refreshToken).to.equal(undefined);
    });
  });

  describe('against a server that requires a nonce with openid, its ID tokens verified (C2C_OIDC_ISSUER, discovery)', () => {
    let world: LinkingWorld;

    before(async () => {
      world = await startLinkingWorld({
        identitySource: 'jwt',
        authorizationServerOptions: { requireNonce: true },
        envFor: (server) => ({ C2C_OIDC_ISSUER: server.issuer }),
      });
    });
    after(() => world?.stop());

    it('links: the URL carries a nonce, the server accepts it, the ID token verifies', async () => {
      const { id, authorizationUrl } = await startAssociation(world);
      expect(new URL(authorizationUrl).searchParams.get('nonce')).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect((await link(world, authorizationUrl)).href).to.equal(OAUTH_REDIRECT_URL);
      expect(await stateOf(world, id)).to.deep.include({ AssociationState: 'ASSOCIATION_SUCCEEDED', UserId: world.authorizationServer.users[0]!.accountId });
    });

    it('is the server that refuses the same request without its nonce (what glewlwyd answers)', async () => {
      const { authorizationUrl } = await startAssociation(world);
      const withoutNonce = new URL(authorizationUrl);
      withoutNonce.searchParams.delete('nonce');
      const user = world.authorizationServer.users[0]!;
      const callback = await authorizeWithBrowserlessClient({
        authorizationUrl: withoutNonce.toString(),
        username: user.username,
        password: user.password,
        consent: 'allow',
      });
      expect(callback.searchParams.get('error')).to.equal('invalid_request');
      expect(callback.searchParams.get('error_description')).to.equal('nonce required');
    });
  });

  describe('ID tokens that are not this round trip\'s: a proxy re-signs the real token answer with one claim changed', () => {
    type Tampering = 'none' | 'nonce' | 'aud' | 'iss' | 'signature';
    let tampering: Tampering = 'none';
    let signingKey: JsonWebKey;
    let otherKey: JsonWebKey;
    let proxy: LoopbackServer;
    let world: LinkingWorld;
    let tokenUrl = '';

    before(async () => {
      [signingKey, otherKey] = await Promise.all([generateSigningKey(), generateSigningKey()]);
      proxy = await startLoopbackServer(async (request, response) => {
        const answer = await http.post<string>(tokenUrl, request.body, {
          headers: { 'content-type': String(request.headers['content-type']), authorization: String(request.headers['authorization'] ?? '') },
          responseType: 'text',
          transformResponse: [(data: unknown) => data],
        });
        const body = JSON.parse(answer.data) as Record<string, unknown>;
        if (typeof body['id_token'] === 'string') body['id_token'] = await tamper(body['id_token'], tampering);
        sendJson(response, answer.status, body);
      });
      world = await startLinkingWorld({
        identitySource: 'jwt',
        authorizationServerOptions: { signingKeys: [signingKey] },
        envFor: (server) => {
          tokenUrl = server.tokenUrl;
          return { C2C_OIDC_ISSUER: server.issuer, C2C_TOKEN_URL: `${proxy.url}/token` };
        },
      });
    });
    after(async () => {
      await world?.stop();
      await proxy?.close();
    });

    /** The token re-signed with the server's own key (another key for `signature`), one claim changed unless `none`. */
    async function tamper(idToken: string, what: Tampering): Promise<string> {
      const claims: JWTPayload = { ...decodeJwt(idToken) };
      if (what === 'nonce') claims['nonce'] = 'a-nonce-of-another-round-trip';
      if (what === 'aud') claims.aud = 'another-client';
      if (what === 'iss') claims.iss = 'https://impostor.example.com';
      const key = what === 'signature' ? otherKey : signingKey;
      const header = decodeProtectedHeader(idToken);
      return new SignJWT(claims).setProtectedHeader({ ...header, alg: 'RS256', kid: String(signingKey.kid) }).sign(await importJWK({ ...key }, 'RS256'));
    }

    afterEach(() => {
      tampering = 'none';
    });

    it('links through the proxy when it changes no claim: a token it re-signed verifies', async () => {
      const { id, authorizationUrl } = await startAssociation(world);
      expect((await link(world, authorizationUrl)).href).to.equal(OAUTH_REDIRECT_URL);
      expect((await stateOf(world, id)).AssociationState).to.equal('ASSOCIATION_SUCCEEDED');
    });

    for (const what of ['nonce', 'aud', 'iss', 'signature'] as const) {
      it(`fails the link with error=invalid_grant for an ID token with another ${what}, keeping no token`, async () => {
        tampering = what;
        const { id, authorizationUrl } = await startAssociation(world);

        const redirect = await link(world, authorizationUrl);

        expect(redirect.searchParams.get('error')).to.equal('invalid_grant');
        expect(redirect.searchParams.get('error_description')).to.match(/^The ID token was refused/);
        const association = await stateOf(world, id);
        expect(association.AssociationState).to.equal('ASSOCIATION_FAILED');
        expect(association.UserId).to.equal(undefined);
        expect((await world.links.findById(id))?.tokens).to.equal(undefined);
      });
    }
  });

  describe('the state at rest', () => {
    let world: LinkingWorld;

    before(async () => {
      world = await startLinkingWorld({ identitySource: 'jwt' });
    });
    after(() => world?.stop());

    /** Every file of the embedded store, as bytes read as latin1 (LevelDB's log holds the items as written). */
    function dataFolderText(): string {
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else files.push(readFileSync(path).toString('latin1'));
        }
      };
      walk(world.dataDir);
      return files.join('\n');
    }

    it('holds no state and no nonce in the data folder once pending associations (new and relinking) are stored', async () => {
      const first = await startAssociation(world);
      const second = await startAssociation(world);
      const refreshed = await http.post<Pick<AssociationAnswer, 'OAuthAuthorizationUrl'>>(`${world.baseUrl}/account-associations/${second.id}/refresh`);
      expect(refreshed.status).to.equal(200);
      const urls = [first.authorizationUrl, second.authorizationUrl, refreshed.data.OAuthAuthorizationUrl].map((url) => new URL(url).searchParams);

      const text = dataFolderText();

      // The search can find what is there: the association ids are stored as they are.
      expect(text).to.include(first.id).and.include(second.id);
      for (const params of urls) {
        const state = params.get('state') ?? '';
        const random = state.slice(state.indexOf('.') + 1);
        expect(random).to.have.length(43);
        expect(text).to.not.include(random);
        expect(text).to.not.include(params.get('nonce'));
        expect(text).to.not.include(params.get('code_challenge'));
      }
      // The pending association still works: it is claimed by its state, matched through the digest.
      expect((await link(world, refreshed.data.OAuthAuthorizationUrl)).href).to.equal(OAUTH_REDIRECT_URL);
    });
  });
});
