import { describe, expect, it } from 'vitest';
import { BULK_INVITE_COLUMNS, BULK_INVITE_LIMIT } from '../../shared/api/bulk-invite.ts';
import { CATALOGUES } from '../../shared/i18n/catalogues.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import {
  IMPORT_HEADERS,
  invitationTemplateCsv,
  normaliseHeader,
  parseInvitationCsv,
  type InvitationImport,
} from '../../shared/csv/index.ts';

function rowsOf(result: InvitationImport) {
  if (!result.ok) throw new Error(`not parsed: ${JSON.stringify(result.error)}`);
  return result.rows;
}

const EMPTY = { name: '', email: '', role: '', language: '', codeDelivery: 'display', country: '', mobile: '' };

describe('importing invitations from CSV', () => {
  it('reads an Excel file from a German locale: BOM, semicolons, German headers and values', () => {
    const text =
      '\uFEFFName;E-Mail;Rolle;Sprache;Code-Zustellung;Land;Mobilnummer\r\n' +
      'Zoë Müller;zoe@example.com;Betrachter;Deutsch;Code anzeigen;;\r\n' +
      '"Dupont; François";francois@example.com;Lecteur;français;SMS;ch;079 123 45 67\r\n';
    const result = parseInvitationCsv(text);
    expect(result.ok && result.delimiter).toBe(';');
    expect(rowsOf(result)).toEqual([
      { ...EMPTY, line: 2, name: 'Zoë Müller', email: 'zoe@example.com', role: 'viewer', language: 'de' },
      {
        line: 3,
        name: 'Dupont; François',
        email: 'francois@example.com',
        role: 'viewer',
        language: 'fr',
        codeDelivery: 'sms',
        country: 'CH',
        mobile: '079 123 45 67',
      },
    ]);
  });

  it('keeps line breaks inside quoted cells and counts lines for the rows after them', () => {
    const text = 'name,email\n"Anna\nMuster",anna@example.com\n\n   \nLuca,luca@example.com\n';
    expect(rowsOf(parseInvitationCsv(text))).toEqual([
      { ...EMPTY, line: 2, name: 'Anna\nMuster', email: 'anna@example.com' },
      { ...EMPTY, line: 6, name: 'Luca', email: 'luca@example.com' },
    ]);
  });

  it('reads its own template back in every language, and with machine headers', () => {
    for (const language of LANGUAGES) {
      for (const machine of [false, true]) {
        const template = invitationTemplateCsv({ language, machine });
        expect(template.startsWith('\uFEFF')).toBe(true);
        const rows = rowsOf(parseInvitationCsv(template));
        expect(rows, `${language} ${machine}`).toEqual([
          {
            line: 2,
            name: CATALOGUES[language].csv.example.displayName,
            email: CATALOGUES[language].csv.example.displayEmail,
            role: 'viewer',
            language,
            codeDelivery: 'display',
            country: '',
            mobile: '',
          },
          {
            line: 3,
            name: CATALOGUES[language].csv.example.smsName,
            email: CATALOGUES[language].csv.example.smsEmail,
            role: 'editor',
            language,
            codeDelivery: 'sms',
            country: 'CH',
            mobile: '079 123 45 67',
          },
        ]);
      }
    }
  });

  it('recognises headers in English, French and Italian, ignoring case, accents and punctuation', () => {
    const rows = (header: string) => rowsOf(parseInvitationCsv(`${header}\nA,a@example.com,x,y\n`))[0];
    expect(rows('NAME, e_mail ,Role,Language')).toMatchObject({
      name: 'A',
      email: 'a@example.com',
      role: 'x',
      language: 'y',
    });
    expect(parseInvitationCsv('Name,E-mail address\nA,a@example.com\n')).toMatchObject({
      ok: false,
      error: { code: 'csv_missing_columns', columns: ['email'] },
    });
    expect(rows('Nom,E-mail,Rôle,Langue')).toMatchObject({ name: 'A', email: 'a@example.com', role: 'x' });
    expect(rows('Nome,E-MAIL,ruolo,LINGUA')).toMatchObject({ name: 'A', email: 'a@example.com', language: 'y' });
    expect(rows('name,Email,ROLE,code delivery')).toMatchObject({ codeDelivery: 'y' });
  });

  it('has one meaning for every header text, in all four languages', () => {
    const seen = new Map<string, string>();
    for (const language of LANGUAGES) {
      for (const key of BULK_INVITE_COLUMNS) {
        const text = normaliseHeader(CATALOGUES[language].csv.columns[key]);
        expect(seen.get(text) ?? key, `${language} ${key}`).toBe(key);
        seen.set(text, key);
        expect(IMPORT_HEADERS.get(text)).toBe(key);
      }
    }
  });

  it('keeps unknown values for the server to judge, and infers delivery and country from a mobile number', () => {
    const text =
      'name,email,role,language,codeDelivery,mobile,notes\n' +
      'A,a@example.com,Owner,Spanish,pigeon,,x\n' +
      "B,b@example.com,archivist,de-CH,,'+41 79 123 45 67,y\n" +
      'C,c@example.com,Amministratore,Englisch,,0039 333 123 4567,z\n';
    const result = parseInvitationCsv(text);
    expect(result.ok && result.ignoredColumns).toEqual(['notes']);
    expect(
      rowsOf(result).map(({ role, language, codeDelivery, country, mobile }) => ({
        role,
        language,
        codeDelivery,
        country,
        mobile,
      })),
    ).toEqual([
      { role: 'Owner', language: 'Spanish', codeDelivery: 'pigeon', country: '', mobile: '' },
      { role: 'archivist', language: 'de', codeDelivery: 'sms', country: 'CH', mobile: '+41 79 123 45 67' },
      { role: 'administrator', language: 'en', codeDelivery: 'sms', country: 'IT', mobile: '0039 333 123 4567' },
    ]);
  });

  it('reads tab-separated files', () => {
    expect(rowsOf(parseInvitationCsv('Name\tE-mail\nA\ta@example.com\n'))[0]).toMatchObject({ email: 'a@example.com' });
  });

  it(`accepts ${BULK_INVITE_LIMIT} rows and refuses ${BULK_INVITE_LIMIT + 1} with the count`, () => {
    const file = (count: number) =>
      'name,email\r\n' + Array.from({ length: count }, (_, n) => `P ${n},p${n}@example.com\r\n`).join('');
    expect(rowsOf(parseInvitationCsv(file(BULK_INVITE_LIMIT)))).toHaveLength(BULK_INVITE_LIMIT);
    expect(parseInvitationCsv(file(BULK_INVITE_LIMIT + 1))).toEqual({
      ok: false,
      error: { code: 'too_many_rows', count: BULK_INVITE_LIMIT + 1, max: BULK_INVITE_LIMIT },
    });
    expect(parseInvitationCsv(file(5000))).toMatchObject({ ok: false, error: { code: 'too_many_rows', count: 5000 } });
  });

  it('says what is wrong with a file it cannot use', () => {
    expect(parseInvitationCsv('')).toEqual({ ok: false, error: { code: 'csv_empty' } });
    expect(parseInvitationCsv('\uFEFF\r\n\r\n')).toEqual({ ok: false, error: { code: 'csv_empty' } });
    expect(parseInvitationCsv('Name;E-Mail\r\n;;\r\n')).toEqual({ ok: false, error: { code: 'csv_empty' } });
    expect(parseInvitationCsv('Name,Role\nA,viewer\n')).toEqual({
      ok: false,
      error: { code: 'csv_missing_columns', columns: ['email'] },
    });
    expect(parseInvitationCsv('first,second\n1,2\n')).toEqual({
      ok: false,
      error: { code: 'csv_missing_columns', columns: ['name', 'email'] },
    });
    expect(parseInvitationCsv('name,email\nA,a@example.com\nB,"b@example.com\nC,c@example.com\n')).toEqual({
      ok: false,
      error: { code: 'csv_unreadable', line: 3 },
    });
  });
});
