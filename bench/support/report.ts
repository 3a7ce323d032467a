/** One line of the printed table: a figure, the baseline it is paired with, their ratio and the budget on it. */
export interface Row {
  readonly figure: string;
  readonly measure: string;
  readonly ours: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly budget?: BudgetCheck;
  /** When the first measurement failed the run: the same row measured once more, shown beside it, never instead. */
  readonly remeasured?: { readonly ratio: string; readonly budget?: BudgetCheck };
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

/** A missed budget fails the measurement, unless it is a known limit whose floor holds. */
export function failsTheRun(check: BudgetCheck | undefined): boolean {
  if (check === undefined || check.pass) return false;
  return check.knownLimit === undefined || !check.knownLimit.holds;
}

/**
 * The exit rule: the run fails on a row whose first measurement fails (a missed budget, or a known limit under
 * its floor) and whose re-measurement fails too. The table reports the first measurement either way.
 */
export function failsTheExitRule(row: Row): boolean {
  if (!failsTheRun(row.budget)) return false;
  return row.remeasured === undefined || failsTheRun(row.remeasured.budget);
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
  const remeasured = rows.some((row) => row.remeasured !== undefined);
  const header = ['#', 'measure', 'ours', 'baseline (same run)', 'ratio', 'budget', 'result', ...(remeasured ? ['measured again'] : [])];
  const lines = rows.map((row) => [
    row.figure,
    row.measure,
    row.ours,
    row.baseline,
    row.ratio,
    row.budget?.limit ?? '',
    row.budget === undefined ? '' : resultOf(row.budget),
    ...(remeasured ? [again(row)] : []),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [render(header), rule, ...lines.map(render)].join('\n');
}

function again(row: Row): string {
  if (row.remeasured === undefined) return '';
  const { ratio, budget: check } = row.remeasured;
  return check === undefined ? ratio : `${ratio} ${resultOf(check)}`;
}

/** `first` with each row's counterpart in `second` (same figure, same position) beside it. */
export function withRemeasurement(first: FigureResult, second: FigureResult): FigureResult {
  return {
    rows: first.rows.map((row, index) => {
      const again = second.rows[index];
      if (again === undefined || again.figure !== row.figure || again.measure !== row.measure) return row;
      return { ...row, remeasured: again.budget === undefined ? { ratio: again.ratio } : { ratio: again.ratio, budget: again.budget } };
    }),
    data: { ...first.data, remeasurement: second.data },
  };
}
