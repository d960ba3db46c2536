/**
 * Deterministic demo data: the organisation "Helvetia Demo AG", three team
 * safes with members in every role, status and language, and optionally a
 * "Large Organisation" safe with N generated members. Identifiers and dates
 * are fixed, so two seeds of empty databases hold the same data (only the
 * password salts differ).
 */
import type { DatabaseSync } from 'node:sqlite';
import type { RoleKey } from '../shared/catalog/roles.ts';
import type { Language } from '../shared/languages.ts';
import { PASSWORD_COST, hashPassword, type ScryptCost } from './auth.ts';
import { nameSortKey, queryOne, statement, transaction } from './db.ts';
import { seedSecurityGroups } from './groups-seed.ts';

export const DEMO_PASSWORD = 'Demo-Safe-2026';
export const DEMO_ORGANISATION = { id: 'org-helvetia', name: 'Helvetia Demo AG' } as const;

export interface DemoAccount {
  userId: string;
  email: string;
  password: string;
  name: string;
  language: Language;
  /** What the account is for in demos and tests. */
  description: string;
}

export const DEMO_ACCOUNTS = {
  /** Organisation administrator; activated Administrator of every demo safe. */
  admin: {
    userId: 'u-anna-muster',
    email: 'anna.muster@demo.example',
    password: DEMO_PASSWORD,
    name: 'Anna Muster',
    language: 'de',
    description: 'Organisation administrator, administers every demo team safe',
  },
  /** Administers only "Legal & Compliance"; an Editor in "Finance". */
  safeAdmin: {
    userId: 'u-luca-bernasconi',
    email: 'luca.bernasconi@demo.example',
    password: DEMO_PASSWORD,
    name: 'Luca Bernasconi',
    language: 'it',
    description: 'Administers only Legal & Compliance (Editor in Finance)',
  },
  /** A Viewer in "Finance"; administers nothing. */
  plainUser: {
    userId: 'u-sophie-martin',
    email: 'sophie.martin@demo.example',
    password: DEMO_PASSWORD,
    name: 'Sophie Martin',
    language: 'fr',
    description: 'Viewer in Finance, administers no team safe',
  },
} as const satisfies Record<string, DemoAccount>;

export type DemoAccounts = typeof DEMO_ACCOUNTS;

export interface SeededSafe {
  id: string;
  name: string;
  memberLimit: number;
}

export interface SeedResult {
  accounts: DemoAccounts;
  safes: SeededSafe[];
}

export interface SeedOptions {
  /** Also create "Large Organisation" with this many members (Anna included). */
  largeSafeMembers?: number;
  /** Also register this many generated users in the organisation (security-group benchmarks). */
  largeOrgUsers?: number;
  /** scrypt cost of the demo passwords; PASSWORD_COST unless a test lowers it (never from the command line). */
  passwordCost?: ScryptCost;
}

interface Person {
  key: string;
  name: string;
  email: string;
  language: Language;
}

