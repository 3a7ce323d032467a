import { expect } from 'chai';
import sinon from 'sinon';
import { Deadline } from '#application/deadline.js';
import { AccessToken } from '#domain/access-token.js';
import { identitySourceOnFirstUse, tokenRevokerOnFirstUse } from '#main/composition/on-first-use.js';
import { SecretValue } from '#domain/secret-value.js';
import { FakeClock, stubCredentialIdentitySource, stubIdentitySource, stubTokenRevoker } from '#main/testing/index.js';

describe('adapters loaded on first use', () => {
  const clock = new FakeClock();
  const deadline = () => Deadline.in(1000, clock);

  it('loads an identity source on its first call, once, and passes every call on to it', async () => {
    const inner = stubIdentitySource();
    inner.identify.resolves({ recognised: false, reason: 'unknown here' });
    const load = sinon.stub<[], Promise<typeof inner>>().resolves(inner);
    const source = identitySourceOnFirstUse(load, { takesCredentials: false });
    expect(load.called).to.equal(false);

    const token = AccessToken.of('opaque-1');
    const outcomes = await Promise.all([source.identify(token, deadline()), source.identify(token, deadline())]);

    expect(outcomes).to.deep.equal([{ recognised: false, reason: 'unknown here' }, { recognised: false, reason: 'unknown here' }]);
    expect(load.callCount).to.equal(1);
    expect(inner.identify.callCount).to.equal(2);
    expect(inner.identify.firstCall.args[0]).to.equal(token);
  });

  it('has identifyCredential only when told the loaded source takes credentials, and passes it on', async () => {
    const inner = stubCredentialIdentitySource();
    inner.identifyCredential.resolves({ recognised: false, reason: 'unknown key' });
    expect('identifyCredential' in identitySourceOnFirstUse(() => Promise.resolve(inner), { takesCredentials: false })).to.equal(false);
    const source = identitySourceOnFirstUse(() => Promise.resolve(inner), { takesCredentials: true });
    const credential = { type: 'GeneralAuthorization', secretsManager: { arn: 'a', versionId: 'v' }, secret: SecretValue.of('{}') } as const;

    expect(await source.identifyCredential?.(credential, deadline())).to.deep.equal({ recognised: false, reason: 'unknown key' });
    expect(inner.identifyCredential.firstCall.args[0]).to.equal(credential);
  });

  it('tries the load again on the next call after one failed', async () => {
    const inner = stubTokenRevoker();
    inner.revoke.resolves('revoked');
    const load = sinon.stub<[], Promise<typeof inner>>();
    load.onFirstCall().rejects(new Error('module missing'));
    load.onSecondCall().resolves(inner);
    const revoker = tokenRevokerOnFirstUse(load);

    const first = await revoker.revoke(AccessToken.of('t'), 'access_token', deadline()).catch((error: unknown) => error);
    expect(first).to.be.instanceOf(Error).with.property('message', 'module missing');
    expect(await revoker.revoke(AccessToken.of('t'), 'refresh_token', deadline())).to.equal('revoked');
    expect(inner.revoke.firstCall.args[1]).to.equal('refresh_token');
  });
});
