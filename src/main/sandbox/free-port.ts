import { createServer } from 'node:net';

/**
 * A port that was free a moment ago. The sandbox must know its callback URL before the authorization server
 * that redirects to it starts, hence before the service itself listens.
 */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
