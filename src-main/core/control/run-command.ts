// The transport-independent part of answering a contract command: name check, input validation at the boundary,
// the handler, and every failure turned into a typed ControlError. HTTP and Electron IPC both call this.
import type { HelloEvent } from '../../../src-shared/preload-api.ts';
import type { CoreContext } from '../core-context.ts';
import { redactTierStatus } from '../security/redact-events.ts';
import { ControlError } from './control-error.ts';
import { type ControlHandlers, isCommandName, validateCommand } from './handlers.ts';

export type CommandOutcome = { ok: true; value: unknown } | { ok: false; error: ControlError };

export async function runCommand(
  handlers: ControlHandlers,
  command: string,
  input: unknown,
): Promise<CommandOutcome> {
  if (!isCommandName(command))
    return { ok: false, error: new ControlError('not_found', `unknown command "${command}"`) };
  try {
    const request = validateCommand(command, input);
    const handler = handlers[command] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(request) };
  } catch (error) {
    const controlError =
      error instanceof ControlError
        ? error
        : new ControlError('internal', (error as Error)?.message ?? String(error));
    return { ok: false, error: controlError };
  }
}

/** The snapshot a new event subscriber gets first, whatever the transport. */
export function helloEvent(
  context: Pick<CoreContext, 'router'> & Partial<Pick<CoreContext, 'redactor'>>,
): HelloEvent {
  const chain = context.router.chain;
  return {
    type: 'hello',
    tiers: chain.statuses().map((status) => redactTierStatus(status, context.redactor)),
    activeTier: context.router.activeTier,
    order: [...chain.order],
  };
}
