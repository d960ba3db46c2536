/**
 * The feature-permission catalogue (as the security-groups guide lists it), as
 * data. The UI renders whatever this list holds and the server serves it at
 * `GET /api/v1/permissions`: adding a permission is adding an entry here.
 *
 * Rules (shared by server enforcement and any client-side preview):
 * - A group grants one or more permissions. A user's granted permissions are
 *   the union over their groups.
 * - Granting a permission grants its sub-rights (entries whose `parent` is
 *   it). A sub-right can also be granted on its own.
 * - A permission is *restricted* in an organisation when some group there
 *   grants it, its parent, or one of its sub-rights (having the whole parent
 *   would include a restricted sub-right). Only users granted it have a
 *   restricted permission; a permission that is not restricted is open to
 *   every user of the organisation.
 */
import type { Language } from '../languages.ts';

export interface PermissionDef {
  /** Stable identifier; a sub-right is `parent.sub`. */
  key: string;
  /** For a sub-right: the permission it belongs to. */
  parent?: string;
  name: Readonly<Record<Language, string>>;
  /** One line: what the permission lets a user do. */
  description: Readonly<Record<Language, string>>;
}

export const PERMISSIONS = [
  {
    key: 'workspaceOwnership',
    name: {
      en: 'Workspace Ownership',
      de: 'Workspace-Besitz',
      fr: 'Propriété d’espaces de travail',
      it: 'Proprietà di workspace',
    },
    description: {
      en: 'Create team safes (workspaces) and own them.',
      de: 'Team-Safes (Workspaces) erstellen und besitzen.',
      fr: 'Créer des coffres d’équipe (espaces de travail) et en être propriétaire.',
      it: 'Creare team safe (workspace) e esserne proprietario.',
    },
  },
  {
    key: 'dropzoneOwnership',
    name: {
      en: 'Dropzone Ownership',
      de: 'Dropzone-Besitz',
      fr: 'Propriété de dropzones',
      it: 'Proprietà di dropzone',
    },
    description: {
      en: 'Create dropzones that receive files from outside and own them.',
      de: 'Dropzones erstellen, die Dateien von aussen empfangen, und sie besitzen.',
      fr: 'Créer des dropzones qui reçoivent des fichiers de l’extérieur et en être propriétaire.',
      it: 'Creare dropzone che ricevono file dall’esterno ed esserne proprietario.',
    },
  },
  {
    key: 'dropzoneManager',
    name: {
      en: 'Dropzone Manager',
      de: 'Dropzone-Verwaltung',
      fr: 'Gestion des dropzones',
      it: 'Gestione delle dropzone',
    },
    description: {
      en: 'Manage the organisation’s dropzones: all of the rights below.',
      de: 'Die Dropzones der Organisation verwalten: alle Rechte darunter.',
      fr: 'Gérer les dropzones de l’organisation : tous les droits ci-dessous.',
      it: 'Gestire le dropzone dell’organizzazione: tutti i diritti sottostanti.',
    },
  },
  {
    key: 'dropzoneManager.configure',
    parent: 'dropzoneManager',
    name: {
      en: 'Configure dropzones',
      de: 'Dropzones konfigurieren',
      fr: 'Configurer les dropzones',
      it: 'Configurare le dropzone',
    },
    description: {
      en: 'Change a dropzone’s name and settings, or switch it off.',
      de: 'Name und Einstellungen einer Dropzone ändern oder sie ausschalten.',
      fr: 'Modifier le nom et les réglages d’une dropzone, ou la désactiver.',
      it: 'Modificare nome e impostazioni di una dropzone o disattivarla.',
    },
  },
  {
    key: 'dropzoneManager.manageRecipients',
    parent: 'dropzoneManager',
    name: {
      en: 'Manage dropzone recipients',
      de: 'Dropzone-Empfänger verwalten',
      fr: 'Gérer les destinataires des dropzones',
      it: 'Gestire i destinatari delle dropzone',
    },
    description: {
      en: 'Choose who receives the files sent to a dropzone.',
      de: 'Festlegen, wer die an eine Dropzone gesendeten Dateien erhält.',
      fr: 'Choisir qui reçoit les fichiers envoyés à une dropzone.',
      it: 'Scegliere chi riceve i file inviati a una dropzone.',
    },
  },
  {
    key: 'apiKeys',
    name: {
      en: 'API Keys',
      de: 'API-Schlüssel',
      fr: 'Clés API',
      it: 'Chiavi API',
    },
    description: {
      en: 'Generate API keys for scripts and integrations.',
      de: 'API-Schlüssel für Skripte und Integrationen erzeugen.',
      fr: 'Générer des clés API pour les scripts et les intégrations.',
      it: 'Generare chiavi API per script e integrazioni.',
    },
  },
  {
    key: 'trustedDeviceKeys',
    name: {
      en: 'Trusted Device Keys',
      de: 'Schlüssel vertrauenswürdiger Geräte',
      fr: 'Clés d’appareils de confiance',
      it: 'Chiavi dei dispositivi attendibili',
    },
    description: {
      en: 'Register trusted devices that keep a key for signing in.',
      de: 'Vertrauenswürdige Geräte registrieren, die einen Schlüssel für die Anmeldung behalten.',
      fr: 'Enregistrer des appareils de confiance qui conservent une clé de connexion.',
      it: 'Registrare dispositivi attendibili che conservano una chiave di accesso.',
    },
  },
] as const satisfies readonly PermissionDef[];

