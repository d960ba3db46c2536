import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { BULK_ENTRY_DISPLAY_MAX, BULK_LIMIT, parseBulkEntries } from '../../shared/bulk.ts';

const summary = (text: string) =>
  parseBulkEntries(text).entries.map((entry) => [entry.raw, entry.status, entry.email ?? null]);

describe('parseBulkEntries', () => {
  it('splits on commas, semicolons, line breaks and spaces, trimming and lower-casing', () => {
    const result = parseBulkEntries(' Anna@Demo.Example,bob@x.ch;\r\n  carla@x.ch\tdan@x.ch   eve@x.ch\n');
    expect(result.entries.map((entry) => entry.email)).toEqual([
      'anna@demo.example',
      'bob@x.ch',
      'carla@x.ch',
      'dan@x.ch',
      'eve@x.ch',
    ]);
    expect(result.entries.map((entry) => entry.index)).toEqual([0, 1, 2, 3, 4]);
    expect(result).toMatchObject({ count: 5, valid: 5, invalid: 0, duplicate: 0, overLimit: false, limit: 50 });
    expect(result.entries[0]?.raw).toBe('Anna@Demo.Example');
  });

  it('finds no entries in an empty list or one of separators only', () => {
    for (const text of ['', '   ', ',,,', ' , ; ;\n\n,\t', '\r\n']) {
      expect(parseBulkEntries(text), JSON.stringify(text)).toMatchObject({ count: 0, entries: [], overLimit: false });
    }
  });

  it('accepts the display-name form, quoted names with commas included', () => {
    const result = parseBulkEntries(
      'Jane <Jane@X.ch>, Jane Doe <jdoe@x.ch>; "Doe, John" <john@x.ch>\nMüller Zoë <zoe@x.ch>',
    );
    expect(result.entries.map((e) => [e.email, e.name, e.status])).toEqual([
      ['jane@x.ch', 'Jane', 'valid'],
      ['jdoe@x.ch', 'Jane Doe', 'valid'],
      ['john@x.ch', 'Doe, John', 'valid'],
      ['zoe@x.ch', 'Müller Zoë', 'valid'],
    ]);
    expect(result.entries[2]?.raw).toBe('"Doe, John" <john@x.ch>');
    // a bare angle address and a missing closing bracket are fine too
    expect(summary('<a@x.ch>, Bea <b@x.ch')).toEqual([
      ['<a@x.ch>', 'valid', 'a@x.ch'],
      ['Bea <b@x.ch', 'valid', 'b@x.ch'],
    ]);
  });

  it('flags invalid entries, keeping a name without an address as one entry', () => {
    expect(summary('anna@, Jane Doe, @x.ch, a@b@c.ch, <not an address>, ok@x.ch')).toEqual([
      ['anna@', 'invalid', null],
      ['Jane Doe', 'invalid', null],
      ['@x.ch', 'invalid', null],
      ['a@b@c.ch', 'invalid', null],
      ['<not an address>', 'invalid', null],
      ['ok@x.ch', 'valid', 'ok@x.ch'],
    ]);
    // words before an address that is not in angle brackets are their own (invalid) entry
    expect(summary('Jane jane@x.ch')).toEqual([
      ['Jane', 'invalid', null],
      ['jane@x.ch', 'valid', 'jane@x.ch'],
    ]);
  });

  it('marks repeats of an address in any case as duplicates of the first', () => {
    const result = parseBulkEntries('a@x.ch, A@X.CH, Anna <a@x.ch>, b@x.ch, B@x.ch');
    expect(result.entries.map((e) => [e.status, e.duplicateOf])).toEqual([
      ['valid', undefined],
      ['duplicate', 0],
      ['duplicate', 0],
      ['valid', undefined],
      ['duplicate', 3],
    ]);
    expect(result).toMatchObject({ count: 5, valid: 2, duplicate: 3, invalid: 0 });
  });

  it('counts every non-empty entry against the limit: 50 is fine, 50 valid + 1 invalid is over', () => {
    const fifty = Array.from({ length: BULK_LIMIT }, (_, i) => `user${i}@x.ch`);
    const atLimit = parseBulkEntries(fifty.join(', '));
    expect(atLimit).toMatchObject({ count: 50, valid: 50, overLimit: false });
    expect(atLimit.entries.some((e) => e.beyondLimit)).toBe(false);

    const over = parseBulkEntries([...fifty, 'not-an-address'].join(', '));
    expect(over).toMatchObject({ count: 51, valid: 50, invalid: 1, overLimit: true });
    expect(over.entries.filter((e) => e.beyondLimit).map((e) => e.raw)).toEqual(['not-an-address']);

    const duplicates = parseBulkEntries([...fifty, 'USER0@x.ch'].join('\n'));
    expect(duplicates).toMatchObject({ count: 51, duplicate: 1, overLimit: true });
  });

  it('parses a 1 MB paste with constant work per entry: each distinct address is validated once', () => {
    const line = Array.from({ length: 40 }, (_, i) => `Person ${i} <person.${i}@example.com>`).join(', ');
    const text = `${line}\n`.repeat(Math.ceil(1_000_000 / line.length));
    expect(text.length).toBeGreaterThan(1_000_000);
    const validations = vi.spyOn(z.regexes.email, 'test');
    try {
      const result = parseBulkEntries(text);
      expect(result.overLimit).toBe(true);
      expect(result.valid).toBe(40);
      expect(result.count).toBeGreaterThan(20_000);
      expect(result.duplicate).toBe(result.count - 40);
      // 20 000+ entries, 40 distinct addresses: the (costly) address check ran 40 times, not per entry
      expect(validations.mock.calls.length).toBeGreaterThanOrEqual(40);
      expect(validations.mock.calls.length).toBeLessThanOrEqual(2 * 40);
    } finally {
      validations.mockRestore();
    }
  });

  it('survives pathological pastes: one huge token, a sea of quotes or brackets', () => {
    // the regex has no overlapping alternatives, so these cannot backtrack; their timing is in `npm run bench`
    for (const nasty of ['x'.repeat(1_000_000), '"'.repeat(1_000_000), '<'.repeat(1_000_000), 'a@'.repeat(500_000)]) {
      const parsed = parseBulkEntries(nasty);
      expect(parsed.valid).toBe(0);
      for (const entry of parsed.entries.slice(0, 5))
        expect(entry.raw.length).toBeLessThanOrEqual(BULK_ENTRY_DISPLAY_MAX);
    }
  });
});
