import { expect } from 'chai';
import { parseConnectorRequest } from '#adapters/connector-envelope/parse-connector-request.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';
import { activateUserEnvelope } from '../../support/envelopes.js';

/** Refused at once (not JSON, not an object) or by the DTOs, which load on the first envelope off the fast path. */
async function expectInvalid(raw: unknown, messagePart: string): Promise<void> {
  let caught: unknown;
  try {
    await parseConnectorRequest(raw);
  } catch (error) {
    caught = error;
  }
  expect(caught, JSON.stringify(raw)?.slice(0, 80)).to.be.instanceOf(InvalidRequest);
  expect((caught as InvalidRequest).code).to.equal('INVALID_REQUEST');
  expect((caught as InvalidRequest).message).to.contain(messagePart);
}

describe('parseConnectorRequest', () => {
  it('reads a valid ActivateUser envelope, at once (without loading the DTOs)', () => {
    const request = parseConnectorRequest(activateUserEnvelope('tok'));
    if (request instanceof Promise) expect.fail('a well-formed OAuth2.0 envelope waited for the DTOs');
    expect(request.operationName).to.equal('AWS.ActivateUser');
    expect(request.operationVersion).to.equal('1.0.0');
    expect(request.connectorId).to.equal('connector-1');
    expect(request.auth.type).to.equal('OAuth2.0');
    expect(request.auth.type === 'OAuth2.0' && request.auth.token.reveal()).to.equal('tok');
  });

  it('reads a GeneralAuthorization envelope', async () => {
    const request = await parseConnectorRequest({
      header: { auth: { type: 'GeneralAuthorization', secretsManager: { arn: 'arn:aws:secretsmanager:x', versionId: 'v1' } } },
      payload: { operationName: 'AWS.DiscoverDevices', operationVersion: '1.0', connectorId: 'c' },
    });
    expect(request.auth).to.deep.equal({
      type: 'GeneralAuthorization',
      secretsManager: { arn: 'arn:aws:secretsmanager:x', versionId: 'v1' },
    });
  });

  it('keeps the whole payload for operations that carry more', async () => {
    const envelope = activateUserEnvelope('tok');
    (envelope['payload'] as Record<string, unknown>)['extra'] = { devices: [1] };
    expect((await parseConnectorRequest(envelope)).payload).to.deep.include({ extra: { devices: [1] } });
  });

  it('refuses text that is not JSON', () => expectInvalid('{', 'not valid JSON'));
  it('refuses JSON that is not an object', async () => {
    for (const raw of ['[]', '"x"', '42', 'null', [], null, 7, undefined]) await expectInvalid(raw, 'JSON object');
  });
  it('refuses a missing header', () => expectInvalid({ payload: activateUserEnvelope('t')['payload'] }, 'header'));
  it('refuses a missing payload', () => expectInvalid({ header: activateUserEnvelope('t')['header'] }, 'payload'));
  it('refuses an unknown auth type', () => expectInvalid(activateUserEnvelope('t', { type: 'Basic' }), 'header.auth.type'));
  it('refuses an empty token', () => expectInvalid(activateUserEnvelope(''), 'header.auth.token'));
  it('refuses a token over 16 KiB', () => expectInvalid(activateUserEnvelope('a'.repeat(16 * 1024 + 1)), 'header.auth.token'));
  it('refuses a token that is not a string', async () => {
    const envelope = activateUserEnvelope('t');
    (envelope['header'] as { auth: { token: unknown } }).auth.token = 12;
    await expectInvalid(envelope, 'header.auth.token');
  });
  it('refuses a malformed operationVersion', () =>
    expectInvalid(activateUserEnvelope('t', { operationVersion: 'one' }), 'payload.operationVersion'));
  it('refuses a missing connectorId', () => expectInvalid(activateUserEnvelope('t', { connectorId: '' }), 'payload.connectorId'));
  it('refuses an envelope over 256 KiB', () => expectInvalid(`{"x":"${'a'.repeat(300 * 1024)}"}`, 'larger than'));

  it('never echoes the token in its message', async () => {
    const envelope = activateUserEnvelope('super-secret-token', { operationVersion: 'bad' });
    const error = await Promise.resolve(envelope).then(parseConnectorRequest).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidRequest).that.satisfies((e: Error) => !e.message.includes('super-secret'));
  });
});
