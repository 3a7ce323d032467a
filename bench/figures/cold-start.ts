import { spawn } from 'node:child_process';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connectorBundle, peerBundle } from '../support/bundles.js';
import { activateUserEvent } from '../support/connector-event.js';
import { REPO_ROOT } from '../support/paths.js';
import { budget, formatMs, formatRatio, knownLimit, type FigureResult, type Row } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { median, round, shuffled } from '../support/stats.js';
import { loopbackTls } from '../support/tls.js';
import { TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://issuer.bench.example';
const AUDIENCE = 'urn:c2c:connector';
const BUNDLE_BUDGET_BYTES = 450 * 1024;

type Kind = 'node -e 0' | 'ours (bundle)' | 'aws-jwt-verify handler';

interface Run {
  readonly wallMs: number;
  readonly loadedAtMs?: number;
  readonly answeredAtMs?: number;
  /** Whether V8 took the bundle's code cache (ours only). */
  readonly codeCacheAccepted?: boolean;
}

/**
 * Figure 4 and the bundle size. Each run is a fresh `node` process: load the bundle (which builds the
 * container), answer one ActivateUser whose key set is fetched over https from 127.0.0.1, exit. The three
 * kinds are interleaved in a new random order every round, so that the neighbours' load spreads evenly.
 * The wall time is taken around spawn and exit here: tinybench times calls, not interleaved processes.
 */
export async function measureColdStart(settings: BenchSettings['coldStart']): Promise<FigureResult> {
  const [ours, peer] = [connectorBundle(), await peerBundle()];
  const tls = loopbackTls();
  const factory = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256' });
  const jwks = JSON.stringify(factory.jwks());
  let jwksRequests = 0;
  const server = createServer({ key: tls.key, cert: tls.cert }, (_request, response) => {
    jwksRequests += 1;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(jwks) });
    response.end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const token = await factory.sign({ sub: 'cold-user' });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      NODE_EXTRA_CA_CERTS: tls.certPath,
      C2C_JWKS_URI: `https://127.0.0.1:${port}/jwks`,
      C2C_JWT_ISSUER: ISSUER,
      C2C_JWT_AUDIENCE: AUDIENCE,
      BENCH_EVENT: JSON.stringify(activateUserEvent(token)),
      // The harness prints its result on stdout, where the connector's own log line would go too.
      LOG_LEVEL: 'warn',
    };
    const harness = `${REPO_ROOT}bench/cold-start-harness.cjs`;
    const argsOf: Record<Kind, string[]> = {
      'node -e 0': ['-e', '0'],
      'ours (bundle)': [harness, ours.path],
      'aws-jwt-verify handler': [harness, peer.path],
    };
    const runs: Record<Kind, Run[]> = { 'node -e 0': [], 'ours (bundle)': [], 'aws-jwt-verify handler': [] };
    for (let i = 0; i < settings.runs; i += 1) {
      for (const kind of shuffled(Object.keys(argsOf) as Kind[])) runs[kind].push(await coldRun(argsOf[kind], env));
    }

    const wall = (kind: Kind) => median(runs[kind].map((run) => run.wallMs));
    const [node, oursMs, peerMs] = [wall('node -e 0'), wall('ours (bundle)'), wall('aws-jwt-verify handler')];
    const oursVsPeer = oursMs / peerMs;
    const accepted = runs['ours (bundle)'].filter((run) => run.codeCacheAccepted === true).length;
    const cacheNote = accepted === settings.runs ? ' (code cache)' : ` (code cache taken ${accepted} of ${settings.runs} times)`;
    const rows: Row[] = [
      {
        figure: '4',
        measure: `cold start: load bundle${cacheNote}, container, first ActivateUser (JWKS over https)`,
        ours: formatMs(oursMs, 1),
        baseline: `aws-jwt-verify handler ${formatMs(peerMs, 1)}`,
        ratio: formatRatio(oursVsPeer),
        budget: budget('≤ 1.20×', oursVsPeer <= 1.2, knownLimit('≤ 1.60×', oursVsPeer <= 1.6)),
      },
      {
        figure: '4',
        measure: 'cold start (as above)',
        ours: formatMs(oursMs, 1),
        baseline: `node -e 0 ${formatMs(node, 1)}`,
        ratio: formatRatio(oursMs / node),
      },
      {
        figure: '4',
        measure: `bundle size, minified${ours.origin.startsWith('STAND-IN') ? ' (stand-in bundle)' : ''}`,
        ours: `${(ours.bytes / 1024).toFixed(1)} KiB`,
        baseline: `aws-jwt-verify handler ${(peer.bytes / 1024).toFixed(1)} KiB`,
        ratio: formatRatio(ours.bytes / peer.bytes),
        budget: budget('≤ 450 KiB', ours.bytes <= BUNDLE_BUDGET_BYTES),
      },
    ];
    const phase = (kind: Kind, key: 'loadedAtMs' | 'answeredAtMs') => round(median(runs[kind].map((run) => run[key] ?? Number.NaN)), 1);
    return {
      rows,
      data: {
        processesPerKind: settings.runs,
        medianWallMs: { 'node -e 0': round(node, 1), 'ours (bundle)': round(oursMs, 1), 'aws-jwt-verify handler': round(peerMs, 1) },
        // Inside the child, from process start (performance.timeOrigin): bundle loaded, first answer ready.
        medianPhasesMs: {
          'ours (bundle)': { loaded: phase('ours (bundle)', 'loadedAtMs'), answered: phase('ours (bundle)', 'answeredAtMs') },
          'aws-jwt-verify handler': { loaded: phase('aws-jwt-verify handler', 'loadedAtMs'), answered: phase('aws-jwt-verify handler', 'answeredAtMs') },
        },
        ratios: {
          oursVsAwsJwtVerify: round(oursVsPeer, 3),
          oursVsNode: round(oursMs / node, 3),
          oursOverNodeVsPeerOverNode: round((oursMs - node) / (peerMs - node), 3),
        },
        wallMsByKind: Object.fromEntries(Object.entries(runs).map(([kind, list]) => [kind, list.map((run) => round(run.wallMs, 1))])),
        jwksRequests,
        // Made by `npm run bundle` with this Node.js: taken unless the bundle was built by another version.
        codeCacheAcceptedRuns: accepted,
        bundle: { path: ours.path, origin: ours.origin, bytes: ours.bytes, budgetBytes: BUNDLE_BUDGET_BYTES },
        peerBundle: { path: peer.path, bytes: peer.bytes },
      },
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function coldRun(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let wallMs = 0;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', () => (wallMs = performance.now() - started));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`cold start of "${args.join(' ')}" exited ${code}: ${stderr.trim()}`));
        return;
      }
      const phases = stdout === '' ? {} : (JSON.parse(stdout) as Omit<Run, 'wallMs'>);
      resolve({ wallMs, ...phases });
    });
  });
}
