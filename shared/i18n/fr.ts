import type { Translation } from './en.ts';

/**
 * French, formal "vous". European typography: a narrow no-break space
 * (U+202F) before ? ! ; and a no-break space (U+00A0) before a colon.
 */
export const fr: Translation = {
  app: {
    title: 'Team Safe Admin',
    loading: 'Chargement…',
    retry: 'Réessayer',
    dismiss: 'Fermer',
    startFailed: 'Team Safe Admin n’a pas pu démarrer.',
    settingsFailed: 'Votre choix de langue n’a pas pu être enregistré.',
  },
  noBridge: {
    title: 'Ouvrez Team Safe Admin depuis l’application de bureau',
    body: 'Cette fenêtre n’est pas reliée à l’application de bureau. Vous ne pouvez donc ni vous connecter ni consulter de coffres-forts d’équipe ici. Lancez Team Safe Admin sur votre ordinateur.',
    previewHint: 'Pour les développeurs, cette commande ouvre un aperçu dans le navigateur\u00a0:',
  },
  language: {
    label: 'Langue',
    names: { en: 'Anglais', de: 'Allemand', fr: 'Français', it: 'Italien' },
  },
  roles: {
    administrator: 'Administrateur',
    editor: 'Éditeur',
    viewer: 'Lecteur',
    restrictedViewer: 'Lecteur restreint',
    archivist: 'Archiviste',
  },
  capabilities: {
    viewFiles: 'Afficher les fichiers',
    download: 'Télécharger',
    upload: 'Téléverser et ajouter des fichiers',
    edit: 'Modifier les fichiers',
    delete: 'Supprimer les fichiers',
    sendSecurely: 'Envoyer des fichiers en toute sécurité',
    shareLinks: 'Partager des liens vers des fichiers avec les membres',
    manageMembers: 'Inviter et retirer des membres, changer les rôles',
  },
  errors: {
    invalid_payload: 'Certaines saisies ne sont pas valables. Vérifiez les champs signalés.',
    invalid_credentials: 'L’adresse e-mail ou le mot de passe est incorrect.',
    rate_limited: 'Trop de tentatives. Réessayez dans {{seconds}} secondes.',
    server_unreachable: 'Le serveur est injoignable. Vérifiez l’adresse et votre connexion réseau.',
    server_timeout: 'Le serveur n’a pas répondu à temps. Réessayez.',
    server_error: 'Le serveur a signalé une erreur. Réessayez plus tard.',
    invalid_server_response:
      'Le serveur a envoyé une réponse que cette application ne comprend pas. S’agit-il de la bonne adresse\u202f?',
    session_expired: 'Votre session a expiré. Veuillez vous reconnecter.',
    not_signed_in: 'Aucune session n’est ouverte.',
    forbidden: 'Cette action ne vous est pas permise.',
    not_found: 'Cet élément n’existe plus.',
    keychain_unavailable:
      'Le trousseau du système n’est pas disponible\u202f; votre connexion ne peut donc pas être enregistrée en toute sécurité.',
    untrusted_sender: 'Cette requête a été refusée, car elle ne provient pas de la fenêtre de l’application.',
    unknown_channel: 'Cette requête n’est pas prise en charge.',
    internal: 'Une erreur s’est produite. Réessayez.',
    too_many_entries: 'Trop d’entrées. Ajoutez au maximum {{max}} personnes à la fois.',
    no_entries: 'Saisissez au moins une adresse e-mail.',
    permission_required:
      'Votre compte ne dispose pas de l’autorisation de fonction nécessaire. Un administrateur de votre organisation peut vous ajouter à un groupe de sécurité qui l’accorde.',
    group_name_taken: 'Un groupe de sécurité portant ce nom existe déjà.',
    already_member: 'Cette personne est déjà membre de ce coffre-fort d’équipe.',
    member_limit_reached:
      'Ce coffre-fort d’équipe a atteint sa limite de membres. Retirez d’abord un membre ou révoquez une invitation.',
    last_administrator: 'Le dernier administrateur d’un coffre-fort d’équipe ne peut être ni rétrogradé ni retiré.',
    not_invited: 'Cette personne n’a aucune invitation en attente.',
    precondition_failed: 'Quelqu’un d’autre a modifié cet élément entre-temps. Actualisez et réessayez.',
    precondition_required: 'Cette modification nécessite la version actuelle des données. Actualisez et réessayez.',
    idempotency_conflict: 'Cette requête a déjà été envoyée avec un contenu différent. Actualisez et réessayez.',
    invalid_code: 'Le code de sécurité est incorrect.',
    code_expired: 'Le code de sécurité a expiré. Demandez que l’invitation soit renvoyée.',
    too_many_attempts: 'Trop de tentatives erronées. Demandez que l’invitation soit renvoyée.',
    sms_failed: 'Le SMS n’a pas pu être envoyé. Vérifiez le numéro ou transmettez le code par un autre moyen.',
  },
  signIn: {
    heading: 'Connexion',
    intro: 'Connectez-vous avec votre compte d’administrateur de coffres-forts d’équipe.',
    serverUrl: 'Adresse du serveur',
    serverUrlPlaceholder: 'https://safe.example.com',
    email: 'E-mail',
    emailPlaceholder: 'nom@example.com',
    password: 'Mot de passe',
    submit: 'Se connecter',
    submitting: 'Connexion en cours…',
  },
  topBar: {
    signOut: 'Se déconnecter',
    signedInAs: 'Session de {{name}}',
  },
  safes: {
    heading: 'Coffres-forts d’équipe',
    usage: '{{count, number}} sur {{limit, number}}',
    usageLabel: '{{count, number}} membres sur {{limit, number}}',
    empty: 'Vous n’administrez encore aucun coffre-fort d’équipe.',
    loadFailed: 'Les coffres-forts d’équipe n’ont pas pu être chargés.',
    noneSelected: 'Choisissez un coffre-fort d’équipe à gauche pour en afficher les membres.',
  },
  members: {
    refresh: 'Actualiser',
    tableLabel: 'Membres de {{safe}}',
    loadingRow: 'Chargement du membre…',
    loadFailed: 'Les membres n’ont pas pu être chargés.',
    filter: {
      label: 'Statut des membres',
      all: 'Tous',
      activated: 'Activés',
      invited: 'Invités',
    },
    columns: {
      name: 'Nom',
      email: 'E-mail',
      role: 'Rôle',
      status: 'Statut',
      language: 'Langue',
    },
    status: {
      activated: 'Activé',
      invited: 'Invité',
    },
    empty: {
      all: 'Ce coffre-fort d’équipe n’a pas encore de membres.',
      activated: 'Aucun membre n’a encore activé son accès.',
      invited: 'Aucune invitation n’est en attente.',
    },
  },
  summary: {
    heading: 'Membres',
    limit: '{{count, number}} sur {{limit, number}}',
    meterLabel: 'Places de membres occupées',
    activated: 'Activés',
    invited: 'Invités',
    countsNote: 'Les membres invités comme les membres activés comptent dans la limite.',
    limitReached:
      'La limite de membres est atteinte. Retirez un membre ou révoquez une invitation avant d’inviter une nouvelle personne.',
  },
  fieldErrors: {
    required: 'Champ obligatoire.',
    too_long: 'Trop long.',
    invalid_email: 'Saisissez une adresse e-mail valable, par exemple nom@example.com.',
    invalid_server_url: 'Saisissez une adresse de serveur, par exemple https://safe.example.com.',
    insecure_server_url:
      'Utilisez une adresse https://. Le protocole http non chiffré n’est autorisé que pour cet ordinateur.',
    invalid_value: 'Cette valeur n’est pas valable.',
    invalid_phone: 'Saisissez un numéro de téléphone valable.',
    not_mobile: 'Ce n’est pas un numéro de mobile. L’envoi par SMS nécessite un numéro de mobile.',
    wrong_country: 'Ce numéro n’appartient pas au pays sélectionné.',
  },
};
