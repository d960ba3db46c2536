/**
 * `npm run bench:table`: the README's benchmark tables, generated from
 * bench/results/*.json (never copied by hand) and written between the
 * `<!-- bench:main -->` and `<!-- bench:scaling -->` markers. The main table
 * is the latest run at 100 000 members (before, now, target, ratio to the
 * floor); the scaling table puts the latest run of each size side by side.
 * `npm run bench` calls it after every run.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { MEASURES, formatResult, formatValue, verdict, type BenchResult, type MeasureKey } from './measures.ts';

const ROOT = join(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');
const README = join(ROOT, 'README.md');
const MAIN_SIZE = 100_000;
const SCALING_SIZES = [10_000, 100_000, 1_000_000];

export function readResults(dir = RESULTS): BenchResult[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as BenchResult)
    .filter((result) => result.schema === 1)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** The latest run of each member count. */
export function latestBySize(results: readonly BenchResult[]): Map<number, BenchResult> {
  const latest = new Map<number, BenchResult>();
  for (const result of results) latest.set(result.members, result); // sorted by date: the last one wins
  return latest;
}

const entries = () => Object.entries(MEASURES) as [MeasureKey, (typeof MEASURES)[MeasureKey]][];
const size = (members: number) => members.toLocaleString('en').replace(/,/g, ' ');

function machineLine(run: BenchResult): string {
  const { machine, versions, settings } = run;
  return (
    `${run.date.slice(0, 10)}, ${size(run.members)} members: ${machine.cpu}, ${machine.cores} cores, ` +
    `${machine.memoryGiB} GiB, Node ${versions.node}, Chromium ${versions.chromium}, app ${versions.app} ` +
    `(${versions.commit}); ${settings.samples} samples per figure (cold starts ${settings.coldStarts}, ` +
    `memory ${settings.memorySamples}), seed ${(run.durationsMs.seed ?? 0) > 0 ? `${((run.durationsMs.seed ?? 0) / 1000).toFixed(0)} s` : 'reused'}, ` +
    `whole run ${((run.durationsMs.total ?? 0) / 1000).toFixed(0)} s`
  );
}

export function mainTable(run: BenchResult): string {
  const floor = run.measures.floor?.median ?? Number.NaN;
  const rows = entries().map(([key, definition]) => {
    const measured = run.measures[key];
    const ratio =
      'floorRatio' in definition && measured && measured.samples.length > 0
        ? `${(measured.median / floor).toFixed(1)} ×`
        : '';
    const failed = measured?.failures.length ? ` (${measured.failures.length} failed)` : '';
    const met = verdict(definition, measured, floor);
    return `| ${definition.label} | ${definition.path} | ${definition.before} | ${formatResult(measured, definition.unit)}${failed} | ${definition.target} | ${met} | ${ratio} |`;
  });
  return [
    `Median (p95) of the run at ${size(run.members)} members. "× floor" divides by the floor measured in the same run.`,
    '',
    '| measure | answered by | before (issue 12; old README) | now | target | met | × floor |',
    '| --- | --- | --- | --: | --- | :-: | --: |',
    ...rows,
    '',
    machineLine(run),
  ].join('\n');
}

export function scalingTable(latest: ReadonlyMap<number, BenchResult>): string {
  const runs = SCALING_SIZES.map((members) => latest.get(members));
  const header = `| measure | ${SCALING_SIZES.map(size).join(' | ')} |`;
  const rows = entries().map(([key, definition]) => {
    const cells = runs.map((run) => {
      const measured = run?.measures[key];
      if (!run) return 'not run';
      if (!measured || measured.samples.length === 0) return '—';
      return formatValue(measured.median, definition.unit);
    });
    return `| ${definition.label} | ${cells.join(' | ')} |`;
  });
  const notes = runs.filter((run): run is BenchResult => run !== undefined).map((run) => `- ${machineLine(run)}`);
  return [
    'Medians of the latest run at each size.',
    '',
    header,
    `| --- | ${SCALING_SIZES.map(() => '--:').join(' | ')} |`,
    ...rows,
    '',
    ...notes,
  ].join('\n');
}

function replaceBetween(text: string, name: string, body: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`;
}

/** Rewrites the README's tables from bench/results/; returns whether the README changed. */
export async function writeReadmeTables(readme = README, resultsDir = RESULTS): Promise<boolean> {
  const results = readResults(resultsDir);
  if (results.length === 0) return false;
  const latest = latestBySize(results);
  const main = latest.get(MAIN_SIZE) ?? results.at(-1)!;
  const before = readFileSync(readme, 'utf8');
  let text = replaceBetween(before, 'main', mainTable(main));
  text = replaceBetween(text, 'scaling', scalingTable(latest));
  const formatted = await format(text, { ...(await resolveConfig(readme)), parser: 'markdown' });
  if (formatted === before) return false;
  writeFileSync(readme, formatted);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const changed = await writeReadmeTables();
  console.log(changed ? 'README.md: benchmark tables regenerated from bench/results/' : 'README.md: tables unchanged');
}
