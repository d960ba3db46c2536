import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/api/audit.ts';
import type { Member } from '../../shared/api/schemas.ts';
import {
  AUDIT_EXPORT_COLUMNS,
  CSV_BOM,
  MEMBER_EXPORT_COLUMNS,
  csvChunks,
  csvChunksAsync,
  csvRecords,
  matrixExportColumns,
  neutraliseCell,
  restoreCell,
  toCsv,
} from '../../shared/csv/index.ts';

const member = (n: number, extra: Partial<Member> = {}): Member => ({
  id: `m-${n}`,
  name: `Person ${n}`,
  email: `person.${n}@example.com`,
  role: 'viewer',
  status: 'activated',
  language: 'de',
  invitedAt: '2026-01-02T03:04:05.000Z',
  activatedAt: '2026-01-03T03:04:05.000Z',
  invitationExpiresAt: null,
  version: 1,
  ...extra,
});

/** Records of a CSV text, parsed back by papaparse (BOM removed). */
function parse(text: string): string[][] {
  expect(text.startsWith(CSV_BOM)).toBe(true);
  const result = Papa.parse<string[]>(text.slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('formula neutralisation', () => {
  it('puts a quote in front of every cell a spreadsheet would run, and of nothing else', () => {
    expect(neutraliseCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(neutraliseCell(`${start}HYPERLINK("http://evil.example")`), JSON.stringify(start)).toBe(
        `'${start}HYPERLINK("http://evil.example")`,
      );
    }
    for (const harmless of ['Anna Muster', '', "O'Brien", 'a=b', ' =1+1', '41', 'ü@x', "'quoted"]) {
      expect(neutraliseCell(harmless), harmless).toBe(harmless);
    }
  });

  it('is undone by restoreCell, which leaves every other cell alone', () => {
    for (const value of ["=cmd|' /C calc'!A0", '+41791234567', '-5', '@x', '\tx', '\rx', 'Anna', "'quoted", "'"]) {
      expect(restoreCell(neutraliseCell(value)), value).toBe(value);
    }
  });
});

describe('writing CSV', () => {
  it('quotes as RFC 4180 says, ends records in CRLF, and neutralises every cell', () => {
    const text = csvRecords([
      ['plain', 'a,b', 'say "hi"', 'two\r\nlines', ' padded ', "=cmd|' /C calc'!A0"],
      ['', 'ü', '😀', '+41 79 123 45 67', '-', '@'],
    ]);
    expect(text).toBe(
      'plain,"a,b","say ""hi""","two\r\nlines"," padded ",\'=cmd|\' /C calc\'!A0\r\n' +
        ",ü,😀,'+41 79 123 45 67,'-,'@\r\n",
    );
    expect(Papa.parse<string[]>(text, { newline: '\r\n', skipEmptyLines: true }).data[0]).toEqual([
      'plain',
      'a,b',
      'say "hi"',
      'two\r\nlines',
      ' padded ',
      "'=cmd|' /C calc'!A0",
    ]);
  });

  it('writes a member list with a BOM, headers and values in the UI language, or machine names', () => {
    const members = [
      member(1, { name: "=cmd|' /C calc'!A0" }),
      member(2, {
        role: 'restrictedViewer',
        status: 'invited',
        activatedAt: null,
        invitationExpiresAt: '2999-01-09T03:04:05.000Z',
      }),
      // Its code expired: "Expired", as the member table shows it.
      member(3, { status: 'invited', activatedAt: null, invitationExpiresAt: '2026-01-09T03:04:05.000Z' }),
    ];
    expect(parse(toCsv(MEMBER_EXPORT_COLUMNS, members, { language: 'de' }))).toEqual([
      ['Name', 'E-Mail', 'Rolle', 'Status', 'Sprache', 'Eingeladen am', 'Aktiviert am', 'Läuft ab am'],
      [
        "'=cmd|' /C calc'!A0",
        'person.1@example.com',
        'Betrachter',
        'Aktiviert',
        'Deutsch',
        '2026-01-02T03:04:05.000Z',
        '2026-01-03T03:04:05.000Z',
        '',
      ],
      [
        'Person 2',
        'person.2@example.com',
        'Eingeschränkter Betrachter',
        'Eingeladen',
        'Deutsch',
        '2026-01-02T03:04:05.000Z',
        '',
        '2999-01-09T03:04:05.000Z',
      ],
      [
        'Person 3',
        'person.3@example.com',
        'Betrachter',
        'Abgelaufen',
        'Deutsch',
        '2026-01-02T03:04:05.000Z',
        '',
        '2026-01-09T03:04:05.000Z',
      ],
    ]);
    expect(parse(toCsv(MEMBER_EXPORT_COLUMNS, members, { language: 'it', machine: true }))[0]).toEqual([
      'name',
      'email',
      'role',
      'status',
      'language',
      'invitedAt',
      'activatedAt',
      'expiresAt',
    ]);
    expect(parse(toCsv(MEMBER_EXPORT_COLUMNS, members, { language: 'it', machine: true }))[2]?.slice(2, 5)).toEqual([
      'restrictedViewer',
      'invited',
      'de',
    ]);
    // Machine values are the API's: an expired invitation's status is still `invited`, with its expiry.
    expect(parse(toCsv(MEMBER_EXPORT_COLUMNS, members, { language: 'it', machine: true }))[3]?.slice(3)).toEqual([
      'invited',
      'de',
      '2026-01-02T03:04:05.000Z',
      '',
      '2026-01-09T03:04:05.000Z',
    ]);
    expect(parse(toCsv(MEMBER_EXPORT_COLUMNS, [], { language: 'fr' }))).toEqual([
      ['Nom', 'E-mail', 'Rôle', 'Statut', 'Langue', 'Invité le', 'Activé le', 'Expire le'],
    ]);
  });

  it('writes activity with translated actions, and the matrix with the server’s permission names', () => {
    const entry: AuditEntry = {
      id: 1,
      at: '2026-02-01T10:00:00.000Z',
      actor: { id: 'u-anna', name: 'Anna Muster' },
      action: 'member.roleChanged',
      targetType: 'member',
      targetId: 'm-1',
      safeId: 'safe-1',
      subject: { id: 'm-1', name: 'Luca', email: 'luca@example.com' },
      undoes: null,
      before: { role: 'viewer' },
      after: { role: 'editor' },
    };
    const unknown = { ...entry, id: 2, action: 'member.teleported' };
    expect(parse(toCsv(AUDIT_EXPORT_COLUMNS, [entry, unknown], { language: 'it' })).slice(1)).toEqual([
      [
        '2026-02-01T10:00:00.000Z',
        'Anna Muster',
        'Ruolo modificato',
        'Luca',
        'luca@example.com',
        '{"role":"viewer"}',
        '{"role":"editor"}',
      ],
      [
        '2026-02-01T10:00:00.000Z',
        'Anna Muster',
        'member.teleported',
        'Luca',
        'luca@example.com',
        '{"role":"viewer"}',
        '{"role":"editor"}',
      ],
    ]);
    const names = { en: 'API keys', de: 'API-Schlüssel', fr: 'Clés API', it: 'Chiavi API' };
    const columns = matrixExportColumns(['apiKeys', 'brandNew'], [{ key: 'apiKeys', name: names, description: names }]);
    const rows = [{ user: { id: 'u-1', name: 'Anna', email: 'anna@example.com' }, permissions: ['apiKeys'] }];
    expect(parse(toCsv(columns, rows, { language: 'fr' }))).toEqual([
      ['Nom', 'E-mail', 'Clés API', 'brandNew'],
      ['Anna', 'anna@example.com', 'Oui', 'Non'],
    ]);
    expect(parse(toCsv(columns, rows, { language: 'fr', machine: true }))[1]).toEqual([
      'Anna',
      'anna@example.com',
      'true',
      'false',
    ]);
  });
});

describe('streaming 100 000 rows', () => {
  const TOTAL = 100_000;

  it('pulls rows only as chunks are asked for, and yields one chunk per 1000 records', () => {
    let pulled = 0;
    function* rows() {
      for (let n = 0; n < TOTAL; n++) {
        pulled++;
        yield member(n);
      }
    }
    const chunks = csvChunks(MEMBER_EXPORT_COLUMNS, rows(), { language: 'en' });
    const first = chunks.next();
    expect(first.done).toBe(false);
    // the first chunk holds the BOM, the header and 1000 records; no more rows were read
    expect(pulled).toBe(1000);
    expect(first.value?.startsWith(`${CSV_BOM}Name,E-mail,Role,`)).toBe(true);
    expect(first.value?.split('\r\n').length).toBe(1 + 1000 + 1);

    let count = 1;
    let records = 1000;
    for (const chunk of chunks) {
      count++;
      const lines = chunk.split('\r\n');
      expect(lines.at(-1)).toBe('');
      records += lines.length - 1;
      expect(pulled).toBeLessThanOrEqual(count * 1000);
    }
    expect(count).toBe(100);
    expect(records).toBe(TOTAL);
    expect(pulled).toBe(TOTAL);
  });

  it('streams rows from an async source the same way', async () => {
    let pulled = 0;
    async function* pages() {
      for (let page = 0; page < TOTAL / 500; page++) {
        await Promise.resolve();
        for (let n = 0; n < 500; n++) {
          pulled++;
          yield member(page * 500 + n);
        }
      }
    }
    const sizes: number[] = [];
    let text = '';
    for await (const chunk of csvChunksAsync(MEMBER_EXPORT_COLUMNS, pages(), { language: 'en', chunkRows: 2500 })) {
      sizes.push(pulled);
      text += chunk;
    }
    expect(sizes).toHaveLength(TOTAL / 2500);
    // each chunk was written when its 2500th row arrived, not after the whole source
    expect(sizes.slice(0, 3)).toEqual([2500, 5000, 7500]);
    const parsed = parse(text);
    expect(parsed).toHaveLength(TOTAL + 1);
    expect(parsed.at(-1)?.[0]).toBe(`Person ${TOTAL - 1}`);
  });
});
