/**
 * English is the reference catalogue: German, French and Italian are typed
 * against its shape, so a missing key fails the typecheck.
 */
export const en = {
  app: {
    title: 'Team Safe Admin',
    loading: 'Loading…',
  },
  language: {
    label: 'Language',
    names: { en: 'English', de: 'German', fr: 'French', it: 'Italian' },
  },
  roles: {
    administrator: 'Administrator',
    editor: 'Editor',
    viewer: 'Viewer',
    restrictedViewer: 'Restricted Viewer',
    archivist: 'Archivist',
  },
  capabilities: {
    viewFiles: 'View files',
    download: 'Download',
    upload: 'Upload and add files',
    edit: 'Edit files',
    delete: 'Delete files',
    sendSecurely: 'Send files securely',
    shareLinks: 'Share file links with members',
    manageMembers: 'Invite and remove members, change roles',
  },
  errors: {
    invalid_payload: 'Some of the entries are not valid. Check the highlighted fields.',
    invalid_credentials: 'The e-mail address or password is wrong.',
    rate_limited: 'Too many attempts. Try again in {{seconds}} seconds.',
    server_unreachable: 'The server cannot be reached. Check the address and your network connection.',
    server_timeout: 'The server did not answer in time. Try again.',
    server_error: 'The server reported an error. Try again later.',
    invalid_server_response: 'The server sent an answer this app does not understand. Is this the right address?',
    session_expired: 'Your session has ended. Sign in again.',
    not_signed_in: 'You are not signed in.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'This item no longer exists.',
    keychain_unavailable: 'The system keychain is not available, so your sign-in cannot be stored safely.',
    untrusted_sender: 'This request was refused because it did not come from the app window.',
    unknown_channel: 'This request is not supported.',
    internal: 'Something went wrong. Try again.',
  },
  fieldErrors: {
    required: 'Required.',
    too_long: 'Too long.',
    invalid_email: 'Enter a valid e-mail address, such as name@example.com.',
    invalid_server_url: 'Enter a server address such as https://safe.example.com.',
    insecure_server_url: 'Use an https:// address. Plain http is allowed only for this computer.',
    invalid_value: 'This value is not valid.',
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Translation = Shape<typeof en>;
