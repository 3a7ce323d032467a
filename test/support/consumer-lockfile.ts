/**
 * A package-lock.json for a project outside this repository that depends on our packed tarball, so that
 * `npm install --offline` there needs nothing but package tarballs from the npm cache.
 *
 * Why a lockfile: installing by name (`npm install sinon@22.1.0`) needs each package's registry metadata,
 * and after a fresh clone's `npm ci` the cache does not reliably answer that offline (npm 11: ENOTCACHED
 * for @aws-sdk/client-dynamodb, although `npm ci` fetched it). A lockfile names every package with its
 * version and integrity, and `npm ci` has put exactly those tarballs in the cache.
 *
 * What keeps it honest: the tarball's dependencies come from the tarball's own package.json, not from
 * this repository's, and only the packages they reach (and the consumer's tools) are in the lock, at the
 * places this repository's lock puts them. A dependency the package uses but does not declare is not
 * installed, and the consumer fails; one it declares that the lock does not know fails the install.
 */

/** The fields of a package.json or of a lockfile entry that decide what gets installed. */
export interface Manifest {
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  /** Commands to link into node_modules/.bin: npm links them from the lockfile entry. */
  readonly bin?: Readonly<Record<string, string>>;
}

export interface LockEntry extends Manifest {
  readonly [field: string]: unknown;
}

export interface Lockfile {
  readonly packages: Readonly<Record<string, LockEntry>>;
}

export interface ConsumerLockfileInput {
  /** This repository's package-lock.json. */
  readonly repositoryLock: Lockfile;
  /** The consumer's package.json: the tarball (`file:`) in `dependencies`, its tools in `devDependencies`. */
  readonly consumer: Manifest & { readonly name: string };
  /** The package.json inside the tarball. */
  readonly packed: Manifest & { readonly name: string };
  /** The tarball's path as the consumer's package.json spells it, e.g. `file:../c2c-account-linking-0.1.0.tgz`. */
  readonly tarballSpec: string;
}

type EdgeKind = 'prod' | 'optional' | 'peer' | 'peerOptional' | 'dev';

interface Edge {
  readonly name: string;
  readonly kind: EdgeKind;
}

export function consumerLockfile({ repositoryLock, consumer, packed, tarballSpec }: ConsumerLockfileInput): Record<string, unknown> {
  const packedPath = `node_modules/${packed.name}`;
  const packedEntry: LockEntry = {
    version: packed.version,
    resolved: tarballSpec,
    ...pick(packed, ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin']),
  };
  const entryAt = (path: string): Manifest | undefined => {
    if (path === '') return consumer;
    if (path === packedPath) return packedEntry;
    return repositoryLock.packages[path];
  };

  /** Node's lookup: `<from>/node_modules/<name>`, then each enclosing folder's, up to the root's. */
  const locate = (from: string, name: string): string | undefined => {
    if (from === '') return `node_modules/${name}`;
    for (let at = from; ; ) {
      const candidate = `${at === '' ? '' : `${at}/`}node_modules/${name}`;
      // The tarball's own dependencies are hoisted to the root, where the repository's lock has them.
      if (!candidate.startsWith(`${packedPath}/`) && entryAt(candidate) !== undefined) return candidate;
      if (at === '') return undefined;
      const parent = at.lastIndexOf('/node_modules/');
      at = parent < 0 ? '' : at.slice(0, parent);
    }
  };

  /** Every path reachable from the root through edges that `follow` accepts (the root's edges by `fromRoot`). */
  const reach = (fromRoot: (kind: EdgeKind) => boolean, follow: (kind: EdgeKind) => boolean): Set<string> => {
    const reached = new Set<string>();
    const queue = [''];
    for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
      const manifest = entryAt(at);
      if (manifest === undefined) continue;
      for (const edge of edgesOf(manifest, at === '')) {
        if (edge.kind === 'peerOptional' || !(at === '' ? fromRoot : follow)(edge.kind)) continue;
        const path = locate(at, edge.name);
        if (path === undefined) {
          if (edge.kind === 'optional') continue; // e.g. another platform's binary
          throw new Error(`${at || 'the consumer'} needs ${edge.name}, which this repository's package-lock.json does not hold`);
        }
        if (!reached.has(path)) {
          reached.add(path);
          queue.push(path);
        }
      }
    }
    return reached;
  };

  // npm decides what `--omit=optional` and `--omit=dev` leave out from these flags, as calcDepFlags sets them.
  const all = reach(() => true, () => true);
  const notDev = reach((kind) => kind !== 'dev', () => true);
  const notOptional = reach((kind) => kind !== 'optional', (kind) => kind !== 'optional');
  const notDevOrOptional = reach((kind) => kind !== 'dev' && kind !== 'optional', (kind) => kind !== 'optional');

  const packages: Record<string, Manifest> = { '': consumer };
  const REPOSITORY_FLAGS = new Set(['dev', 'optional', 'devOptional', 'peer']);
  for (const path of [...all].sort()) {
    // The repository's own flags are dropped: they say what the repository omits, not what the consumer does.
    const entry: LockEntry = Object.fromEntries(Object.entries(entryAt(path) as LockEntry).filter(([key]) => !REPOSITORY_FLAGS.has(key)));
    const dev = !notDev.has(path);
    const optional = !notOptional.has(path);
    const devOptional = !notDevOrOptional.has(path) && !dev && !optional;
    packages[path] = { ...entry, ...(dev ? { dev } : {}), ...(optional ? { optional } : {}), ...(devOptional ? { devOptional } : {}) };
  }
  return { name: consumer.name, version: consumer.version, lockfileVersion: 3, requires: true, packages };
}

function edgesOf(manifest: Manifest, isRoot: boolean): Edge[] {
  const edges: Edge[] = [];
  for (const name of Object.keys(manifest.dependencies ?? {})) edges.push({ name, kind: 'prod' });
  for (const name of Object.keys(manifest.optionalDependencies ?? {})) edges.push({ name, kind: 'optional' });
  for (const name of Object.keys(manifest.peerDependencies ?? {})) {
    edges.push({ name, kind: manifest.peerDependenciesMeta?.[name]?.optional === true ? 'peerOptional' : 'peer' });
  }
  if (isRoot) for (const name of Object.keys(manifest.devDependencies ?? {})) edges.push({ name, kind: 'dev' });
  return edges;
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}
