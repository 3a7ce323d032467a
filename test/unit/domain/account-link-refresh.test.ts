import { expect } from 'chai';
import { AccessToken } from '#domain/access-token.js';
import { IllegalAssociationTransition } from '#domain/errors/illegal-association-transition.js';
import { aFailedLink, aSucceededLink, someTokens } from '../../support/account-links.js';

const t0 = new Date('2030-01-01T11:00:00Z');
const later = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

describe('AccountLink: renewing tokens', () => {
  it('takes a refresh lease that others see until it lapses, and that its holder may take again', () => {
    const link = aSucceededLink();
    const version = link.version;
    link.takeRefreshLease('holder-a', later(15), t0);
    expect(link.version).to.equal(version + 1);
    expect(link.isBeingRefreshed(later(14))).to.equal(true);
    expect(link.isBeingRefreshed(later(14), 'holder-a')).to.equal(false);
    expect(link.isBeingRefreshed(later(15))).to.equal(false);
    expect(() => link.takeRefreshLease('holder-b', later(30), later(1))).to.throw(IllegalAssociationTransition);
    link.takeRefreshLease('holder-b', later(30), later(16));
    expect(link.holdsRefreshLease('holder-b')).to.equal(true);
  });

  it('refreshes only a linked association', () => {
    expect(() => aFailedLink().takeRefreshLease('h', later(15), t0)).to.throw(IllegalAssociationTransition);
  });

  it('stores a rotated refresh token in place of the old one and ends the lease', () => {
    const link = aSucceededLink();
    link.takeRefreshLease('h', later(15), t0);
    const granted = someTokens({ refreshExpiresAt: later(1000), obtainedAt: later(1) });
    link.renewTokens(granted, later(1));
    expect(link.tokens?.accessToken.equals(granted.accessToken)).to.equal(true);
    expect(link.tokens?.refreshToken?.equals(granted.refreshToken!)).to.equal(true);
    expect(link.tokens?.refreshExpiresAt).to.deep.equal(later(1000));
    expect(link.refreshLease).to.equal(undefined);
    expect(link.state).to.equal('ASSOCIATION_SUCCEEDED');
  });

  it('keeps the old refresh token, with its lifetime, when the platform answers none', () => {
    const old = someTokens({ refreshExpiresAt: later(500) });
    const link = aSucceededLink({ tokens: old });
    const access = AccessToken.of('renewed-access');
    link.renewTokens({ accessToken: access, refreshToken: undefined, expiresAt: later(3600) }, later(1));
    expect(link.tokens?.accessToken.equals(access)).to.equal(true);
    expect(link.tokens?.refreshToken?.equals(old.refreshToken!)).to.equal(true);
    expect(link.tokens?.refreshExpiresAt).to.deep.equal(later(500));
  });

  it('marks the refresh token expired with the reason as its ErrorMessage, and ends the lease', () => {
    const link = aSucceededLink();
    link.takeRefreshLease('h', later(15), t0);
    link.markRefreshTokenExpired(later(1), 'The platform refused the refresh token (invalid_grant).');
    expect(link.state).to.equal('REFRESH_TOKEN_EXPIRED');
    expect(link.errorMessage).to.equal('The platform refused the refresh token invalid_grant');
    expect(link.refreshLease).to.equal(undefined);
  });

  it('a relink that succeeds ends a refresh lease, so the refresh in flight cannot write over the new tokens', () => {
    const link = aSucceededLink();
    link.takeRefreshLease('h', later(15), t0);
    link.succeed('user-42', someTokens(), later(2));
    expect(link.holdsRefreshLease('h')).to.equal(false);
  });
});
