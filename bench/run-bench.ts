import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { measureColdStart } from './figures/cold-start.js';
import { measureHandlerThroughput } from './figures/handler-throughput.js';
import { measureHttpThroughput } from './figures/http-throughput.js';
import { measureLinkingFlow } from './figures/linking-flow.js';
import { measureUserinfoLatency } from './figures/userinfo-latency.js';
import { RESULTS_DIR } from './support/paths.js';
import { failsTheRun, renderTable, type FigureResult, type Row } from './support/report.js';
import { readSettings } from './support/settings.js';

/**
 * `npm run bench [-- --short]`: every figure next to its baseline measured in the same run, as a ratio;
 * one table on stdout, the details in bench-results/; exit code 1 when a budget is missed twice in a row,
 * or a known limit falls under its floor.
 */
async function main(): Promise<number> {
  const settings = readSettings(process.argv.slice(2), process.env);
  const startedAt = new Date();
  const started = performance.now();
  const figures: Record<string, FigureResult> = {};
  const steps: [string, () => Promise<FigureResult>][] = [
    ['handlerThroughput', () => measureHandlerThroughput(settings.handler)],
    ['userinfoLatency', () => measureUserinfoLatency(settings.userinfo)],
    ['coldStart', () => measureColdStart(settings.coldStart)],
    ['httpThroughput', () => measureHttpThroughput(settings.http)],
    ['linkingFlow', () => measureLinkingFlow(settings.linking)],
  ];
  const remeasured: string[] = [];
  for (const [name, measure] of steps) {
    const stepStarted = performance.now();
    process.stderr.write(`bench: ${name}...`);
    figures[name] = await measure();
    // One slow moment of a shared machine should not fail CI: a figure that fails the run is measured once
    // more, and the second measurement is the one reported.
    if (figures[name].rows.some((row) => failsTheRun(row.budget))) {
      process.stderr.write(' missed a budget, measuring again...');
      remeasured.push(name);
      figures[name] = await measure();
    }
    process.stderr.write(` ${((performance.now() - stepStarted) / 1000).toFixed(1)} s\n`);
  }

  const rows = Object.values(figures).flatMap((figure) => figure.rows);
  const budgets = rows.filter((row) => row.budget !== undefined);
  const missed = budgets.filter((row) => row.budget?.pass === false);
  const failed = budgets.filter((row) => failsTheRun(row.budget));
  const machine = `${cpus().length} cores, Node ${process.versions.node}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  process.stdout.write(`\nc2c-account-linking bench (${settings.short ? 'short' : 'full'}; ${machine})\n\n`);
  process.stdout.write(`${renderTable(rows)}\n\n`);
  const list = (selected: readonly Row[]) => selected.map((row) => `#${row.figure} ${row.budget?.limit ?? ''}`).join(', ');
  const knownLimits = missed.filter((row) => !failsTheRun(row.budget));
  process.stdout.write(`budgets: ${budgets.length - missed.length} of ${budgets.length} pass`);
  if (knownLimits.length > 0) process.stdout.write(`; missed, known limits whose floors hold (README "Performance"): ${list(knownLimits)}`);
  if (failed.length > 0) process.stdout.write(`; FAIL: ${list(failed)}`);
  if (remeasured.length > 0) process.stdout.write(`; measured twice: ${remeasured.join(', ')}`);
  process.stdout.write('\n');

  mkdirSync(RESULTS_DIR, { recursive: true });
  const result = {
    startedAt: startedAt.toISOString(),
    durationS: Math.round((performance.now() - started) / 100) / 10,
    mode: settings.short ? 'short' : 'full',
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.versions.node, loadAverageAtEnd: loadavg() },
    settings,
    table: rows,
    budgets: budgets.map((row) => ({
      figure: row.figure,
      measure: row.measure,
      limit: row.budget?.limit,
      ratio: row.ratio,
      ours: row.ours,
      pass: row.budget?.pass,
      knownLimit: row.budget?.knownLimit,
    })),
    remeasured,
    figures: Object.fromEntries(Object.entries(figures).map(([name, figure]) => [name, figure.data])),
  };
  const file = `${RESULTS_DIR}/bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${RESULTS_DIR}/latest.json`, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`results: ${file} (${result.durationS} s)\n`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
