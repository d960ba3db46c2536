/**
 * Load run: simulated team-safe administrators, each with their own session,
 * work against the reference server on a seeded database for a while —
 * list, search, invite, change roles, bulk-add to a security group — and
 * the figures are reported: throughput, p50/p99 latency, errors. Then the
 * database is read back: every write a client saw succeed is there exactly
 * once, nothing it did not see is there, nothing was applied twice.
 *
 *   node bench/load.ts [--admins 20] [--seconds 60] [--members 10000] [--json FILE]
 *
 * Also called by `npm run bench`. A benchmark, not a test: it reports; it
 * exits non-zero only when the data is wrong or the server answered 500.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { routes, routePath, type RouteName } from '../shared/api/routes.ts';
import type { Member } from '../shared/api/schemas.ts';
import { startServer } from '../server/app.ts';
import { openDatabase } from '../server/db.ts';
import { LARGE_ORG_EMAIL_DOMAIN } from '../server/groups-seed.ts';
import { DEMO_ACCOUNTS, LARGE_SAFE, seedDemo } from '../server/seed.ts';

export interface LoadOptions {
  admins: number;
  seconds: number;
  /** Members of the large safe the admins work on. */
  members: number;
  log?: (line: string) => void;
}

export interface LoadReport {
  admins: number;
  seconds: number;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  serverErrors: number;
  byOperation: Record<Operation, { count: number; p50: number; p99: number }>;
  /** Problems found when reading the database back; empty when every write is accounted for. */
  integrity: string[];
}

