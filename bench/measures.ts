/**
 * Every figure the benchmark takes, in one place: its label, the path it
 * measures, its unit, the issue's target and the figure from before (issue
 * 12's "today" column, with the old README's figure where it had one). The
 * runner fills the samples; the README table is generated from the same list.
 */

export type Unit = 'ms' | 'kB' | 'MB';

export interface MeasureDefinition {
  label: string;
  /** Which path answers: the README says which is which. */
  path?: 'local index' | 'server' | 'main process' | 'renderer' | 'preview host';
  unit: Unit;
  /** The target as the issue words it. */
  target: string;
  /** The number the median is held against (same unit), if the target has one. */
  limit?: number;
  /** Also report the ratio to the floor (keyboard and mouse interactions). */
  floorRatio?: boolean;
  /** The target's ratio to the floor, if it has one. */
  floorLimit?: number;
  /** Before this work: issue 12's "today", and the old README's figure. */
  before: string;
}

export const MEASURES = {
  floor: {
    label: 'floor: key press into a field that only echoes the character → painted',
    path: 'renderer',
    unit: 'ms',
    target: 'reported',
    before: 'not measured',
  },
  searchLocal: {
    label: 'real key press in the member search → right rows painted',
    path: 'local index',
    unit: 'ms',
    target: '≤ 33 ms and ≤ 1.5 × floor',
    limit: 33,
    floorRatio: true,
    floorLimit: 1.5,
    before: '53 ms (synthetic input event); README 63.2 ms',
  },
  searchServer: {
    label: 'the same with the offline cache switched off',
    path: 'server',
    unit: 'ms',
    target: '≤ 100 ms',
    limit: 100,
    floorRatio: true,
    before: 'not measured',
  },
  firstPaintServer: {
    label: 'click on the safe → first rows painted, no offline copy',
    path: 'server',
    unit: 'ms',
    target: 'reported',
    floorRatio: true,
    before: '280–360 ms; README 134.4 ms',
  },
  firstPaintCached: {
    label: 'click on a cached safe after restart (new core, same data) → first rows painted',
    path: 'local index',
    unit: 'ms',
    target: '≤ 300 ms',
    limit: 300,
    floorRatio: true,
    before: '1.8 s; README 420.1 ms',
  },
  fullSync: {
    label: 'full sync into the encrypted cache (wall time)',
    path: 'main process',
    unit: 'ms',
    target: '≤ 1 s of main-process work',
    limit: 1000,
    before: '3.6 s; README 2156.5 ms',
  },
  fullSyncCpu: {
    label: 'full sync: CPU time of the main process',
    path: 'main process',
    unit: 'ms',
    target: '≤ 1 s',
    limit: 1000,
    before: 'not measured',
  },
  fullSyncLongestTask: {
    label: 'full sync: longest main-process task (event-loop block)',
    path: 'main process',
    unit: 'ms',
    target: '≤ 50 ms',
    limit: 50,
    before: 'not measured',
  },
  incrementalSync: {
    label: 'incremental sync with one change',
    path: 'main process',
    unit: 'ms',
    target: '≤ 20 ms',
    limit: 20,
    before: '50 ms; README 31.6 ms',
  },
  bulkAdd: {
    label: 'bulk add of 50 entries: click → per-entry results painted',
    path: 'local index',
    unit: 'ms',
    target: '≤ 150 ms',
    limit: 150,
    floorRatio: true,
    before: 'not measured',
  },
  scrollLongestTask: {
    label: 'scrolling the table (mouse wheel): longest renderer task per step',
    path: 'local index',
    unit: 'ms',
    target: 'no long task (≤ 50 ms)',
    limit: 50,
    before: 'not measured',
  },
  signInScript: {
    label: 'renderer JavaScript loaded before the sign-in screen paints (gzip)',
    path: 'renderer',
    unit: 'kB',
    target: '≤ 200 kB',
    limit: 200,
    before: '338 kB',
  },
  memoryGrowth: {
    label: 'main-process RSS growth over an empty profile, large safe cached and open',
    path: 'main process',
    unit: 'MB',
    target: '≤ 150 MB',
    limit: 150,
    before: 'not measured',
  },
  coldStart: {
    label: 'cold start of the preview host (new profile) → sign-in screen painted',
    path: 'preview host',
    unit: 'ms',
    target: 'reported',
    before: 'not measured',
  },
} as const satisfies Record<string, MeasureDefinition>;

export type MeasureKey = keyof typeof MEASURES;

export interface MeasureResult {
  samples: number[];
  median: number;
  p95: number;
  /** Samples that never reached the right answer (they are not in `samples`). */
  failures: string[];
  /** Anything else worth keeping (breakdowns, per-sample detail). */
  details?: Record<string, unknown>;
}

export interface BenchResult {
  schema: 1;
  date: string;
  members: number;
  machine: { cpu: string; cores: number; memoryGiB: number; platform: string; loadAverage: number[] };
  versions: { node: string; chromium: string; app: string; commit: string };
  settings: { samples: number; coldStarts: number; memorySamples: number; visibleRows: number };
  durationsMs: Record<string, number>;
  measures: Partial<Record<MeasureKey, MeasureResult>>;
  /** Parts of the run that failed (their figures are missing). */
  errors?: string[];
  /** The output of `bench/load.ts` when run with `--load`. */
  load?: unknown;
}

/** ✓ or ✗ against the target's numbers; empty for figures that are only reported. */
export function verdict(definition: MeasureDefinition, result: MeasureResult | undefined, floor: number): string {
  if (definition.limit === undefined || !result || result.samples.length === 0) return '';
  const withinFloor = definition.floorLimit === undefined || result.median <= definition.floorLimit * floor;
  return result.median <= definition.limit && withinFloor ? '✓' : '✗';
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const list = sorted(values);
  if (list.length === 0) return Number.NaN;
  const middle = Math.floor(list.length / 2);
  return list.length % 2 === 1 ? list[middle]! : (list[middle - 1]! + list[middle]!) / 2;
}

/** Nearest-rank 95th percentile. */
export function p95(values: readonly number[]): number {
  const list = sorted(values);
  if (list.length === 0) return Number.NaN;
  return list[Math.min(list.length - 1, Math.ceil(list.length * 0.95) - 1)]!;
}

export function summarise(
  samples: readonly number[],
  failures: readonly string[] = [],
  details?: Record<string, unknown>,
): MeasureResult {
  return {
    samples: samples.map((value) => Math.round(value * 100) / 100),
    median: median(samples),
    p95: p95(samples),
    failures: [...failures],
    ...(details ? { details } : {}),
  };
}

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'ms') return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(1)} ms`;
  return `${value.toFixed(1)} ${unit}`;
}

/** `12.3 ms (p95 15.0 ms)` or `—` when nothing was measured. */
export function formatResult(result: MeasureResult | undefined, unit: Unit): string {
  if (!result || result.samples.length === 0) return result?.failures.length ? 'failed' : '—';
  const spread = result.samples.length > 1 ? ` (p95 ${formatValue(result.p95, unit)})` : '';
  return `${formatValue(result.median, unit)}${spread}`;
}
