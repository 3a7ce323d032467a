import { expect } from 'chai';
import axios from 'axios';
import { expectAwsError, sandboxArnOf, type AssociationAnswer } from '../support/association-answer.js';
import { authorizeWithBrowserlessClient } from '../support/authorize-with-browserless-client.js';
import { OAUTH_REDIRECT_URL, startLinkingWorld, type LinkingWorld } from '../support/linking-service.js';

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });

async function startAssociation(world: LinkingWorld): Promise<{ id: string; authorizationUrl: string }> {
  const created = await http.post<AssociationAnswer>(`${world.baseUrl}/account-associations`);
  expect(created.status).to.equal(201);
  expect(created.data.AssociationState).to.equal('ASSOCIATION_IN_PROGRESS');
  expect(created.data.AccountAssociationId).to.match(/^[A-Za-z0-9]{1,64}$/);
  return { id: created.data.AccountAssociationId, authorizationUrl: created.data.OAuthAuthorizationUrl };
}

async function signIn(world: LinkingWorld, authorizationUrl: string, consent: 'allow' | 'deny'): Promise<URL> {
  const user = world.authorizationServer.users[0]!;
  return authorizeWithBrowserlessClient({ authorizationUrl, username: user.username, password: user.password, consent });
}

for (const mode of [
  { identitySource: 'jwt', tokenAuthScheme: 'HTTP_BASIC', source: 'a JWT verified against the JWKS' },
  { identitySource: 'userinfo', tokenAuthScheme: 'REQUEST_BODY_CREDENTIALS', source: 'an opaque token asked of userinfo' },
  { identitySource: 'introspection', tokenAuthScheme: 'HTTP_BASIC', source: 'an opaque token introspected (RFC 7662)' },
] as const) {
  describe(`linking flow end to end: ${mode.source}, ${mode.tokenAuthScheme}`, function () {
    this.timeout(30_000);
    let world: LinkingWorld;

    before(async () => {
      world = await startLinkingWorld(mode);
    });
    after(() => world.stop());

    it('links the demo user: authorize, callback, exchange, activate, redirect, ASSOCIATION_SUCCEEDED', async () => {
      const { id, authorizationUrl } = await startAssociation(world);
      const url = new URL(authorizationUrl);
      expect(url.searchParams.get('code_challenge_method')).to.equal('S256');
      expect(url.searchParams.get('state')).to.have.length.greaterThan(40);

      const callback = await signIn(world, authorizationUrl, 'allow');
      expect(callback.searchParams.get('code')).to.be.a('string');
      const answer = await http.get(callback.toString());

      expect(answer.status).to.equal(302);
      expect(answer.headers['location']).to.equal(OAUTH_REDIRECT_URL);
      const association = await http.get(`${world.baseUrl}/account-associations/${id}`);
      expect(association.status).to.equal(200);
      expect(association.data).to.deep.equal({
        AccountAssociationId: id,
        AssociationState: 'ASSOCIATION_SUCCEEDED',
        Arn: sandboxArnOf(id),
        ConnectorDestinationId: 'default',
        OAuthAuthorizationUrl: '',
        UserId: world.authorizationServer.users[0]!.accountId,
      });
    });

    it('exchanges a code once however many callbacks race', async () => {
      const { id, authorizationUrl } = await startAssociation(world);
      const callback = await signIn(world, authorizationUrl, 'allow');

      const answers = await Promise.all(Array.from({ length: 8 }, () => http.get(callback.toString())));

      const locations = answers.map((a) => new URL(String(a.headers['location'])));
      expect(answers.every((a) => a.status === 302)).to.equal(true);
      expect(locations.filter((l) => !l.searchParams.has('error'))).to.have.length(1);
      for (const failed of locations.filter((l) => l.searchParams.has('error'))) {
        expect(failed.searchParams.get('error')).to.equal('invalid_request');
        expect(failed.searchParams.get('from')).to.equal('test');
      }
      const association = await http.get<AssociationAnswer>(`${world.baseUrl}/account-associations/${id}`);
      expect(association.data.AssociationState).to.equal('ASSOCIATION_SUCCEEDED');
    });

    it('reports a denied consent as error=access_denied and ASSOCIATION_FAILED', async () => {
      const { id, authorizationUrl } = await startAssociation(world);
      const callback = await signIn(world, authorizationUrl, 'deny');
      expect(callback.searchParams.get('error')).to.equal('access_denied');

      const answer = await http.get(callback.toString());

      const location = new URL(String(answer.headers['location']));
      expect(answer.status).to.equal(302);
      expect(location.origin + location.pathname).to.equal('http://127.0.0.1:9/linked');
      expect(location.searchParams.get('from')).to.equal('test');
      expect(location.searchParams.get('error')).to.equal('access_denied');
      expect(location.searchParams.get('error_description')).to.be.a('string').and.match(/^[A-Za-z0-9 _-]+$/);
      const association = await http.get<AssociationAnswer>(`${world.baseUrl}/account-associations/${id}`);
      expect(association.data.AssociationState).to.equal('ASSOCIATION_FAILED');
      expect(association.data.ErrorMessage).to.match(/^[A-Za-z0-9 _-]+$/);
    });

    it('relinks through a refreshed authorization URL; the old state is dead', async () => {
      const { id, authorizationUrl } = await startAssociation(world);
      await http.get((await signIn(world, authorizationUrl, 'allow')).toString());

      const refreshed = await http.post<Pick<AssociationAnswer, 'OAuthAuthorizationUrl'>>(`${world.baseUrl}/account-associations/${id}/refresh`);
      expect(refreshed.status).to.equal(200);
      const newUrl = refreshed.data.OAuthAuthorizationUrl;
      expect(new URL(newUrl).searchParams.get('state')).not.to.equal(new URL(authorizationUrl).searchParams.get('state'));

      const answer = await http.get((await signIn(world, newUrl, 'allow')).toString());
      expect(answer.headers['location']).to.equal(OAUTH_REDIRECT_URL);
    });

    it('never returns a token from any endpoint', async () => {
      const { id, authorizationUrl } = await startAssociation(world);
      await http.get((await signIn(world, authorizationUrl, 'allow')).toString());
      const association = await http.get<AssociationAnswer>(`${world.baseUrl}/account-associations/${id}`);
      expect(Object.keys(association.data).sort()).to.deep.equal([
        'AccountAssociationId',
        'Arn',
        'AssociationState',
        'ConnectorDestinationId',
        'OAuthAuthorizationUrl',
        'UserId',
      ]);
      expect(association.data.OAuthAuthorizationUrl).to.equal('');
    });

    it('deletes an association: the connector deactivates the user, 200, then the association is gone', async () => {
      const { id, authorizationUrl } = await startAssociation(world);
      await http.get((await signIn(world, authorizationUrl, 'allow')).toString());

      const deleted = await http.delete(`${world.baseUrl}/account-associations/${id}`);

      expect(deleted.status).to.equal(200);
      expect(deleted.data).to.equal('');
      const association = await http.get(`${world.baseUrl}/account-associations/${id}`);
      const notFound = { ResourceId: id, ResourceType: 'AccountAssociation' };
      expectAwsError({ ...association, body: association.data }, 404, 'ResourceNotFoundException', notFound);
      const again = await http.delete(`${world.baseUrl}/account-associations/${id}`);
      expectAwsError({ ...again, body: again.data }, 404, 'ResourceNotFoundException', notFound);
    });

    it('answers unknown and malformed associations in the AWS error shape', async () => {
      const missing = await http.get(`${world.baseUrl}/account-associations/Unknown1`);
      expectAwsError({ ...missing, body: missing.data }, 404, 'ResourceNotFoundException', { ResourceId: 'Unknown1', ResourceType: 'AccountAssociation' });
      const malformed = await http.post(`${world.baseUrl}/account-associations/bad-id!/refresh`);
      expectAwsError({ ...malformed, body: malformed.data }, 400, 'ValidationException');
    });
  });
}

