/**
 * The machine-policy catalogue, as data: one source of truth for the
 * per-OS readers, the resolver, the ADMX/ADML, mobileconfig and JSON-Schema
 * templates, the docs and the About view. Adding a policy is adding an entry
 * here (with its four translations); nothing else has to change.
 *
 * The same name is used as the registry value, the plist key and the JSON
 * property.
 */
import type { CatalogValues, PolicyCatalog, PolicyCategory, PolicyDef } from './types.ts';

/** Where each OS delivers policy. The readers take these as defaults; tests pass their own. */
export const POLICY_LOCATIONS = {
  /** Below HKLM (machine) and HKCU (user). */
  registryKey: 'SOFTWARE\\Policies\\TeamSafeAdmin',
  /** The app's bundle id: the managed-preferences domain. */
  bundleId: 'ch.teamsafeadmin.desktop',
  macManagedPreferences: '/Library/Managed Preferences',
  linuxFile: '/etc/team-safe-admin/policy.json',
} as const;

export const POLICY_CATEGORIES = [
  { key: 'connection', title: { en: 'Connection', de: 'Verbindung', fr: 'Connexion', it: 'Connessione' } },
  {
    key: 'offline',
    title: { en: 'Offline copy', de: 'Offline-Kopie', fr: 'Copie hors ligne', it: 'Copia offline' },
  },
  { key: 'language', title: { en: 'Language', de: 'Sprache', fr: 'Langue', it: 'Lingua' } },
  { key: 'updates', title: { en: 'Updates', de: 'Updates', fr: 'Mises à jour', it: 'Aggiornamenti' } },
  { key: 'invitations', title: { en: 'Invitations', de: 'Einladungen', fr: 'Invitations', it: 'Inviti' } },
  { key: 'security', title: { en: 'Security', de: 'Sicherheit', fr: 'Sécurité', it: 'Sicurezza' } },
] as const satisfies readonly PolicyCategory[];

