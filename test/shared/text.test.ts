/** The text rule of human-readable fields (shared/text.ts). */
import { describe, expect, it } from 'vitest';
import { PersonName } from '../../shared/api/members.ts';
import { InvitationDraft } from '../../shared/ipc/contract.ts';
import { caselessKey, checkText, graphemeCount, plainText } from '../../shared/text.ts';

const problem = (value: string, max = 100) => {
  const checked = checkText(value, max);
  return checked.ok ? null : checked.problem;
};

describe('the text rule', () => {
  it('refuses control characters: C0, C1, NUL, ESC, CR/LF and the Unicode line separators', () => {
    for (const value of [
      'a\u0000b',
      'red\u001b[31m',
      'one\ntwo',
      'one\r\ntwo',
      'tab\there',
      'c1\u0085',
      'x\u009by',
      'a\u2028b',
      'a\u2029b',
      'del\u007f',
    ]) {
      expect(problem(value), JSON.stringify(value)).toBe('invalid_characters');
    }
  });

  it('refuses bidi overrides and isolates, keeps the plain direction marks of right-to-left names', () => {
    for (const mark of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(problem(`Eve${mark}lived.exe`), mark.codePointAt(0)?.toString(16)).toBe('invalid_characters');
    }
    expect(problem('محمد الحسن\u200F')).toBeNull();
  });

  it('refuses what shows nothing', () => {
    for (const value of ['\u200B', '\u200B\u200C\u200D', '\u3164', '\u2800', '\u00AD', '\u2060\u180E']) {
      expect(problem(value), JSON.stringify(value)).toBe('invisible_only');
    }
    for (const value of ['', '   ', '\u00A0\u3000', '\uFEFF']) expect(problem(value)).toBe('required');
  });

  it('normalises to NFC and trims', () => {
    expect(checkText('  Zoe\u0308 Mu\u0308ller\u00A0', 100)).toEqual({ ok: true, value: 'Zoë Müller' });
  });

  it('counts characters as a reader does (graphemes)', () => {
    expect(graphemeCount('Zoe\u0308')).toBe(3);
    expect(graphemeCount('🇨🇭👨‍👩‍👧‍👦')).toBe(2);
    expect(problem('🇨🇭'.repeat(100))).toBeNull();
    expect(problem('e\u0301'.repeat(100))).toBeNull();
    expect(problem('x'.repeat(101))).toBe('too_long');
    // one grapheme with a thousand combining marks is not a short name
    expect(problem(`a${'\u0301'.repeat(1000)}`)).toBe('too_long');
  });

  it('is what the API and the IPC contract use, with field error codes', () => {
    expect(PersonName.safeParse('Eve\u202Eevil').error?.issues[0]?.message).toBe('invalid_characters');
    const draft = InvitationDraft.safeParse({
      name: '\u200B',
      email: 'a@b.example',
      role: 'viewer',
      language: 'en',
      codeDelivery: 'display',
    });
    expect(draft.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['name', 'invisible_only'],
    ]);
  });

  it('makes any text safe to embed in a message: one line, no bidi, shortened by characters', () => {
    expect(plainText('Finance\r\nYour code: 23456789\u202E', 40)).toBe('Finance Your code: 23456789');
    expect(plainText('🇨🇭'.repeat(50), 10)).toBe(`${'🇨🇭'.repeat(9)}…`);
  });

  it('compares names regardless of case', () => {
    expect(caselessKey('Developers')).toBe(caselessKey('DEVELOPERS'));
    expect(caselessKey('Straße')).toBe(caselessKey('STRASSE'));
    expect(caselessKey('Ärzte')).toBe(caselessKey('ärzte'));
  });
});
