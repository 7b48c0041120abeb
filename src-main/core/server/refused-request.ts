// The request log's row for a request answered before any tier or provider was tried (a malformed body, a
// switched-off passthrough provider): what the client got, announced like every other request's end.
import { randomUUID } from 'node:crypto';
import type { RequestFinished } from '../../../src-shared/contract.ts';

export interface Refused {
  status: number;
  errorType: string;
  errorMessage: string;
  durationMs: number;
  modelRequested: string;
  stream: boolean;
  sessionKey: string;
  /** `cc` for `/v1/messages`, `api` for the native passthrough. */
  clientCategory: 'cc' | 'api';
}

export function refusedRequest(refused: Refused): RequestFinished {
  return {
    requestKey: randomUUID(),
    servedBy: null,
    success: false,
    failoverFrom: null,
    modelServed: null,
    tokens: 0,
    skipped: [],
    attempts: 0,
    ...refused,
  };
}
