/**
 * Demo data for security groups, called by seedDemo inside its transaction:
 * more registered users of the demo organisation (people who are in no team
 * safe, so bulk add and the user picker have someone to find), the groups of
 * server/security-groups.demo.json with their demo members, and optionally a
 * large number of generated users for benchmarks.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Language } from '../shared/languages.ts';
import { nameSortKey, statement } from './db.ts';
import { DEMO_GROUPS_FILE, applyGroupConfigInTransaction, loadGroupConfig } from './group-definitions.ts';
import { fillUserSortKeys } from './groups.ts';

interface OrgPerson {
  name: string;
  email: string;
  language: Language;
}

/** Registered users of the demo organisation who are in no demo team safe. */
export const DEMO_ORG_USERS: readonly OrgPerson[] = [
  { name: 'Aurélie Fontaine', email: 'aurelie.fontaine@demo.example', language: 'fr' },
  { name: 'Björn Lindqvist', email: 'bjorn.lindqvist@demo.example', language: 'en' },
  { name: 'Çağla Yıldız', email: 'cagla.yildiz@demo.example', language: 'en' },
  { name: 'Tomáš Dvořák', email: 'tomas.dvorak@demo.example', language: 'de' },
  { name: 'Ελένη Γεωργίου', email: 'eleni.georgiou@demo.example', language: 'en' },
  { name: 'Fatima Zahra Benali', email: 'fatima.benali@demo.example', language: 'fr' },
  { name: 'Gianluca Moretti', email: 'gianluca.moretti@demo.example', language: 'it' },
  { name: 'Hélène Rousseau', email: 'helene.rousseau@demo.example', language: 'fr' },
  { name: 'Ivana Horvat', email: 'ivana.horvat@demo.example', language: 'de' },
  { name: 'Jiří Novák', email: 'jiri.novak@demo.example', language: 'en' },
  { name: '渡辺 健二', email: 'kenji.watanabe@demo.example', language: 'en' },
  { name: 'Leonie Baumann', email: 'leonie.baumann@demo.example', language: 'de' },
  { name: 'Mateusz Zieliński', email: 'mateusz.zielinski@demo.example', language: 'en' },
  { name: 'نادية حداد', email: 'nadia.haddad@demo.example', language: 'fr' },
  { name: 'Pål Østergaard', email: 'pal.ostergaard@demo.example', language: 'en' },
  { name: 'Rahel Tesfaye', email: 'rahel.tesfaye@demo.example', language: 'de' },
  { name: '김서연', email: 'seoyeon.kim@demo.example', language: 'en' },
  { name: 'Thomas Keller', email: 'thomas.keller@demo.example', language: 'de' },
  { name: 'Urs Wüthrich', email: 'urs.wuethrich@demo.example', language: 'de' },
  { name: 'Valentina Esposito', email: 'valentina.esposito@demo.example', language: 'it' },
  { name: '张伟', email: 'wei.zhang@demo.example', language: 'en' },
  { name: 'Yusuf Demir', email: 'yusuf.demir@demo.example', language: 'de' },
  { name: 'Анастасия Волкова', email: 'anastasia.volkova@demo.example', language: 'en' },
  { name: "Siobhán O'Connor", email: 'siobhan.oconnor@demo.example', language: 'en' },
];

/** Generated users of a large organisation: `org-user-000001@org.demo.example`, … */
export const LARGE_ORG_EMAIL_DOMAIN = 'org.demo.example';

// prettier-ignore
const FIRST = ['Lea', 'Noah', 'Mia', 'Élise', 'Jonas', 'Zoë', 'Léon', 'Björn', 'Sofia', 'Gian', 'Aurélie', 'Kenji',
  'Fatima', 'Pedro', 'Yusuf', 'Ravi', 'Mei', 'Selin', 'Tomasz', 'Chloé', 'Dario', 'Ivana', 'Olga', 'Hugo'];
// prettier-ignore
const LAST = ['Müller', 'Keller', 'Weber', 'Huber', 'Steiner', 'Gerber', 'Brunner', 'Frei', 'Moser', 'Wyss',
  'Rossi', 'Bianchi', 'Dubois', 'Favre', 'Nguyen', 'Yılmaz', 'Kowalski', 'Novák', 'García', 'Sato', 'Chen', 'Petrov'];

export interface GroupSeedOptions {
  orgId: string;
  /** ISO time of the seed. */
  at: string;
  /** Generated users to add to the organisation (every 3rd in Developers, every 10th in Workspace Owners). */
  largeOrgUsers?: number;
}

/** Call inside seedDemo's transaction, after the demo users exist. */
export function seedSecurityGroups(db: DatabaseSync, options: GroupSeedOptions): void {
  const large = options.largeOrgUsers ?? 0;
  if (!Number.isInteger(large) || large < 0) throw new Error('largeOrgUsers must be a non-negative integer');
  const insertUser = statement(
    db,
    `INSERT INTO users (id, org_id, email, name, language, org_role, password_hash, created_at, sort_key)
     VALUES (?, ?, ?, ?, ?, 'user', NULL, ?, ?)`,
  );
  for (const person of DEMO_ORG_USERS) {
    const id = `u-${person.email.split('@')[0]?.replace(/[^A-Za-z0-9]+/g, '-') ?? person.email}`;
    insertUser.run(id, options.orgId, person.email, person.name, person.language, options.at, nameSortKey(person.name));
  }
  fillUserSortKeys(db);

  const at = new Date(options.at);
  applyGroupConfigInTransaction(db, loadGroupConfig(DEMO_GROUPS_FILE), { at, withMembers: true, source: null });

  if (large > 0) {
    const languages: Language[] = ['en', 'de', 'fr', 'it'];
    const addMember = statement(
      db,
      'INSERT INTO security_group_members (group_id, user_id, sort_key, added_at) VALUES (?, ?, ?, ?)',
    );
    for (let i = 1; i <= large; i++) {
      const number = String(i).padStart(6, '0');
      const name = `${FIRST[i % FIRST.length] ?? 'User'} ${LAST[Math.floor(i / FIRST.length) % LAST.length] ?? number}`;
      const id = `u-org-${number}`;
      const sortKey = nameSortKey(name);
      insertUser.run(
        id,
        options.orgId,
        `org-user-${number}@${LARGE_ORG_EMAIL_DOMAIN}`,
        name,
        languages[i % languages.length] ?? 'en',
        options.at,
        sortKey,
      );
      if (i % 3 === 0) addMember.run('sg-developers', id, sortKey, options.at);
      if (i % 10 === 0) addMember.run('sg-workspace-owners', id, sortKey, options.at);
    }
  }
}
