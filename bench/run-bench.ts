import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { measureColdStart } from './figures/cold-start.js';
import { measureHandlerThroughput } from './figures/handler-throughput.js';
import { measureHttpThroughput } from './figures/http-throughput.js';
import type { FigureInChild } from './child/figure-child.js';
import { runChild } from './support/child-process.js';
import { RESULTS_DIR } from './support/paths.js';
import { failsTheExitRule, failsTheRun, renderTable, withRemeasurement, type FigureResult, type Row } from './support/report.js';
import { readSettings } from './support/settings.js';

/**
 * `npm run bench [-- --short]`: every figure next to its baseline measured in the same run, as a ratio;
 * one table on stdout, the details in bench-results/. A figure whose first measurement fails (a missed budget,
 * or a known limit under its floor) is measured once more, and the second measurement is shown beside the
 * first, never in its place. Exit code 1 when a row fails both times (see `failsTheExitRule`).
 */
async function main(): Promise<number> {
  const settings = readSettings(process.argv.slice(2), process.env);
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const started = performance.now();
  const figures: Record<string, FigureResult> = {};
  const steps: [string, () => Promise<FigureResult>][] = [
    ['handlerThroughput', () => measureHandlerThroughput(settings.handler, settings.mix)],
    ['userinfoLatency', () => inChild({ figure: 'userinfoLatency', settings: settings.userinfo })],
    ['coldStart', () => measureColdStart(settings.coldStart)],
    ['httpThroughput', () => measureHttpThroughput(settings.http)],
    ['linkingFlow', () => inChild({ figure: 'linkingFlow', settings: settings.linking })],
  ];
  // `--only=handlerThroughput` (names as above, comma-separated): those figures alone, e.g. under another Node.js binary.
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const remeasured: string[] = [];
  for (const [name, measure] of steps.filter(([step]) => only === undefined || only.includes(step))) {
    const stepStarted = performance.now();
    process.stderr.write(`bench: ${name}...`);
    const first = await measure();
    figures[name] = first;
    // One slow moment of a shared machine should not fail CI on its own: such a figure is measured once more,
    // and the table keeps the first measurement with the second beside it.
    if (first.rows.some((row) => failsTheRun(row.budget))) {
      process.stderr.write(' missed a budget, measuring again...');
      remeasured.push(name);
      figures[name] = withRemeasurement(first, await measure());
    }
    process.stderr.write(` ${((performance.now() - stepStarted) / 1000).toFixed(1)} s\n`);
  }

  const rows = Object.values(figures).flatMap((figure) => figure.rows);
  const budgets = rows.filter((row) => row.budget !== undefined);
  const missed = budgets.filter((row) => row.budget?.pass === false);
  const failed = budgets.filter(failsTheExitRule);
  const failedOnce = budgets.filter((row) => failsTheRun(row.budget) && !failsTheExitRule(row));
  const load = (averages: readonly number[]) => averages.map((l) => l.toFixed(2)).join(' ');
  const machine = `${cpus().length} cores, Node ${process.versions.node}, load average ${load(loadAtStart)} at start, ${load(loadavg())} at end`;
  process.stdout.write(`\nc2c-account-linking bench (${settings.short ? 'short' : 'full'}; ${machine})\n\n`);
  process.stdout.write(`${renderTable(rows)}\n\n`);
  const list = (selected: readonly Row[]) => selected.map((row) => `#${row.figure} ${row.budget?.limit ?? ''}`).join(', ');
  const knownLimits = missed.filter((row) => !failsTheRun(row.budget));
  process.stdout.write(`budgets: ${budgets.length - missed.length} of ${budgets.length} pass`);
  if (knownLimits.length > 0) process.stdout.write(`; missed, known limits whose floors hold (README "Performance"): ${list(knownLimits)}`);
  if (failedOnce.length > 0) process.stdout.write(`; failed the first measurement only (exit rule: twice): ${list(failedOnce)}`);
  if (failed.length > 0) process.stdout.write(`; FAIL (twice): ${list(failed)}`);
  if (remeasured.length > 0) process.stdout.write(`; measured twice: ${remeasured.join(', ')}`);
  process.stdout.write('\n');

  mkdirSync(RESULTS_DIR, { recursive: true });
  const result = {
    startedAt: startedAt.toISOString(),
    durationS: Math.round((performance.now() - started) / 100) / 10,
    mode: settings.short ? 'short' : 'full',
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.versions.node, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg() },
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
      remeasured: row.remeasured,
      failsTheExitRule: failsTheExitRule(row),
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

/** A figure measured in a process of its own, whose stdout (the connector's log lines) is drained and counted. */
async function inChild(input: FigureInChild): Promise<FigureResult> {
  const { output, stdoutLines } = await runChild<FigureInChild, FigureResult>('figure-child', { PATH: process.env['PATH'] }, input);
  return { rows: output.rows, data: { ...output.data, logLinesWritten: stdoutLines } };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
