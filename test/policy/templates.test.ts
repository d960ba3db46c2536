/**
 * The generated templates, parsed by real parsers and checked against the
 * catalogue, and against the app's own readers: what the templates make
 * admins write is what the app accepts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type PlistValue } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinuxPolicySource } from '../../electron/core/policy/linux.ts';
import { createMacPolicySources } from '../../electron/core/policy/macos.ts';
import { policyTable } from '../../scripts/policy-templates/docs.ts';
import { generatePolicyTemplates, TEMPLATE_FILES } from '../../scripts/policy-templates/index.ts';
import { POLICY_CATALOG } from '../../shared/policy/catalog.ts';
import { effectiveValues, resolvePolicy } from '../../shared/policy/resolve.ts';
import { checkAdml, checkAdmx, checkTemplates, parseXml } from './template-checks.ts';

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

describe('policy templates', () => {
  const files = generatePolicyTemplates(POLICY_CATALOG, { productVersion: '0.1' });
  let checked: ReturnType<typeof checkTemplates>;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-templates-'));
    checked = checkTemplates(files, POLICY_CATALOG);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the ADMX, four ADMLs, the profile, the schema and an example', () => {
    expect([...files.keys()]).toEqual([
      'TeamSafeAdmin.admx',
      'en-US/TeamSafeAdmin.adml',
      'de-DE/TeamSafeAdmin.adml',
      'fr-FR/TeamSafeAdmin.adml',
      'it-IT/TeamSafeAdmin.adml',
      'team-safe-admin.mobileconfig',
      'policy.schema.json',
      'policy.json',
    ]);
  });

  it('declares each policy in the ADMX with its element and range, and resolves every id in every ADML', () => {
    // checkTemplates ran the structural checks; spot-check what a GPO admin sees.
    const admx = files.get(TEMPLATE_FILES.admx)!;
    expect(admx).toContain(
      '<decimal id="CacheMaxAgeDays" valueName="CacheMaxAgeDays" required="true" minValue="1" maxValue="365" />',
    );
    expect(admx).toContain(
      '<list id="SmsCountries" key="SOFTWARE\\Policies\\TeamSafeAdmin\\SmsCountries" valuePrefix="" />',
    );
    const german = parseXml(files.get('de-DE/TeamSafeAdmin.adml')!);
    expect(JSON.stringify(german)).toContain('Team Safe Admin 0.1 und neuer');
    expect(files.get('fr-FR/TeamSafeAdmin.adml')).toContain('Verrouiller l’adresse du serveur');
    expect(files.get('it-IT/TeamSafeAdmin.adml')).toContain(
      '<string id="UpdateMode_auto">Automatico: scaricare e proporre il riavvio</string>',
    );
  });

  it('has checks that catch a broken template (a missing string, a dangling presentation, a wrong range)', () => {
    const admx = files.get(TEMPLATE_FILES.admx)!;
    const english = files.get('en-US/TeamSafeAdmin.adml')!;
    const withoutExplain = english.replace(/<string id="UpdateUrl_Explain">[^<]*<\/string>/, '');
    expect(() => checkAdml(admx, withoutExplain, POLICY_CATALOG, 'en')).toThrow(/UpdateUrl_Explain/);
    const withoutPresentation = english.replace(/<presentation id="SmsCountries">[\s\S]*?<\/presentation>/, '');
    expect(() => checkAdml(admx, withoutPresentation, POLICY_CATALOG, 'en')).toThrow(/presentation SmsCountries/);
    expect(() => checkAdmx(admx.replace('maxValue="365"', 'maxValue="366"'), POLICY_CATALOG)).toThrow();
  });

  it('makes a configuration profile with a managed-preferences payload for the bundle id', () => {
    const { profile, payload, settings } = checked;
    expect(profile).toMatchObject({ PayloadType: 'Configuration', PayloadVersion: 1, PayloadScope: 'System' });
    expect(payload).toMatchObject({
      PayloadType: 'com.apple.ManagedClient.preferences',
      PayloadVersion: 1,
      PayloadIdentifier: 'ch.teamsafeadmin.desktop.policy.preferences',
    });
    expect(profile.PayloadUUID).toMatch(UUID);
    expect(payload.PayloadUUID).toMatch(UUID);
    expect(payload.PayloadUUID).not.toBe(profile.PayloadUUID);
    expect(settings).toMatchObject({ ServerUrlLocked: true, CacheMaxAgeDays: 14, SmsCountries: ['CH', 'LI'] });
  });

  it('gives example values the macOS reader applies without a problem', async () => {
    const root = join(dir, 'Managed Preferences');
    mkdirSync(join(root, 'anna'), { recursive: true });
    const file = join(root, 'ch.teamsafeadmin.desktop.plist');
    writeFileSync(file, build(checked.settings as PlistValue));
    chmodSync(file, 0o644);
    const reads = await Promise.all(
      createMacPolicySources({ managedPreferences: root, user: 'anna' }).map((source) => source.read()),
    );
    const resolved = resolvePolicy(reads);
    expect(resolved.problems).toEqual([]);
    expect(Object.values(resolved.effective).every((entry) => entry.source === 'machine')).toBe(true);
  });

  it('validates the example policy.json with the schema, and the Linux reader applies it without a problem', async () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, files.get(TEMPLATE_FILES.example)!);
    chmodSync(file, 0o644);
    const resolved = resolvePolicy([await createLinuxPolicySource({ file }).read()]);
    expect(resolved.problems).toEqual([]);
    expect(effectiveValues(resolved)).toEqual(checked.example);
  });

  it('rejects in the schema what the app rejects (additionalProperties: false, ranges, formats)', () => {
    expect(checked.schema.additionalProperties).toBe(false);
    const bad: Record<string, unknown>[] = [
      { ServerUrl: 'http://safe.example.com' },
      { ServerUrl: 'https://safe.example.com/path' },
      { UpdateUrl: 'http://updates.example.com/' },
      { UpdateUrl: 'https://user:secret@updates.example.com/' },
      { CacheMaxAgeDays: 400 },
      { CacheMaxAgeDays: 0 },
      { IdleSignOutMinutes: 2.5 },
      { ServerUrlLocked: 'yes' },
      { Language: 'es' },
      { UpdateMode: 'sometimes' },
      { SmsCountries: ['XX'] },
      { SmsCountries: [] },
      { SmsCountries: 'CH' },
    ];
    for (const values of bad) {
      expect(checked.validate(values), JSON.stringify(values)).toBe(false);
      const resolved = resolvePolicy([{ scope: 'machine', location: 'test', status: 'applied', values }]);
      expect(
        resolved.problems.map((problem) => problem.key),
        JSON.stringify(values),
      ).toEqual(Object.keys(values));
    }
    expect(checked.validate({ Unknown: true })).toBe(false);
    expect(checked.validate({ ServerUrl: 'http://127.0.0.1:4517', SmsCountries: ['CH'] })).toBe(true);
    expect(checked.validate({})).toBe(true);
  });

  it('is written by npm run policy-templates -- --out DIR', () => {
    const out = join(dir, 'out');
    const run = spawnSync(process.execPath, ['scripts/policy-templates/main.ts', '--out', out], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    for (const name of files.keys()) expect(existsSync(join(out, name)), name).toBe(true);
    expect(readFileSync(join(out, TEMPLATE_FILES.admx), 'utf8')).toBe(files.get(TEMPLATE_FILES.admx));
    const usage = spawnSync(process.execPath, ['scripts/policy-templates/main.ts'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--out DIR');
  });

  it('keeps the policy table in docs/managed-deployment.md in step with the catalogue', () => {
    const docs = readFileSync(new URL('../../docs/managed-deployment.md', import.meta.url), 'utf8');
    expect(docs, 'run: npm run policy-templates -- --docs docs/managed-deployment.md').toContain(
      policyTable(POLICY_CATALOG),
    );
  });
});
