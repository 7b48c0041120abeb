import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import { vendorSchema } from '../../../../src-shared/config-schema.ts';
import {
  ANTIGRAVITY_CLIENT_ID,
  ANTIGRAVITY_CLIENT_SECRET,
  GOOGLE_REFRESH_TOKEN_KEY,
} from '../../auth/google-oauth.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { assertValidAnthropicStream, collectMessage, eventsFromFrames } from '../anthropic-sequence.ts';
import type { PrepareContext, VendorServices } from '../vendor-adapter.ts';
import type { SecretStore } from '../../common/secret-store.ts';
import { createAntigravityAdapter } from './adapter.ts';

interface Recorded {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One fake for Google's token endpoint and Code Assist; each test scripts the answers it needs. */
const fake = {
  recorded: [] as Recorded[],
  tokenReplies: [] as Array<{ status: number; body: unknown }>,
  loadCodeAssist: {
    status: 200,
    body: { cloudaicompanionProject: 'proj-123', currentTier: { id: 'standard-tier' } },
  } as {
    status: number;
    body: unknown;
  },
  onboardReplies: [] as unknown[],
  issued: 0,
};
let server: Server;
let base = '';

function memorySecrets(initial: Record<string, string> = {}): SecretStore {
  const values = new Map(Object.entries(initial));
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}

function services(now: { value: number }, secrets: SecretStore): VendorServices {
  return { now: () => now.value, secrets };
}

function vendor(extra: Record<string, unknown> = {}) {
  return vendorSchema.parse({
    name: 'antigravity',
    kind: 'antigravity',
    clientSecret: 'installed-app-secret',
    baseUrl: base,
    oauthTokenUrl: `${base}/token`,
    ...extra,
  });
}

const context: PrepareContext = {
  stream: true,
  clientHeaders: {},
  query: '',
  signal: new AbortController().signal,
};
const request: MessagesRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Explain this repo' }],
};
const calls = (path: string) => fake.recorded.filter((entry) => entry.path === path);

