import { startLoopbackServer, type LoopbackServer } from '../testing/loopback-server.js';

/** The AWS SDK's standard variable for the Secrets Manager endpoint: connectors built on the SDK honour it. */
export const SECRETS_MANAGER_ENDPOINT_SETTING = 'AWS_ENDPOINT_URL_SECRETS_MANAGER';

const NOT_FOUND = JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });

/**
 * A Secrets Manager endpoint that holds no secret: every `GetSecretValue` is answered
 * `ResourceNotFoundException`, as the real service answers a reference to a secret that does not exist. The
 * general-authorization check needs a definite answer from it, not the network failure of an unreachable AWS.
 */
export class EmptySecretsManager {
  private constructor(private readonly server: LoopbackServer) {}

  static async start(): Promise<EmptySecretsManager> {
    return new EmptySecretsManager(
      await startLoopbackServer((_request, response) => {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'c2c-check', 'content-length': Buffer.byteLength(NOT_FOUND) });
        response.end(NOT_FOUND);
      }),
    );
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
