// Bundles the connector Lambda (dist/main/lambda.js, so run `npm run build` first) into one CommonJS file
// that runs without node_modules: dist/bundle/lambda.js, beside a package.json that marks it CommonJS.
// Usage: node scripts/bundle.mjs [outdir]
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

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
  logLevel: 'warning',
});
writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
const bytes = statSync(outfile).size;
process.stdout.write(`${outfile}: ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes)\n`);
