import { expect } from 'chai';
import { createInMemoryOidcAdapter } from '#adapters/dev-authorization-server/in-memory-oidc-adapter.js';

describe('createInMemoryOidcAdapter', () => {
  it('keeps each server\'s records apart', async () => {
    await createInMemoryOidcAdapter()('AccessToken').upsert('token-1', { accountId: 'a' }, 60);
    expect(await createInMemoryOidcAdapter()('AccessToken').find('token-1')).to.equal(undefined);
  });

  it('forgets a record once it expires', async () => {
    const tokens = createInMemoryOidcAdapter()('AccessToken');
    await tokens.upsert('token-1', { accountId: 'a' }, 0);
    expect(await tokens.find('token-1')).to.equal(undefined);
  });

  it('revokes every token of a grant, and only those', async () => {
    const adapter = createInMemoryOidcAdapter();
    await adapter('AccessToken').upsert('at-1', { grantId: 'grant-1' }, 60);
    await adapter('RefreshToken').upsert('rt-1', { grantId: 'grant-1' }, 60);
    await adapter('AccessToken').upsert('at-2', { grantId: 'grant-2' }, 60);
    await adapter('AccessToken').revokeByGrantId('grant-1');
    expect(await adapter('AccessToken').find('at-1')).to.equal(undefined);
    expect(await adapter('RefreshToken').find('rt-1')).to.equal(undefined);
    expect(await adapter('AccessToken').find('at-2')).to.deep.equal({ grantId: 'grant-2' });
  });

  it('marks a record consumed and finds sessions by uid', async () => {
    const adapter = createInMemoryOidcAdapter();
    await adapter('AuthorizationCode').upsert('code-1', { grantId: 'grant-1' }, 60);
    await adapter('AuthorizationCode').consume('code-1');
    expect((await adapter('AuthorizationCode').find('code-1'))?.consumed).to.be.a('number');
    await adapter('Session').upsert('session-1', { uid: 'uid-1', accountId: 'a' }, 60);
    expect(await adapter('Session').findByUid('uid-1')).to.include({ accountId: 'a' });
  });
});
