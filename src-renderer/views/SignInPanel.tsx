// Sign-in for one vendor: GitHub's device code (copilot) or Google's consent page (antigravity). The core runs the
// wait; this panel shows what the user has to do and follows the session through `sign-in-changed` events.
import { type CSSProperties, useEffect, useReducer, useRef, useState } from 'react';
import { useNow } from '../hooks/use-now.ts';
import type { MessageKey } from '../i18n/strings.ts';
import { canRetry, INITIAL_SIGN_IN, phaseOf, reduceSignIn } from '../stores/sign-in-reducer.ts';
import { useFormats, useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';

// styles.css belongs to the shared layout; the few rules only this panel needs live here.
const PANEL_CSS = `
.sign-in-code { font: 700 2.2rem/1.2 ui-monospace, SFMono-Regular, Menlo, monospace; letter-spacing: 0.18em; }
.sign-in-row { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.sign-in-spinner { width: 16px; height: 16px; border-radius: 50%; border: 2px solid var(--border);
  border-top-color: var(--accent); animation: sign-in-spin 0.9s linear infinite; }
@keyframes sign-in-spin { to { transform: rotate(360deg); } }
`;
const LINK_STYLE: CSSProperties = { textDecoration: 'none', display: 'inline-block' };

const ENDED_MESSAGE: Record<'failed' | 'expired' | 'cancelled', MessageKey> = {
  failed: 'signIn.failed',
  expired: 'signIn.expired',
  cancelled: 'signIn.cancelled',
};

export interface SignInPanelProps {
  vendor: { name: string; kind: string };
  onClose: () => void;
  onSignedIn?: () => void;
}

export function SignInPanel(props: SignInPanelProps) {
  const t = useT();
  const f = useFormats();
  const provider = props.vendor.kind === 'copilot' ? 'github' : 'google';
  const [flow, dispatch] = useReducer(reduceSignIn, INITIAL_SIGN_IN);
  const [copied, setCopied] = useState(false);
  // Event handlers need the id without re-subscribing on every change.
  const currentId = useRef<string | null>(null);
  currentId.current = flow.currentId;
  const session = flow.session;
  const now = useNow(session?.state === 'waiting');

  useEffect(
    () =>
      transport().subscribe((event) => {
        if (event.type === 'sign-in-changed') dispatch({ type: 'pushed', session: event.signIn });
        else if (event.type === 'hello' && currentId.current) {
          // A reconnect may have dropped the event that ended the session: ask once.
          transport()
            .call('signInStatus', { id: currentId.current })
            .then(
              (state) => dispatch({ type: 'status', session: state }),
              () => undefined,
            );
        }
      }),
    [],
  );

  useEffect(() => {
    let live = true;
    let startedId: string | null = null;
    // `flow.attempt` restarts the sign-in (the retry button).
    void flow.attempt;
    transport()
      .call('signInStart', { provider, vendor: props.vendor.name })
      .then(
        (state) => {
          startedId = state.id;
          if (!live) {
            void transport()
              .call('signInCancel', { id: state.id })
              .catch(() => undefined);
            return;
          }
          dispatch({ type: 'started', session: state });
        },
        (reason: unknown) => {
          if (live) dispatch({ type: 'start-failed', message: (reason as Error).message });
        },
      );
    return () => {
      live = false;
      // Closing the panel (or retrying) ends the wait in the core; a finished session ignores this.
      if (startedId)
        void transport()
          .call('signInCancel', { id: startedId })
          .catch(() => undefined);
    };
  }, [provider, props.vendor.name, flow.attempt]);

  const phase = phaseOf(flow);
  const done = phase === 'done';
  const onSignedIn = props.onSignedIn;
  useEffect(() => {
    if (done) onSignedIn?.();
  }, [done, onSignedIn]);

  const copy = async (code: string) => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard can be refused (no focus, permissions): the code stays selectable.
    }
  };

  const title =
    provider === 'github'
      ? t('signIn.githubTitle', { name: props.vendor.name })
      : t('signIn.googleTitle', { name: props.vendor.name });
  const error = flow.error;
  const ended = canRetry(flow);

  return (
    <section className="panel" data-testid="sign-in-panel" data-state={phase} aria-label={title}>
      <style>{PANEL_CSS}</style>
      <h3>{title}</h3>
      {!session && !error && (
        <div className="sign-in-row muted">
          <span className="sign-in-spinner" aria-hidden="true" />
          {t('signIn.starting')}
        </div>
      )}
      {session?.state === 'waiting' && provider === 'github' && session.userCode && (
        <>
          <p>{t('signIn.enterCode')}</p>
          <div className="sign-in-row">
            <code className="sign-in-code" data-testid="sign-in-code">
              {session.userCode}
            </code>
            <button type="button" className="button small" onClick={() => void copy(session.userCode ?? '')}>
              {copied ? t('signIn.copied') : t('signIn.copyCode')}
            </button>
          </div>
          <div className="sign-in-row">
            <a
              className="button primary"
              style={LINK_STYLE}
              href={session.verificationUri}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="sign-in-open"
            >
              {t('signIn.openGithub')}
            </a>
          </div>
        </>
      )}
      {session?.state === 'waiting' && provider === 'google' && session.authUrl && (
        <>
          <p className="muted">{t('signIn.googleHint')}</p>
          <div className="sign-in-row">
            <a
              className="button primary"
              style={LINK_STYLE}
              href={session.authUrl}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="sign-in-open"
            >
              {t('signIn.openGoogle')}
            </a>
          </div>
        </>
      )}
      {session?.state === 'waiting' && (
        <div className="sign-in-row muted" data-testid="sign-in-waiting">
          <span className="sign-in-spinner" aria-hidden="true" />
          <span>{provider === 'github' ? t('signIn.waitingGithub') : t('signIn.waitingGoogle')}</span>
          {session.expiresAt !== undefined && (
            <span className="small">
              {t('signIn.expiresIn', { time: f.countdown(session.expiresAt - now) })}
            </span>
          )}
        </div>
      )}
      {done && (
        <p className="ok-text" role="status" data-testid="sign-in-result">
          {session?.account
            ? t('account.doneAs', { account: session.account, name: props.vendor.name })
            : t('signIn.done', { name: props.vendor.name })}
        </p>
      )}
      {ended && (
        <div role="alert" data-testid="sign-in-result">
          <p className="error-text">
            {t(phase === 'expired' || phase === 'cancelled' ? ENDED_MESSAGE[phase] : 'signIn.failed')}
          </p>
          {(error ?? session?.message) && <p className="muted small">{error ?? session?.message}</p>}
        </div>
      )}
      <div className="form-actions">
        {ended && (
          <button
            type="button"
            className="button primary"
            data-testid="sign-in-retry"
            onClick={() => dispatch({ type: 'retry' })}
          >
            {t('signIn.retry')}
          </button>
        )}
        <button type="button" className="button" data-testid="sign-in-close" onClick={props.onClose}>
          {session?.state === 'waiting' ? t('signIn.cancel') : t('signIn.close')}
        </button>
      </div>
    </section>
  );
}
