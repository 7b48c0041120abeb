// What the Electron preload exposes to the renderer as `window.codingProxy`: only the typed control contract,
// as two dumb pipes. The renderer's IPC transport narrows the `unknown`s with the contract types.
import type { CoreEvent, TierStatus } from './contract.ts';

/** Snapshot sent first on every subscription, same as the HTTP stream's `hello` event. */
export interface HelloEvent {
  type: 'hello';
  tiers: TierStatus[];
  activeTier: string | null;
  order: string[];
}

export type PushedEvent = CoreEvent | HelloEvent;

export interface PreloadApi {
  /**
   * Runs a contract command. Resolves with the response, or with a `ContractError` (`{error: {type, message}}`,
   * the same body the HTTP transport returns) when the command failed; rejects only when IPC itself broke.
   */
  call(command: string, request: unknown): Promise<unknown>;
  /** Subscribes to pushed events (the first one is `hello`); returns the unsubscribe function. */
  onEvent(listener: (event: PushedEvent) => void): () => void;
}
