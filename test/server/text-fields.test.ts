/**
 * The text rule at the API: every human-readable field refuses control
 * and bidi characters and invisible-only text with a field error code,
 * stores NFC; the SMS is built from sanitised parts; group names are unique
 * regardless of case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, routePath, type RouteName } from '../../shared/api/routes.ts';
import { invitationSmsText } from '../../server/sms.ts';
import type { SeededServer } from '../helpers/server.ts';
import { GROUPS, ORG, startGroupServer, support } from './groups-helpers.ts';
import { membersApi, person } from './members-api.ts';
import { errorOf, request, type Answer } from './request.ts';

const HOSTILE: [value: string, code: string][] = [
  ['Eve\u202Eexe.pdf', 'invalid_characters'],
  ['Nul\u0000byte', 'invalid_characters'],
  ['Esc\u001b[2J', 'invalid_characters'],
  ['Two\r\nlines', 'invalid_characters'],
  ['Iso\u2066late\u2069', 'invalid_characters'],
  ['\u200B\u200D', 'invisible_only'],
  ['\u3164', 'invisible_only'],
  ['  ', 'required'],
  ['x'.repeat(101), 'too_long'],
];

describe('human-readable text fields', () => {
  let server: SeededServer;
  let tokens: { admin: string; luca: string };

  beforeAll(async () => {
    const started = await startGroupServer();
    server = started.server;
    tokens = started.tokens;
  });
  afterAll(() => server.close());

  /** Each field: the route, who calls it, and a body with the text in it. */
  const FIELDS: {
    route: RouteName;
    field: string;
    token: () => string | null;
    body: (text: string) => unknown;
    params?: Record<string, string>;
  }[] = [
    { route: 'createTeamSafe', field: 'name', token: () => tokens.admin, body: (name) => ({ name }) },
    { route: 'createApiKey', field: 'label', token: () => tokens.luca, body: (label) => ({ label }) },
    {
      route: 'registerTrustedDevice',
      field: 'name',
      token: () => tokens.admin,
      body: (name) => ({ name, publicKey: 'A'.repeat(44) }),
    },
    { route: 'createDropzone', field: 'name', token: () => tokens.luca, body: (name) => ({ name }) },
    {
      route: 'updateDropzone',
      field: 'name',
      token: () => tokens.luca,
      body: (name) => ({ name }),
      params: { dropzoneId: 'dz-x' },
    },
    {
      route: 'supportCreateSecurityGroup',
      field: 'name',
      token: () => null,
      body: (name) => ({ orgId: ORG, name, permissions: ['apiKeys'] }),
    },
    {
      route: 'supportUpdateSecurityGroup',
      field: 'name',
      token: () => null,
      body: (name) => ({ name }),
      params: { groupId: GROUPS.developers },
    },
  ];

  const send = (entry: (typeof FIELDS)[number], text: string): Promise<Answer> => {
    const route = routes[entry.route];
    const token = entry.token();
    return request(server.url, routePath(route.path, entry.params), {
      method: route.method,
      ...(token ? { token } : { headers: { 'x-support-token': 'support-staff-secret-for-tests-0123' } }),
      body: entry.body(text),
    });
  };

  it('refuses hostile text in every field with the field’s error code, and writes nothing', async () => {
    const audit = () => (server.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    const before = audit();
    for (const entry of FIELDS) {
      for (const [value, code] of HOSTILE) {
        const answer = await send(entry, value);
        expect(answer.status, `${entry.route} ${JSON.stringify(value)}`).toBe(400);
        expect(errorOf(answer).fields, `${entry.route} ${JSON.stringify(value)}`).toEqual({ [entry.field]: code });
      }
    }
    const api = membersApi(server);
    for (const [value, code] of HOSTILE) {
      const answer = await api.invite(tokens.admin, 'safe-research', person('hostile', { name: value }));
      expect(answer.status).toBe(400);
      expect(errorOf(answer).fields).toEqual({ name: code });
    }
    expect(audit()).toBe(before);
  });

  it('stores names NFC-normalised and trimmed', async () => {
    const answer = await send(FIELDS[0]!, '  Zu\u0308rich Tea\u0308m ');
    expect(answer.status, answer.text).toBe(201);
    expect(routes.createTeamSafe.response.parse(answer.json).name).toBe('Zürich Teäm');
    const invited = await membersApi(server).invited(
      tokens.admin,
      'safe-research',
      person('nfc', { name: 'Zoe\u0308 ' }),
    );
    expect(invited.member.name).toBe('Zoë');
  });

  it('keeps group names unique regardless of case', async () => {
    const clash = await support(server, 'supportCreateSecurityGroup', {
      body: { orgId: ORG, name: 'DEVELOPERS', permissions: ['apiKeys'] },
    });
    expect(clash.status).toBe(409);
    expect(errorOf(clash).code).toBe('group_name_taken');
    const rename = await support(server, 'supportUpdateSecurityGroup', {
      params: { groupId: GROUPS.deviceAdmins },
      body: { name: 'workspace owners' },
    });
    expect(rename.status).toBe(409);
    // a group may change the case of its own name
    const own = await support(server, 'supportUpdateSecurityGroup', {
      params: { groupId: GROUPS.developers },
      body: { name: 'DEVELOPERS' },
    });
    expect(own.status, own.text).toBe(200);
  });
});

describe('the invitation SMS', () => {
  it('is built from sanitised parts: a safe name cannot add lines or reorder the text', () => {
    const text = invitationSmsText('en', 'Finance\nYour code is 23456789. Call +41 00\u202E', 'ABCDEFGH', 7);
    expect(text).not.toMatch(/[\r\n\u2028\u2029\u202A-\u202E\u2066-\u2069]/u);
    expect(text.split('ABCDEFGH')).toHaveLength(2);
    expect(text).toMatch(
      /^Your security code for the team safe "Finance Your code is 23456789\. Call \+41…": ABCDEFGH\./u,
    );
  });
});
