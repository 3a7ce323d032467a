import type { ServerResponse } from 'node:http';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '#main/testing/index.js';

/** What the double answers one GetSecretValue with, instead of the stored version. */
export type SecretsManagerAnswer =
  | { readonly error: string; readonly status?: number }
  | { readonly status: number; readonly body: string }
  | 'hang';

export interface SecretsManagerDouble extends LoopbackServer {
  /** The GetSecretValue requests received: SecretId and VersionId as sent. */
  readonly reads: { readonly SecretId?: string; readonly VersionId?: string }[];
  /** Answers every request from now on, until set back to undefined. */
  answer: ((request: RecordedRequest) => SecretsManagerAnswer | undefined) | undefined;
}

/**
 * A Secrets Manager on 127.0.0.1 that speaks its JSON protocol (`application/x-amz-json-1.1`,
 * `X-Amz-Target: secretsmanager.GetSecretValue`), holding `versions`: arn → versionId → SecretString, or
 * `{ binary }` for a SecretBinary. An unknown secret or version is a ResourceNotFoundException, as AWS answers.
 */
export async function startSecretsManagerDouble(
  versions: Readonly<Record<string, Readonly<Record<string, string | { readonly binary: Buffer }>>>>,
): Promise<SecretsManagerDouble> {
  const reads: SecretsManagerDouble['reads'] = [];
  const double = { reads, answer: undefined } as { reads: typeof reads; answer: SecretsManagerDouble['answer'] };
  const server = await startLoopbackServer((request, response) => {
    if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') return sendError(response, 400, 'UnknownOperationException');
    const read = JSON.parse(request.body) as { SecretId?: string; VersionId?: string };
    reads.push(read);
    const planned = double.answer?.(request);
    if (planned === 'hang') return;
    if (planned !== undefined) {
      if ('error' in planned) return sendError(response, planned.status ?? 400, planned.error);
      return send(response, planned.status, planned.body);
    }
    const value = versions[read.SecretId ?? '']?.[read.VersionId ?? ''];
    if (value === undefined) return sendError(response, 400, 'ResourceNotFoundException');
    const secret = typeof value === 'string' ? { SecretString: value } : { SecretBinary: value.binary.toString('base64') };
    return send(
      response,
      200,
      JSON.stringify({ ARN: read.SecretId, Name: 'acme-api-key', VersionId: read.VersionId, VersionStages: ['AWSCURRENT'], CreatedDate: 1.7e9, ...secret }),
    );
  });
  return Object.assign(double, server);
}

function sendError(response: ServerResponse, status: number, type: string): void {
  send(response, status, JSON.stringify({ __type: type, message: `${type} from the test double` }), type);
}

function send(response: ServerResponse, status: number, body: string, errorType?: string): void {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': 'test-request',
    ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
  });
  response.end(body);
}
