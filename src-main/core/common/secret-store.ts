/**
 * Where sign-ins keep tokens and refresh tokens, and where vendors read them back: a file in the data dir for the
 * headless proxy, the OS keychain (safeStorage) in the desktop app. Values never leave for another destination.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}
