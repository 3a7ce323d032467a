/** One line of the printed table: a figure, the baseline it is paired with, their ratio and the budget on it. */
export interface Row {
  readonly figure: string;
  readonly measure: string;
  readonly ours: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly budget?: BudgetCheck;
}

export interface BudgetCheck {
  /** What must hold, e.g. `≥ 0.90× jose`. */
  readonly limit: string;
  readonly pass: boolean;
  /** A budget not met yet, for the reason the README's Performance section gives: the floor guards against regressions meanwhile. */
  readonly knownLimit?: KnownLimit;
}

export interface KnownLimit {
  readonly floor: string;
  readonly holds: boolean;
}

export interface FigureResult {
  readonly rows: readonly Row[];
  /** Everything measured, for the JSON result file. */
  readonly data: Record<string, unknown>;
}

export function budget(limit: string, pass: boolean, knownLimit?: KnownLimit): BudgetCheck {
  return knownLimit === undefined ? { limit, pass } : { limit, pass, knownLimit };
}

/** The floor a budget that is still missed must not fall under; see `BudgetCheck.knownLimit`. */
export function knownLimit(floor: string, holds: boolean): KnownLimit {
  return { floor, holds };
}

/** A missed budget fails the run, unless it is a known limit whose floor holds. */
export function failsTheRun(check: BudgetCheck | undefined): boolean {
  if (check === undefined || check.pass) return false;
  return check.knownLimit === undefined || !check.knownLimit.holds;
}

function resultOf(check: BudgetCheck): string {
  if (check.pass) return 'PASS';
  if (check.knownLimit === undefined) return 'FAIL';
  return check.knownLimit.holds ? `missed: known limit, floor ${check.knownLimit.floor} holds` : `FAIL: under the floor ${check.knownLimit.floor}`;
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

export function formatRate(opsPerSecond: number, unit = 'ops/s'): string {
  return `${Math.round(opsPerSecond).toLocaleString('en-US')} ${unit}`;
}

export function formatMs(ms: number, digits = 2): string {
  return `${ms.toFixed(digits)} ms`;
}

export function renderTable(rows: readonly Row[]): string {
  const header = ['#', 'measure', 'ours', 'baseline (same run)', 'ratio', 'budget', 'result'];
  const lines = rows.map((row) => [
    row.figure,
    row.measure,
    row.ours,
    row.baseline,
    row.ratio,
    row.budget?.limit ?? '',
    row.budget === undefined ? '' : resultOf(row.budget),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [render(header), rule, ...lines.map(render)].join('\n');
}