before(async () => {
  server = createServer((incoming, response) => {
    let body = '';
    incoming.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    incoming.on('end', () => {
      const path = incoming.url ?? '';
      fake.recorded.push({ path, headers: incoming.headers, body });
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (path === '/token') {
        const reply = fake.tokenReplies.shift();
        if (reply) return json(reply.status, reply.body);
        fake.issued += 1;
        return json(200, {
          access_token: `ya29.token-${fake.issued}`,
          expires_in: 3600,
          token_type: 'Bearer',
        });
      }
      if (path === '/v1internal:loadCodeAssist')
        return json(fake.loadCodeAssist.status, fake.loadCodeAssist.body);
      if (path === '/v1internal:onboardUser')
        return json(200, fake.onboardReplies.shift() ?? { done: false });
      json(404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

beforeEach(() => {
  fake.recorded = [];
  fake.tokenReplies = [];
  fake.onboardReplies = [];
  fake.issued = 0;
  fake.loadCodeAssist = {
    status: 200,
    body: { cloudaicompanionProject: 'proj-123', currentTier: { id: 'standard-tier' } },
  };
});

describe('createAntigravityAdapter', () => {
  it('asks for a Google sign-in when no refresh token is configured or stored', async () => {
    const adapter = createAntigravityAdapter(vendor(), services({ value: 0 }, memorySecrets()));
    await assert.rejects(adapter.prepare(request, context), (error: UpstreamError) => {
      assert.deepEqual(error, {
        kind: 'auth',
        message: 'Sign in with Google: run `coding-proxy auth login google`',
        signInNeeded: true,
      });
      return true;
    });
    assert.equal(adapter.credentialProblem?.(), 'Sign in with Google: run `coding-proxy auth login google`');
    assert.deepEqual(adapter.signInNeed?.(), { provider: 'google', reason: 'missing' });
    assert.equal(calls('/token').length, 0);
  });

  it('signs in with Antigravity’s published installed-app secret when none is configured', async () => {
    const adapter = createAntigravityAdapter(
      vendor({ clientSecret: undefined, refreshToken: '1//r' }),
      services({ value: 0 }, memorySecrets()),
    );
    assert.equal(adapter.credentialProblem?.(), undefined);
    await adapter.prepare(request, context);
    const form = new URLSearchParams(calls('/token')[0]?.body);
    assert.equal(form.get('client_id'), ANTIGRAVITY_CLIENT_ID);
    assert.equal(form.get('client_secret'), ANTIGRAVITY_CLIENT_SECRET);
  });

  it('asks for a client secret only when another client id is configured without one', () => {
    const adapter = createAntigravityAdapter(
      vendor({ clientSecret: undefined, clientId: 'mine.apps.googleusercontent.com', refreshToken: '1//r' }),
      services({ value: 0 }, memorySecrets()),
    );
    assert.match(adapter.credentialProblem?.() ?? '', /clientSecret.*mine\.apps/);
    assert.equal(adapter.signInNeed?.(), undefined, 'a missing client secret is not fixed by a sign-in');
  });

  it('wraps the Gemini request in the v1internal envelope with a Bearer token and the discovered project', async () => {
    const adapter = createAntigravityAdapter(
      vendor(),
      services({ value: 0 }, memorySecrets({ [GOOGLE_REFRESH_TOKEN_KEY]: '1//stored' })),
    );
    const call = await adapter.prepare(request, context);
    assert.equal(call.url, `${base}/v1internal:streamGenerateContent?alt=sse`);
    assert.equal(call.headers.authorization, 'Bearer ya29.token-1');
    // The Antigravity catalogue has no Gemini 2.5 models; Claude Sonnet is served as itself.
    assert.equal(call.model, 'claude-sonnet-4-6');
    const envelope = JSON.parse(call.body) as Record<string, unknown>;
    assert.equal(envelope.model, 'claude-sonnet-4-6');
    assert.equal(envelope.project, 'proj-123');
    assert.match(String(envelope.requestId), /^agent-/);
    const inner = envelope.request as Record<string, unknown>;
    assert.deepEqual(inner.contents, [{ role: 'user', parts: [{ text: 'Explain this repo' }] }]);
    assert.match(String(inner.sessionId), /^-\d+$/);
    assert.equal(new URLSearchParams(calls('/token')[0]?.body).get('refresh_token'), '1//stored');
    assert.deepEqual(
      JSON.parse(calls('/v1internal:loadCodeAssist')[0]?.body ?? '{}').metadata.ideType,
      'ANTIGRAVITY',
    );
    assert.equal(calls('/v1internal:loadCodeAssist')[0]?.headers.authorization, 'Bearer ya29.token-1');
  });

  it('reuses the access token and project until shortly before expiry', async () => {
    const now = { value: 1_000_000 };
    const adapter = createAntigravityAdapter(
      vendor({ refreshToken: '1//cfg' }),
      services(now, memorySecrets()),
    );
    await adapter.prepare(request, context);
    now.value += 30 * 60_000;
    const second = await adapter.prepare(request, context);
    assert.equal(calls('/token').length, 1);
    assert.equal(calls('/v1internal:loadCodeAssist').length, 1);
    now.value += 29 * 60_000; // within two minutes of the one-hour expiry
    const third = await adapter.prepare(request, context);
    assert.equal(calls('/token').length, 2);
    assert.notEqual(second.headers.authorization, third.headers.authorization);
  });

  it('uses a configured projectId without discovery', async () => {
    const adapter = createAntigravityAdapter(
      vendor({ refreshToken: '1//cfg', projectId: 'my-proj' }),
      services({ value: 0 }, memorySecrets()),
    );
    const call = await adapter.prepare(request, { ...context, stream: false });
    assert.equal(JSON.parse(call.body).project, 'my-proj');
    assert.equal(call.url, `${base}/v1internal:generateContent`);
    assert.equal(calls('/v1internal:loadCodeAssist').length, 0);
  });

  it('onboards the user on the default tier when Code Assist has no project yet', async () => {
    fake.loadCodeAssist = {
      status: 200,
      body: { allowedTiers: [{ id: 'legacy-tier' }, { id: 'free-tier', isDefault: true }] },
    };
    fake.onboardReplies = [
      { done: false },
      { done: true, response: { cloudaicompanionProject: { id: 'onboarded-1' } } },
    ];
    const waits: number[] = [];
    const adapter = createAntigravityAdapter(
      vendor({ refreshToken: '1//cfg' }),
      services({ value: 0 }, memorySecrets()),
      {
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    const call = await adapter.prepare(request, context);
    assert.equal(JSON.parse(call.body).project, 'onboarded-1');
    assert.equal(JSON.parse(calls('/v1internal:onboardUser')[0]?.body ?? '{}').tierId, 'free-tier');
    assert.deepEqual(waits, [2000]);
  });

  it('refreshes the token after a 401 and reports success', async () => {
    const adapter = createAntigravityAdapter(
      vendor({ refreshToken: '1//cfg' }),
      services({ value: 0 }, memorySecrets()),
    );
    await adapter.prepare(request, context);
    assert.equal(await adapter.refreshCredentials?.(), true);
    assert.equal(calls('/token').length, 2);
    const call = await adapter.prepare(request, context);
    assert.equal(call.headers.authorization, 'Bearer ya29.token-2');
  });

  it('turns a revoked refresh token into a sign-in problem', async () => {
    fake.tokenReplies = [
      { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been revoked.' } },
    ];
    const adapter = createAntigravityAdapter(
      vendor({ refreshToken: '1//old' }),
      services({ value: 0 }, memorySecrets()),
    );
    await assert.rejects(adapter.prepare(request, context), { kind: 'auth', signInNeeded: true });
    assert.match(adapter.credentialProblem?.() ?? '', /coding-proxy auth login google/);
    assert.deepEqual(adapter.signInNeed?.(), { provider: 'google', reason: 'expired' });
    fake.tokenReplies = [{ status: 400, body: { error: 'invalid_grant' } }];
    assert.equal(await adapter.refreshCredentials?.(), false);
  });

  it('reports a Code Assist rejection during discovery as the mapped error', async () => {
    fake.loadCodeAssist = {
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'Request had insufficient authentication scopes.',
          status: 'PERMISSION_DENIED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
            },
          ],
        },
      },
    };
    const adapter = createAntigravityAdapter(
      vendor({ refreshToken: '1//cfg' }),
      services({ value: 0 }, memorySecrets()),
    );
    await assert.rejects(adapter.prepare(request, context), {
      kind: 'http',
      status: 403,
      signInNeeded: true,
    });
  });

  it('reads v1internal answers, whole and streamed', () => {
    const adapter = createAntigravityAdapter(
      vendor({ refreshToken: '1//cfg' }),
      services({ value: 0 }, memorySecrets()),
    );
    const answer = {
      response: {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Hi there' }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 3 },
        responseId: 'ag-1',
      },
      traceId: 'trace',
    };
    const exchange = { requestedModel: 'claude-sonnet-4-5', upstreamModel: 'gemini-2.5-pro', request };
    const whole = adapter.parseResponse(answer, exchange);
    assert.deepEqual(whole.content, [{ type: 'text', text: 'Hi there' }]);
    assert.deepEqual(whole.usage.input_tokens, 12);
    const translator = adapter.createStreamTranslator(exchange);
    const frames = [...translator.push({ event: '', data: JSON.stringify(answer) }), ...translator.end()];
    const events = eventsFromFrames(frames);
    assertValidAnthropicStream(events);
    assert.deepEqual(collectMessage(events)?.content, [{ type: 'text', text: 'Hi there' }]);
  });
});
