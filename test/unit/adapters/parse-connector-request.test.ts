import { expect } from 'chai';
import { getMetadataStorage } from 'class-validator';
import sinon from 'sinon';
import { MAX_ENVELOPE_BYTES, MAX_ENVELOPE_DEPTH } from '#adapters/connector-envelope/envelope-limits.js';
import { parseConnectorRequest } from '#adapters/connector-envelope/parse-connector-request.js';
import { InvalidRequest } from '#domain/errors/invalid-request.js';
import { activateUserEnvelope, generalAuthorizationEnvelope, SECRET_ARN, SECRET_VERSION_ID } from '../../support/envelopes.js';

/** `value` inside `levels` objects: `{"a":{"a":...value}}`. */
function nested(levels: number, value: unknown = 'x'): Record<string, unknown> {
  let inner: unknown = value;
  for (let level = 0; level < levels; level++) inner = { a: inner };
  return inner as Record<string, unknown>;
}

/** An ActivateUser envelope whose `payload.extra` (at the third level) holds `extra`. */
function envelopeWithExtra(extra: unknown): Record<string, unknown> {
  const envelope = activateUserEnvelope('tok');
  (envelope['payload'] as Record<string, unknown>)['extra'] = extra;
  return envelope;
}

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
  it('reads a valid ActivateUser envelope, at once (without loading the DTOs)', async () => {
    const request = await parseConnectorRequest(activateUserEnvelope('tok'));
    if (request instanceof Promise) expect.fail('a well-formed OAuth2.0 envelope waited for the DTOs');
    expect(request.operationName).to.equal('AWS.ActivateUser');
    expect(request.operationVersion).to.equal('1.0.0');
    expect(request.connectorId).to.equal('connector-1');
    expect(request.auth.type).to.equal('OAuth2.0');
    expect(request.auth.type === 'OAuth2.0' && request.auth.token.reveal()).to.equal('tok');
  });

  it('reads a GeneralAuthorization envelope: the secret reference, which is all it carries', async () => {
    const request = await parseConnectorRequest(generalAuthorizationEnvelope({ operationName: 'AWS.DiscoverDevices' }));
    expect(request.operationName).to.equal('AWS.DiscoverDevices');
    expect(request.auth).to.deep.equal({ type: 'GeneralAuthorization', secretsManager: { arn: SECRET_ARN, versionId: SECRET_VERSION_ID } });
  });

  it('takes secret ARNs of every region and name the ARN pattern allows, and versionIds of 32 to 64 characters', async () => {
    const arns = [
      'arn:aws:secretsmanager:eu-west-3:000000000000:secret:a/b_c+d=e.f@g-h',
      `arn:aws:secretsmanager:ap-southeast-2:999999999999:secret:${'n'.repeat(520)}`,
    ];
    for (const arn of arns) expect((await parseConnectorRequest(generalAuthorizationEnvelope({ arn }))).auth).to.have.nested.property('secretsManager.arn', arn);
    for (const versionId of ['a'.repeat(32), `${'A1-_'.repeat(16)}`]) {
      expect((await parseConnectorRequest(generalAuthorizationEnvelope({ versionId }))).auth).to.have.nested.property('secretsManager.versionId', versionId);
    }
  });

  describe('refuses with INVALID_REQUEST a GeneralAuthorization envelope whose secret reference is not well formed', () => {
    it('without secretsManager, or with one that is not an object', async () => {
      const envelope = generalAuthorizationEnvelope();
      for (const secretsManager of [undefined, null, 'arn', []]) {
        (envelope['header'] as { auth: Record<string, unknown> }).auth['secretsManager'] = secretsManager;
        await expectInvalid(envelope, 'header.auth.secretsManager');
      }
    });

    const badArns: readonly [string, unknown][] = [
      ['missing', undefined],
      ['not a string', 42],
      ['empty', ''],
      ['another service', 'arn:aws:ssm:us-east-1:123456789012:parameter/acme-api-key'],
      ['another partition', 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:acme-api-key-AbCdEf'],
      ['an account that is not 12 digits', 'arn:aws:secretsmanager:us-east-1:12345:secret:acme-api-key-AbCdEf'],
      ['a name under 8 characters', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:short'],
      ['a name over 520 characters', `arn:aws:secretsmanager:us-east-1:123456789012:secret:${'n'.repeat(521)}`],
      ['a character the name may not hold', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:acme api key'],
      ['a line break after it', `${SECRET_ARN}\n`],
      ['over 2048 characters', `${SECRET_ARN}${'x'.repeat(2048)}`],
    ];
    for (const [what, arn] of badArns) {
      it(`an arn ${what}`, async () => await expectInvalid(generalAuthorizationEnvelope({ arn }), 'header.auth.secretsManager.arn'));
    }

    const badVersions: readonly [string, unknown][] = [
      ['missing', undefined],
      ['not a string', 7],
      ['under 32 characters', 'a'.repeat(31)],
      ['over 64 characters', 'a'.repeat(65)],
      ['with a character outside [a-zA-Z0-9-_]', `${'a'.repeat(31)}.`],
    ];
    for (const [what, versionId] of badVersions) {
      it(`a versionId ${what}`, async () => await expectInvalid(generalAuthorizationEnvelope({ versionId }), 'header.auth.secretsManager.versionId'));
    }
  });

  it('keeps the whole payload for operations that carry more', async () => {
    const envelope = activateUserEnvelope('tok');
    (envelope['payload'] as Record<string, unknown>)['extra'] = { devices: [1] };
    expect((await parseConnectorRequest(envelope)).payload).to.deep.include({ extra: { devices: [1] } });
  });

  it('refuses text that is not JSON', async () => await expectInvalid('{', 'not valid JSON'));
  it('refuses JSON that is not an object', async () => {
    for (const raw of ['[]', '"x"', '42', 'null', [], null, 7, undefined]) await expectInvalid(raw, 'JSON object');
  });
  it('refuses a missing header', async () => await expectInvalid({ payload: activateUserEnvelope('t')['payload'] }, 'header'));
  it('refuses a missing payload', async () => await expectInvalid({ header: activateUserEnvelope('t')['header'] }, 'payload'));
  it('refuses an unknown auth type', async () => await expectInvalid(activateUserEnvelope('t', { type: 'Basic' }), 'header.auth.type'));
  it('refuses an empty token', async () => await expectInvalid(activateUserEnvelope(''), 'header.auth.token'));
  it('refuses a token over 16 KiB', async () => await expectInvalid(activateUserEnvelope('a'.repeat(16 * 1024 + 1)), 'header.auth.token'));
  it('refuses a token that is not a string', async () => {
    const envelope = activateUserEnvelope('t');
    (envelope['header'] as { auth: { token: unknown } }).auth.token = 12;
    await expectInvalid(envelope, 'header.auth.token');
  });
  it('refuses a malformed operationVersion', async () =>
    await expectInvalid(activateUserEnvelope('t', { operationVersion: 'one' }), 'payload.operationVersion'));
  it('refuses a missing connectorId', async () => await expectInvalid(activateUserEnvelope('t', { connectorId: '' }), 'payload.connectorId'));
  it('refuses an envelope over 256 KiB', async () => await expectInvalid(`{"x":"${'a'.repeat(300 * 1024)}"}`, 'larger than'));

  describe('limits checked before any validation', () => {
    afterEach(() => sinon.restore());

    /** class-validator looks up the DTOs' constraints first thing in every validation. */
    function spyOnValidator(): sinon.SinonSpy {
      return sinon.spy(getMetadataStorage(), 'getTargetValidationMetadatas');
    }

    it('sees the validator run for a shallow invalid envelope (so the spy below can tell)', async () => {
      const validator = spyOnValidator();
      await expectInvalid(activateUserEnvelope('t', { operationVersion: 'one' }), 'payload.operationVersion');
      expect(validator.called).to.equal(true);
    });

    it(`refuses an envelope nested deeper than ${MAX_ENVELOPE_DEPTH} levels, as an object or as text, without reaching the validator`, async () => {
      const validator = spyOnValidator();
      // An unknown auth type takes the validator's path, where 3,000 levels used to overflow the stack.
      const deep = activateUserEnvelope('t', { type: 'Basic' });
      (deep['header'] as Record<string, unknown>)['x'] = nested(3_000);
      await expectInvalid(deep, `nested deeper than ${MAX_ENVELOPE_DEPTH} levels`);
      await expectInvalid(JSON.stringify(deep), `nested deeper than ${MAX_ENVELOPE_DEPTH} levels`);
      await expectInvalid(`{"header":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, `nested deeper than ${MAX_ENVELOPE_DEPTH} levels`);
      expect(validator.called).to.equal(false);
    });

    it(`refuses a well-formed envelope that carries ${MAX_ENVELOPE_DEPTH + 1} levels in its payload (the fast path too)`, async () => {
      await expectInvalid(envelopeWithExtra(nested(MAX_ENVELOPE_DEPTH - 1)), `nested deeper than ${MAX_ENVELOPE_DEPTH} levels`);
      await expectInvalid(envelopeWithExtra([[nested(MAX_ENVELOPE_DEPTH - 3)]]), `nested deeper than ${MAX_ENVELOPE_DEPTH} levels`);
    });

    it(`takes an envelope exactly ${MAX_ENVELOPE_DEPTH} levels deep`, async () => {
      const request = await parseConnectorRequest(envelopeWithExtra(nested(MAX_ENVELOPE_DEPTH - 2)));
      expect(JSON.stringify(request.payload['extra'])).to.equal(JSON.stringify(nested(MAX_ENVELOPE_DEPTH - 2)));
    });

    it('refuses an event object that refers to itself', async () => {
      const cyclic = activateUserEnvelope('t');
      (cyclic['payload'] as Record<string, unknown>)['self'] = cyclic;
      expect(() => parseConnectorRequest(cyclic)).to.throw(InvalidRequest, 'nested deeper than');
    });

    it(`refuses an event object whose JSON is over ${MAX_ENVELOPE_BYTES} bytes, as it refuses the text`, async () => {
      for (const size of [300 * 1024, 5 * 1024 * 1024]) {
        const big = envelopeWithExtra('a'.repeat(size));
        await expectInvalid(big, 'larger than');
        await expectInvalid(JSON.stringify(big), 'larger than');
      }
    });

    it('counts the bytes an object event serialises to, not its characters', async () => {
      const overhead = Buffer.byteLength(JSON.stringify(envelopeWithExtra('')));
      // 2 bytes a character in UTF-8 (é), 6 as a JSON escape (U+0001): within the limit as characters, over it as bytes.
      await expectInvalid(envelopeWithExtra('é'.repeat(Math.ceil((MAX_ENVELOPE_BYTES - overhead) / 2) + 1)), 'larger than');
      await expectInvalid(envelopeWithExtra('\u0001'.repeat(Math.ceil((MAX_ENVELOPE_BYTES - overhead) / 6) + 1)), 'larger than');
      const justUnder = envelopeWithExtra('é'.repeat(Math.floor((MAX_ENVELOPE_BYTES - overhead) / 2)));
      expect(Buffer.byteLength(JSON.stringify(justUnder))).to.be.at.most(MAX_ENVELOPE_BYTES);
      expect((await parseConnectorRequest(justUnder)).operationName).to.equal('AWS.ActivateUser');
    });
  });

  it('never echoes the token in its message', async () => {
    const envelope = activateUserEnvelope('super-secret-token', { operationVersion: 'bad' });
    const error = await Promise.resolve(envelope).then(parseConnectorRequest).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidRequest).that.satisfies((e: Error) => !e.message.includes('super-secret'));
  });
});