describe('linking flow end to end with the connector running as its own service (C2C_CONNECTOR_URL)', function () {
  this.timeout(30_000);
  let world: LinkingWorld;

  before(async () => {
    world = await startLinkingWorld({ identitySource: 'jwt', remoteConnector: true });
  });
  after(() => world.stop());

  it('links the demo user through the remote connector\'s POST /connector', async () => {
    const { id, authorizationUrl } = await startAssociation(world);
    const answer = await http.get((await signIn(world, authorizationUrl, 'allow')).toString());
    expect(answer.headers['location']).to.equal(OAUTH_REDIRECT_URL);
    const association = await http.get(`${world.baseUrl}/account-associations/${id}`);
    expect(association.data).to.deep.include({ AssociationState: 'ASSOCIATION_SUCCEEDED', UserId: world.authorizationServer.users[0]!.accountId });
  });

  it('deletes the association through the remote connector\'s AWS.DeactivateUser', async () => {
    const { id, authorizationUrl } = await startAssociation(world);
    await http.get((await signIn(world, authorizationUrl, 'allow')).toString());
    const deleted = await http.delete(`${world.baseUrl}/account-associations/${id}`);
    expect(deleted.status).to.equal(200);
    expect((await http.get(`${world.baseUrl}/account-associations/${id}`)).status).to.equal(404);
  });
});
