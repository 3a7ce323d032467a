import { expect } from 'chai';
import { AccessToken } from '#domain/access-token.js';
import { AccountLink } from '#domain/account-link.js';
import { IllegalAssociationTransition } from '#domain/errors/illegal-association-transition.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';
import { InvalidUserId } from '#domain/errors/invalid-user-id.js';
import { toErrorMessage } from '#domain/error-message.js';

const t0 = new Date('2026-11-23T12:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const pending = (state = 'a1.secret') => ({ state, codeVerifier: 'verifier', expiresAt: later(600_000) });
const tokens = { accessToken: AccessToken.of('access'), refreshToken: undefined, expiresAt: undefined };

function linked(): AccountLink {
  const link = AccountLink.start('a1', pending(), t0);
  link.claimCallback('a1.secret', t0, later(615_000));
  link.succeed('user-1', tokens, t0);
  return link;
}

describe('AccountLink', () => {
  it('starts in progress, version 1, awaiting its callback', () => {
    const link = AccountLink.start('a1', pending(), t0);
    expect(link.state).to.equal('ASSOCIATION_IN_PROGRESS');
    expect(link.version).to.equal(1);
    expect(link.isAwaitingCallback(t0)).to.equal(true);
    expect(link.isAwaitingCallback(later(600_000))).to.equal(false);
  });

  it('refuses an AccountAssociationId that is not 1-64 alphanumerics', () => {
    for (const id of ['', 'a-b', 'a'.repeat(65), 'ä']) {
      expect(() => AccountLink.start(id, pending(), t0)).to.throw(InvalidRequest);
    }
  });

  it('hands out its PKCE verifier once, for the right state only, and bumps the version', () => {
    const link = AccountLink.start('a1', pending(), t0);
    expect(() => link.claimCallback('a1.other', t0, later(615_000))).to.throw(InvalidRequest);
    expect(link.claimCallback('a1.secret', t0, later(615_000))).to.equal('verifier');
    expect(link.version).to.equal(2);
    expect(() => link.claimCallback('a1.secret', t0, later(615_000))).to.throw(InvalidRequest, /already used/);
  });

  it('refuses an expired round trip', () => {
    const link = AccountLink.start('a1', pending(), t0);
    expect(() => link.claimCallback('a1.secret', later(600_000), later(615_000))).to.throw(InvalidRequest, /expired/);
  });

  it('succeeds with a valid userId only', () => {
    const link = AccountLink.start('a1', pending(), t0);
    expect(() => link.succeed('not valid!', tokens, t0)).to.throw(InvalidUserId);
    link.succeed('user-1', tokens, t0);
    expect(link.state).to.equal('ASSOCIATION_SUCCEEDED');
    expect(link.userId).to.equal('user-1');
  });

  it('fails a link in progress with a sanitised ErrorMessage', () => {
    const link = AccountLink.start('a1', pending(), t0);
    link.fail('exchange failed: "invalid_grant" <script>', t0);
    expect(link.state).to.equal('ASSOCIATION_FAILED');
    expect(link.errorMessage).to.equal('exchange failed invalid_grant script');
    expect(link.pending).to.equal(undefined);
  });

  it('keeps a working link when a relink fails', () => {
    const link = linked();
    link.restartAuthorization(pending('a1.next'), t0);
    link.fail('denied', t0);
    expect(link.state).to.equal('ASSOCIATION_SUCCEEDED');
    expect(link.errorMessage).to.equal('denied');
  });

  it('refuses a relink to another user', () => {
    const link = linked();
    expect(() => link.succeed('user-2', tokens, t0)).to.throw(IllegalAssociationTransition);
  });

  it('marks an expired refresh token only on a linked association', () => {
    const link = linked();
    link.markRefreshTokenExpired(t0);
    expect(link.state).to.equal('REFRESH_TOKEN_EXPIRED');
    expect(() => AccountLink.start('a2', pending(), t0).markRefreshTokenExpired(t0)).to.throw(IllegalAssociationTransition);
  });

  it('can be deleted from any state, and nothing else happens to it afterwards', () => {
    const link = linked();
    link.beginDeletion(t0);
    expect(link.state).to.equal('ASSOCIATION_DELETING');
    expect(() => link.restartAuthorization(pending(), t0)).to.throw(IllegalAssociationTransition);
    expect(() => link.fail('x', t0)).to.throw(IllegalAssociationTransition).with.property('code', 'ILLEGAL_ASSOCIATION_TRANSITION');
  });

  it('returns to the state its deletion began from when the deletion is abandoned, with the reason', () => {
    const link = linked();
    link.markRefreshTokenExpired(t0);
    link.beginDeletion(t0);
    link.abandonDeletion("The revocation endpoint refused the connector's client (HTTP 401, invalid_client).", later(1));
    expect(link.state).to.equal('REFRESH_TOKEN_EXPIRED');
    expect(link.errorMessage).to.equal('The revocation endpoint refused the connector s client HTTP 401 invalid_client');
    expect(link.tokens).to.equal(tokens);
    expect(link.toSnapshot().deletingFrom).to.equal(undefined);
    expect(() => link.abandonDeletion('again', t0)).to.throw(IllegalAssociationTransition);
  });

  it('starts a new deletion without the reason an abandoned one left', () => {
    const link = linked();
    link.beginDeletion(t0);
    link.abandonDeletion('misconfigured', t0);
    expect(link.state).to.equal('ASSOCIATION_SUCCEEDED');
    link.beginDeletion(later(1));
    expect(link.state).to.equal('ASSOCIATION_DELETING');
    expect(link.errorMessage).to.equal(undefined);
  });

  it('abandons the deletion of a link stored before the state it left was kept: linked if it names a user', () => {
    const deleting = (userId: string | undefined) =>
      AccountLink.fromSnapshot({ ...linked().toSnapshot(), userId, state: 'ASSOCIATION_DELETING', deletingFrom: undefined });
    const withUser = deleting('user-1');
    withUser.abandonDeletion('x', t0);
    expect(withUser.state).to.equal('ASSOCIATION_SUCCEEDED');
    const withoutUser = deleting(undefined);
    withoutUser.abandonDeletion('x', t0);
    expect(withoutUser.state).to.equal('ASSOCIATION_FAILED');
  });

  it('round-trips through its snapshot', () => {
    const link = linked();
    const copy = AccountLink.fromSnapshot(link.toSnapshot());
    expect(copy.toSnapshot()).to.deep.equal(link.toSnapshot());
  });

  it('keeps an ErrorMessage to [A-Za-z0-9 _-] and 256 characters', () => {
    expect(toErrorMessage('a\nb\tc')).to.equal('a b c');
    expect(toErrorMessage('§§§')).to.equal('Account linking failed');
    expect(toErrorMessage('x'.repeat(1000))).to.have.length(256);
  });
});
