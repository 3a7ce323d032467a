import { expect } from 'chai';
import sinon from 'sinon';
import { Deadline } from '#application/deadline.js';
import type { SecretStore } from '#application/ports/secret-store.js';
import { SecretValue } from '#domain/secret-value.js';
import { LazySecretStore } from '#main/composition/lazy-secret-store.js';
import { FakeClock, stubSecretStore } from '#main/testing/index.js';
import { SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';

describe('LazySecretStore (the Secrets Manager adapter, loaded on first use)', () => {
  const reference = { arn: SECRET_ARN, versionId: SECRET_VERSION_ID };
  const deadline = () => Deadline.in(1000, new FakeClock());

  it('loads nothing until a secret is asked for, then loads once and asks the store it made', async () => {
    const store = stubSecretStore();
    store.resolve.resolves(SecretValue.of('s'));
    const load = sinon.stub<[], Promise<SecretStore>>().resolves(store);
    const lazy = new LazySecretStore(load);
    expect(load.called).to.equal(false);

    await lazy.resolve(reference, deadline());
    await lazy.resolve(reference, deadline());

    expect(load.callCount).to.equal(1);
    expect(store.resolve.callCount).to.equal(2);
    expect(store.resolve.firstCall.args[0]).to.equal(reference);
  });

  it('tries a failed load again on the next request rather than remembering the failure', async () => {
    const store = stubSecretStore();
    store.resolve.resolves(SecretValue.of('s'));
    const load = sinon.stub<[], Promise<SecretStore>>();
    load.onFirstCall().rejects(new Error('Cannot find package'));
    load.onSecondCall().resolves(store);
    const lazy = new LazySecretStore(load);

    await lazy.resolve(reference, deadline()).then(
      () => expect.fail('the first load failed'),
      (error: Error) => expect(error.message).to.equal('Cannot find package'),
    );
    expect((await lazy.resolve(reference, deadline())).reveal()).to.equal('s');
    expect(load.callCount).to.equal(2);
  });
});