type Operation = 'list' | 'search' | 'invite' | 'roleChange' | 'bulkAdd';
/** How often each operation comes up, out of 100. */
const MIX: readonly [Operation, number][] = [
  ['list', 40],
  ['search', 25],
  ['roleChange', 15],
  ['invite', 10],
  ['bulkAdd', 10],
];
const ORG_USERS = 2000;
const GROUP = 'sg-device-admins';
const ROLES = ['editor', 'viewer', 'restrictedViewer', 'archivist'] as const;
const SEARCHES = ['anna', 'müller', 'chen', 'zoë', 'favre', 'member-0001', 'ó briain', 'sato', 'keller'];
/** The bench's seed hashes passwords cheaply: sign-ins are not what is measured here. */
const BENCH_PASSWORD_COST = { N: 2 ** 12, r: 8, p: 1 };

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** What one admin saw succeed: the ledger the database is checked against. */
interface Ledger {
  invited: Map<string, Member>;
  added: string[];
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'tsa-load-'));
  const dbPath = join(dir, 'load.db');
  const seedDb = openDatabase(dbPath);
  await seedDemo(seedDb, {
    largeSafeMembers: options.members,
    largeOrgUsers: ORG_USERS,
    passwordCost: BENCH_PASSWORD_COST,
  });
  // room for every invitation of the run
  seedDb.prepare('UPDATE team_safes SET member_limit = 10000000 WHERE id = ?').run(LARGE_SAFE.id);
  seedDb.close();
  const server = await startServer({ dbPath, log: () => {}, passwordCost: BENCH_PASSWORD_COST });

  const latencies: Record<Operation, number[]> = { list: [], search: [], invite: [], roleChange: [], bulkAdd: [] };
  let errors = 0;
  let serverErrors = 0;
  const ledgers: Ledger[] = [];

  const call = async (
    operation: Operation,
    name: RouteName,
    token: string,
    input: {
      params?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; json: unknown }> => {
    const route = routes[name];
    const url = new URL(routePath(route.path, input.params), server.url);
    for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, value);
    const started = performance.now();
    const response = await fetch(url, {
      method: route.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...input.headers,
      },
      ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
    });
    const text = await response.text();
    latencies[operation].push(performance.now() - started);
    if (response.status >= 500) serverErrors++;
    if (response.status !== route.status) errors++;
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
  };

  /** One session per simulated admin, signed in one after another (parallel sign-ins of one account are throttled). */
  const signIn = async (): Promise<string> => {
    const { email, password } = DEMO_ACCOUNTS.admin;
    const answer = await fetch(new URL(routes.signIn.path, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return routes.signIn.response.parse(await answer.json()).accessToken;
  };

  const admin = async (index: number, token: string, until: number): Promise<void> => {
    const ledger: Ledger = { invited: new Map(), added: [] };
    ledgers.push(ledger);
    let serial = 0;
    const safeId = LARGE_SAFE.id;

    while (performance.now() < until) {
      let roll = Math.random() * 100;
      const operation = MIX.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? 'list';
      switch (operation) {
        case 'list':
          await call('list', 'listMembers', token, {
            params: { safeId },
            query: {
              offset: String(Math.floor(Math.random() * options.members * 0.9)),
              limit: '100',
              sort: pick(['name', 'email', 'role', 'status', 'language']),
              dir: pick(['asc', 'desc']),
            },
          });
          break;
        case 'search':
          await call('search', 'listMembers', token, { params: { safeId }, query: { q: pick(SEARCHES), limit: '50' } });
          break;
        case 'invite': {
          serial++;
          const invitee = `load-${index}-${serial}@load.example`;
          const answer = await call('invite', 'inviteMember', token, {
            params: { safeId },
            headers: { 'idempotency-key': randomUUID() },
            body: {
              name: `Load ${index}.${serial}`,
              email: invitee,
              role: 'viewer',
              language: 'en',
              codeDelivery: 'display',
            },
          });
          if (answer.status === 201) {
            const member = routes.inviteMember.response.parse(answer.json).member;
            ledger.invited.set(member.id, member);
          }
          break;
        }
        case 'roleChange': {
          const mine = [...ledger.invited.values()];
          if (mine.length === 0) break;
          const member = pick(mine);
          const role = pick(ROLES.filter((candidate) => candidate !== member.role));
          const answer = await call('roleChange', 'changeMemberRole', token, {
            params: { safeId, memberId: member.id },
            headers: { 'if-match': `"${member.version}"` },
            body: { role },
          });
          if (answer.status === 200) ledger.invited.set(member.id, routes.changeMemberRole.response.parse(answer.json));
          break;
        }
        case 'bulkAdd': {
          const entries = Array.from({ length: 5 }, () => {
            const number = String(1 + Math.floor(Math.random() * ORG_USERS)).padStart(6, '0');
            return `org-user-${number}@${LARGE_ORG_EMAIL_DOMAIN}`;
          }).join(', ');
          const answer = await call('bulkAdd', 'bulkAddGroupMembers', token, {
            params: { groupId: GROUP },
            headers: { 'idempotency-key': randomUUID() },
            body: { entries },
          });
          if (answer.status === 200) {
            for (const entry of routes.bulkAddGroupMembers.response.parse(answer.json).results) {
              if (entry.outcome === 'added' && entry.userId) ledger.added.push(entry.userId);
            }
          }
          break;
        }
      }
    }
  };

  log(
    `Load run: ${options.admins} admins for ${options.seconds} s on a ${options.members.toLocaleString('en')}-member safe…`,
  );
  const groupBefore = new Set(
    (
      server.db.prepare('SELECT user_id FROM security_group_members WHERE group_id = ?').all(GROUP) as {
        user_id: string;
      }[]
    ).map((row) => row.user_id),
  );
  const tokens: string[] = [];
  for (let index = 0; index < options.admins; index++) tokens.push(await signIn());
  const started = performance.now();
  const until = started + options.seconds * 1000;
  await Promise.all(tokens.map((token, index) => admin(index, token, until)));
  const elapsed = (performance.now() - started) / 1000;

  // ---------------------------------------------------------------- read the database back
  const integrity: string[] = [];
  const db = server.db;
  const invited = new Map<string, Member>();
  for (const ledger of ledgers) for (const [id, member] of ledger.invited) invited.set(id, member);
  const stored = db
    .prepare("SELECT id, email, role, version FROM safe_members WHERE safe_id = ? AND email LIKE 'load-%@load.example'")
    .all(LARGE_SAFE.id) as { id: string; email: string; role: string; version: number }[];
  if (stored.length !== invited.size)
    integrity.push(`invitations: ${invited.size} answered 201, ${stored.length} stored`);
  if (new Set(stored.map((row) => row.email)).size !== stored.length) integrity.push('an invitation was stored twice');
  for (const row of stored) {
    const seen = invited.get(row.id);
    if (!seen) integrity.push(`member ${row.id} stored but never answered`);
    else if (seen.role !== row.role || seen.version !== row.version) {
      integrity.push(`member ${row.id}: client saw ${seen.role} v${seen.version}, stored ${row.role} v${row.version}`);
    }
  }
  const audited = (action: string) =>
    (
      db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE action = ? AND safe_id = ?').get(action, LARGE_SAFE.id) as {
        n: number;
      }
    ).n;
  const roleChanges = [...invited.values()].reduce((sum, member) => sum + member.version - 1, 0);
  if (audited('member.invited') !== invited.size)
    integrity.push('audit: member.invited does not match the invitations');
  if (audited('member.roleChanged') !== roleChanges) {
    integrity.push(`audit: ${audited('member.roleChanged')} role changes recorded, ${roleChanges} answered`);
  }
  const added = ledgers.flatMap((ledger) => ledger.added);
  if (new Set(added).size !== added.length) integrity.push('a user was reported added to the group twice');
  const groupAfter = (
    db.prepare('SELECT user_id FROM security_group_members WHERE group_id = ?').all(GROUP) as { user_id: string }[]
  ).map((row) => row.user_id);
  const newcomers = groupAfter.filter((id) => !groupBefore.has(id));
  if (newcomers.length !== added.length || newcomers.some((id) => !added.includes(id))) {
    integrity.push(`group: ${added.length} reported added, ${newcomers.length} new members stored`);
  }
  await server.close();
  rmSync(dir, { recursive: true, force: true });

  const all = Object.values(latencies)
    .flat()
    .sort((a, b) => a - b);
  const byOperation = Object.fromEntries(
    (Object.entries(latencies) as [Operation, number[]][]).map(([operation, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return [operation, { count: values.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) }];
    }),
  ) as LoadReport['byOperation'];
  return {
    admins: options.admins,
    seconds: elapsed,
    requests: all.length,
    throughput: all.length / elapsed,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    errors,
    serverErrors,
    byOperation,
    integrity,
  };
}

