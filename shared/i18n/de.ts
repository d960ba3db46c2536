import type { Translation } from './en.ts';

/** German, Swiss register (no ß), formal "Sie". */
export const de: Translation = {
  app: {
    title: 'Team Safe Admin',
    loading: 'Wird geladen…',
    retry: 'Erneut versuchen',
    dismiss: 'Schliessen',
    startFailed: 'Team Safe Admin konnte nicht gestartet werden.',
    settingsFailed: 'Ihre Sprachwahl konnte nicht gespeichert werden.',
  },
  noBridge: {
    title: 'Öffnen Sie Team Safe Admin über die Desktop-App',
    body: 'Dieses Fenster ist nicht mit der Desktop-App verbunden. Sie können sich hier deshalb weder anmelden noch Team-Safes ansehen. Starten Sie Team Safe Admin auf Ihrem Computer.',
    previewHint: 'Für Entwicklerinnen und Entwickler öffnet dieser Befehl eine Vorschau im Browser:',
  },
  language: {
    label: 'Sprache',
    names: { en: 'Englisch', de: 'Deutsch', fr: 'Französisch', it: 'Italienisch' },
  },
  roles: {
    administrator: 'Administrator',
    editor: 'Bearbeiter',
    viewer: 'Betrachter',
    restrictedViewer: 'Eingeschränkter Betrachter',
    archivist: 'Archivar',
  },
  capabilities: {
    viewFiles: 'Dateien ansehen',
    download: 'Herunterladen',
    upload: 'Dateien hochladen und hinzufügen',
    edit: 'Dateien bearbeiten',
    delete: 'Dateien löschen',
    sendSecurely: 'Dateien sicher versenden',
    shareLinks: 'Dateilinks mit Mitgliedern teilen',
    manageMembers: 'Mitglieder einladen und entfernen, Rollen ändern',
  },
  errors: {
    invalid_payload: 'Einige Angaben sind ungültig. Prüfen Sie die markierten Felder.',
    invalid_credentials: 'Die E-Mail-Adresse oder das Passwort ist falsch.',
    rate_limited: 'Zu viele Versuche. Versuchen Sie es in {{seconds}} Sekunden erneut.',
    server_unreachable: 'Der Server ist nicht erreichbar. Prüfen Sie die Adresse und Ihre Netzwerkverbindung.',
    server_timeout: 'Der Server hat nicht rechtzeitig geantwortet. Versuchen Sie es erneut.',
    server_error: 'Der Server hat einen Fehler gemeldet. Versuchen Sie es später erneut.',
    invalid_server_response:
      'Der Server hat eine Antwort gesendet, die diese App nicht versteht. Ist die Adresse richtig?',
    session_expired: 'Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an.',
    not_signed_in: 'Sie sind nicht angemeldet.',
    forbidden: 'Dazu sind Sie nicht berechtigt.',
    not_found: 'Dieses Element existiert nicht mehr.',
    keychain_unavailable:
      'Der Schlüsselbund des Systems ist nicht verfügbar. Ihre Anmeldung kann deshalb nicht sicher gespeichert werden.',
    untrusted_sender: 'Diese Anfrage wurde abgelehnt, weil sie nicht aus dem App-Fenster stammt.',
    unknown_channel: 'Diese Anfrage wird nicht unterstützt.',
    internal: 'Etwas ist schiefgelaufen. Versuchen Sie es erneut.',
    too_many_entries: 'Zu viele Einträge. Fügen Sie höchstens {{max}} Personen auf einmal hinzu.',
    no_entries: 'Geben Sie mindestens eine E-Mail-Adresse ein.',
    permission_required:
      'Ihrem Konto fehlt die dafür nötige Funktionsberechtigung. Eine Administratorin oder ein Administrator Ihrer Organisation kann Sie einer Sicherheitsgruppe hinzufügen, die sie gewährt.',
    group_name_taken: 'Es gibt bereits eine Sicherheitsgruppe mit diesem Namen.',
    already_member: 'Diese Person ist bereits Mitglied dieses Team-Safes.',
    member_limit_reached:
      'Dieser Team-Safe hat sein Mitgliederlimit erreicht. Entfernen Sie zuerst ein Mitglied oder widerrufen Sie eine Einladung.',
    last_administrator: 'Der letzte Administrator eines Team-Safes kann weder herabgestuft noch entfernt werden.',
    not_invited: 'Für diese Person gibt es keine offene Einladung.',
    precondition_failed: 'Jemand anderes hat dies inzwischen geändert. Laden Sie neu und versuchen Sie es erneut.',
    precondition_required:
      'Für diese Änderung wird der aktuelle Stand der Daten benötigt. Laden Sie neu und versuchen Sie es erneut.',
    idempotency_conflict:
      'Diese Anfrage wurde bereits mit anderem Inhalt gesendet. Laden Sie neu und versuchen Sie es erneut.',
    invalid_code: 'Der Sicherheitscode ist falsch.',
    code_expired: 'Der Sicherheitscode ist abgelaufen. Bitten Sie darum, die Einladung erneut zu senden.',
    too_many_attempts: 'Zu viele Fehlversuche. Bitten Sie darum, die Einladung erneut zu senden.',
    sms_failed:
      'Die SMS konnte nicht gesendet werden. Prüfen Sie die Nummer oder geben Sie den Code auf anderem Weg weiter.',
  },
  signIn: {
    heading: 'Anmelden',
    intro: 'Melden Sie sich mit Ihrem Administratorkonto für Team-Safes an.',
    serverUrl: 'Serveradresse',
    serverUrlPlaceholder: 'https://safe.example.com',
    email: 'E-Mail',
    emailPlaceholder: 'name@example.com',
    password: 'Passwort',
    submit: 'Anmelden',
    submitting: 'Anmeldung läuft…',
  },
  topBar: {
    signOut: 'Abmelden',
    signedInAs: 'Angemeldet als {{name}}',
  },
  safes: {
    heading: 'Team-Safes',
    usage: '{{count, number}} von {{limit, number}}',
    usageLabel: '{{count, number}} von {{limit, number}} Mitgliedern',
    empty: 'Sie verwalten noch keine Team-Safes.',
    loadFailed: 'Die Team-Safes konnten nicht geladen werden.',
    noneSelected: 'Wählen Sie links einen Team-Safe, um seine Mitglieder zu sehen.',
  },
  members: {
    refresh: 'Aktualisieren',
    tableLabel: 'Mitglieder von {{safe}}',
    loadingRow: 'Mitglied wird geladen…',
    loadFailed: 'Die Mitglieder konnten nicht geladen werden.',
    filter: {
      label: 'Mitgliederstatus',
      all: 'Alle',
      activated: 'Aktiviert',
      invited: 'Eingeladen',
    },
    columns: {
      name: 'Name',
      email: 'E-Mail',
      role: 'Rolle',
      status: 'Status',
      language: 'Sprache',
    },
    status: {
      activated: 'Aktiviert',
      invited: 'Eingeladen',
    },
    empty: {
      all: 'Dieser Team-Safe hat noch keine Mitglieder.',
      activated: 'Noch kein Mitglied hat seinen Zugang aktiviert.',
      invited: 'Es gibt keine offenen Einladungen.',
    },
  },
  summary: {
    heading: 'Mitglieder',
    limit: '{{count, number}} von {{limit, number}}',
    meterLabel: 'Belegte Mitgliederplätze',
    activated: 'Aktiviert',
    invited: 'Eingeladen',
    countsNote: 'Eingeladene und aktivierte Mitglieder zählen beide zum Limit.',
    limitReached:
      'Das Mitgliederlimit ist erreicht. Entfernen Sie ein Mitglied oder widerrufen Sie eine Einladung, bevor Sie jemanden neu einladen.',
  },
  fieldErrors: {
    required: 'Pflichtfeld.',
    too_long: 'Zu lang.',
    invalid_email: 'Geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.',
    invalid_server_url: 'Geben Sie eine Serveradresse ein, z. B. https://safe.example.com.',
    insecure_server_url:
      'Verwenden Sie eine https://-Adresse. Unverschlüsseltes http ist nur für diesen Computer zulässig.',
    invalid_value: 'Dieser Wert ist ungültig.',
    invalid_phone: 'Geben Sie eine gültige Telefonnummer ein.',
    not_mobile: 'Dies ist keine Mobilnummer. Für SMS braucht es eine Mobilnummer.',
    wrong_country: 'Diese Nummer gehört nicht zum gewählten Land.',
  },
};
