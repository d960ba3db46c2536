import { describe, expect, it } from 'vitest';
import { signingPlan } from '../../scripts/signing.ts';

const APPLE = {
  APPLE_ID: 'release@teamsafeadmin.example',
  APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh',
  APPLE_TEAM_ID: 'TEAM123456',
};
const AZURE = {
  AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net',
  AZURE_TRUSTED_SIGNING_ACCOUNT: 'teamsafeadmin',
  AZURE_TRUSTED_SIGNING_PROFILE: 'public-trust',
  AZURE_TRUSTED_SIGNING_PUBLISHER: 'Team Safe Admin AG',
  AZURE_TENANT_ID: 'tenant',
  AZURE_CLIENT_ID: 'client',
  AZURE_CLIENT_SECRET: 'client-secret-value',
};

describe('signingPlan (npm run dist)', () => {
  it('builds unsigned and un-notarised with nothing set, switching notarisation off explicitly', () => {
    const plan = signingPlan({ CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
    expect(plan).toMatchObject({ windows: 'unsigned', mac: 'unsigned', notarize: false });
    expect(plan.builderArgs).toEqual(['-c.mac.notarize=false']);
  });

  it('signs with a certificate from CSC_LINK and notarises only with a complete Apple set', () => {
    const signed = signingPlan({ CSC_LINK: '/secure/cert.p12', CSC_KEY_PASSWORD: 'pfx-password', ...APPLE });
    expect(signed).toMatchObject({ windows: 'certificate', mac: 'certificate', notarize: true, builderArgs: [] });
    const partial = signingPlan({ CSC_LINK: '/secure/cert.p12', APPLE_ID: APPLE.APPLE_ID });
    expect(partial.notarize).toBe(false);
    expect(partial.builderArgs).toContain('-c.mac.notarize=false');
    const apiKey = signingPlan({
      CSC_LINK: 'x',
      APPLE_API_KEY: 'k.p8',
      APPLE_API_KEY_ID: 'id',
      APPLE_API_ISSUER: 'iss',
    });
    expect(apiKey.notarize).toBe(true);
  });

  it('never notarises an unsigned build', () => {
    expect(signingPlan({ CSC_IDENTITY_AUTO_DISCOVERY: 'false', ...APPLE }).notarize).toBe(false);
  });

  it('prefers WIN_CSC_LINK for Windows and falls back to Azure Trusted Signing', () => {
    expect(signingPlan({ WIN_CSC_LINK: 'win.pfx' }).summary[0]).toContain('WIN_CSC_LINK');
    const azure = signingPlan(AZURE);
    expect(azure.windows).toBe('azure-trusted-signing');
    expect(azure.builderArgs).toEqual(
      expect.arrayContaining([
        '-c.win.azureSignOptions.endpoint=https://weu.codesigning.azure.net',
        '-c.win.azureSignOptions.codeSigningAccountName=teamsafeadmin',
        '-c.win.azureSignOptions.certificateProfileName=public-trust',
        '-c.win.azureSignOptions.publisherName=Team Safe Admin AG',
      ]),
    );
    const { AZURE_CLIENT_SECRET: _missing, ...incomplete } = AZURE;
    expect(signingPlan(incomplete).windows).toBe('unsigned');
  });

  it('names variables in its summary and arguments, never secret values', () => {
    const plan = signingPlan({ CSC_LINK: 'cert.p12', CSC_KEY_PASSWORD: 'pfx-password', ...APPLE, ...AZURE });
    const printed = [...plan.summary, ...plan.builderArgs].join('\n');
    for (const secret of ['pfx-password', 'abcd-efgh', 'client-secret-value']) expect(printed).not.toContain(secret);
  });
});
