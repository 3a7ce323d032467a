import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { JsonFileSecretStore } from '#adapters/local-secrets/json-file-secret-store.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';
import { expectDomainError } from '../../support/expect-domain-error.js';

describe('JsonFileSecretStore (the local secret store of the sandbox and tests)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'c2c-secrets-'));
  const file = join(folder, 'secrets.json');
  const reference = { arn: SECRET_ARN, versionId: SECRET_VERSION_ID };
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('reads a version kept as a JSON object as its JSON text, so fields read as from Secrets Manager', async () => {
    writeFileSync(file, JSON.stringify({ [SECRET_ARN]: { [SECRET_VERSION_ID]: { apiKey: 'ak-local-77' } } }));
    const secret = await new JsonFileSecretStore(file).resolve(reference);
    expect(secret.reveal()).to.equal('{"apiKey":"ak-local-77"}');
    expect(secret.field('apiKey')?.reveal()).to.equal('ak-local-77');
  });

  it('reads a version kept as a string as it is, and reads the file again on every call', async () => {
    const store = new JsonFileSecretStore(file);
    writeFileSync(file, JSON.stringify({ [SECRET_ARN]: { [SECRET_VERSION_ID]: 'plain-key-1' } }));
    expect((await store.resolve(reference)).reveal()).to.equal('plain-key-1');
    writeFileSync(file, JSON.stringify({ [SECRET_ARN]: { [SECRET_VERSION_ID]: 'plain-key-2' } }));
    expect((await store.resolve(reference)).reveal()).to.equal('plain-key-2');
  });

  it('is CONFIGURATION_ERROR for a secret or a version the file does not hold, as Secrets Manager would be', async () => {
    writeFileSync(file, JSON.stringify({ [SECRET_ARN]: { [SECRET_VERSION_ID]: 'plain-key' } }));
    const store = new JsonFileSecretStore(file);
    for (const missing of [{ arn: SECRET_ARN.replace('acme', 'other'), versionId: SECRET_VERSION_ID }, { arn: SECRET_ARN, versionId: 'd'.repeat(32) }]) {
      const error = await expectDomainError(store.resolve(missing), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' });
      expect(error.message).to.contain('no such secret, or no such version');
    }
  });

  it('is CONFIGURATION_ERROR for a file it cannot read, or that is not a JSON object, without quoting the file', async () => {
    const missing = new JsonFileSecretStore(join(folder, 'absent.json'));
    expect((await expectDomainError(missing.resolve(reference), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' })).message).to.contain(
      'cannot be read',
    );
    writeFileSync(file, `{"${SECRET_ARN}": {"${SECRET_VERSION_ID}": "ak-local-leaked" `);
    const broken = await expectDomainError(new JsonFileSecretStore(file).resolve(reference), {
      type: ConnectorMisconfigured,
      code: 'CONFIGURATION_ERROR',
      secret: 'ak-local-leaked',
    });
    expect(broken.message).to.contain('not valid JSON');
    writeFileSync(file, '["ak-local-leaked"]');
    await expectDomainError(new JsonFileSecretStore(file).resolve(reference), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR', secret: 'ak-local-leaked' });
  });
});
