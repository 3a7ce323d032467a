import { expect } from 'chai';
import { sendJson, startLoopbackServer } from '#main/testing/loopback-server.js';

describe('startLoopbackServer with a body limit', () => {
  it('records and answers a body within the limit, and answers 413 to a longer one without recording it', async () => {
    const server = await startLoopbackServer((request, response) => sendJson(response, 200, { length: request.body.length }), { bodyLimitBytes: 16 });
    try {
      const within = await fetch(server.url, { method: 'POST', body: 'x'.repeat(16) });
      expect(within.status).to.equal(200);
      expect(await within.json()).to.deep.equal({ length: 16 });
      const over = await fetch(server.url, { method: 'POST', body: 'x'.repeat(17) });
      expect(over.status).to.equal(413);
      expect(server.requests.map((request) => request.body.length)).to.deep.equal([16]);
    } finally {
      await server.close();
    }
  });
});
