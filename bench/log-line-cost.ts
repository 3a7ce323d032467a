import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { PinoLogger } from '#adapters/logging/pino-logger.js';
import type { Logger } from '#application/ports/logger.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { activateUserEvent, expectActivated, type EnvelopeLike } from './support/connector-event.js';
import { quietLogger } from './support/quiet-logger.js';
import { sendJson, startLoopbackServer, TokenFactory } from '#main/testing/index.js';

/**
 * What the invocation's log line costs inside the handler, not a benchmark: figure 1's loop (distinct tokens,
 * keys cached) through three connectors in one process, told apart only by their logger (none writing, pino's
 * line to a destination that drops it, pino's line on stdout), blocks of 100 calls interleaved with
 * jose.jwtVerify in random order. Per side it prints the median over blocks of the wall time and of the main
 * thread's own CPU time (Linux schedstat: neither the thread pool's work nor the time the thread waited for a
 * core) above jose's. `node dist-bench/bench/log-line-cost.js [calls] > /dev/null`, or `| cat > /dev/null` for a
 * pipe whose reader wakes up on each line, as the Lambda runtime's.
 */
const calls = Number(process.argv[2] ?? 3000);
const BLOCK = 100;
const loggers: Record<string, () => Logger> = {
  'no line (a logger that writes nothing)': quietLogger,
  'the line, to a destination that drops it': () => PinoLogger.create({ destination: { write() {} } }),
  'the line on stdout (as deployed)': () => PinoLogger.create(),
};
const factory = await TokenFactory.create({ issuer: 'https://issuer.bench.example', audience: 'urn:c2c:connector' });
const jwksServer = await startLoopbackServer((_request, response) => sendJson(response, 200, factory.jwks()));
const env = { C2C_JWKS_URI: `${jwksServer.url}/jwks`, C2C_JWT_ISSUER: factory.options.issuer, C2C_JWT_AUDIENCE: factory.options.audience };
const handlers: Record<string, (event: Record<string, unknown>, context: object) => Promise<unknown>> = {};
for (const [name, logger] of Object.entries(loggers)) {
  const connector = createConnector(loadConfig(env), { ports: { logger: logger() } });
  await connector.ready;
  handlers[name] = connector.handler;
}
const JOSE = 'jose.jwtVerify';
const sides = [...Object.keys(handlers), JOSE];
const tokens: string[] = [];
for (let i = 0; tokens.length < (calls + 300) * sides.length; i += 64) {
  tokens.push(...(await Promise.all(Array.from({ length: 64 }, (_, j) => factory.sign({ sub: `user-${i + j}`, jti: randomUUID() })))));
}
const keys = createLocalJWKSet(factory.jwks());
const options = { issuer: factory.options.issuer, audience: factory.options.audience, algorithms: ['RS256'], clockTolerance: 5, requiredClaims: ['exp'] };
const context = () => ({ awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 2000 });
const run = async (side: string, batch: string[]) => {
  const events = batch.map(activateUserEvent);
  const contexts = batch.map(context);
  const handler = handlers[side];
  if (handler === undefined) for (const token of batch) await jwtVerify(token, keys, options);
  else for (let i = 0; i < batch.length; i += 1) expectActivated((await handler(events[i]!, contexts[i]!)) as EnvelopeLike);
};
for (const side of sides) await run(side, tokens.splice(0, 300));
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const onCpuNs = () => Number(readFileSync(schedstat, 'utf8').split(' ')[0]);
const wall: Record<string, number[]> = Object.fromEntries(sides.map((side) => [side, []]));
const cpu: Record<string, number[]> = Object.fromEntries(sides.map((side) => [side, []]));
for (let block = 0; block < calls / BLOCK; block += 1) {
  for (const side of [...sides].sort(() => Math.random() - 0.5)) {
    const batch = tokens.splice(0, BLOCK);
    const cpuBefore = onCpuNs();
    const started = performance.now();
    await run(side, batch);
    wall[side]!.push(((performance.now() - started) / BLOCK) * 1000);
    cpu[side]!.push((onCpuNs() - cpuBefore) / BLOCK / 1000);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const over = (of: Record<string, number[]>, side: string) => median(of[side]!.map((value, i) => value - of[JOSE]![i]!));
process.stderr.write(`jose.jwtVerify: ${median(wall[JOSE]!).toFixed(1)} µs a call, ${median(cpu[JOSE]!).toFixed(1)} µs of main-thread CPU\n`);
for (const side of Object.keys(handlers)) {
  process.stderr.write(`${side}: +${over(wall, side).toFixed(1)} µs wall, +${over(cpu, side).toFixed(1)} µs main-thread CPU over jose\n`);
}
process.stderr.write(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`);
await jwksServer.close();
