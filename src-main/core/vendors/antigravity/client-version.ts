// Which Antigravity version we say we are. Cloud Code refuses clients it considers outdated (newer models for
// versions below 2.9, and once a plain 200 "This version of Antigravity is no longer supported", CPA #4144), so a
// pinned User-Agent ages badly. As CLIProxyAPI does (internal/misc/antigravity_version.go @a7e3596): read the
// version from the hub's update manifest in the background, cache it for six hours, never go below the floor.
// Requests never wait for the manifest: until it answers, the floor (or the last version read) is used.
import { parse } from 'yaml';

export const ANTIGRAVITY_VERSION_FLOOR = '2.9.1';
export const ANTIGRAVITY_MANIFEST_URL =
  'https://antigravity-hub-auto-updater-974169037036.us-central1.run.app/manifest/latest-arm64-mac.yml';
const CACHE_MS = 6 * 60 * 60_000;
/** After a failed read, try again this much later (not on every request). */
const RETRY_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 10_000;
const PLATFORM = 'darwin/arm64';

export interface ClientVersion {
  /** The version to announce now: never below the floor, never waiting for the network. */
  current(): string;
  /** `antigravity/hub/<version> darwin/arm64`, the User-Agent Antigravity's own hub sends. */
  userAgent(): string;
  /** Reads the manifest now (also what `current()` starts in the background when the cache is stale). */
  refresh(): Promise<void>;
  /** Why the last manifest read failed, for the UI; undefined after a good read. */
  problem(): string | undefined;
  close(): void;
}

function parts(version: string): number[] {
  return version.split('.').map((part) => Number(part));
}

/** Dotted numeric versions; anything else is not a version we accept from a manifest. */
export function isVersion(value: unknown): value is string {
  return typeof value === 'string' && /^\d+\.\d+\.\d+$/.test(value.trim());
}

export function newerVersion(a: string, b: string): string {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff > 0 ? a : b;
  }
  return a;
}

export function createClientVersion(options: {
  manifestUrl?: string | undefined;
  now: () => number;
  /** False: never read the manifest (a tier pointed at a gateway or a test fake); the floor is used. */
  enabled: boolean;
}): ClientVersion {
  const url = options.manifestUrl ?? ANTIGRAVITY_MANIFEST_URL;
  let version = ANTIGRAVITY_VERSION_FLOOR;
  let nextReadAt = Number.NEGATIVE_INFINITY;
  let failure: string | undefined;
  let inFlight: Promise<void> | undefined;
  const abort = new AbortController();

  async function read(): Promise<void> {
    try {
      const response = await fetch(url, {
        // The hub's updater (electron-builder) reads it this way; CPA sends the same.
        headers: { 'user-agent': 'electron-builder', 'cache-control': 'no-cache' },
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const manifest: unknown = parse((await response.text()).slice(0, 4096));
      const found = (manifest as { version?: unknown } | null)?.version;
      if (!isVersion(found)) throw new Error(`no usable version in the manifest (${JSON.stringify(found)})`);
      version = newerVersion(found.trim(), ANTIGRAVITY_VERSION_FLOOR);
      failure = undefined;
      nextReadAt = options.now() + CACHE_MS;
    } catch (error) {
      failure = `Antigravity version manifest unreadable (${(error as Error).message}); announcing ${version}`;
      nextReadAt = options.now() + RETRY_MS;
    }
  }

  function refresh(): Promise<void> {
    if (!options.enabled || abort.signal.aborted) return Promise.resolve();
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function current(): string {
    if (options.now() >= nextReadAt) void refresh();
    return version;
  }

  // At adapter start, so the first requests already announce the current version when the manifest is quick.
  void refresh();

  return {
    current,
    userAgent: () => `antigravity/hub/${current()} ${PLATFORM}`,
    refresh,
    problem: () => failure,
    close() {
      abort.abort();
    },
  };
}