/** Everyone who appears in the demo safes. Demo accounts come first. */
const PEOPLE: readonly Person[] = [
  { key: 'anna', name: 'Anna Muster', email: 'anna.muster@demo.example', language: 'de' },
  { key: 'luca', name: 'Luca Bernasconi', email: 'luca.bernasconi@demo.example', language: 'it' },
  { key: 'sophie', name: 'Sophie Martin', email: 'sophie.martin@demo.example', language: 'fr' },
  { key: 'zoe', name: 'Zoë Müller', email: 'zoe.mueller@demo.example', language: 'de' },
  { key: 'francois', name: 'François Dupont', email: 'francois.dupont@demo.example', language: 'fr' },
  { key: 'lukasz', name: 'Łukasz Wróbel', email: 'lukasz.wrobel@demo.example', language: 'en' },
  { key: 'yamada', name: '山田 太郎', email: 'taro.yamada@demo.example', language: 'en' },
  { key: 'olga', name: 'Ольга Иванова', email: 'olga.ivanova@demo.example', language: 'en' },
  { key: 'giulia', name: 'Giulia Rossi', email: 'giulia.rossi@demo.example', language: 'it' },
  { key: 'beat', name: 'Beat Zürcher', email: 'beat.zuercher@demo.example', language: 'de' },
  { key: 'chloe', name: 'Chloé Lefèvre', email: 'chloe.lefevre@demo.example', language: 'fr' },
  { key: 'marco', name: 'Marco Bianchi', email: 'marco.bianchi@demo.example', language: 'it' },
  { key: 'soren', name: 'Søren Kierkegaard', email: 'soren.kierkegaard@demo.example', language: 'en' },
  { key: 'mohammed', name: 'محمد الحسن', email: 'mohammed.alhassan@demo.example', language: 'en' },
  { key: 'elodie', name: 'Élodie Girard', email: 'elodie.girard@demo.example', language: 'fr' },
  { key: 'juerg', name: 'Jürg Häfliger', email: 'juerg.haefliger@demo.example', language: 'de' },
  { key: 'francesca', name: 'Francesca Conti', email: 'francesca.conti@demo.example', language: 'it' },
  { key: 'alexandros', name: 'Αλέξανδρος Παπαδόπουλος', email: 'alexandros.papadopoulos@demo.example', language: 'en' },
  { key: 'liming', name: '李 明', email: 'ming.li@demo.example', language: 'en' },
  { key: 'priya', name: 'Priya Raghunathan', email: 'priya.raghunathan@demo.example', language: 'en' },
  { key: 'noemie', name: 'Noémie Rochat', email: 'noemie.rochat@demo.example', language: 'fr' },
  { key: 'matteo', name: 'Matteo Ferrari', email: 'matteo.ferrari@demo.example', language: 'it' },
  { key: 'stefanie', name: 'Stefanie Brunner', email: 'stefanie.brunner@demo.example', language: 'de' },
  { key: 'ingrid', name: 'Ingrid Bjørnstad', email: 'ingrid.bjornstad@demo.example', language: 'en' },
  { key: 'oliver', name: 'Oliver Smith', email: 'oliver.smith@demo.example', language: 'en' },
  { key: 'camille', name: 'Camille Lambert', email: 'camille.lambert@demo.example', language: 'fr' },
  { key: 'dmitri', name: 'Дмитрий Соколов', email: 'dmitri.sokolov@demo.example', language: 'en' },
  { key: 'chiara', name: 'Chiara Galli', email: 'chiara.galli@demo.example', language: 'it' },
  { key: 'hanspeter', name: 'Hans-Peter Gerber', email: 'hans-peter.gerber@demo.example', language: 'de' },
  { key: 'aiko', name: '田中 愛子', email: 'aiko.tanaka@demo.example', language: 'en' },
  { key: 'jose', name: 'José Álvarez', email: 'jose.alvarez@demo.example', language: 'en' },
  { key: 'emilie', name: 'Émilie Favre', email: 'emilie.favre@demo.example', language: 'fr' },
  { key: 'sara', name: 'Sara Colombo', email: 'sara.colombo@demo.example', language: 'it' },
  { key: 'lukas', name: 'Lukas Meier', email: 'lukas.meier@demo.example', language: 'de' },
  { key: 'noah', name: "Noah O'Brien", email: 'noah.obrien@demo.example', language: 'en' },
];

type Membership = [person: string, role: RoleKey, status: 'invited' | 'activated'];

interface DemoSafe extends SeededSafe {
  key: string;
  /** First invitation; each further member is invited one day later. */
  since: string;
  members: Membership[];
}

const DEMO_SAFES: readonly DemoSafe[] = [
  {
    id: 'safe-finance',
    key: 'finance',
    name: 'Finance',
    memberLimit: 12, // 12 of 12: at its limit
    since: '2025-09-01T08:00:00.000Z',
    members: [
      ['anna', 'administrator', 'activated'],
      ['luca', 'editor', 'activated'],
      ['sophie', 'viewer', 'activated'],
      ['zoe', 'editor', 'activated'],
      ['francois', 'viewer', 'invited'],
      ['lukasz', 'archivist', 'activated'],
      ['yamada', 'restrictedViewer', 'activated'],
      ['olga', 'viewer', 'invited'],
      ['giulia', 'administrator', 'activated'],
      ['beat', 'archivist', 'invited'],
      ['chloe', 'restrictedViewer', 'activated'],
      ['marco', 'editor', 'invited'],
    ],
  },
  {
    id: 'safe-legal',
    key: 'legal',
    name: 'Legal & Compliance',
    memberLimit: 10, // 7 of 10
    since: '2025-10-06T08:00:00.000Z',
    members: [
      ['anna', 'administrator', 'activated'],
      ['luca', 'administrator', 'activated'],
      ['soren', 'viewer', 'activated'],
      ['mohammed', 'restrictedViewer', 'invited'],
      ['elodie', 'editor', 'activated'],
      ['juerg', 'archivist', 'activated'],
      ['francesca', 'viewer', 'invited'],
    ],
  },
  {
    id: 'safe-research',
    key: 'research',
    name: 'Research 研究',
    memberLimit: 25, // 21 of 25
    since: '2025-11-03T08:00:00.000Z',
    members: [
      ['anna', 'administrator', 'activated'],
      ['alexandros', 'editor', 'activated'],
      ['zoe', 'viewer', 'activated'],
      ['yamada', 'editor', 'activated'],
      ['liming', 'editor', 'invited'],
      ['priya', 'viewer', 'activated'],
      ['noemie', 'archivist', 'activated'],
      ['matteo', 'restrictedViewer', 'invited'],
      ['stefanie', 'editor', 'activated'],
      ['ingrid', 'viewer', 'invited'],
      ['oliver', 'administrator', 'activated'],
      ['camille', 'viewer', 'activated'],
      ['dmitri', 'archivist', 'invited'],
      ['chiara', 'editor', 'activated'],
      ['hanspeter', 'restrictedViewer', 'activated'],
      ['aiko', 'viewer', 'activated'],
      ['jose', 'editor', 'invited'],
      ['emilie', 'archivist', 'activated'],
      ['sara', 'viewer', 'activated'],
      ['lukas', 'viewer', 'invited'],
      ['noah', 'restrictedViewer', 'activated'],
    ],
  },
];

