import type { ContractError } from '../../../src-shared/contract.ts';

/** A typed failure of a control command; transports render it (HTTP status, IPC rejection, CLI sentence). */
export class ControlError extends Error {
  readonly type: ContractError['error']['type'];
  constructor(type: ContractError['error']['type'], message: string) {
    super(message);
    this.name = 'ControlError';
    this.type = type;
  }

  toJSON(): ContractError {
    return { error: { type: this.type, message: this.message } };
  }
}

export const HTTP_STATUS_OF: Record<ContractError['error']['type'], number> = {
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  internal: 500,
};
