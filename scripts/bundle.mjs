// Bundles the connector Lambda (dist/main/lambda.js, so run `npm run build` first) into one CommonJS file
// that runs without node_modules: dist/bundle/lambda.js, beside a package.json that marks it CommonJS.
// Usage: node scripts/bundle.mjs [outdir]
import { readFile } from 'node:fs/promises';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * The connector sends no FormData and uses axios's http adapter only. Left in, axios's fetch adapter and
 * its FormData check touch Node's lazy `fetch`/`FormData` globals at import, which loads undici (about
 * 35 ms of every cold start), and the form-data package brings mime-db (about 140 KiB). Each replacement
 * must find its target, so an axios upgrade that moves them fails the build instead of going slow.
 */
const withoutUnusedAxiosParts = {
  name: 'without-unused-axios-parts',
  setup(build) {
    build.onResolve({ filter: /^form-data$/ }, () => ({ path: 'form-data', namespace: 'unused' }));
    build.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({
      contents: 'export default class FormData { constructor() { throw new Error("FormData bodies are not supported"); } }',
    }));
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

const outdir = resolve(process.argv[2] ?? 'dist/bundle');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'lambda.js');
await build({
  entryPoints: ['dist/main/lambda.js'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  // Without 'module' first, class-validator's CommonJS build comes in and doubles the size.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  // The Lambda Node.js runtime ships the AWS SDK v3; only DeactivateUser's link store loads it, lazily.
  external: ['@aws-sdk/*'],
  plugins: [withoutUnusedAxiosParts],
  logLevel: 'warning',
});
writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
const bytes = statSync(outfile).size;
process.stdout.write(`${outfile}: ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes)\n`);
