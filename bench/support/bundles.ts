import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { REPO_ROOT, TMP_DIR } from './paths.js';

export interface Bundle {
  /** What the Lambda runtime requires. */
  readonly path: string;
  /** Its JavaScript, all files together (a code cache beside it is not code, and not counted). */
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

const REAL_BUNDLE = `${REPO_ROOT}dist/bundle`;

/** `dist/bundle/`, as `npm run bundle` (run by `npm run bench`) made it: the entry and the bundle it runs. */
export function connectorBundle(): Bundle {
  const [entry, bundled] = [`${REAL_BUNDLE}/lambda.js`, `${REAL_BUNDLE}/connector.js`];
  if (!existsSync(entry) || !existsSync(bundled)) throw new Error('dist/bundle/ is incomplete: run `npm run bundle` first.');
  return { path: entry, bytes: statSync(entry).size + statSync(bundled).size, origin: 'dist/bundle/ (npm run bundle)' };
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
