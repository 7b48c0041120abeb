// One "run this contract command" function over the core's handler table, for transports that are dumb pipes
// (Electron IPC here; the HTTP transport in core/server calls the same `runCommand`). Unknown command, invalid
// input and handler failure all come back as the contract's error body, never as a thrown error, so the
// renderer sees exactly what it would see over HTTP.
import type { ContractError } from '../../src-shared/contract.ts';
import type { ControlHandlers } from '../core/control/handlers.ts';
import { runCommand } from '../core/control/run-command.ts';

export { helloEvent } from '../core/control/run-command.ts';

export type Dispatch = (command: string, input: unknown) => Promise<unknown>;

export function createDispatch(handlers: ControlHandlers): Dispatch {
  return async (command, input) => {
    const outcome = await runCommand(handlers, command, input);
    return outcome.ok ? outcome.value : (outcome.error.toJSON() satisfies ContractError);
  };
}

export function isContractError(value: unknown): value is ContractError {
  if (value === null || typeof value !== 'object' || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return error !== null && typeof error === 'object' && 'type' in error && 'message' in error;
}
