// The Sessions view's own data (issue 15): sessions over a chosen time range, their bindings, the Claude Code /
// API split, and the detail of one session. A binding change is applied at once and reverted when the core
// refuses it; pushed events keep every open dashboard in step.
import { create } from 'zustand';
import type { ClientCategoryTotals, RequestView, SessionView } from '../../src-shared/contract.ts';
import { transport } from '../transport/current-transport.ts';
import { throttledRefresh } from './refresh-throttle.ts';

export const SESSION_RANGES = [1, 24, 24 * 7, 24 * 30] as const;
export type SessionRange = (typeof SESSION_RANGES)[number];

interface SessionsStore {
  hours: SessionRange;
  sessions: SessionView[];
  categories: ClientCategoryTotals[];
  error: string | null;
  /** The session whose requests are shown, with them once loaded. */
  open: { sessionKey: string; requests: RequestView[] | null; error: string | null } | null;
  /** Session keys whose binding change is on its way to the core. */
  saving: string[];
  bindError: string | null;
  setHours(hours: SessionRange): void;
  load(): Promise<void>;
  toggle(sessionKey: string): void;
  /** `null` unbinds. */
  bind(sessionKey: string, tiers: string[] | null): Promise<void>;
}

export const useSessions = create<SessionsStore>((set, get) => ({
  hours: 24,
  sessions: [],
  categories: [],
  error: null,
  open: null,
  saving: [],
  bindError: null,
  setHours(hours) {
    set({ hours });
    void get().load();
  },
  async load() {
    const hours = get().hours;
    try {
      const result = await transport().call('listSessions', { hours, limit: 200 });
      if (get().hours === hours)
        set({ sessions: result.sessions, categories: result.categories, error: null });
    } catch (error) {
      if (get().hours === hours) set({ error: (error as Error).message });
    }
  },
  toggle(sessionKey) {
    if (get().open?.sessionKey === sessionKey) {
      set({ open: null });
      return;
    }
    set({ open: { sessionKey, requests: null, error: null } });
    void transport()
      .call('sessionRequests', { sessionKey, limit: 50 })
      .then(
        ({ requests }) => {
          if (get().open?.sessionKey === sessionKey) set({ open: { sessionKey, requests, error: null } });
        },
        (error: Error) => {
          if (get().open?.sessionKey === sessionKey)
            set({ open: { sessionKey, requests: [], error: error.message } });
        },
      );
  },
  async bind(sessionKey, tiers) {
    const before = get().sessions;
    const now = Date.now();
    set({
      bindError: null,
      saving: [...get().saving, sessionKey],
      sessions: before.map((session) =>
        session.sessionKey === sessionKey
          ? {
              ...session,
              binding: tiers ? { sessionKey, tiers, boundAt: now, lastUsedAt: now, expiresAt: now } : null,
            }
          : session,
      ),
    });
    try {
      if (tiers) await transport().call('bindSession', { sessionKey, tiers });
      else await transport().call('unbindSession', { sessionKey });
      await get().load();
    } catch (error) {
      set({ sessions: before, bindError: (error as Error).message });
    } finally {
      set({ saving: get().saving.filter((key) => key !== sessionKey) });
    }
  },
}));

/** Loads now, then again when requests finish or a binding changes anywhere (CLI, another window). */
export function followSessions(): () => void {
  void useSessions.getState().load();
  const refresh = throttledRefresh(() => void useSessions.getState().load(), 1000);
  return transport().subscribe((event) => {
    if (event.type === 'request-finished' || event.type === 'session-binding-changed') refresh();
  });
}
