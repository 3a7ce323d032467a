import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { activateUserEvent, expectActivated } from './support/connector-event.js';
import { sendJson, startLoopbackServer, TokenFactory } from '#main/testing/index.js';

/**
 * A workload to profile, not a benchmark: the figure-1 path (handler, JWT, keys cached, distinct tokens).
 * Only the activation loop is profiled (inspector session, sampling every 100 µs), not the signing of the
 * tokens before it: `node dist-bench/bench/profile-handler.js [count] [jose] > /dev/null`, then
 * `node dist-bench/bench/summarise-cpu-profile.js bench-results/profiles/handler.cpuprofile`.
 * With `jose` the loop calls jose.jwtVerify on the same tokens instead, for comparison. The connector logs
 * at `LOG_LEVEL` as a deployment would (default info, one line a call on stdout); the summary goes to stderr.
 */
const count = Number(process.argv[2] ?? 2000);
const factory = await TokenFactory.create({ issuer: 'https://issuer.bench.example', audience: 'urn:c2c:connector' });
const jwksServer = await startLoopbackServer((_request, response) => sendJson(response, 200, factory.jwks()));
const { handler } = createConnector(
  loadConfig({ ...pick(process.env, 'LOG_LEVEL'), C2C_JWKS_URI: `${jwksServer.url}/jwks`, C2C_JWT_ISSUER: factory.options.issuer, C2C_JWT_AUDIENCE: factory.options.audience }),
);
const events: Record<string, unknown>[] = [];
for (let i = 0; i < count; i += 1) events.push(activateUserEvent(await factory.sign({ sub: `user-${i}`, jti: randomUUID() })));
const keys = createLocalJWKSet(factory.jwks());
const verifyWithJose = async (event: Record<string, unknown>) => {
  const token = (event['header'] as { auth: { token: string } }).auth.token;
  await jwtVerify(token, keys, { issuer: factory.options.issuer, audience: factory.options.audience });
};
const joseOnly = process.argv[3] === 'jose';
// Warm: the key set is fetched and the JIT has seen the path before the profile starts.
for (const event of events.splice(0, 200)) {
  if (joseOnly) await verifyWithJose(event);
  else expectActivated(await handler(event));
}
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const started = performance.now();
for (const event of events) {
  if (joseOnly) await verifyWithJose(event);
  else expectActivated(await handler(event));
}
const elapsed = performance.now() - started;
const { profile } = await session.post('Profiler.stop');
mkdirSync('bench-results/profiles', { recursive: true });
const file = `bench-results/profiles/${joseOnly ? 'jose' : 'handler'}.cpuprofile`;
writeFileSync(file, JSON.stringify(profile));
process.stderr.write(`${events.length} ${joseOnly ? 'jose verifications' : 'activations'} in ${elapsed.toFixed(0)} ms: ${((elapsed / events.length) * 1000).toFixed(1)} µs each; profile ${file}\n`);
await jwksServer.close();

function pick(env: NodeJS.ProcessEnv, name: string): Record<string, string> {
  const value = env[name];
  return value === undefined ? {} : { [name]: value };
}
