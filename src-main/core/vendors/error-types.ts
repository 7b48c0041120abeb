import type { ErrorType } from '../../../src-shared/anthropic.ts';

/**
 * The Anthropic error type a client expects for an HTTP status, for vendors (and proxy answers) that give none.
 * One table for every vendor kind, so the same status reads the same whichever tier produced it.
 */
export function errorTypeForStatus(status: number): ErrorType {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 408:
    case 504:
      return 'timeout_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

const STATUS_FOR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * The status an Anthropic error type comes with on an HTTP answer, for an error that arrived inside a 200 stream:
 * the vendor's error readers then judge it exactly as the same error on its status. Unknown types read as a 500.
 */
export function statusForErrorType(type: string | undefined): number {
  return (type !== undefined && STATUS_FOR_TYPE[type]) || 500;
}
