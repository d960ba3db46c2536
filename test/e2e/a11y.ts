/**
 * The one accessibility check of the end-to-end tests: axe-core over the
 * page as it is now (every rule axe ships, WCAG 2.x A/AA and best
 * practice), failing on any serious or critical violation. Moderate and
 * minor findings are written to the report file next to the screenshots,
 * not failed on. No rule is disabled and no element excluded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { Result } from 'axe-core';
import { expect } from './fixtures.ts';

const REPORTS = join(process.cwd(), 'test-results', 'a11y');
mkdirSync(REPORTS, { recursive: true });

const BLOCKING = new Set(['serious', 'critical']);

/** One line per failing node: rule, impact, target and axe's own summary of what is wrong. */
function describe(violations: Result[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact}) at ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help}`,
    ),
  );
}

/** Axe over the whole page (open dialogs and menus included); `name` names the screen in the report. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  writeFileSync(
    join(REPORTS, `${name}.json`),
    JSON.stringify(
      results.violations.map(({ id, impact, help, nodes }) => ({
        id,
        impact,
        help,
        targets: nodes.map((node) => node.target.join(' ')),
      })),
      null,
      2,
    ),
  );
  const blocking = results.violations.filter((violation) => BLOCKING.has(violation.impact ?? ''));
  expect.soft(describe(blocking), `${name}: serious or critical accessibility violations`).toEqual([]);
  // The check ran for real: axe looked at this page's content.
  expect(results.passes.length, `${name}: axe checked nothing`).toBeGreaterThan(0);
}
