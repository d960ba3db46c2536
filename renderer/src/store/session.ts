import { asErrorShape, type AppErrorShape } from '../../../shared/errors.ts';
import type { SessionState } from '../../../shared/ipc/contract.ts';
import { call } from '../bridge.ts';
import { IDLE, LOADING, READY, failed, type LoadState, type SliceCreator } from './types.ts';

export interface SignInCredentials {
  serverUrl: string;
  email: string;
  password: string;
}

export interface SignInState {
  pending: boolean;
  /** Why the sign-in card is shown: a failed attempt, or an ended session. */
  error: AppErrorShape | null;
}

export interface SessionSlice {
  /** Null until `session:get` answered. */
  session: SessionState | null;
  sessionLoad: LoadState;
  signInState: SignInState;
  /**
   * Bumped whenever the signed-in identity changes. Async actions capture it
   * and drop their result if it moved, so one user's data never lands in
   * another user's (or a signed-out) view.
   */
  sessionEpoch: number;

  loadSession(): Promise<void>;
  signIn(credentials: SignInCredentials): Promise<boolean>;
  signOut(): Promise<void>;
  /** From `session:get`, `session:signIn` or the `session:changed` push. */
  applySession(next: SessionState): void;
  /**
   * Every slice routes its failures through here: the shape comes back for
   * display, and a session-ending code sends the user back to sign-in.
   */
  handleError(error: unknown): AppErrorShape;
  clearSignInError(): void;
}

const SESSION_ENDING = new Set<AppErrorShape['code']>(['session_expired', 'not_signed_in']);

export function endsSession(error: AppErrorShape): boolean {
  return SESSION_ENDING.has(error.code);
}

function identity(session: SessionState | null): string | null {
  return session?.status === 'signedIn' ? `${session.serverUrl}\n${session.user.id}` : null;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => ({
  session: null,
  sessionLoad: IDLE,
  signInState: { pending: false, error: null },
  sessionEpoch: 0,

  async loadSession() {
    set({ sessionLoad: LOADING });
    try {
      const session = await call('session:get', {});
      get().applySession(session);
      set({ sessionLoad: READY });
    } catch (error) {
      set({ sessionLoad: failed(asErrorShape(error)) });
    }
  },

  async signIn(credentials) {
    if (get().signInState.pending) return false;
    set({ signInState: { pending: true, error: null } });
    try {
      const session = await call('session:signIn', credentials);
      get().applySession(session);
      set({ signInState: { pending: false, error: null } });
      return session.status === 'signedIn';
    } catch (error) {
      set({ signInState: { pending: false, error: asErrorShape(error) } });
      return false;
    }
  },

  async signOut() {
    const previous = get().session;
    try {
      get().applySession(await call('session:signOut', {}));
    } catch {
      // Main owns the tokens and announces the real state with
      // `session:changed`; the window stops showing the data either way.
      get().applySession({
        status: 'signedOut',
        serverUrl: previous?.serverUrl ?? '',
        ...(previous?.status === 'signedIn' ? { email: previous.user.email } : {}),
      });
    }
  },

  applySession(next) {
    const changed = identity(get().session) !== identity(next);
    set((state) => ({
      session: next,
      sessionLoad: state.sessionLoad.status === 'ready' ? state.sessionLoad : READY,
      ...(changed ? { sessionEpoch: state.sessionEpoch + 1 } : {}),
      ...(next.status === 'signedIn' ? { signInState: { pending: false, error: null } } : {}),
      // A remembered session that could not be restored says why on the sign-in screen.
      ...(next.status === 'signedOut' && next.problem
        ? { signInState: { pending: false, error: { code: next.problem, message: '' } } }
        : {}),
    }));
    if (changed) {
      get().resetSafes();
      get().resetMembers();
      get().resetGroups();
      get().resetNavigation();
      get().resetActivity();
      get().clearExport();
    }
  },

  handleError(error) {
    const shape = asErrorShape(error);
    const session = get().session;
    if (endsSession(shape) && session?.status === 'signedIn') {
      get().applySession({ status: 'signedOut', serverUrl: session.serverUrl, email: session.user.email });
      set({ signInState: { pending: false, error: shape } });
    }
    return shape;
  },

  clearSignInError() {
    set((state) => ({ signInState: { ...state.signInState, error: null } }));
  },
});
