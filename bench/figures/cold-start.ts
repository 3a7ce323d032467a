import { execFile, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { peerBundle, type Bundle } from '../support/bundles.js';
import { activateUserEvent } from '../support/connector-event.js';
import { serveJwksOverHttps } from '../support/jwks-over-https.js';
import { REPO_ROOT, TMP_DIR } from '../support/paths.js';
import { budget, formatMs, formatRatio, knownLimit, type FigureResult, type Row } from '../support/report.js';
import type { BenchSettings } from '../support/settings.js';
import { median, round, shuffled } from '../support/stats.js';
import { TokenFactory } from '#main/testing/index.js';

const ISSUER = 'https://issuer.bench.example';
const AUDIENCE = 'urn:c2c:connector';
const BUNDLE_BUDGET_BYTES = 450 * 1024;

type Kind = 'node -e 0' | 'ours (bundle)' | 'aws-jwt-verify handler';

interface Run {
  readonly wallMs: number;
  readonly loadedAtMs?: number;
  readonly answeredAtMs?: number;
  /** Whether V8 took the bundle's code cache. */
  readonly codeCacheAccepted?: boolean;
  /** Lines the process wrote on stdout (ours: its log line at the default level). */
  readonly stdoutLines: number;
}

/**
 * Figure 4 and the bundle size. Each run is a fresh `node` process: load the bundle (which builds the
 * container), answer one ActivateUser whose key set is fetched over https from 127.0.0.1, exit. Ours and the
 * aws-jwt-verify handler are packaged alike (one esbuild bundle, the same vm.Script entry, a V8 code cache
 * made after one ActivateUser) and run alike, at the default log level. The three kinds are interleaved in a
 * new random order every round. The wall time is taken around spawn and exit here.
 */
export async function measureColdStart(settings: BenchSettings['coldStart']): Promise<FigureResult> {
  const factory = await TokenFactory.create({ issuer: ISSUER, audience: AUDIENCE, alg: 'RS256' });
  const jwks = await serveJwksOverHttps(factory.jwks());
  try {
    const event = activateUserEvent(await factory.sign({ sub: 'cold-user' }));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      NODE_EXTRA_CA_CERTS: jwks.certPath,
      C2C_JWKS_URI: jwks.uri,
      C2C_JWT_ISSUER: ISSUER,
      C2C_JWT_AUDIENCE: AUDIENCE,
    };
    const [ours, peer] = [await connectorBundleForThisNode(), await peerBundle(env, activateUserEvent(await factory.sign({ sub: 'warming' })))];
    const harness = `${REPO_ROOT}bench/cold-start-harness.cjs`;
    const argsOf: Record<Kind, string[]> = {
      'node -e 0': ['-e', '0'],
      'ours (bundle)': [harness, ours.path],
      'aws-jwt-verify handler': [harness, peer.path],
    };
    const runEnv = { ...env, BENCH_EVENT: JSON.stringify(event) };
    const runs: Record<Kind, Run[]> = { 'node -e 0': [], 'ours (bundle)': [], 'aws-jwt-verify handler': [] };
    for (let i = 0; i < settings.runs; i += 1) {
      for (const kind of shuffled(Object.keys(argsOf) as Kind[])) runs[kind].push(await coldRun(argsOf[kind], runEnv));
    }

    const wall = (kind: Kind) => median(runs[kind].map((run) => run.wallMs));
    const [node, oursMs, peerMs] = [wall('node -e 0'), wall('ours (bundle)'), wall('aws-jwt-verify handler')];
    const oursVsPeer = oursMs / peerMs;
    const aboveNode = (oursMs - node) / (peerMs - node);
    const cacheTaken = (kind: Kind) => runs[kind].filter((run) => run.codeCacheAccepted === true).length;
    const cacheNote = (kind: Kind) => (cacheTaken(kind) === settings.runs ? 'code cache' : `code cache taken ${cacheTaken(kind)} of ${settings.runs} times`);
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    const rows: Row[] = [
      {
        figure: '4',
        measure: `cold start: load bundle (${cacheNote('ours (bundle)')}), container, first ActivateUser (JWKS over https)`,
        ours: formatMs(oursMs, 1),
        baseline: `aws-jwt-verify handler, bundled alike (${cacheNote('aws-jwt-verify handler')}) ${formatMs(peerMs, 1)}`,
        ratio: formatRatio(oursVsPeer),
        budget: budget('≤ 1.20×', oursVsPeer <= 1.2, knownLimit('≤ 1.60×', oursVsPeer <= 1.6)),
      },
      {
        figure: '4',
        measure: 'cold start, our work above Node\'s own start (as above, less node -e 0)',
        ours: formatMs(oursMs - node, 1),
        baseline: `aws-jwt-verify handler ${formatMs(peerMs - node, 1)} (node -e 0 ${formatMs(node, 1)})`,
        ratio: formatRatio(aboveNode),
      },
      {
        figure: '4',
        measure: 'deployed size: bundle and its V8 code cache, minified',
        ours: `${kib(ours.bytes + ours.cacheBytes)} (code ${kib(ours.bytes)} + cache ${kib(ours.cacheBytes)})`,
        baseline: `aws-jwt-verify handler ${kib(peer.bytes + peer.cacheBytes)} (code ${kib(peer.bytes)} + cache ${kib(peer.cacheBytes)})`,
        ratio: formatRatio((ours.bytes + ours.cacheBytes) / (peer.bytes + peer.cacheBytes)),
        budget: budget('code ≤ 450 KiB', ours.bytes <= BUNDLE_BUDGET_BYTES),
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
        ratios: { oursVsAwsJwtVerify: round(oursVsPeer, 3), oursVsNode: round(oursMs / node, 3), oursAboveNodeVsPeerAboveNode: round(aboveNode, 3) },
        wallMsByKind: Object.fromEntries(Object.entries(runs).map(([kind, list]) => [kind, list.map((run) => round(run.wallMs, 1))])),
        stdoutLinesPerRun: Object.fromEntries(Object.entries(runs).map(([kind, list]) => [kind, median(list.map((run) => run.stdoutLines))])),
        jwksRequests: jwks.requests(),
        codeCacheAcceptedRuns: { 'ours (bundle)': cacheTaken('ours (bundle)'), 'aws-jwt-verify handler': cacheTaken('aws-jwt-verify handler') },
        bundle: { path: ours.path, origin: ours.origin, bytes: ours.bytes, cacheBytes: ours.cacheBytes, budgetBytes: BUNDLE_BUDGET_BYTES },
        peerBundle: { path: peer.path, origin: peer.origin, bytes: peer.bytes, cacheBytes: peer.cacheBytes },
      },
    };
  } finally {
    await jwks.close();
  }
}

