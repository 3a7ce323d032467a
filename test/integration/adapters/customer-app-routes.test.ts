import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { CustomerAppRoutes } from '#adapters/http/customer-app-routes.js';
import { FastifyServer } from '#adapters/http/fastify-server.js';
import { MemoryLog } from '../../support/memory-log.js';

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('CustomerAppRoutes', () => {
  const server = new FastifyServer([new CustomerAppRoutes()], { host: '127.0.0.1', port: 0 }, new MemoryLog().logger);
  before(() => server.ready());
  after(() => server.close());

  for (const path of ['/app', '/app/linked']) {
    it(`serves ${path} with a CSP that allows exactly its own inline script and style`, async () => {
      const page = await server.app.inject({ method: 'GET', url: path });

      expect(page.statusCode).to.equal(200);
      expect(page.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(page.headers['cache-control']).to.equal('no-store');
      expect(page.headers['referrer-policy']).to.equal('no-referrer');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).to.contain("default-src 'none'").and.to.contain("connect-src 'self'");
      const script = /<script>([\s\S]*?)<\/script>/.exec(page.body)?.[1] ?? '';
      const style = /<style>([\s\S]*?)<\/style>/.exec(page.body)?.[1] ?? '';
      expect(csp).to.match(/script-src [^;]+/).and.to.contain(sha256Source(script));
      expect(csp).to.contain(`style-src ${sha256Source(style)}`);
      expect(script).not.to.match(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    });
  }

  it('sends / to the start page', async () => {
    const answer = await server.app.inject({ method: 'GET', url: '/' });
    expect(answer.statusCode).to.equal(302);
    expect(answer.headers['location']).to.equal('/app');
  });
});
