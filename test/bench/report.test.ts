/**
 * The benchmark's reporting: statistics, and the README tables generated from
 * result files (never hand-copied), rewritten only between their markers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { median, p95, summarise, type BenchResult } from '../../bench/measures.ts';
import { latestBySize, writeReadmeTables } from '../../bench/table.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function result(members: number, date: string, searchLocal: number[]): BenchResult {
  return {
    schema: 1,
    date,
    members,
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, platform: 'linux x64', loadAverage: [0, 0, 0] },
    versions: { node: 'v24.0.0', chromium: '156', app: '0.1.0', commit: 'abc1234' },
    settings: { samples: searchLocal.length, coldStarts: 5, memorySamples: 5, visibleRows: 10 },
    durationsMs: { seed: 0, total: 60_000 },
    measures: { floor: summarise([10, 10, 10]), searchLocal: summarise(searchLocal) },
  };
}

describe('statistics', () => {
  it('takes the middle value, the mean of the two middle ones for an even count, and the nearest-rank p95', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(p95(Array.from({ length: 20 }, (_, index) => index + 1))).toBe(19);
    expect(p95([7])).toBe(7);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});

describe('README tables', () => {
  function setup(): { readme: string; results: string } {
    const dir = mkdtempSync(join(tmpdir(), 'tsa-bench-table-'));
    dirs.push(dir);
    const readme = join(dir, 'README.md');
    writeFileSync(
      readme,
      '# Title\n\nKept.\n\n<!-- bench:main -->\nSTALE TABLE\n<!-- /bench:main -->\n\nAlso kept.\n\n<!-- bench:scaling -->\n<!-- /bench:scaling -->\n',
    );
    return { readme, results: dir };
  }

  it('uses the latest run of each size and leaves the text outside the markers alone', async () => {
    const { readme, results } = setup();
    writeFileSync(join(results, 'a.json'), JSON.stringify(result(100_000, '2026-01-01T00:00:00Z', [40, 40, 40])));
    writeFileSync(join(results, 'b.json'), JSON.stringify(result(100_000, '2026-02-01T00:00:00Z', [20, 22, 24])));
    writeFileSync(join(results, 'c.json'), JSON.stringify(result(10_000, '2026-02-01T00:00:00Z', [12, 12, 12])));

    expect(await writeReadmeTables(readme, results)).toBe(true);
    const text = readFileSync(readme, 'utf8');
    expect(text).toContain('Kept.');
    expect(text).toContain('Also kept.');
    expect(text).not.toContain('STALE TABLE');
    // Main table: the February run at 100 000 members, its ratio to the floor of the same run; under 33 ms
    // but over 1.5 × the floor, so the target is not met.
    expect(text).toMatch(
      /real key press in the member search .*\| 22\.0 ms \(p95 24\.0 ms\) \|.*\|\s+✗\s+\|\s+2\.2 × \|/,
    );
    expect(text).not.toContain('40.0 ms');
    // Scaling: 10 000 and 100 000 side by side, 1 000 000 not run.
    expect(text).toMatch(/real key press in the member search[^\n]*\| +12\.0 ms \| +22\.0 ms \| +not run \|/);
    // Generated again from the same files: nothing changes.
    expect(await writeReadmeTables(readme, results)).toBe(false);
  });

  it('refuses a README without the markers instead of writing somewhere else', async () => {
    const { readme, results } = setup();
    writeFileSync(readme, '# No markers\n');
    writeFileSync(join(results, 'a.json'), JSON.stringify(result(100_000, '2026-01-01T00:00:00Z', [1, 2, 3])));
    await expect(writeReadmeTables(readme, results)).rejects.toThrow(/markers/);
    expect(readFileSync(readme, 'utf8')).toBe('# No markers\n');
  });

  it('keeps one run per size, the latest', () => {
    const latest = latestBySize([
      result(10_000, '2026-01-01T00:00:00Z', [1]),
      result(10_000, '2026-03-01T00:00:00Z', [3]),
    ]);
    expect(latest.get(10_000)?.measures.searchLocal?.median).toBe(3);
  });
});
