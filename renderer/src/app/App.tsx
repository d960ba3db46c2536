import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { hasBridge } from '../bridge.ts';
import { connectBridgeEvents, startApp, useAppStore } from '../store/index.ts';
import type { LoadState } from '../store/types.ts';
import { SignInScreen } from '../sign-in/SignInScreen.tsx';
import { ErrorText } from './ErrorText.tsx';
import { Loading, lazyPart } from './LazyPart.tsx';
import { NoBridgeScreen } from './NoBridgeScreen.tsx';
import { ShellLayer } from '../shell/ShellLayer.tsx';
import { detach } from '../detach.ts';
import './app.css';

// Everything after sign-in is its own chunk: the sign-in screen paints without it.
const Workspace = lazyPart(
  () => import('../workspace/Workspace.tsx'),
  (module) => module.Workspace,
  'screen',
);

export function App() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);
  if (!hasBridge()) return <NoBridgeScreen />;
  return <ConnectedApp />;
}

function ConnectedApp() {
  const { status, settingsReady, sessionLoad, retry } = useAppStore(
    useShallow((state) => ({
      status: state.session?.status ?? null,
      settingsReady: state.settings !== null,
      sessionLoad: state.sessionLoad,
      retry: state.loadSession,
    })),
  );

  useEffect(() => {
    const disconnect = connectBridgeEvents();
    detach(startApp());
    return disconnect;
  }, []);

  // Once the sign-in screen is up (signed out, and the settings it needs are loaded: see `Screen`),
  // fetch the workspace while the user types. Not before: the first idle moment of a start comes
  // while the settings are still on their way, and a fetch then competes with painting sign-in.
  const signInShown = status === 'signedOut' && settingsReady;
  useEffect(() => {
    if (!signInShown) return;
    const idle = requestIdleCallback(() => Workspace.preload());
    return () => cancelIdleCallback(idle);
  }, [signInShown]);

  return (
    <>
      <Screen status={status} settingsReady={settingsReady} sessionLoad={sessionLoad} retry={retry} />
      <ShellLayer />
    </>
  );
}

function Screen({
  status,
  settingsReady,
  sessionLoad,
  retry,
}: {
  status: 'signedIn' | 'signedOut' | null;
  settingsReady: boolean;
  sessionLoad: LoadState;
  retry: () => Promise<void>;
}) {
  const { t } = useTranslation();
  if (sessionLoad.status === 'failed' && sessionLoad.error) {
    return (
      <div className="screen-centre">
        <div className="card card--message" role="alert">
          <h1 className="card__title">{t('app.startFailed')}</h1>
          <p>
            <ErrorText error={sessionLoad.error} />
          </p>
          <button type="button" className="button button--primary" onClick={() => detach(retry())}>
            {t('app.retry')}
          </button>
        </div>
      </div>
    );
  }
  if (status === null || !settingsReady) return <Loading variant="screen" />;
  return status === 'signedIn' ? <Workspace /> : <SignInScreen />;
}
