import { expect } from 'chai';
import { TokenRefreshPolicy } from '#domain/token-refresh-policy.js';
import { someTokens } from '../../support/account-links.js';

const NOW = new Date('2031-05-01T12:00:00Z');
const at = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);
const DAY_S = 86_400;

describe('TokenRefreshPolicy', () => {
  const policy = new TokenRefreshPolicy({ marginMs: 60_000 });

  it('uses an access token that expires after the margin', () => {
    expect(policy.decide(someTokens({ expiresAt: at(61) }), NOW)).to.deep.equal({ kind: 'use' });
  });

  it('renews one that expires within the margin, while it may still be sent', () => {
    expect(policy.decide(someTokens({ expiresAt: at(60) }), NOW)).to.deep.equal({ kind: 'refresh', why: 'expiring', accessTokenUsable: true });
  });

  it('renews one that has expired (at its expiry instant included), and it may not be sent any more', () => {
    for (const expiresAt of [NOW, at(-3600)]) {
      expect(policy.decide(someTokens({ expiresAt }), NOW)).to.deep.equal({ kind: 'refresh', why: 'expired', accessTokenUsable: false });
    }
  });

  it('uses an access token whose expiry the platform did not say', () => {
    expect(policy.decide(someTokens({ expiresAt: undefined }), NOW)).to.deep.equal({ kind: 'use' });
  });

  it('without a refresh token: uses the access token until it expires, then nothing can renew it', () => {
    expect(policy.decide(someTokens({ refreshToken: undefined, expiresAt: at(10) }), NOW)).to.deep.equal({ kind: 'use' });
    expect(policy.decide(someTokens({ refreshToken: undefined, expiresAt: at(0) }), NOW)).to.deep.equal({ kind: 'expired' });
  });

  it('treats a refresh token past the expiry the platform reported as none', () => {
    expect(policy.decide(someTokens({ expiresAt: at(-1), refreshExpiresAt: at(-1) }), NOW)).to.deep.equal({ kind: 'expired' });
    expect(policy.decide(someTokens({ expiresAt: at(-1), refreshExpiresAt: at(1) }), NOW)).to.include({ kind: 'refresh' });
  });

  it('a margin of 0 renews only what has expired', () => {
    const strict = new TokenRefreshPolicy({ marginMs: 0 });
    expect(strict.decide(someTokens({ expiresAt: at(1) }), NOW)).to.deep.equal({ kind: 'use' });
    expect(strict.decide(someTokens({ expiresAt: at(0) }), NOW)).to.include({ kind: 'refresh', why: 'expired' });
  });

  describe('proactive renewal (the destination\'s proactiveRefreshTokenRenewal)', () => {
    const proactive = new TokenRefreshPolicy({ marginMs: 60_000, proactiveRenewal: { daysBeforeRenewal: 30 } });
    const fresh = { expiresAt: at(3600) };

    it('renews a fresh access token once its refresh token is within DaysBeforeRenewal of its reported expiry', () => {
      const tokens = someTokens({ ...fresh, refreshExpiresAt: at(30 * DAY_S), obtainedAt: at(-60 * DAY_S) });
      expect(proactive.decide(tokens, NOW)).to.deep.equal({ kind: 'refresh', why: 'proactive', accessTokenUsable: true });
    });

    it('does not before the window opens', () => {
      const tokens = someTokens({ ...fresh, refreshExpiresAt: at(30 * DAY_S + 1), obtainedAt: at(-60 * DAY_S) });
      expect(proactive.decide(tokens, NOW)).to.deep.equal({ kind: 'use' });
    });

    it('does not renew again tokens obtained inside the window (a renewal that did not extend the refresh token)', () => {
      const tokens = someTokens({ ...fresh, refreshExpiresAt: at(10 * DAY_S), obtainedAt: at(-DAY_S) });
      expect(proactive.decide(tokens, NOW)).to.deep.equal({ kind: 'use' });
    });

    it('has nothing to go by when the platform reports no refresh token lifetime', () => {
      expect(proactive.decide(someTokens({ ...fresh, refreshExpiresAt: undefined }), NOW)).to.deep.equal({ kind: 'use' });
    });

    it('is off unless enabled', () => {
      const tokens = someTokens({ ...fresh, refreshExpiresAt: at(DAY_S), obtainedAt: at(-60 * DAY_S) });
      expect(policy.decide(tokens, NOW)).to.deep.equal({ kind: 'use' });
    });
  });
});