export type PermissionKey = (typeof PERMISSIONS)[number]['key'];

/** Every key, in catalogue order (parents before their sub-rights). */
export const PERMISSION_KEYS = PERMISSIONS.map((permission) => permission.key) as unknown as readonly [
  PermissionKey,
  ...PermissionKey[],
];

/** Shape of any permission key on the wire, including keys a newer server may add. */
export const PERMISSION_KEY_PATTERN = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)?$/;

const BY_KEY: ReadonlyMap<string, PermissionDef> = new Map(
  (PERMISSIONS as readonly PermissionDef[]).map((permission) => [permission.key, permission]),
);

export function isPermissionKey(value: unknown): value is PermissionKey {
  return typeof value === 'string' && BY_KEY.has(value);
}

export function permissionDef(key: PermissionKey): PermissionDef {
  const found = BY_KEY.get(key);
  if (!found) throw new Error(`unknown permission ${key}`);
  return found;
}

/** The sub-rights of a permission (empty for a sub-right or a permission without any). */
export function subRightsOf(key: string): PermissionKey[] {
  return PERMISSIONS.filter((permission) => 'parent' in permission && permission.parent === key).map((p) => p.key);
}

/** The parent of a sub-right, or undefined. */
export function parentOf(key: string): PermissionKey | undefined {
  const parent = BY_KEY.get(key)?.parent;
  return isPermissionKey(parent) ? parent : undefined;
}

/** Keys whose grant gives `key`: the key itself and its parent. */
export function grantingKeys(key: PermissionKey): PermissionKey[] {
  const parent = parentOf(key);
  return parent ? [key, parent] : [key];
}

/** What a set of group grants gives: the grants plus the sub-rights of each granted parent. */
export function expandGrants(grants: Iterable<string>): Set<PermissionKey> {
  const result = new Set<PermissionKey>();
  for (const key of grants) {
    if (!isPermissionKey(key)) continue; // a key the catalogue no longer has grants nothing
    result.add(key);
    for (const sub of subRightsOf(key)) result.add(sub);
  }
  return result;
}

/**
 * Keys restricted in an organisation, from the union of what its groups
 * grant: each granted key, the sub-rights it implies, and the parent of a
 * granted sub-right.
 */
export function restrictedKeys(grantedInOrganisation: Iterable<string>): Set<PermissionKey> {
  const result = expandGrants(grantedInOrganisation);
  for (const key of [...result]) {
    const parent = parentOf(key);
    if (parent) result.add(parent);
  }
  return result;
}

/**
 * A user's effective permissions, in catalogue order: every open permission
 * and every restricted one their groups grant.
 */
export function effectivePermissions(userGrants: Iterable<string>, restricted: ReadonlySet<string>): PermissionKey[] {
  const granted = expandGrants(userGrants);
  return PERMISSION_KEYS.filter((key) => granted.has(key) || !restricted.has(key));
}

/** Whether a user with these grants has `key`, given the organisation's restricted keys. */
export function hasPermission(
  key: PermissionKey,
  userGrants: Iterable<string>,
  restricted: ReadonlySet<string>,
): boolean {
  return !restricted.has(key) || expandGrants(userGrants).has(key);
}
