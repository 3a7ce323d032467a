import { readFileSync } from 'node:fs';

/** Top self-time functions of a V8 .cpuprofile (from `node --cpu-prof`), and the same grouped by package. */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: summarise-cpu-profile <file.cpuprofile> [top] [calls]');
const top = Number(process.argv[3] ?? 25);
/** With the number of calls profiled, each line also says its microseconds per call. */
const calls = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  const frame = byId.get(id)?.callFrame;
  if (frame === undefined) return;
  total += delta;
  const where = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|dist-bench|dist-test)\//, '$1/');
  const key = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
  selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
  const pkg = frame.url === '' ? frame.functionName : /node_modules\/((@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1] ?? (frame.url.startsWith('node:') ? 'node:internal' : where.split('/').slice(0, 2).join('/'));
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
});
const print = (title: string, entries: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    const perCall = calls === undefined ? '' : `${(us / calls).toFixed(2).padStart(8)} µs/call`;
    process.stdout.write(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms${perCall}  ${key}\n`);
  }
};
print('self time by function', selfUs, top);
print('self time by package', byPackage, 15);