export function printLoadReport(report: LoadReport, log: (line: string) => void = console.log): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  log(
    `\nLoad run — ${report.admins} admins, ${report.seconds.toFixed(1)} s, ${cpus()[0]?.model ?? 'CPU'} ×${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  log(
    `requests ${report.requests}, throughput ${report.throughput.toFixed(1)} req/s, p50 ${ms(report.p50)}, p99 ${ms(report.p99)}, errors ${report.errors} (500s: ${report.serverErrors})`,
  );
  for (const [operation, figures] of Object.entries(report.byOperation)) {
    log(
      `  ${operation.padEnd(10)} ${String(figures.count).padStart(6)}   p50 ${ms(figures.p50).padStart(9)}   p99 ${ms(figures.p99).padStart(9)}`,
    );
  }
  log(
    report.integrity.length === 0
      ? 'database read back: every write accounted for, none lost, none twice'
      : `database read back: ${report.integrity.length} problems\n  ${report.integrity.join('\n  ')}`,
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      admins: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '60' },
      members: { type: 'string', default: '10000' },
      /** Also write the report as JSON here (the benchmark keeps it in its result file). */
      json: { type: 'string' },
    },
    strict: true,
  });
  const report = await runLoad({
    admins: Number(values.admins),
    seconds: Number(values.seconds),
    members: Number(values.members),
  });
  printLoadReport(report);
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
  if (report.serverErrors > 0 || report.integrity.length > 0) process.exit(1);
}
