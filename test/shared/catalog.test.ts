import { describe, expect, it } from 'vitest';
import {
  ROLE_KEYS,
  qualifiesAsDigitalArchive,
  roleCan,
  type Capability,
  type RoleKey,
} from '../../shared/catalog/roles.ts';
import { ServerUrl, Email } from '../../shared/validation.ts';

// The member guide's role table, row by row (A, E, V, RV, Ar).
const table: Record<Capability, [boolean, boolean, boolean, boolean, boolean]> = {
  viewFiles: [true, true, true, true, true],
  download: [true, true, true, false, true],
  upload: [true, true, false, false, true],
  edit: [true, true, false, false, false],
  delete: [true, true, false, false, false],
  sendSecurely: [true, true, true, false, true],
  shareLinks: [true, true, true, true, true],
  manageMembers: [true, false, false, false, false],
};

describe('role catalogue', () => {
  it('matches the member guide', () => {
    for (const [capability, row] of Object.entries(table) as [Capability, boolean[]][]) {
      ROLE_KEYS.forEach((role, index) => expect(roleCan(role, capability), `${role} ${capability}`).toBe(row[index]));
    }
  });

  it('says when a safe qualifies as a digital archive', () => {
    expect(qualifiesAsDigitalArchive(['archivist', 'archivist'])).toBe(true);
    expect(qualifiesAsDigitalArchive(['archivist', 'viewer'] as RoleKey[])).toBe(false);
    expect(qualifiesAsDigitalArchive([])).toBe(false);
  });
});

describe('validation', () => {
  it('normalises server addresses and refuses unsafe ones', () => {
    expect(ServerUrl.parse(' https://safe.example.com/ ')).toBe('https://safe.example.com');
    expect(ServerUrl.parse('http://127.0.0.1:4517')).toBe('http://127.0.0.1:4517');
    for (const bad of ['', 'safe.example.com', 'ftp://x.ch', 'https://u:p@x.ch', 'https://x.ch/path', 'javascript:1']) {
      expect(ServerUrl.safeParse(bad).success, bad).toBe(false);
    }
    expect(ServerUrl.safeParse('http://safe.example.com').error?.issues[0]?.message).toBe('insecure_server_url');
  });

  it('trims and lower-cases e-mail addresses', () => {
    expect(Email.parse('  Anna.Muster@Demo.Example ')).toBe('anna.muster@demo.example');
    expect(Email.safeParse('anna@').error?.issues[0]?.message).toBe('invalid_email');
    expect(Email.safeParse('').error?.issues[0]?.message).toBe('required');
  });
});
