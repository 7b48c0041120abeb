// One "run this contract command" function over the core's handler table, for transports that are dumb pipes
// (Electron IPC here; the HTTP transport in core/server does the same steps inline). Unknown command, invalid
// input and handler failure all come back as the contract's error body, never as a thrown error, so the
// renderer sees exactly what it would see over HTTP.
import type { CommandName, ContractError } from '../../src-shared/contract.ts';
import type { HelloEvent } from '../../src-shared/preload-api.ts';
import { ControlError } from '../core/control/control-error.ts';
import { type ControlHandlers, isCommandName, validateCommand } from '../core/control/handlers.ts';
import type { CoreContext } from '../core/core-context.ts';

export type Dispatch = (command: string, input: unknown) => Promise<unknown>;

export function createDispatch(handlers: ControlHandlers): Dispatch {
  return async (command, input) => {
    if (!isCommandName(command)) {
      return new ControlError('not_found', `unknown command "${command}"`).toJSON();
    }
    try {
      const request = validateCommand(command, input);
      const handler = handlers[command as CommandName] as (request: unknown) => Promise<unknown>;
      return await handler(request);
    } catch (error) {
      const controlError =
        error instanceof ControlError
          ? error
          : new ControlError('internal', (error as Error)?.message ?? String(error));
      return controlError.toJSON() satisfies ContractError;
    }
  };
}

/** The snapshot a new subscriber gets first, the same as the HTTP event stream's `hello`. */
export function helloEvent(context: Pick<CoreContext, 'router'>): HelloEvent {
  const chain = context.router.chain;
  return {
    type: 'hello',
    tiers: chain.statuses(),
    activeTier: context.router.activeTier,
    order: [...chain.order],
  };
}

export function isContractError(value: unknown): value is ContractError {
  if (value === null || typeof value !== 'object' || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return error !== null && typeof error === 'object' && 'type' in error && 'message' in error;
}
