// Bundles the connector Lambda (dist/main/lambda.js, so run `npm run build` first) into one CommonJS file
// that runs without node_modules, dist/bundle/connector.js, and writes beside it the Lambda entry
// (lambda.js, from scripts/lambda-entry.cjs), the V8 code cache of both (connector.js.cache) and a
// package.json that marks the directory CommonJS. V8 takes a code cache only from the Node.js version that
// made it, so the cache is made by the Node.js of template.yaml's runtime: this one when its major version
// matches, else the devDependency of that version (node24: node_modules/node24/bin/node).
// Usage: node scripts/bundle.mjs [outdir] [--cache-node=<path of the node binary that makes the cache>]
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * The connector sends no FormData and uses axios's http adapter only. Left in, axios's fetch adapter and
 * its FormData check touch Node's lazy `fetch`/`FormData` globals at import, which loads undici (about
 * 35 ms of every cold start), and the form-data package brings mime-db (about 140 KiB). Each replacement
 * must find its target, so an axios upgrade that moves them fails the build instead of going slow.
 */
const UNUSED_BY_AXIOS = {
  'form-data': 'export default class FormData { constructor() { throw new Error("FormData bodies are not supported"); } }',
  // The client sets proxy: false, maxRedirects: 0 and never asks for HTTP/2: axios then uses Node's own
  // http and https, and these (about 8 ms of every cold start: https-proxy-agent with debug, follow-redirects,
  // Node's http2) are never called.
  'https-proxy-agent': 'export default class HttpsProxyAgent { constructor() { throw new Error("proxies are not supported"); } }',
  'follow-redirects':
    'const unsupported = { request() { throw new Error("redirects are not followed"); } };\n' +
    'export default { http: unsupported, https: unsupported };',
  http2: 'export default { connect() { throw new Error("HTTP/2 is not supported"); } };',
  // The client asks for identity encoding and sets decompress: false, so axios never decompresses: zlib (about
  // 0.5 ms of every cold start) is read only for constants and feature checks at axios's import.
  zlib:
    'const unsupported = () => { throw new Error("compressed answers are not accepted"); };\n' +
    'export default { constants: {}, createUnzip: unsupported, createBrotliDecompress: unsupported, createZstdDecompress: unsupported };',
};

/**
 * axios reads three functions of `util` through its default export, which esbuild turns into a copy of every
 * property of the module. On Node.js 24 reading util's property list loads what its lazy properties stand for
 * (util.diff with its colours and a stderr stream, setTraceSigInt with worker_threads): 1.5–4 ms of every cold
 * start. Named imports need no copy. The list is checked against axios's sources at each build.
 */
const UTIL_AS_AXIOS_USES_IT = ['promisify', 'TextEncoder', 'isDeepStrictEqual'];

