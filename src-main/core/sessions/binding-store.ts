// Runtime session bindings, kept in `<data-dir>/session-bindings.json` so they survive a restart. A binding
// lives while its session is used: each request of the session moves its expiry forward, and one idle for
// longer than `sessionBindings.idleHours` is dropped.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SessionBinding } from '../../../src-shared/contract.ts';

export const BINDINGS_FILE = 'session-bindings.json';

/** Writing the file for every request of a bound session would be wasteful; the expiry is never that precise. */
const TOUCH_PERSIST_MS = 60_000;

interface StoredFile {
  version: 1;
  bindings: Array<{ sessionKey: string; tiers: string[]; boundAt: number; lastUsedAt: number }>;
}

export interface BindingStoreOptions {
  path: string;
  idleMs: number;
  now?: () => number;
  /** Why the file could not be read or written; the bindings still work in memory. */
  onError?: (message: string) => void;
}

export class SessionBindings {
  readonly path: string;
  #idleMs: number;
  readonly #now: () => number;
  readonly #onError: (message: string) => void;
  readonly #bindings = new Map<string, { tiers: string[]; boundAt: number; lastUsedAt: number }>();
  #persistedAt = new Map<string, number>();

  constructor(options: BindingStoreOptions) {
    this.path = options.path;
    this.#idleMs = options.idleMs;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? (() => {});
    this.#load();
  }

  set idleMs(value: number) {
    this.#idleMs = value;
  }

  get(sessionKey: string): SessionBinding | undefined {
    const entry = this.#bindings.get(sessionKey);
    if (!entry) return undefined;
    if (this.#expired(entry.lastUsedAt)) {
      this.#bindings.delete(sessionKey);
      this.#save();
      return undefined;
    }
    return this.#view(sessionKey, entry);
  }

  list(): SessionBinding[] {
    let dropped = false;
    const out: SessionBinding[] = [];
    for (const [key, entry] of this.#bindings) {
      if (this.#expired(entry.lastUsedAt)) {
        this.#bindings.delete(key);
        dropped = true;
      } else out.push(this.#view(key, entry));
    }
    if (dropped) this.#save();
    return out.sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  }

  bind(sessionKey: string, tiers: readonly string[]): SessionBinding {
    const now = this.#now();
    const entry = { tiers: [...tiers], boundAt: now, lastUsedAt: now };
    this.#bindings.set(sessionKey, entry);
    this.#save();
    return this.#view(sessionKey, entry);
  }

  /** False when the session had no (live) binding. */
  unbind(sessionKey: string): boolean {
    const had = this.get(sessionKey) !== undefined;
    if (had) {
      this.#bindings.delete(sessionKey);
      this.#save();
    }
    return had;
  }

  /** A request of the session arrived: push its expiry forward. */
  touch(sessionKey: string): void {
    const entry = this.#bindings.get(sessionKey);
    if (!entry) return;
    const now = this.#now();
    entry.lastUsedAt = now;
    if (now - (this.#persistedAt.get(sessionKey) ?? 0) >= TOUCH_PERSIST_MS) this.#save();
  }

  #expired(lastUsedAt: number): boolean {
    return this.#now() - lastUsedAt > this.#idleMs;
  }

  #view(sessionKey: string, entry: { tiers: string[]; boundAt: number; lastUsedAt: number }): SessionBinding {
    return {
      sessionKey,
      tiers: [...entry.tiers],
      boundAt: entry.boundAt,
      lastUsedAt: entry.lastUsedAt,
      expiresAt: entry.lastUsedAt + this.#idleMs,
    };
  }

  #load(): void {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.#onError(`cannot read ${this.path}: ${(error as Error).message}`);
      return;
    }
    try {
      const parsed = JSON.parse(text) as Partial<StoredFile>;
      for (const item of Array.isArray(parsed.bindings) ? parsed.bindings : []) {
        const valid =
          typeof item?.sessionKey === 'string' &&
          item.sessionKey !== '' &&
          Array.isArray(item.tiers) &&
          item.tiers.every((tier) => typeof tier === 'string') &&
          typeof item.boundAt === 'number' &&
          typeof item.lastUsedAt === 'number';
        if (valid && !this.#expired(item.lastUsedAt)) {
          this.#bindings.set(item.sessionKey, {
            tiers: item.tiers,
            boundAt: item.boundAt,
            lastUsedAt: item.lastUsedAt,
          });
        }
      }
    } catch (error) {
      this.#onError(
        `${this.path} is not valid JSON (${(error as Error).message}); starting without bindings`,
      );
    }
  }

  #save(): void {
    const now = this.#now();
    const file: StoredFile = {
      version: 1,
      bindings: [...this.#bindings].map(([sessionKey, entry]) => ({ sessionKey, ...entry })),
    };
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, this.path);
      this.#persistedAt = new Map([...this.#bindings.keys()].map((key) => [key, now]));
    } catch (error) {
      this.#onError(`cannot save session bindings to ${this.path}: ${(error as Error).message}`);
    }
  }
}
