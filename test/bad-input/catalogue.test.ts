/**
 * The bad-input catalogue: one table of hostile and mistaken
 * input across the API, the IPC boundary and the invite wizard, each with
 * where it enters, the status and code it must get, and the translated
 * message the user then reads — in all four languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core.ts';
import { createLogger } from '../../electron/core/log.ts';
import { ERROR_CODES, FIELD_ERROR_CODES, type ErrorCode, type FieldErrorCode } from '../../shared/errors.ts';
import { en } from '../../shared/i18n/en.ts';
import { de } from '../../shared/i18n/de.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { it as itCatalogue } from '../../shared/i18n/it.ts';
import { emptyDraft, validateStep } from '../../renderer/src/invite/draft.ts';
import { testCores } from '../helpers/core.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { call, errorOf, signIn } from '../server/request.ts';
import { API_CASES, strangerFailures, type ApiContext } from './api-cases.ts';
import { IPC_CASES } from './ipc-cases.ts';
import { WIZARD_CASES } from './wizard-cases.ts';

const CATALOGUES = { en, de, fr, it: itCatalogue };
const SUPPORT_TOKEN = 'support-token-for-the-catalogue';

/** The message a user reads for a code: present and not empty in every language. */
function expectTranslated(kind: 'errors' | 'fieldErrors', code: string): void {
  for (const [language, catalogue] of Object.entries(CATALOGUES)) {
    const text = (catalogue[kind] as Record<string, string>)[code];
    expect(text, `${kind}.${code} in ${language}`).toMatch(/\S{2,}/);
  }
}

let server: SeededServer;
let context: ApiContext;

beforeAll(async () => {
  server = await startSeededServer({ devEndpoints: true, supportToken: SUPPORT_TOKEN });
  const byName = (name: string) => server.safes.find((safe) => safe.name.startsWith(name))!.id;
  const { admin, safeAdmin, plainUser } = server.accounts;
  const adminToken = (await signIn(server.url, admin.email, admin.password)).accessToken;
  const roomy = await call(server.url, 'createTeamSafe', {
    token: adminToken,
    body: { name: 'Bad input catalogue', memberLimit: 1000 },
  });
  context = {
    url: server.url,
    admin: adminToken,
    safeAdmin: (await signIn(server.url, safeAdmin.email, safeAdmin.password)).accessToken,
    plainUser: (await signIn(server.url, plainUser.email, plainUser.password)).accessToken,
    safes: {
      finance: byName('Finance'),
      legal: byName('Legal'),
      research: byName('Research'),
      roomy: (roomy.json as { id: string }).id,
    },
    supportToken: SUPPORT_TOKEN,
    accounts: { admin, safeAdmin },
  };
});
afterAll(() => server.close());

describe('the catalogue', () => {
  it('has at least 80 cases, and every code it expects is a known, translated one', () => {
    const total = API_CASES.length + IPC_CASES.length + WIZARD_CASES.length + 1;
    expect(total).toBeGreaterThanOrEqual(80);
    for (const code of new Set<ErrorCode>([...API_CASES, ...IPC_CASES].map((each) => each.code))) {
      expect(ERROR_CODES).toContain(code);
      expectTranslated('errors', code);
    }
    const fields = new Set<FieldErrorCode>([
      ...[...API_CASES, ...IPC_CASES].flatMap((each) => (each.field ? [each.field[1]] : [])),
      ...WIZARD_CASES.map((each) => each.code),
    ]);
    for (const code of fields) {
      expect(FIELD_ERROR_CODES).toContain(code);
      expectTranslated('fieldErrors', code);
    }
  });
});

describe('at the API', () => {
  it.each(API_CASES.map((each) => [each.name, each] as const))('%s', async (_name, testCase) => {
    const answer = await testCase.run(context);
    expect(answer.status, `${testCase.entry}: ${answer.text}`).toBe(testCase.status);
    const error = errorOf(answer);
    expect(error.code).toBe(testCase.code);
    if (testCase.field) expect(error.fields).toMatchObject({ [testCase.field[0]]: testCase.field[1] });
  });

  it("a stranger's failed sign-ins slow the stranger down and never lock the owner out", async () => {
    const { stranger, owner } = await strangerFailures(context);
    expect(stranger.status).toBe(429);
    expect(errorOf(stranger).code).toBe('rate_limited');
    expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(owner.status).toBe(200);
  });
});

describe('at the IPC boundary', () => {
  const cores = testCores();
  let core: Core;
  beforeAll(async () => {
    core = await cores.open({
      dataDir: `${process.env.TMPDIR ?? '/tmp'}/tsa-bad-input-${process.pid}`,
      defaultServerUrl: server.url,
      log: createLogger(() => {}),
    });
  });
  afterAll(() => cores.disposeAll());

  it.each(IPC_CASES.map((each) => [each.name, each] as const))('%s', async (_name, testCase) => {
    const result = await core.dispatch(testCase.channel, testCase.payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(testCase.code);
    if (testCase.field) expect(result.error.fields).toMatchObject({ [testCase.field[0]]: testCase.field[1] });
  });
});

describe('in the invite wizard', () => {
  it.each(WIZARD_CASES.map((each) => [each.name, each] as const))('%s', (_name, testCase) => {
    const draft = { ...emptyDraft('en'), role: 'viewer' as const, ...testCase.draft };
    const problems = validateStep(testCase.step, draft, testCase.country ?? null);
    expect(problems[testCase.field]).toEqual({ kind: 'field', code: testCase.code });
  });
});
