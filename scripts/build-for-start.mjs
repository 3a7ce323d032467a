// `npm start`'s build: compiles src/ alone (never the tests or examples) into dist/, only the files whose
// source changed since their output was written, with esbuild (one file in, one file out, no type check:
// `npm test` type-checks). A first start compiles everything in about a second, a restart nothing.
// dist/ is what `npm run build` (tsc) writes too: either way `node dist/main/server.js` runs the same code.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const [sourceDir, outDir] = [join(root, 'src'), join(root, 'dist')];
// A change to these changes every output: recompile everything.
const settings = ['tsconfig.base.json', 'tsconfig.json', 'package-lock.json', 'scripts/build-for-start.mjs'].map((file) => statSync(join(root, file)).mtimeMs);
const settingsChanged = Math.max(...settings);

const sources = walk(sourceDir).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
const outputOf = (source) => join(outDir, relative(sourceDir, source)).replace(/\.ts$/, '.js');
const stale = sources.filter((source) => {
  const output = outputOf(source);
  if (!existsSync(output)) return true;
  const written = statSync(output).mtimeMs;
  return written < statSync(source).mtimeMs || written < settingsChanged;
});

// Outputs whose source is gone would otherwise stay importable.
const expected = new Set(sources.map(outputOf));
for (const layer of ['domain', 'application', 'adapters', 'main']) {
  for (const output of walk(join(outDir, layer)).filter((file) => file.endsWith('.js'))) {
    if (expected.has(output)) continue;
    for (const file of [output, `${output}.map`, output.replace(/\.js$/, '.d.ts')]) rmSync(file, { force: true });
  }
}

if (stale.length > 0) {
  const started = performance.now();
  await build({
    entryPoints: stale,
    outbase: sourceDir,
    outdir: outDir,
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // experimentalDecorators and useDefineForClassFields: false, as tsc compiles them.
    tsconfig: join(root, 'tsconfig.json'),
    sourcemap: true,
    sourcesContent: true,
    logLevel: 'warning',
  });
  process.stdout.write(`compiled ${stale.length} of ${sources.length} files of src/ into dist/ in ${Math.round(performance.now() - started)} ms\n`);
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}
