/**
 * Parts of the app that load on demand (the workspace after sign-in, the
 * invite wizard, the security-groups panel), so the sign-in screen paints
 * from a small first chunk. Each part shows a translated loading state while
 * its chunk arrives and, if the chunk cannot be loaded, says so with a retry
 * instead of taking the whole window down.
 */
import { Component, Suspense, lazy, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asErrorShape } from '../../../shared/errors.ts';
import { RetryAlert } from './RetryAlert.tsx';
import { failedModuleUrl } from './module-url.ts';

/** The translated "Loading…" state; `screen` centres it in the window. */
export function Loading({ variant }: { variant: 'screen' | 'inline' }) {
  const { t } = useTranslation();
  return (
    <div className={variant === 'screen' ? 'screen-centre' : 'loading-inline'} role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{t('app.loading')}</span>
    </div>
  );
}

class PartBoundary extends Component<
  { onRetry: () => void; children: ReactNode; fallback: (error: unknown, retry: () => void) => ReactNode },
  { error: unknown }
> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  retry = () => {
    this.props.onRetry();
    this.setState({ error: null });
  };

  override render() {
    return this.state.error ? this.props.fallback(this.state.error, this.retry) : this.props.children;
  }
}

function PartFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return <RetryAlert message={t('app.partFailed')} error={asErrorShape(error)} onRetry={onRetry} />;
}

export type LazyPart<P extends object> = ComponentType<P> & {
  /** Start loading the chunk now (e.g. when the browser is idle), without rendering it. */
  preload(): void;
};

/**
 * A component whose code is a separate chunk, loaded on first render (or on
 * `preload()`): `lazyPart(() => import('./X.tsx'), (module) => module.X, 'inline')`.
 *
 * Some Chromium versions (Debian's 150, so some Electron releases too)
 * remember a module that failed to load and fail every later import of the
 * same URL without asking again; a retry then imports the URL the failure
 * named with a query of its own, which the browser fetches anew.
 */
export function lazyPart<P extends object, M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType<P>,
  variant: 'screen' | 'inline',
): LazyPart<P> {
  let pending: Promise<{ default: ComponentType<P> }> | null = null;
  let failedUrl: string | null = null;
  let attempt = 0;
  const fetchPart = () => {
    if (pending) return pending;
    const loading = failedUrl
      ? (import(/* @vite-ignore */ `${failedUrl}?attempt=${(attempt += 1)}`) as Promise<M>)
      : load();
    pending = loading.then(
      (module) => ({ default: pick(module) }),
      (error: unknown) => {
        failedUrl = failedModuleUrl(error, window.location.origin) ?? failedUrl;
        pending = null; // the next attempt asks again
        throw error;
      },
    );
    return pending;
  };
  let current = lazy(fetchPart);

  function Part(props: P) {
    const [Loaded, setLoaded] = useState(() => current);
    return (
      <PartBoundary
        onRetry={() => {
          // React.lazy remembers a failure: a retry needs a new one.
          current = lazy(fetchPart);
          setLoaded(() => current);
        }}
        fallback={(error, retry) => <PartFailed error={error} onRetry={retry} />}
      >
        <Suspense fallback={<Loading variant={variant} />}>
          <Loaded {...props} />
        </Suspense>
      </PartBoundary>
    );
  }
  return Object.assign(Part, {
    preload() {
      void fetchPart().catch(() => undefined);
    },
  });
}
