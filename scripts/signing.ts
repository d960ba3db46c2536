/**
 * How `npm run dist` signs, decided from the environment alone (no secret is
 * ever in the repository). electron-builder reads the certificate variables
 * itself; this adds what it only takes as configuration (Azure Trusted
 * Signing) and switches notarisation off explicitly when its credentials are
 * missing, so an unsigned local build runs through without them.
 *
 * Windows  CSC_LINK + CSC_KEY_PASSWORD, or WIN_CSC_LINK + WIN_CSC_KEY_PASSWORD (a .pfx path, https URL or base64);
 *          or Azure Trusted Signing: AZURE_TRUSTED_SIGNING_ENDPOINT, _ACCOUNT, _PROFILE, _PUBLISHER
 *          with AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET for the sign-in.
 * macOS    CSC_LINK + CSC_KEY_PASSWORD (Developer ID Application), CSC_INSTALLER_LINK + CSC_INSTALLER_KEY_PASSWORD
 *          (Developer ID Installer, for the pkg), or a Developer ID in the login keychain;
 *          CSC_IDENTITY_AUTO_DISCOVERY=false for an unsigned build.
 *          Notarisation: APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID,
 *          or APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER, or APPLE_KEYCHAIN + APPLE_KEYCHAIN_PROFILE.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface SigningPlan {
  windows: 'certificate' | 'azure-trusted-signing' | 'unsigned';
  mac: 'certificate' | 'keychain' | 'unsigned';
  notarize: boolean;
  /** Extra electron-builder arguments (`-c.<path>=<value>`). */
  builderArgs: string[];
  /** One line per platform, for the build log. Names variables, never their values. */
  summary: string[];
}

const AZURE = {
  endpoint: 'AZURE_TRUSTED_SIGNING_ENDPOINT',
  codeSigningAccountName: 'AZURE_TRUSTED_SIGNING_ACCOUNT',
  certificateProfileName: 'AZURE_TRUSTED_SIGNING_PROFILE',
  publisherName: 'AZURE_TRUSTED_SIGNING_PUBLISHER',
} as const;
const AZURE_CREDENTIALS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'];

const NOTARY_CREDENTIALS = [
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE'],
];

const has = (env: Env, name: string) => Boolean(env[name]?.trim());

export function signingPlan(env: Env): SigningPlan {
  const builderArgs: string[] = [];
  const summary: string[] = [];

  let windows: SigningPlan['windows'] = 'unsigned';
  const azure = [...Object.values(AZURE), ...AZURE_CREDENTIALS].every((name) => has(env, name));
  if (has(env, 'WIN_CSC_LINK') || has(env, 'CSC_LINK')) {
    windows = 'certificate';
    summary.push(`Windows: signed with the certificate in ${has(env, 'WIN_CSC_LINK') ? 'WIN_CSC_LINK' : 'CSC_LINK'}`);
  } else if (azure) {
    windows = 'azure-trusted-signing';
    for (const [option, name] of Object.entries(AZURE)) {
      builderArgs.push(`-c.win.azureSignOptions.${option}=${env[name]!.trim()}`);
    }
    summary.push('Windows: signed with Azure Trusted Signing');
  } else {
    summary.push('Windows: unsigned (set CSC_LINK or the AZURE_TRUSTED_SIGNING_* variables to sign)');
  }

  let mac: SigningPlan['mac'];
  if (has(env, 'CSC_LINK')) {
    mac = 'certificate';
    summary.push('macOS: signed with the certificate in CSC_LINK, hardened runtime');
  } else if (env.CSC_IDENTITY_AUTO_DISCOVERY === 'false') {
    mac = 'unsigned';
    summary.push('macOS: unsigned (CSC_IDENTITY_AUTO_DISCOVERY=false)');
  } else {
    mac = 'keychain';
    summary.push('macOS: signed with a Developer ID from the keychain if one is found, else unsigned');
  }

  const notarize = mac !== 'unsigned' && NOTARY_CREDENTIALS.some((set) => set.every((name) => has(env, name)));
  if (notarize) {
    summary.push('macOS: notarised with Apple');
  } else {
    builderArgs.push('-c.mac.notarize=false');
    summary.push('macOS: not notarised (set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID to notarise)');
  }
  return { windows, mac, notarize, builderArgs, summary };
}
