import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { createHttpClient } from '#adapters/outbound-http/http-client.js';
import { startLoopbackServer, type LoopbackServer } from '#main/testing/index.js';

describe('createHttpClient against a loopback server', () => {
  let server: LoopbackServer;
  const http = createHttpClient();

  before(async () => {
    server = await startLoopbackServer((request, response) => {
      const body = JSON.stringify({ keys: [] });
      // A server that compresses although asked not to: the client hands the bytes over as they came.
      if (request.url === '/compressed-anyway') {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(body));
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      }
    });
  });
  after(() => server.close());

  it('asks for an uncompressed answer, so that nothing it receives needs zlib', async () => {
    const response = await http.get<string>(`${server.url}/jwks`);
    expect(server.requests.at(-1)?.headers['accept-encoding']).to.equal('identity');
    expect(JSON.parse(response.data)).to.deep.equal({ keys: [] });
  });

  it('never decompresses: a compressed answer stays bytes that no adapter takes for JSON', async () => {
    const response = await http.get<string>(`${server.url}/compressed-anyway`);
    expect(response.headers['content-encoding']).to.equal('gzip');
    expect(() => JSON.parse(response.data) as unknown).to.throw(SyntaxError);
  });
});