const withoutUnusedParts = {
  name: 'without-unused-parts',
  setup(build) {
    const replaced = new Set();
    // First, so that it reads each axios file before another callback here answers for it.
    const utilUses = new Set();
    build.onResolve({ filter: /^util$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]axios[\\/]/.test(args.importer)) return undefined;
      replaced.add('util');
      return { path: 'util', namespace: 'util-as-axios-uses-it' };
    });
    build.onLoad({ filter: /.*/, namespace: 'util-as-axios-uses-it' }, () => {
      const names = UTIL_AS_AXIOS_USES_IT.join(', ');
      return { contents: `import { ${names} } from 'node:util';\nexport default { ${names} };\n`, loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]node_modules[\\/]axios[\\/]lib[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!/^import util from 'util';$/m.test(source)) return undefined;
      for (const [, name] of source.matchAll(/\butil\.(\w+)/g)) utilUses.add(name);
      return undefined;
    });
    build.onEnd(() => {
      const unknown = [...utilUses].filter((name) => !UTIL_AS_AXIOS_USES_IT.includes(name));
      if (unknown.length > 0) throw new Error(`axios now uses util.${unknown.join(', util.')}: add it to UTIL_AS_AXIOS_USES_IT`);
    });
    const names = Object.keys(UNUSED_BY_AXIOS).map((name) => name.replace(/[-/]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => {
      if (!/[\\/]node_modules[\\/]axios[\\/]/.test(args.importer)) return undefined;
      replaced.add(args.path);
      return { path: args.path, namespace: 'unused' };
    });
    build.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({ contents: UNUSED_BY_AXIOS[args.path] }));
    build.onEnd(() => {
      const expected = [...Object.keys(UNUSED_BY_AXIOS), 'axios proxy-env check', 'util'];
      const missing = expected.filter((name) => !replaced.has(name));
      if (missing.length > 0) throw new Error(`the bundle no longer contains ${missing.join(', ')}: review the bundle plugin`);
    });
    // The Lambda's lines are written by our own writer; pino serves the HTTP service's buffered output only.
    build.onResolve({ filter: /^pino$/ }, (args) => ({
      errors: [{ text: `${args.importer} imports pino, which the Lambda does not load: import it in the HTTP entry only` }],
    }));
    // proxy: false makes axios ask, on every request, whether this Node has --use-env-proxy, so that it can
    // swap an agent built with proxyEnv for a direct one. The client's agents are built without proxyEnv, so the
    // answer never matters; asking builds Node's set of allowed flags, about 1 ms of the first key fetch.
    build.onLoad({ filter: /axios[\\/]lib[\\/]adapters[\\/]http\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const flagCheck = "!process.allowedNodeEnvironmentFlags ||\n    !process.allowedNodeEnvironmentFlags.has('--use-env-proxy')";
      if (!source.includes(flagCheck)) throw new Error(`axios http adapter changed: "${flagCheck}" not found`);
      replaced.add('axios proxy-env check');
      return { contents: source.replace(flagCheck, 'true'), loader: 'js' };
    });
    build.onLoad({ filter: /axios[\\/]lib[\\/]adapters[\\/]fetch\.js$/ }, () => ({
      contents: 'export const getFetch = () => false;\nexport default false;\n',
    }));
    build.onLoad({ filter: /axios[\\/]lib[\\/]utils\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const lazyGlobal = "typeof G.FormData !== 'undefined' ? G.FormData : undefined";
      if (!source.includes(lazyGlobal)) throw new Error(`axios utils changed: "${lazyGlobal}" not found`);
      return { contents: source.replace(lazyGlobal, 'undefined'), loader: 'js' };
    });
  },
};

/**
 * What the composition loads with `import()` only for the HTTP entry and the embedded store: a Lambda
 * answers through its handler and keeps links in DynamoDB. Left in, fastify and LevelDB (a native
 * add-on) would triple the bundle. Each stand-in says why it is missing if it is ever called.
 */
const NOT_IN_THE_LAMBDA = {
  'main/composition/http-entry.js': 'the HTTP entry is not in the Lambda bundle: run dist/main/server.js',
  'adapters/persistence/embedded-dynamo-db.js': 'the embedded store is not in the Lambda bundle: set C2C_DYNAMODB_ENDPOINT=aws',
  'adapters/persistence/level-account-link-repository.js': 'the embedded store is not in the Lambda bundle: set C2C_DYNAMODB_ENDPOINT=aws',
};

const withoutOtherEntries = {
  name: 'without-other-entries',
  setup(build) {
    const left = new Set(Object.keys(NOT_IN_THE_LAMBDA));
    build.onLoad({ filter: /[\\/]dist[\\/](main[\\/]composition[\\/]http-entry|adapters[\\/]persistence[\\/](embedded-dynamo-db|level-account-link-repository))\.js$/ }, (args) => {
      const key = Object.keys(NOT_IN_THE_LAMBDA).find((suffix) => args.path.replaceAll('\\', '/').endsWith(suffix));
      left.delete(key);
      const missing = `() => { throw new Error(${JSON.stringify(NOT_IN_THE_LAMBDA[key])}); }`;
      const contents = key.includes('http-entry')
        ? `export const createHttpServer = ${missing};\n`
        : key.includes('level-account-link-repository')
          ? `export class LevelAccountLinkRepository { static open() { (${missing})(); } }\n`
          : `export class EmbeddedDynamoDb { constructor() { (${missing})(); } }\n`;
      return { contents, loader: 'js' };
    });
    build.onEnd(() => {
      if (left.size > 0) throw new Error(`the bundle no longer loads ${[...left].join(', ')}: review the bundle plugin`);
    });
  },
};

