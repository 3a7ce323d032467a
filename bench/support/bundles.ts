import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { REPO_ROOT, TMP_DIR } from './paths.js';

export interface Bundle {
  /** What the Lambda runtime requires. */
  readonly path: string;
  /** Its JavaScript, the entry and the bundle it runs. */
  readonly bytes: number;
  /** The V8 code cache beside it: deployed with the code, read at every cold start. */
  readonly cacheBytes: number;
  /** Where it came from. */
  readonly origin: string;
}

/** The options of `npm run bundle` (scripts/bundle.mjs: CommonJS, minified, for the oldest runtime, nodejs22.x), for the peer handler. */
export const LAMBDA_BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  logLevel: 'error',
};

/**
 * The hand-written aws-jwt-verify handler, packaged as `npm run bundle` packages ours: the same esbuild options,
 * the same entry (scripts/lambda-entry.cjs, which runs the bundle through vm.Script with its code cache) and a
 * code cache made the same way, by scripts/write-code-cache.cjs after one ActivateUser. `env` lets that warming
 * run fetch keys (the peer takes https only) and `event` is its ActivateUser.
 */
export async function peerBundle(env: NodeJS.ProcessEnv, event: unknown): Promise<Bundle> {
  const dir = `${TMP_DIR}/peer`;
  mkdirSync(dir, { recursive: true });
  await build({
    ...LAMBDA_BUNDLE_OPTIONS,
    entryPoints: [`${REPO_ROOT}bench/peer/aws-jwt-verify-handler.ts`],
    outfile: `${dir}/connector.js`,
    absWorkingDir: REPO_ROOT,
    tsconfig: `${REPO_ROOT}tsconfig.json`,
  });
  // The repository is "type": "module"; a CommonJS bundle needs its own marker next to it.
  writeFileSync(`${dir}/package.json`, '{"type":"commonjs"}\n');
  copyFileSync(`${REPO_ROOT}scripts/lambda-entry.cjs`, `${dir}/lambda.js`);
  rmSync(`${dir}/connector.js.cache`, { force: true });
  await promisify(execFile)(process.execPath, [`${REPO_ROOT}scripts/write-code-cache.cjs`, dir], {
    env: { ...env, C2C_CACHE_WARMING_EVENT: JSON.stringify(event) },
  });
  return bundleIn(dir, 'bench/peer/aws-jwt-verify-handler.ts, bundled and cached as npm run bundle does ours');
}

function bundleIn(dir: string, origin: string): Bundle {
  const [entry, bundled, cache] = [`${dir}/lambda.js`, `${dir}/connector.js`, `${dir}/connector.js.cache`];
  if (!existsSync(entry) || !existsSync(bundled) || !existsSync(cache)) throw new Error(`${dir} is incomplete: run \`npm run bundle\` first.`);
  return { path: entry, bytes: statSync(entry).size + statSync(bundled).size, cacheBytes: statSync(cache).size, origin };
}