export const LARGE_SAFE = { id: 'safe-large', name: 'Large Organisation' } as const;

const SEEDED_AT = '2025-08-15T07:30:00.000Z';
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

// prettier-ignore
const FIRST_NAMES = [
  'Anna', 'Lea', 'Noah', 'Luca', 'Mia', 'Élise', 'Jonas', 'Chiara', 'Matteo', 'Zoë', 'Léon', 'Nina', 'Björn',
  'Sofia', 'Marie', 'Gian', 'Aurélie', 'Timo', 'Ivana', 'Kenji', 'Fatima', 'Olga', 'Pedro', 'Ana', 'Yusuf',
  'Ingrid', 'Ravi', 'Mei', 'Hugo', 'Selin', 'Tomasz', 'Jana', 'Felix', 'Chloé', 'Dario', 'Eva', 'Nico',
  'Alessia', 'Paul', 'Mira',
];
// prettier-ignore
const LAST_NAMES = [
  'Müller', 'Meier', 'Schmid', 'Keller', 'Weber', 'Huber', 'Schneider', 'Meyer', 'Steiner', 'Fischer',
  'Gerber', 'Brunner', 'Baumann', 'Frei', 'Zimmermann', 'Moser', 'Widmer', 'Wyss', 'Graf', 'Roth',
  'Rossi', 'Bianchi', 'Ferrari', 'Dubois', 'Favre', 'Rochat', 'Girard', 'Nguyen', 'Yılmaz', 'Kowalski',
  'Novák', 'García', 'Sato', 'Chen', 'Haddad', 'Petrov', 'Andersson', 'Dimitriou', 'Costa', 'Ó Briain',
];
const LARGE_ROLES: readonly RoleKey[] = ['editor', 'viewer', 'viewer', 'restrictedViewer', 'archivist', 'viewer'];
const LANGUAGE_CYCLE: readonly Language[] = ['en', 'de', 'fr', 'it'];

const iso = (ms: number): string => new Date(ms).toISOString();

