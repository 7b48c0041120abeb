/** The part of electron-store we use (`store.get(key)` / `store.set(key, value)`), injectable in tests. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}