export const POLICIES = [
  {
    key: 'ServerUrl',
    category: 'connection',
    type: 'string',
    format: 'serverUrl',
    default: null,
    example: 'https://safe.example.com',
    effect: { kind: 'preset', setting: 'serverUrl' },
    title: { en: 'Server address', de: 'Serveradresse', fr: 'Adresse du serveur', it: 'Indirizzo del server' },
    description: {
      en: 'The team-safe server the app connects to, such as https://safe.example.com. It fills in the sign-in screen; users can change it unless ServerUrlLocked is on. It must start with https:// (plain http only for this computer).',
      de: 'Der Team-Safe-Server, mit dem sich die App verbindet, z. B. https://safe.example.com. Er wird in der Anmeldung vorausgefüllt; Benutzer können ihn ändern, ausser ServerUrlLocked ist eingeschaltet. Die Adresse muss mit https:// beginnen (unverschlüsseltes http nur für diesen Computer).',
      fr: 'Le serveur de coffres d’équipe auquel l’application se connecte, par exemple https://safe.example.com. Il pré-remplit l’écran de connexion ; les utilisateurs peuvent le modifier, sauf si ServerUrlLocked est activé. L’adresse doit commencer par https:// (http non chiffré uniquement pour cet ordinateur).',
      it: 'Il server dei team safe a cui si connette l’app, ad esempio https://safe.example.com. Precompila la schermata di accesso; gli utenti possono modificarlo, a meno che ServerUrlLocked sia attivo. L’indirizzo deve iniziare con https:// (http non cifrato solo per questo computer).',
    },
  },
  {
    key: 'ServerUrlLocked',
    category: 'connection',
    type: 'boolean',
    default: false,
    example: true,
    effect: { kind: 'lockFlag', locks: 'ServerUrl' },
    title: {
      en: 'Lock the server address',
      de: 'Serveradresse sperren',
      fr: 'Verrouiller l’adresse du serveur',
      it: 'Bloccare l’indirizzo del server',
    },
    description: {
      en: 'When on, users cannot change the server address set by ServerUrl. Ignored, and reported, while ServerUrl has no valid value.',
      de: 'Wenn eingeschaltet, können Benutzer die mit ServerUrl festgelegte Serveradresse nicht ändern. Wird ignoriert und gemeldet, solange ServerUrl keinen gültigen Wert hat.',
      fr: 'Si activé, les utilisateurs ne peuvent pas modifier l’adresse du serveur définie par ServerUrl. Ignoré, et signalé, tant que ServerUrl n’a pas de valeur valide.',
      it: 'Se attivo, gli utenti non possono modificare l’indirizzo del server impostato con ServerUrl. Viene ignorato, e segnalato, finché ServerUrl non ha un valore valido.',
    },
  },
  {
    key: 'CacheEnabled',
    category: 'offline',
    type: 'boolean',
    default: true,
    example: true,
    effect: { kind: 'lock', setting: 'cacheEnabled' },
    title: { en: 'Offline copy', de: 'Offline-Kopie', fr: 'Copie hors ligne', it: 'Copia offline' },
    description: {
      en: 'Whether the app keeps an encrypted offline copy of member lists and security groups. Off: an existing copy and its keychain key are deleted at start and users cannot switch it on. On: users cannot switch it off.',
      de: 'Ob die App eine verschlüsselte Offline-Kopie der Mitgliederlisten und Sicherheitsgruppen führt. Aus: Eine vorhandene Kopie und ihr Schlüssel im Schlüsselbund werden beim Start gelöscht, und Benutzer können sie nicht einschalten. Ein: Benutzer können sie nicht ausschalten.',
      fr: 'Indique si l’application conserve une copie hors ligne chiffrée des listes de membres et des groupes de sécurité. Désactivé : une copie existante et sa clé dans le trousseau sont supprimées au démarrage et les utilisateurs ne peuvent pas l’activer. Activé : les utilisateurs ne peuvent pas la désactiver.',
      it: 'Se l’app conserva una copia offline cifrata degli elenchi dei membri e dei gruppi di sicurezza. Disattivato: una copia esistente e la sua chiave nel portachiavi vengono eliminate all’avvio e gli utenti non possono attivarla. Attivato: gli utenti non possono disattivarla.',
    },
  },
  {
    key: 'CacheMaxAgeDays',
    category: 'offline',
    type: 'integer',
    min: 1,
    max: 365,
    default: null,
    example: 14,
    effect: { kind: 'cap', setting: 'cacheMaxAgeDays' },
    title: {
      en: 'Maximum age of the offline copy (days)',
      de: 'Höchstalter der Offline-Kopie (Tage)',
      fr: 'Âge maximal de la copie hors ligne (jours)',
      it: 'Età massima della copia offline (giorni)',
    },
    description: {
      en: 'The oldest offline data the app shows, in days (1–365). Users can choose a lower value but not a higher one.',
      de: 'Die ältesten Offline-Daten, die die App anzeigt, in Tagen (1–365). Benutzer können einen kleineren Wert wählen, aber keinen grösseren.',
      fr: 'Les données hors ligne les plus anciennes que l’application affiche, en jours (1 à 365). Les utilisateurs peuvent choisir une valeur inférieure, mais pas supérieure.',
      it: 'I dati offline più vecchi che l’app mostra, in giorni (1–365). Gli utenti possono scegliere un valore inferiore, ma non superiore.',
    },
  },
  {
    key: 'Language',
    category: 'language',
    type: 'enum',
    values: [
      { value: 'en', title: { en: 'English', de: 'Englisch', fr: 'Anglais', it: 'Inglese' } },
      { value: 'de', title: { en: 'German', de: 'Deutsch', fr: 'Allemand', it: 'Tedesco' } },
      { value: 'fr', title: { en: 'French', de: 'Französisch', fr: 'Français', it: 'Francese' } },
      { value: 'it', title: { en: 'Italian', de: 'Italienisch', fr: 'Italien', it: 'Italiano' } },
    ],
    default: null,
    example: 'de',
    effect: { kind: 'preset', setting: 'language' },
    title: { en: 'Default language', de: 'Standardsprache', fr: 'Langue par défaut', it: 'Lingua predefinita' },
    description: {
      en: 'The app’s language until the user picks another one. Not set: the language of the operating system.',
      de: 'Die Sprache der App, bis der Benutzer eine andere wählt. Nicht festgelegt: die Sprache des Betriebssystems.',
      fr: 'La langue de l’application tant que l’utilisateur n’en choisit pas une autre. Non défini : la langue du système d’exploitation.',
      it: 'La lingua dell’app finché l’utente non ne sceglie un’altra. Non impostato: la lingua del sistema operativo.',
    },
  },
  {
    key: 'LanguageLocked',
    category: 'language',
    type: 'boolean',
    default: false,
    example: false,
    effect: { kind: 'lockFlag', locks: 'Language' },
    title: { en: 'Lock the language', de: 'Sprache sperren', fr: 'Verrouiller la langue', it: 'Bloccare la lingua' },
    description: {
      en: 'When on, users cannot change the language set by Language. Ignored, and reported, while Language has no valid value.',
      de: 'Wenn eingeschaltet, können Benutzer die mit Language festgelegte Sprache nicht ändern. Wird ignoriert und gemeldet, solange Language keinen gültigen Wert hat.',
      fr: 'Si activé, les utilisateurs ne peuvent pas modifier la langue définie par Language. Ignoré, et signalé, tant que Language n’a pas de valeur valide.',
      it: 'Se attivo, gli utenti non possono modificare la lingua impostata con Language. Viene ignorato, e segnalato, finché Language non ha un valore valido.',
    },
  },
  {
    key: 'UpdateMode',
    category: 'updates',
    type: 'enum',
    values: [
      {
        value: 'off',
        title: {
          en: 'Off: never check for updates',
          de: 'Aus: nie nach Updates suchen',
          fr: 'Désactivé : ne jamais rechercher de mises à jour',
          it: 'Disattivato: non cercare mai aggiornamenti',
        },
      },
      {
        value: 'notify',
        title: {
          en: 'Notify: check and show a notice',
          de: 'Hinweisen: suchen und einen Hinweis anzeigen',
          fr: 'Notifier : rechercher et afficher un avis',
          it: 'Notificare: cercare e mostrare un avviso',
        },
      },
      {
        value: 'auto',
        title: {
          en: 'Automatic: download and offer to restart',
          de: 'Automatisch: herunterladen und Neustart anbieten',
          fr: 'Automatique : télécharger et proposer de redémarrer',
          it: 'Automatico: scaricare e proporre il riavvio',
        },
      },
    ],
    default: null,
    example: 'notify',
    effect: { kind: 'enforce' },
    title: { en: 'Updates', de: 'Updates', fr: 'Mises à jour', it: 'Aggiornamenti' },
    description: {
      en: 'How the app updates itself: off, notify or auto. Not set: the default of the installer (MSI, deb and rpm installs do not check).',
      de: 'Wie sich die App aktualisiert: off, notify oder auto. Nicht festgelegt: die Vorgabe des Installationspakets (MSI-, deb- und rpm-Installationen suchen nicht).',
      fr: 'Comment l’application se met à jour : off, notify ou auto. Non défini : le comportement par défaut du programme d’installation (les installations MSI, deb et rpm ne recherchent pas de mises à jour).',
      it: 'Come l’app si aggiorna: off, notify o auto. Non impostato: il comportamento predefinito del pacchetto d’installazione (le installazioni MSI, deb e rpm non cercano aggiornamenti).',
    },
  },
  {
    key: 'UpdateUrl',
    category: 'updates',
    type: 'string',
    format: 'httpsUrl',
    default: null,
    example: 'https://updates.example.com/team-safe-admin',
    effect: { kind: 'enforce' },
    title: { en: 'Update feed', de: 'Update-Quelle', fr: 'Source des mises à jour', it: 'Fonte degli aggiornamenti' },
    description: {
      en: 'The https:// address of your own update feed (a folder with latest.yml and the installers). Not set: the default feed.',
      de: 'Die https://-Adresse einer eigenen Update-Quelle (ein Ordner mit latest.yml und den Installationspaketen). Nicht festgelegt: die Standardquelle.',
      fr: 'L’adresse https:// de votre propre source de mises à jour (un dossier contenant latest.yml et les programmes d’installation). Non défini : la source par défaut.',
      it: 'L’indirizzo https:// di una propria fonte di aggiornamenti (una cartella con latest.yml e i pacchetti d’installazione). Non impostato: la fonte predefinita.',
    },
  },
  {
    key: 'SmsCountries',
    category: 'invitations',
    type: 'list',
    item: 'region',
    minItems: 1,
    maxItems: 300,
    default: null,
    example: ['CH', 'LI'],
    effect: { kind: 'enforce' },
    title: {
      en: 'Countries for SMS codes',
      de: 'Länder für SMS-Codes',
      fr: 'Pays pour les codes SMS',
      it: 'Paesi per i codici SMS',
    },
    description: {
      en: 'ISO 3166 region codes (such as CH, LI) offered in the SMS country list of the invitation wizard. Not set: every country.',
      de: 'ISO-3166-Ländercodes (z. B. CH, LI), die der Einladungsassistent in der Länderliste für SMS anbietet. Nicht festgelegt: alle Länder.',
      fr: 'Codes de région ISO 3166 (par exemple CH, LI) proposés dans la liste des pays pour les SMS de l’assistant d’invitation. Non défini : tous les pays.',
      it: 'Codici di regione ISO 3166 (ad esempio CH, LI) proposti nell’elenco dei paesi per gli SMS della procedura guidata d’invito. Non impostato: tutti i paesi.',
    },
  },
  {
    key: 'IdleSignOutMinutes',
    category: 'security',
    type: 'integer',
    min: 0,
    max: 1440,
    default: 0,
    example: 30,
    effect: { kind: 'enforce' },
    title: {
      en: 'Sign out after inactivity (minutes)',
      de: 'Abmelden nach Inaktivität (Minuten)',
      fr: 'Déconnexion après inactivité (minutes)',
      it: 'Disconnessione dopo inattività (minuti)',
    },
    description: {
      en: 'Signs the user out and clears the session from memory after this many minutes without activity (0–1440). 0: never.',
      de: 'Meldet den Benutzer nach so vielen Minuten ohne Aktivität ab und löscht die Sitzung aus dem Arbeitsspeicher (0–1440). 0: nie.',
      fr: 'Déconnecte l’utilisateur et efface la session de la mémoire après ce nombre de minutes sans activité (0 à 1440). 0 : jamais.',
      it: 'Disconnette l’utente e cancella la sessione dalla memoria dopo questo numero di minuti senza attività (0–1440). 0: mai.',
    },
  },
] as const satisfies readonly PolicyDef[];

/** The product's catalogue; every function that takes a catalogue defaults to it. */
export const POLICY_CATALOG: PolicyCatalog = { policies: POLICIES, categories: POLICY_CATEGORIES };

/** Each policy name mapped to its effective value type (`null`: not set). */
export type PolicyValues = CatalogValues<typeof POLICIES>;
export type PolicyKey = keyof PolicyValues;

/** Every policy name, in catalogue order. */
export const POLICY_KEYS = POLICIES.map((policy) => policy.key) as readonly PolicyKey[];