/**
 * dist/bundle/'s code cache is made for template.yaml's runtime (Node.js 24), and V8 rejects it on any other
 * version. The figure runs on the Node.js that runs the bench (the first on the PATH: CI runs it on the machine's
 * and on Node.js 24), so ours is bundled again with its cache made by this Node.js, as the peer's is.
 */
async function connectorBundleForThisNode(): Promise<Bundle> {
  const dir = `${TMP_DIR}/ours-node${process.versions.node}`;
  await promisify(execFile)(process.execPath, [`${REPO_ROOT}scripts/bundle.mjs`, dir, `--cache-node=${process.execPath}`]);
  const [entry, bundled, cache] = [`${dir}/lambda.js`, `${dir}/connector.js`, `${dir}/connector.js.cache`];
  return {
    path: entry,
    bytes: statSync(entry).size + statSync(bundled).size,
    cacheBytes: statSync(cache).size,
    origin: `npm run bundle, its code cache made by Node.js ${process.versions.node}`,
  };
}

function coldRun(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let wallMs = 0;
    let stdoutLines = 0;
    let stderr = '';
    let report = '';
    (child.stdio[1] as Readable).on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) stdoutLines += 1;
    });
    (child.stdio[2] as Readable).on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    (child.stdio[3] as Readable).on('data', (chunk: Buffer) => (report += chunk.toString()));
    child.on('exit', () => (wallMs = performance.now() - started));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`cold start of "${args.join(' ')}" exited ${code}: ${stderr.trim()}`));
        return;
      }
      const phases = report === '' ? {} : (JSON.parse(report) as Omit<Run, 'wallMs' | 'stdoutLines'>);
      resolve({ wallMs, stdoutLines, ...phases });
    });
  });
}
