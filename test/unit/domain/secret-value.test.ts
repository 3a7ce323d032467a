import { inspect } from 'node:util';
import { expect } from 'chai';
import { SecretValue } from '#domain/secret-value.js';

describe('SecretValue', () => {
  const text = '{"apiKey":"ak-secret-31f9","region":"eu","port":8443,"nested":{"a":1},"none":null}';

  it('never prints, serialises or inspects to its value, nor does a field read from it', () => {
    const secret = SecretValue.of(text);
    const field = secret.field('apiKey');
    for (const value of [secret, field]) {
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- interpolation, as in a log message, is what is tested.
      expect(`${value}`).to.equal('SecretValue(redacted)');
      expect(String(value)).to.equal('SecretValue(redacted)');
      expect(JSON.stringify({ value })).to.equal('{"value":"SecretValue(redacted)"}');
      expect(inspect({ nested: { value } }, { depth: 5, showHidden: true })).not.to.contain('ak-secret');
    }
  });

  it('reveals the whole value only on request', () => {
    expect(SecretValue.of(text).reveal()).to.equal(text);
  });

  it('reads a field of a JSON object secret: a string as it is, another value as its JSON text', () => {
    const secret = SecretValue.of(text);
    expect(secret.field('apiKey')?.reveal()).to.equal('ak-secret-31f9');
    expect(secret.field('port')?.reveal()).to.equal('8443');
    expect(secret.field('nested')?.reveal()).to.equal('{"a":1}');
  });

  it('has no field that is absent or null, none inherited, and none at all in a secret that is not a JSON object', () => {
    const secret = SecretValue.of(text);
    expect(secret.field('missing')).to.equal(undefined);
    expect(secret.field('none')).to.equal(undefined);
    expect(secret.field('toString')).to.equal(undefined);
    for (const other of ['plain-api-key', '["apiKey"]', '"apiKey"', 'null', '{"apiKey": ']) {
      expect(SecretValue.of(other).field('apiKey'), other).to.equal(undefined);
    }
  });
});