const options = process.argv.slice(2);
const cacheNodeOption = options.find((option) => option.startsWith('--cache-node='));
const outdir = resolve(options.find((option) => !option.startsWith('--')) ?? 'dist/bundle');
const runtime = templateRuntime();
const cacheNode = cacheNodeOption === undefined ? runtimeNode(runtime) : resolve(cacheNodeOption.slice('--cache-node='.length));
const cacheNodeVersion = await nodeVersionOf(cacheNode);
mkdirSync(outdir, { recursive: true });
const bundleFile = join(outdir, 'connector.js');
await build({
  entryPoints: ['dist/main/lambda.js'],
  outfile: bundleFile,
  bundle: true,
  platform: 'node',
  // The oldest supported runtime (nodejs22.x): the bundle runs on any of them, with its cache on the template's.
  target: 'node22',
  format: 'cjs',
  minify: true,
  // Without 'module' first, class-validator's CommonJS build comes in and doubles the size.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  // The Lambda Node.js runtime ships the AWS SDK v3 and the @smithy packages it is built on; only
  // DeactivateUser's link store and the SigV4 event publisher load them, lazily, on first use.
  external: ['@aws-sdk/*', '@smithy/*'],
  plugins: [withoutUnusedParts, withoutOtherEntries],
  logLevel: 'warning',
});
writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
copyFileSync(new URL('./lambda-entry.cjs', import.meta.url), join(outdir, 'lambda.js'));
await writeCodeCache(outdir);

const codeBytes = statSync(bundleFile).size + statSync(join(outdir, 'lambda.js')).size;
const cacheBytes = statSync(join(outdir, 'connector.js.cache')).size;
process.stdout.write(`${outdir}: code ${(codeBytes / 1024).toFixed(0)} KiB (${codeBytes} bytes), code cache ${(cacheBytes / 1024).toFixed(0)} KiB for Node ${cacheNodeVersion}${cacheNodeOption === undefined ? ` (template.yaml: ${runtime.name})` : ''}\n`);

/** The Lambda runtime template.yaml deploys the bundle on, e.g. { name: 'nodejs24.x', major: 24 }. */
function templateRuntime() {
  const template = readFileSync(fileURLToPath(new URL('../template.yaml', import.meta.url)), 'utf8');
  const match = /^\s+Runtime:\s*(nodejs(\d+)\.x)\s*$/m.exec(template);
  if (match === null) throw new Error('template.yaml names no nodejsNN.x Runtime: the code cache needs to know which Node.js runs it');
  return { name: match[1], major: Number(match[2]) };
}

/** This Node.js if it is the runtime's major version, else the devDependency alias of that version. */
function runtimeNode({ name, major }) {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const binary = fileURLToPath(new URL(`../node_modules/node${major}/bin/node`, import.meta.url));
  if (existsSync(binary)) return binary;
  throw new Error(
    `the code cache must be made by Node.js ${major}, the runtime of template.yaml (${name}), and this is Node.js ${process.versions.node}: ` +
      `install the devDependencies (node${major}, ${binary}), run this script with Node.js ${major}, or pass --cache-node=<path>`,
  );
}

async function nodeVersionOf(binary) {
  const { stdout } = await promisify(execFile)(binary, ['-p', 'process.versions.node']);
  return stdout.trim();
}

/**
 * Runs the bundle once, as the Lambda would, against a key set served here on loopback, and keeps what V8
 * compiled: the bundle's top level and the functions of one ActivateUser on the JWT path.
 */
async function writeCodeCache(dir) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bundle', alg: 'RS256', use: 'sig' }] });
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    const issuer = 'https://bundle.invalid';
    const token = await new SignJWT({ sub: 'bundle-warming' })
      .setProtectedHeader({ alg: 'RS256', kid: 'bundle' })
      .setIssuer(issuer)
      .setAudience('bundle')
      .setExpirationTime('5m')
      .sign(privateKey);
    const event = {
      header: { auth: { token, type: 'OAuth2.0' } },
      payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: 'bundle' },
    };
    await promisify(execFile)(cacheNode, [new URL('./write-code-cache.cjs', import.meta.url).pathname, dir], {
      env: {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'silent',
        C2C_JWKS_URI: `http://127.0.0.1:${server.address().port}/jwks`,
        C2C_JWT_ISSUER: issuer,
        C2C_JWT_AUDIENCE: 'bundle',
        C2C_CACHE_WARMING_EVENT: JSON.stringify(event),
      },
    });
  } finally {
    server.close();
  }
}
