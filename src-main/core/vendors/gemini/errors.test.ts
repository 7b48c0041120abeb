import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { readGeminiError } from './errors.ts';

type HttpError = Extract<UpstreamError, { kind: 'http' }>;

function read(status: number, body: unknown, headers: Record<string, string> = {}): HttpError {
  const error = readGeminiError(status, typeof body === 'string' ? body : JSON.stringify(body), headers);
  assert.equal(error.kind, 'http');
  return error as HttpError;
}

describe('readGeminiError', () => {
  it('reads RESOURCE_EXHAUSTED as a 429 rate_limit_error with the RetryInfo delay', () => {
    const error = read(429, {
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' },
        ],
      },
    });
    assert.equal(error.status, 429);
    assert.equal(error.type, 'rate_limit_error');
    assert.equal(error.retryAfterMs, 12_000);
    assert.deepEqual(error.headers, { 'retry-after': '12' });
    assert.deepEqual(JSON.parse(error.body), {
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: 'You exceeded your current quota, please check your plan and billing details.',
      },
    });
  });

  it('reads fractional retry delays', () => {
    const error = read(429, {
      error: {
        status: 'RESOURCE_EXHAUSTED',
        message: 'slow down',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }],
      },
    });
    assert.equal(error.retryAfterMs, 1500);
    assert.equal(error.headers['retry-after'], '2');
  });

  it('falls back to the retry-after header', () => {
    assert.equal(
      read(429, { error: { status: 'RESOURCE_EXHAUSTED', message: 'x' } }, { 'retry-after': '7' })
        .retryAfterMs,
      7000,
    );
    const at = new Date(Date.now() + 60_000).toUTCString();
    const dated = read(503, { error: { status: 'UNAVAILABLE', message: 'x' } }, { 'Retry-After': at });
    assert.ok(dated.retryAfterMs !== undefined && dated.retryAfterMs > 50_000, 'an HTTP date is read too');
  });

  it('reads UNAVAILABLE as a 503 overloaded_error', () => {
    const error = read(503, {
      error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' },
    });
    assert.equal(error.status, 503);
    assert.equal(error.type, 'overloaded_error');
  });

  it('reads UNAUTHENTICATED as 401 needing a new sign-in', () => {
    const error = read(401, {
      error: {
        code: 401,
        message: 'Request had invalid authentication credentials.',
        status: 'UNAUTHENTICATED',
      },
    });
    assert.equal(error.status, 401);
    assert.equal(error.type, 'authentication_error');
    assert.equal(error.signInNeeded, true);
  });

  it('reads an insufficient-scope PERMISSION_DENIED as a credential problem', () => {
    const error = read(403, {
      error: {
        code: 403,
        message: 'Request had insufficient authentication scopes.',
        status: 'PERMISSION_DENIED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' },
        ],
      },
    });
    assert.equal(error.status, 403);
    assert.equal(error.type, 'permission_error');
    assert.equal(error.signInNeeded, true);
  });

  it('does not ask for a sign-in when a project merely lacks access', () => {
    const error = read(403, {
      error: {
        code: 403,
        message: 'Generative Language API has not been used in project 1',
        status: 'PERMISSION_DENIED',
      },
    });
    assert.equal(error.signInNeeded, undefined);
  });

  it('reads an invalid API key (400 INVALID_ARGUMENT) as an authentication error', () => {
    const error = read(400, {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
      },
    });
    assert.equal(error.status, 401);
    assert.equal(error.signInNeeded, true);
  });

  it('reads INVALID_ARGUMENT as a 400 invalid_request_error keeping Google wording', () => {
    const error = read(400, {
      error: {
        code: 400,
        message: 'Invalid JSON payload received. Unknown name "const"',
        status: 'INVALID_ARGUMENT',
      },
    });
    assert.equal(error.status, 400);
    assert.equal(error.type, 'invalid_request_error');
    assert.match(error.message, /Unknown name "const"/);
    assert.equal(error.retryAfterMs, undefined);
  });

  it('reads the one-element array form Google sometimes sends', () => {
    const error = read(429, [{ error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' } }]);
    assert.equal(error.type, 'rate_limit_error');
  });

  it('reads a non-JSON body by HTTP status', () => {
    const error = read(502, '<html>Bad Gateway</html>');
    assert.equal(error.status, 502);
    assert.equal(error.type, 'api_error');
    assert.equal(error.message, '<html>Bad Gateway</html>');
  });
});
