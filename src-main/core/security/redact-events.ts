// Redaction of what the core reports: tier statuses (lastError, sign-in sentences) and pushed events, so an
// upstream error quoting a key reaches neither `status`, the dashboard, notifications nor the terminal log.
import type { CoreEvent, TierStatus } from '../../../src-shared/contract.ts';
import { TypedEmitter } from '../events.ts';
import type { Redactor } from './redactor.ts';

export function redactTierStatus(status: TierStatus, redactor: Redactor | undefined): TierStatus {
  if (!redactor) return status;
  const out: TierStatus = { ...status };
  if (status.lastError)
    out.lastError = { ...status.lastError, message: redactor.redact(status.lastError.message) };
  if (status.signInNeeded) out.signInNeeded = redactor.redact(status.signInNeeded);
  return out;
}

export function redactEvent(event: CoreEvent, redactor: Redactor): CoreEvent {
  switch (event.type) {
    case 'tier-changed':
      return { ...event, tier: redactTierStatus(event.tier, redactor) };
    case 'failover':
      return { ...event, reason: redactor.redact(event.reason) };
    case 'request-finished':
      return event.request.errorMessage === undefined
        ? event
        : {
            ...event,
            request: { ...event.request, errorMessage: redactor.redact(event.request.errorMessage) },
          };
    case 'sign-in-changed':
      return event.signIn.message === undefined
        ? event
        : { ...event, signIn: { ...event.signIn, message: redactor.redact(event.signIn.message) } };
    default:
      return event;
  }
}

/** The core's event bus with every event redacted once, before any subscriber (HTTP, IPC, log) sees it. */
export class RedactingEmitter extends TypedEmitter<CoreEvent> {
  readonly #redactor: Redactor;
  constructor(redactor: Redactor) {
    super();
    this.#redactor = redactor;
  }

  override emit(event: CoreEvent): void {
    super.emit(redactEvent(event, this.#redactor));
  }
}
