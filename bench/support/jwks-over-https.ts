import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { loopbackTls } from './tls.js';

export interface JwksOverHttps {
  readonly uri: string;
  /** For NODE_EXTRA_CA_CERTS in the child processes, which fetch keys over https as in production. */
  readonly certPath: string;
  requests(): number;
  close(): Promise<void>;
}

/** A key set served over https on 127.0.0.1 with the bench's self-signed certificate. */
export async function serveJwksOverHttps(jwks: JSONWebKeySet): Promise<JwksOverHttps> {
  const tls = loopbackTls();
  const body = JSON.stringify(jwks);
  let requests = 0;
  const server = createServer({ key: tls.key, cert: tls.cert }, (_request, response) => {
    requests += 1;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `https://127.0.0.1:${port}/jwks`,
    certPath: tls.certPath,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
