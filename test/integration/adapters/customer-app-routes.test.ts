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

  describe('opened at another loopback name than the one the browser comes back to', () => {
    const sandbox = new FastifyServer(
      [new CustomerAppRoutes({ oauthRedirectUrl: 'http://127.0.0.1:8080/app/linked' })],
      { host: '127.0.0.1', port: 0 },
      new MemoryLog().logger,
    );
    before(() => sandbox.ready());
    after(() => sandbox.close());

    const get = (url: string, host: string) => sandbox.app.inject({ method: 'GET', url, headers: { host } });

    it('sends the start page (and /) to the origin of the OAuthRedirectUrl, where sessionStorage will be read', async () => {
      for (const [url, host] of [['/app', 'localhost:8080'], ['/', 'localhost:8080'], ['/app', '[::1]:8080'], ['/app', '127.0.0.1:9090']]) {
        const answer = await get(url!, host!);
        expect(answer.statusCode, `${url} at ${host}`).to.equal(302);
        expect(answer.headers['location']).to.equal('http://127.0.0.1:8080/app');
      }
    });

    it('serves it at that origin, and never redirects a host name that is not loopback (a proxy in front)', async () => {
      expect((await get('/app', '127.0.0.1:8080')).statusCode).to.equal(200);
      expect((await get('/app', 'links.example.com')).statusCode).to.equal(200);
      expect((await get('/', '127.0.0.1:8080')).headers['location']).to.equal('/app');
    });
  });
});
