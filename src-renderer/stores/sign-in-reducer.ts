// The sign-in panel's session logic as a pure reducer: the core's answer to `signInStart` and the pushed
// `sign-in-changed` events can arrive in either order, a reconnection may have dropped the final event, and a
// retry starts over. The panel only runs the side effects (start, cancel, status) and renders `phaseOf`.
import type { SignInState } from '../../src-shared/contract.ts';

export interface SignInFlow {
  /** Bumped by every retry: the panel starts a new session for each value. */
  attempt: number;
  /** The session this panel started, once the core said which it is. */
  currentId: string | null;
  session: SignInState | null;
  /** `signInStart` itself failed (bad vendor, network): there is no session to follow. */
  error: string | null;
  /** States pushed for sessions whose start answer has not arrived yet. */
  early: Readonly<Record<string, SignInState>>;
}

export type SignInAction =
  | { type: 'started'; session: SignInState }
  | { type: 'start-failed'; message: string }
  /** A `sign-in-changed` event (for any session; others are kept in case they are ours). */
  | { type: 'pushed'; session: SignInState }
  /** The answer to `signInStatus` asked after a reconnection. */
  | { type: 'status'; session: SignInState }
  | { type: 'retry' };

export const INITIAL_SIGN_IN: SignInFlow = {
  attempt: 0,
  currentId: null,
  session: null,
  error: null,
  early: {},
};

export type SignInPhase = 'starting' | SignInState['state'];

export function reduceSignIn(flow: SignInFlow, action: SignInAction): SignInFlow {
  switch (action.type) {
    case 'started': {
      const early = flow.early[action.session.id];
      // The outcome can be pushed before `signInStart` answers: an early final state wins over "waiting".
      const session = early && early.state !== 'waiting' ? early : action.session;
      return { ...flow, currentId: action.session.id, session, error: null };
    }
    case 'start-failed':
      return { ...flow, error: action.message };
    case 'pushed':
      if (action.session.id === flow.currentId) return { ...flow, session: action.session };
      return { ...flow, early: { ...flow.early, [action.session.id]: action.session } };
    case 'status':
      return action.session.id === flow.currentId ? { ...flow, session: action.session } : flow;
    case 'retry':
      return { ...INITIAL_SIGN_IN, attempt: flow.attempt + 1 };
  }
}

export function phaseOf(flow: SignInFlow): SignInPhase {
  if (flow.error) return 'failed';
  return flow.session?.state ?? 'starting';
}

/** The session ended without success (failed, expired, cancelled) or never started: offer a retry. */
export function canRetry(flow: SignInFlow): boolean {
  const phase = phaseOf(flow);
  return phase === 'failed' || phase === 'expired' || phase === 'cancelled';
}
