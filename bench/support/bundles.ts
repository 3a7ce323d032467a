import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { REPO_ROOT, TMP_DIR } from './paths.js';

export interface Bundle {
  readonly path: string;
  readonly bytes: number;
  /** Where it came from. */
  readonly origin: string;
}

/** The options of `npm run bundle` (a CommonJS Lambda bundle for Node 20), used for the peer handler too. */
export const LAMBDA_BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  mainFields: ['module', 'main'],
  logLevel: 'error',
};

const REAL_BUNDLE = `${REPO_ROOT}dist/bundle/lambda.js`;

/** `dist/bundle/lambda.js`, as `npm run bundle` (run by `npm run bench`) made it. */
export function connectorBundle(): Bundle {
  if (!existsSync(REAL_BUNDLE)) throw new Error('dist/bundle/lambda.js is missing: run `npm run bundle` first.');
  return { path: REAL_BUNDLE, bytes: statSync(REAL_BUNDLE).size, origin: 'dist/bundle/lambda.js (npm run bundle)' };
}

/** The hand-written aws-jwt-verify handler, bundled the same way, so both cold starts load one file. */
export async function peerBundle(): Promise<Bundle> {
  const path = `${TMP_DIR}/peer/aws-jwt-verify-handler.js`;
  await bundle(`${REPO_ROOT}bench/peer/aws-jwt-verify-handler.ts`, path);
  return { path, bytes: statSync(path).size, origin: 'bench/peer/aws-jwt-verify-handler.ts, bundled alike' };
}

async function bundle(entry: string, outfile: string): Promise<void> {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({ ...LAMBDA_BUNDLE_OPTIONS, entryPoints: [entry], outfile, absWorkingDir: REPO_ROOT, tsconfig: `${REPO_ROOT}tsconfig.json` });
  // The repository is "type": "module"; a CommonJS bundle needs its own marker next to it.
  writeFileSync(`${dirname(outfile)}/package.json`, '{"type":"commonjs"}\n');
}
