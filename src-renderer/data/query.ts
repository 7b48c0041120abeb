// The renderer's one data layer for command results: `useQuery(key, fetch, refreshOn)`. Results are cached by
// key (a view shows its last answer at once when it comes back), refreshed when a pushed event says they are
// stale (coalesced, only while some view shows them), and all refreshed after a reconnection, which also clears
// the errors a lost connection left behind. Loading, error and ready are distinct states, never "empty".
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { PushedEvent } from '../../src-shared/preload-api.ts';
import { transport } from '../transport/current-transport.ts';

export type QueryState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: string }
  | { status: 'ready'; data: T; refreshing: boolean; staleError?: string };

interface Entry {
  state: QueryState<unknown>;
  listeners: Set<() => void>;
  fetch: () => Promise<unknown>;
  refreshOn: (event: PushedEvent) => boolean;
  throttleMs: number;
  generation: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const entries = new Map<string, Entry>();
// Subscribed once, for the life of the page.
let subscribed = false;
let helloSeen = false;

function notify(entry: Entry): void {
  for (const listener of entry.listeners) listener();
}

function run(entry: Entry): void {
  const generation = ++entry.generation;
  if (entry.state.status === 'ready') entry.state = { ...entry.state, refreshing: true };
  else entry.state = { status: 'loading' };
  notify(entry);
  entry.fetch().then(
    (data) => {
      if (generation !== entry.generation) return;
      entry.state = { status: 'ready', data, refreshing: false };
      notify(entry);
    },
    (error: unknown) => {
      if (generation !== entry.generation) return;
      const message = error instanceof Error ? error.message : String(error);
      // Data already on screen stays; the failure is shown next to it rather than instead of it.
      entry.state =
        entry.state.status === 'ready'
          ? { status: 'ready', data: entry.state.data, refreshing: false, staleError: message }
          : { status: 'error', error: message };
      notify(entry);
    },
  );
}

function schedule(entry: Entry): void {
  if (entry.timer !== undefined) return;
  entry.timer = setTimeout(() => {
    entry.timer = undefined;
    if (entry.listeners.size > 0) run(entry);
  }, entry.throttleMs);
}

function onEvent(event: PushedEvent): void {
  if (event.type === 'hello') {
    // The first hello is the initial connection; later ones are reconnections after which anything may be stale.
    if (helloSeen) refreshAll();
    helloSeen = true;
    return;
  }
  for (const entry of entries.values()) {
    if (entry.listeners.size > 0 && entry.refreshOn(event)) schedule(entry);
  }
}

function ensureEvents(): void {
  if (subscribed) return;
  subscribed = true;
  transport().subscribe(onEvent);
}

/** Re-runs every query some view shows (after a reconnection, or the user's Retry). */
export function refreshAll(): void {
  for (const entry of entries.values()) {
    if (entry.listeners.size > 0) run(entry);
    // Hidden ones are re-fetched when they are shown again.
    else entry.state = { status: 'loading' };
  }
}

export interface QueryOptions {
  /** Which pushed events make this result stale. */
  refreshOn?: (event: PushedEvent) => boolean;
  /** Coalesce a burst of events into one refresh after this delay. */
  throttleMs?: number;
}

const never = () => false;

export function useQuery<T>(
  key: string,
  fetch: () => Promise<T>,
  options: QueryOptions = {},
): QueryState<T> & { reload(): void } {
  let entry = entries.get(key);
  if (!entry) {
    entry = {
      state: { status: 'loading' },
      listeners: new Set(),
      fetch,
      refreshOn: options.refreshOn ?? never,
      throttleMs: options.throttleMs ?? 1000,
      generation: 0,
      timer: undefined,
    };
    entries.set(key, entry);
  }
  // The latest closure: the key already names its parameters, so this only picks up fresh references.
  entry.fetch = fetch;
  entry.refreshOn = options.refreshOn ?? never;
  const current = entry;

  const subscribe = useCallback(
    (listener: () => void) => {
      ensureEvents();
      current.listeners.add(listener);
      return () => current.listeners.delete(listener);
    },
    [current],
  );
  const state = useSyncExternalStore(subscribe, () => current.state) as QueryState<T>;

  useEffect(() => {
    // Shown (again): fetch, or revalidate what the cache holds.
    run(current);
  }, [current]);

  const reload = useCallback(() => run(current), [current]);
  return { ...state, reload };
}

/** Forgets cached results whose key starts with `prefix` and re-runs the shown ones (after an edit). */
export function invalidate(prefix: string): void {
  for (const [key, entry] of entries) {
    if (!key.startsWith(prefix)) continue;
    if (entry.listeners.size > 0) run(entry);
    else entries.delete(key);
  }
}