/** Fill an empty database with the demo organisation. Throws if it already holds data. */
export async function seedDemo(db: DatabaseSync, options: SeedOptions = {}): Promise<SeedResult> {
  const large = options.largeSafeMembers ?? 0;
  if (!Number.isInteger(large) || large < 0) throw new Error('largeSafeMembers must be a non-negative integer');
  assertEmpty(db);

  // hash before the transaction: scrypt is asynchronous, the transaction is not
  const accounts = Object.values(DEMO_ACCOUNTS);
  // in parallel (libuv's thread pool): at the production cost each takes about a second
  const cost = options.passwordCost ?? PASSWORD_COST;
  const hashes = new Map<string, string>(
    await Promise.all(
      accounts.map(async (account) => [account.email, await hashPassword(account.password, cost)] as const),
    ),
  );
  assertEmpty(db);

  const safes: SeededSafe[] = [];
  transaction(db, () => {
    statement(db, 'INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)').run(
      DEMO_ORGANISATION.id,
      DEMO_ORGANISATION.name,
      SEEDED_AT,
    );

    // Registered users: the demo accounts and everyone activated somewhere.
    const activated = new Set(
      DEMO_SAFES.flatMap((safe) => safe.members.filter((m) => m[2] === 'activated').map((m) => m[0])),
    );
    const userIds = new Map<string, string>();
    const insertUser = statement(
      db,
      `INSERT INTO users (id, org_id, email, name, language, org_role, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const person of PEOPLE) {
      const account = accounts.find((candidate) => candidate.email === person.email);
      if (!account && !activated.has(person.key)) continue;
      const id = account?.userId ?? `u-${person.key}`;
      insertUser.run(
        id,
        DEMO_ORGANISATION.id,
        person.email,
        person.name,
        person.language,
        account === DEMO_ACCOUNTS.admin ? 'administrator' : 'user',
        hashes.get(person.email) ?? null,
        SEEDED_AT,
      );
      userIds.set(person.key, id);
    }

    const insertSafe = statement(
      db,
      'INSERT INTO team_safes (id, org_id, name, member_limit, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const insertMember = statement(
      db,
      `INSERT INTO safe_members
         (id, safe_id, user_id, name, sort_key, email, role, status, language, invited_at, activated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );

    for (const safe of DEMO_SAFES) {
      insertSafe.run(safe.id, DEMO_ORGANISATION.id, safe.name, safe.memberLimit, SEEDED_AT);
      const since = Date.parse(safe.since);
      safe.members.forEach(([key, role, status], index) => {
        const person = PEOPLE.find((candidate) => candidate.key === key);
        if (!person) throw new Error(`seed: unknown person ${key}`);
        const invitedAt = since + index * DAY_MS;
        insertMember.run(
          `m-${safe.key}-${String(index + 1).padStart(2, '0')}`,
          safe.id,
          userIds.get(key) ?? null,
          person.name,
          nameSortKey(person.name),
          person.email,
          role,
          status,
          person.language,
          iso(invitedAt),
          status === 'activated' ? iso(invitedAt + ((index % 5) + 1) * HOUR_MS) : null,
        );
      });
      safes.push({ id: safe.id, name: safe.name, memberLimit: safe.memberLimit });
    }

    if (large > 0) {
      const memberLimit = Math.max(large, Math.ceil((large * 1.2) / 100) * 100);
      insertSafe.run(LARGE_SAFE.id, DEMO_ORGANISATION.id, LARGE_SAFE.name, memberLimit, SEEDED_AT);
      const since = Date.parse('2026-01-12T08:00:00.000Z');
      const anna = DEMO_ACCOUNTS.admin;
      insertMember.run(
        'm-large-000000',
        LARGE_SAFE.id,
        anna.userId,
        anna.name,
        nameSortKey(anna.name),
        anna.email,
        'administrator',
        'activated',
        anna.language,
        iso(since),
        iso(since + HOUR_MS),
      );
      for (let i = 1; i < large; i++) {
        const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Member';
        const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length] ?? String(i);
        const name = `${first} ${last}`;
        const role: RoleKey = i % 50 === 0 ? 'administrator' : (LARGE_ROLES[i % LARGE_ROLES.length] ?? 'viewer');
        const invited = i % 9 === 0;
        const invitedAt = since + i * 60_000;
        insertMember.run(
          `m-large-${String(i).padStart(6, '0')}`,
          LARGE_SAFE.id,
          null,
          name,
          nameSortKey(name),
          `member-${String(i).padStart(6, '0')}@large.demo.example`,
          role,
          invited ? 'invited' : 'activated',
          LANGUAGE_CYCLE[i % LANGUAGE_CYCLE.length] ?? 'en',
          iso(invitedAt),
          invited ? null : iso(invitedAt + 3 * HOUR_MS),
        );
      }
      safes.push({ id: LARGE_SAFE.id, name: LARGE_SAFE.name, memberLimit });
    }

    // security groups: more organisation users, the demo groups and their members (server/groups-seed.ts)
    seedSecurityGroups(db, { orgId: DEMO_ORGANISATION.id, at: SEEDED_AT, largeOrgUsers: options.largeOrgUsers ?? 0 });
  });
  db.exec('ANALYZE');

  return { accounts: DEMO_ACCOUNTS, safes };
}

/** True when the database holds no organisation yet. */
export function isEmpty(db: DatabaseSync): boolean {
  return (queryOne<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM organisations')?.n ?? 0) === 0;
}

function assertEmpty(db: DatabaseSync): void {
  if (!isEmpty(db)) {
    throw new Error(
      'seedDemo: the database already holds data (an organisation exists). Seed only an empty database: use a new --db path or delete the file first.',
    );
  }
}
