import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { expect } from 'chai';
import { SystemClock } from '#adapters/clock/system-clock.js';
import { AxiosConnectorEvents } from '#adapters/connector-events/axios-connector-events.js';
import { createSigV4RequestSigner } from '#adapters/connector-events/sigv4-request-signer.js';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { Deadline } from '#application/deadline.js';
import type { ConnectorEvent } from '#application/ports/connector-events.js';
import { ConnectorMisconfigured } from '#domain/errors/connector-misconfigured.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '#main/testing/index.js';
import { expectDomainError } from '../../support/expect-domain-error.js';

const clock = new SystemClock();
const http = createHttpClient();
const STATIC: AwsCredentialIdentity = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-of-the-role' };

const event: ConnectorEvent = {
  operation: 'DEVICE_COMMAND_RESPONSE',
  userId: 'ann-1',
  traceId: 'trace-1',
  connectorDeviceId: 'lamp-1',
  statusCode: 200,
  endpoint: { id: '1', clusters: [{ id: '0x0006', attributes: { '0x0000': true } }] },
};

interface Verifier {
  region: string;
  service: string;
  /** Changes the body as a party between the two would, before the check. */
  tamper?: (body: string) => string;
}

/**
 * Checks a request as SigV4 is checked: signs what was received again, with the same signer and the same
 * credentials, on the date the request claims, recomputing the payload hash from the body received; the
 * Authorization header must come out the same.
 */
async function signatureMatches(request: RecordedRequest, host: string, verifier: Verifier): Promise<boolean> {
  const authorization = request.headers.authorization;
  const amzDate = request.headers['x-amz-date'];
  if (typeof authorization !== 'string' || typeof amzDate !== 'string') return false;
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    if (name === 'x-amz-content-sha256') continue;
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const url = new URL(request.url, `http://${host}`);
  const signer = new SignatureV4({ service: verifier.service, region: verifier.region, credentials: STATIC, sha256: Sha256 });
  const date = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const body = verifier.tamper?.(request.body) ?? request.body;
  const resigned = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers, body },
    { signingDate: date },
  );
  return resigned.headers['authorization'] === authorization;
}

describe('SigV4-signed SendConnectorEvent against a loopback server that checks the signature', () => {
  let server: LoopbackServer;
  let verifier: Verifier;
  const verdicts: boolean[] = [];

  beforeEach(async () => {
    verifier = { region: 'us-east-1', service: 'iotmanagedintegrations' };
    verdicts.length = 0;
    server = await startLoopbackServer(async (request, response) => {
      const matches = await signatureMatches(request, new URL(server.url).host, verifier);
      verdicts.push(matches);
      if (matches) sendJson(response, 202, { ConnectorId: 'connector-1' });
      else sendJson(response, 403, { __type: 'InvalidSignatureException', message: 'The request signature we calculated does not match.' });
    });
  });
  afterEach(() => server.close());

  function events(region = 'us-east-1', service?: string) {
    const sign = createSigV4RequestSigner({ region, credentials: STATIC, ...(service === undefined ? {} : { service }) });
    return new AxiosConnectorEvents(http, { baseUrl: server.url, sign, configuredBy: 'AWS_REGION' });
  }
  const deadline = () => Deadline.in(1500, clock);

  it('sends a request whose signature the same signer, with the same credentials, computes again', async () => {
    await events().send('connector-1', event, deadline());
    expect(verdicts).to.deep.equal([true]);
    const [request] = server.requests;
    expect(request?.url).to.equal('/connector-event/connector-1');
    const authorization = String(request?.headers.authorization);
    expect(authorization).to.match(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/iotmanagedintegrations\/aws4_request, SignedHeaders=/);
    for (const header of ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token']) {
      expect(authorization, header).to.match(new RegExp(`SignedHeaders=[^,]*\\b${header}\\b`));
    }
    expect(request?.headers['x-amz-security-token']).to.equal('session-token-of-the-role');
  });

  it('is refused when the body was changed on the way', async () => {
    verifier.tamper = (body) => body.replace('"StatusCode":200', '"StatusCode":500');
    const error = await expectDomainError(events().send('connector-1', event, deadline()), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' });
    expect(error.message).to.contain('HTTP 403, InvalidSignatureException');
    expect(verdicts).to.deep.equal([false]);
  });

  it('is refused when signed for another region', async () => {
    await expectDomainError(events('eu-west-1').send('connector-1', event, deadline()), { type: ConnectorMisconfigured, code: 'CONFIGURATION_ERROR' });
    expect(verdicts).to.deep.equal([false]);
  });

  it('is refused when signed for another service (the endpoint prefix is not the signing name)', async () => {
    await expectDomainError(events('us-east-1', 'api.iotmanagedintegrations').send('connector-1', event, deadline()), {
      type: ConnectorMisconfigured,
      code: 'CONFIGURATION_ERROR',
    });
    expect(verdicts).to.deep.equal([false]);
  });

  it('the check itself refuses a request signed with other credentials', async () => {
    const other = createSigV4RequestSigner({ region: 'us-east-1', credentials: { ...STATIC, secretAccessKey: 'another-secret-key-of-another-account' } });
    await expectDomainError(new AxiosConnectorEvents(http, { baseUrl: server.url, sign: other, configuredBy: 'x' }).send('connector-1', event, deadline()), {
      type: ConnectorMisconfigured,
      code: 'CONFIGURATION_ERROR',
    });
    expect(verdicts).to.deep.equal([false]);
  });

  it('takes its credentials from the AWS SDK\'s default chain when given none (here: the environment)', async () => {
    const saved = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'], token: process.env['AWS_SESSION_TOKEN'] };
    process.env['AWS_ACCESS_KEY_ID'] = STATIC.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = STATIC.secretAccessKey;
    process.env['AWS_SESSION_TOKEN'] = STATIC.sessionToken;
    try {
      const sign = createSigV4RequestSigner({ region: 'us-east-1' });
      await new AxiosConnectorEvents(http, { baseUrl: server.url, sign, configuredBy: 'x' }).send('connector-1', event, deadline());
      expect(verdicts).to.deep.equal([true]);
    } finally {
      restore('AWS_ACCESS_KEY_ID', saved.id);
      restore('AWS_SECRET_ACCESS_KEY', saved.secret);
      restore('AWS_SESSION_TOKEN', saved.token);
    }
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
