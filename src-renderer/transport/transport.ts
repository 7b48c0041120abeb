// The one seam between the dashboard and the core. Views and stores call `transport.call(...)` and
// `transport.subscribe(...)` without knowing whether the bytes travel over HTTP+SSE or Electron IPC.
import type { ContractCommands, ContractError, DashboardCommands } from '../../src-shared/contract.ts';
import type { PushedEvent } from '../../src-shared/preload-api.ts';

/** Every command the dashboard may call: the core contract plus the dashboard's additions. */
export type UiCommands = ContractCommands & DashboardCommands;
export type UiCommandName = keyof UiCommands;
export type UiRequest<C extends UiCommandName> = UiCommands[C]['request'];
export type UiResponse<C extends UiCommandName> = UiCommands[C]['response'];

/** `unauthorized`: the proxy refuses this page (opened without the token link): retrying cannot help by itself. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface Transport {
  /** Runs a command; rejects with a `CommandError` carrying the contract's error type. */
  call<C extends UiCommandName>(command: C, request: UiRequest<C>): Promise<UiResponse<C>>;
  /** Pushed events; every (re)connection starts with a `hello` snapshot. Returns the unsubscribe function. */
  subscribe(listener: (event: PushedEvent) => void): () => void;
  /** Connection state changes (for the "reconnecting…" banner). */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Skips the rest of the back-off wait and reconnects now (the banner's Retry). */
  reconnectNow?(): void;
}

export type CommandErrorType = ContractError['error']['type'] | 'transport' | 'unauthorized';

export class CommandError extends Error {
  readonly type: CommandErrorType;
  constructor(type: CommandErrorType, message: string) {
    super(message);
    this.name = 'CommandError';
    this.type = type;
  }
}

/** A contract error body (`{error: {type, message}}`) or undefined when the value is something else. */
export function asContractError(value: unknown): ContractError['error'] | undefined {
  if (!value || typeof value !== 'object' || !('error' in value)) return undefined;
  const error = (value as { error: unknown }).error;
  if (!error || typeof error !== 'object') return undefined;
  const { type, message } = error as { type?: unknown; message?: unknown };
  if (typeof message !== 'string') return undefined;
  const known = ['invalid_request', 'not_found', 'conflict', 'internal'] as const;
  const found = known.find((candidate) => candidate === type);
  return { type: found ?? 'internal', message };
}
