import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readGeminiError } from '../gemini/errors.ts';
import { CLOUD_CODE_PROD, CONTROL_HOSTS, endpointPlan, GENERATE_HOSTS, onHost } from './endpoints.ts';
import { foreignAnswer, hostRefused, hostThrew } from './host-failure.ts';

const googleAnswer = (status: number, reason: string, message: string) =>
  readGeminiError(
    status,
    JSON.stringify({
      error: {
        code: status,
        message,
        status: reason,
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, metadata: {} }],
      },
    }),
    {},
    Date.now(),
  );

describe('which Antigravity failures belong to one Cloud Code host', () => {
  it('a socket that fails moves on; a client abort or a host gone quiet after the request does not', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const wrapped = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    assert.equal(hostThrew(refused), true);
    assert.equal(hostThrew(wrapped), true);
    assert.equal(hostThrew(Object.assign(new Error('t'), { code: 'UND_ERR_CONNECT_TIMEOUT' })), true);
    assert.equal(hostThrew(Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' })), false);
    assert.equal(hostThrew(Object.assign(new Error('aborted'), { name: 'AbortError' })), false);
    assert.equal(hostThrew(Object.assign(new Error('aborted'), { code: 'UND_ERR_ABORTED' })), false);
  });

  it('5xx, 404 and a 403 refusing the account move on; quota, rate limits, credentials and bad requests stay', () => {
    assert.equal(hostRefused(503, googleAnswer(503, 'UNAVAILABLE', 'No capacity available')), true);
    assert.equal(hostRefused(500, googleAnswer(500, 'INTERNAL', 'Internal error')), true);
    assert.equal(hostRefused(404, googleAnswer(404, 'NOT_FOUND', 'Requested entity was not found.')), true);
    assert.equal(
      hostRefused(403, googleAnswer(403, 'PERMISSION_DENIED', 'The caller does not have permission')),
      true,
    );
    const credentials = googleAnswer(
      403,
      'PERMISSION_DENIED',
      'Request had insufficient authentication scopes.',
    );
    assert.equal(hostRefused(403, credentials), false);
    assert.equal(
      hostRefused(429, googleAnswer(429, 'QUOTA_EXHAUSTED', 'You have exhausted your capacity')),
      false,
    );
    assert.equal(hostRefused(429, googleAnswer(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests')), false);
    assert.equal(hostRefused(400, googleAnswer(400, 'INVALID_ARGUMENT', 'Invalid JSON payload')), false);
    assert.equal(hostRefused(401, googleAnswer(401, 'UNAUTHENTICATED', 'Invalid credentials')), false);
  });

  it('a 2xx that is neither JSON nor an event stream is not a Code Assist answer', () => {
    assert.equal(foreignAnswer({ 'content-type': 'text/plain; charset=utf-8' }), true);
    assert.equal(foreignAnswer({ 'content-type': 'application/json; charset=UTF-8' }), false);
    assert.equal(foreignAnswer({ 'content-type': 'text/event-stream' }), false);
  });
});

describe('the Antigravity endpoint plan', () => {
  it('defaults to the maintained clients’ orders: daily first for generating, production first for the rest', () => {
    const plan = endpointPlan({});
    assert.deepEqual(plan.generate, GENERATE_HOSTS);
    assert.deepEqual(plan.control, CONTROL_HOSTS);
    assert.equal(plan.control[0], CLOUD_CODE_PROD);
    assert.equal(plan.generate.at(-1), CLOUD_CODE_PROD);
  });

  it('a baseUrl is that one host for every call; a list replaces the defaults', () => {
    const only = endpointPlan({ baseUrl: 'https://gateway.example/', endpoints: ['https://a.example'] });
    assert.deepEqual(only, { generate: ['https://gateway.example'], control: ['https://gateway.example'] });
    const listed = endpointPlan({
      endpoints: ['https://a.example/', 'https://b.example', 'https://a.example'],
    });
    assert.deepEqual(listed.generate, ['https://a.example', 'https://b.example']);
  });

  it('moves a call to another host with its path and query', () => {
    assert.equal(
      onHost(
        'https://daily-cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse',
        CLOUD_CODE_PROD,
      ),
      `${CLOUD_CODE_PROD}/v1internal:streamGenerateContent?alt=sse`,
    );
  });
});
