import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import { type VendorConfigInput, vendorSchema } from '../../../../src-shared/config-schema.ts';
import {
  type FakeAnswer,
  type FakeServer,
  startFakeServer,
} from '../../auth/fake-http-server.test-support.ts';
import { createFileSecretStore } from '../../auth/secret-store-file.ts';
import type { PrepareContext, VendorAdapter } from '../vendor-adapter.ts';
import { createCopilotAdapter, GITHUB_TOKEN_KEY } from './adapter.ts';

const root = await mkdtemp(join(tmpdir(), 'copilot-adapter-'));
after(() => rm(root, { recursive: true, force: true }));

const NOW = 1_700_000_000_000;

function context(overrides: Partial<PrepareContext> = {}): PrepareContext {
  return {
    stream: true,
    clientHeaders: {
      'x-api-key': 'sk-ant-client-secret',
      authorization: 'Bearer sk-ant-oat-client',
      'anthropic-beta': 'x',
    },
    query: '',
    signal: new AbortController().signal,
    ...overrides,
  };
}

const simpleRequest: MessagesRequest = {
  model: 'claude-sonnet-4-5-20250929',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'hello' }],
};

interface Harness {
  github: FakeServer;
  adapter: VendorAdapter;
  secrets: ReturnType<typeof createFileSecretStore>;
}

let harnessCount = 0;
async function withCopilot(
  options: {
    token?: (serial: number) => FakeAnswer;
    config?: Partial<VendorConfigInput>;
    githubToken?: string | null;
  },
  run: (harness: Harness) => Promise<void>,
) {
  let serial = 0;
  const github: FakeServer = await startFakeServer({
    '/copilot_internal/v2/token': () =>
      options.token?.(++serial) ?? {
        body: {
          token: `tid=copilot-${++serial}`,
          expires_at: NOW / 1000 + 1800,
          refresh_in: 1500,
          endpoints: { api: `${github.url}/api` },
        },
      },
    '/api/models': () => ({
      body: { data: [{ id: 'claude-sonnet-4.5' }, { id: 'claude-opus-4.6' }, { id: 'claude-haiku-4.5' }] },
    }),
    '/api/chat/completions': () => ({
      body: {
        id: 'chatcmpl-1',
        model: 'claude-sonnet-4.5',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
      },
    }),
  });
  const secrets = createFileSecretStore(join(root, `case-${++harnessCount}`, 'secrets.json'));
  if (options.githubToken !== null) await secrets.set(GITHUB_TOKEN_KEY, options.githubToken ?? 'ghu_stored');
  const config = vendorSchema.parse({
    name: 'copilot',
    kind: 'copilot',
    tokenUrl: `${github.url}/copilot_internal/v2/token`,
    ...options.config,
  });
  const adapter = createCopilotAdapter(config, { now: () => NOW, secrets });
  try {
    await run({ github, adapter, secrets });
  } finally {
    await github.close();
  }
}

describe('Copilot adapter', () => {
  it('posts to {endpoints.api}/chat/completions with the Copilot token and headers, never the client’s keys', async () => {
    await withCopilot({}, async ({ github, adapter }) => {
      const call = await adapter.prepare(simpleRequest, context());
      assert.equal(call.url, `${github.url}/api/chat/completions`);
      assert.equal(call.headers.authorization, 'Bearer tid=copilot-1');
      assert.equal(call.headers['copilot-integration-id'], 'vscode-chat');
      assert.match(call.headers['editor-version'] ?? '', /^vscode\//);
      assert.match(call.headers['editor-plugin-version'] ?? '', /^copilot-chat\//);
      assert.match(call.headers['user-agent'] ?? '', /^GitHubCopilotChat\//);
      // What the maintained fork sends since Copilot answered 466 to older clients (copilot-headers.ts).
      assert.equal(call.headers['openai-intent'], 'conversation-agent');
      assert.equal(call.headers['x-interaction-type'], 'conversation-agent');
      assert.equal(call.headers['x-github-api-version'], '2026-06-01');
      assert.match(call.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(call.headers['x-agent-task-id'], call.headers['x-request-id']);
      assert.equal(call.headers['x-initiator'], 'user');
      assert.equal(call.headers['copilot-vision-request'], undefined);
      assert.equal(call.headers['x-api-key'], undefined);
      assert.equal(call.headers['anthropic-beta'], undefined);
      assert.equal(github.calls('/copilot_internal/v2/token')[0]?.headers.authorization, 'token ghu_stored');
    });
  });

  it('sends an OpenAI body with the model spelled as the catalogue lists it', async () => {
    await withCopilot({}, async ({ adapter }) => {
      const call = await adapter.prepare(simpleRequest, context());
      const body = JSON.parse(call.body) as {
        model: string;
        stream: boolean;
        messages: unknown[];
        max_tokens: number;
      };
      assert.equal(call.model, 'claude-sonnet-4.5');
      assert.equal(body.model, 'claude-sonnet-4.5');
      assert.equal(body.stream, true);
      assert.equal(body.max_tokens, 1024);
      assert.deepEqual(body.messages, [{ role: 'user', content: 'hello' }]);
      assert.equal(adapter.mapModel('claude-opus-4-6'), 'claude-opus-4.6');
    });
  });

  it('applies config modelMap rules before its own resolution', async () => {
    await withCopilot(
      { config: { modelMap: [{ match: 'claude-sonnet-*', to: 'gpt-4.1' }] } },
      async ({ adapter }) => {
        assert.equal((await adapter.prepare(simpleRequest, context())).model, 'gpt-4.1');
      },
    );
  });

  it('marks tool-result turns and subagent calls as agent-initiated, and announces images', async () => {
    await withCopilot({}, async ({ adapter }) => {
      const toolTurn: MessagesRequest = {
        ...simpleRequest,
        messages: [
          { role: 'user', content: 'list files' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'ls', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a.txt' }] },
        ],
      };
      assert.equal((await adapter.prepare(toolTurn, context())).headers['x-initiator'], 'agent');
      const subagent = context({ clientHeaders: { 'x-claude-code-request-class': 'subagent' } });
      assert.equal((await adapter.prepare(simpleRequest, subagent)).headers['x-initiator'], 'agent');
      const main = context({ clientHeaders: { 'x-claude-code-request-class': 'main' } });
      assert.equal((await adapter.prepare(simpleRequest, main)).headers['x-initiator'], 'user');
      const withImage: MessagesRequest = {
        ...simpleRequest,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
              { type: 'text', text: 'what is this?' },
            ],
          },
        ],
      };
      assert.equal((await adapter.prepare(withImage, context())).headers['copilot-vision-request'], 'true');
    });
  });

  it('prefers config githubToken over the secret store, and config baseUrl over endpoints.api', async () => {
    await withCopilot(
      { config: { githubToken: 'ghu_config', baseUrl: 'http://127.0.0.1:1/custom' } },
      async ({ github, adapter }) => {
        const call = await adapter.prepare(simpleRequest, context({ stream: false }));
        assert.equal(call.url, 'http://127.0.0.1:1/custom/chat/completions');
        assert.equal(call.headers.accept, 'application/json');
        assert.equal(
          github.calls('/copilot_internal/v2/token')[0]?.headers.authorization,
          'token ghu_config',
        );
      },
    );
  });

  it('throws a sign-in-needed auth error when nobody has signed in', async () => {
    await withCopilot({ githubToken: null }, async ({ adapter, github }) => {
      await assert.rejects(adapter.prepare(simpleRequest, context()), (error: unknown) => {
        assert.equal((error as { kind?: string }).kind, 'auth');
        assert.equal((error as { signInNeeded?: boolean }).signInNeeded, true);
        assert.match((error as { message: string }).message, /coding-proxy auth login copilot/);
        return true;
      });
      assert.equal(github.requests.length, 0);
    });
  });

  it('throws a sign-in-needed auth error and reports the problem when GitHub revoked the token', async () => {
    await withCopilot(
      { token: () => ({ status: 401, body: { message: 'Bad credentials' } }) },
      async ({ adapter }) => {
        assert.equal(adapter.credentialProblem?.(), undefined);
        await assert.rejects(adapter.prepare(simpleRequest, context()), {
          kind: 'auth',
          signInNeeded: true,
          message: 'GitHub sign-in expired or revoked: run `coding-proxy auth login copilot`',
        });
        assert.equal(
          adapter.credentialProblem?.(),
          'GitHub sign-in expired or revoked: run `coding-proxy auth login copilot`',
        );
        assert.deepEqual(adapter.signInNeed?.(), { provider: 'github', reason: 'revoked' });
        assert.equal(await adapter.refreshCredentials?.(), false);
      },
    );
  });

  it('notices a new sign-in by itself while it reports the revoked one', async () => {
    let revoked = true;
    await withCopilot(
      {
        token: (serial) =>
          revoked
            ? { status: 401, body: { message: 'Bad credentials' } }
            : { body: { token: `tid=copilot-${serial}`, expires_at: NOW / 1000 + 1800 } },
      },
      async ({ adapter, secrets }) => {
        await assert.rejects(adapter.prepare(simpleRequest, context()), { kind: 'auth', signInNeeded: true });
        revoked = false;
        await secrets.set(GITHUB_TOKEN_KEY, 'ghu_after_login');
        assert.match(adapter.credentialProblem?.() ?? '', /expired or revoked/);
        for (let tick = 0; tick < 200 && adapter.credentialProblem?.() !== undefined; tick++) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        assert.equal(adapter.credentialProblem?.(), undefined);
      },
    );
  });

  it('exchanges a new token on refreshCredentials and uses it for the next call', async () => {
    await withCopilot({}, async ({ adapter, github }) => {
      await adapter.prepare(simpleRequest, context());
      assert.equal(await adapter.refreshCredentials?.(), true);
      const call = await adapter.prepare(simpleRequest, context());
      assert.equal(call.headers.authorization, 'Bearer tid=copilot-2');
      assert.equal(github.calls('/copilot_internal/v2/token').length, 2);
    });
  });

  it('reads a first 401 as refreshable and a 401 after a refresh as sign-in needed', async () => {
    await withCopilot({}, async ({ adapter }) => {
      await adapter.prepare(simpleRequest, context());
      const body = JSON.stringify({
        error: { message: 'unauthorized: token expired', code: 'unauthorized' },
      });
      const first = adapter.readError?.(401, body, {});
      assert.equal(first?.kind === 'http' && first.signInNeeded, false);
      await adapter.refreshCredentials?.();
      const second = adapter.readError?.(401, body, {});
      assert.equal(second?.kind === 'http' && second.signInNeeded, true);
      assert.match(second?.kind === 'http' ? second.message : '', /auth login copilot/);
      assert.deepEqual(adapter.signInNeed?.(), { provider: 'github', reason: 'revoked' });
      const rateLimited = adapter.readError?.(429, JSON.stringify({ error: { message: 'slow down' } }), {
        'retry-after': '3',
      });
      assert.equal(rateLimited?.kind === 'http' && rateLimited.retryAfterMs, 3000);
    });
  });

  it('completes a whole round trip against the fake Copilot API', async () => {
    await withCopilot({}, async ({ adapter }) => {
      const call = await adapter.prepare(simpleRequest, context({ stream: false }));
      const response = await fetch(call.url, { method: 'POST', headers: call.headers, body: call.body });
      const message = adapter.parseResponse(await response.json(), {
        requestedModel: simpleRequest.model,
        upstreamModel: call.model,
        request: simpleRequest,
      });
      assert.equal(message.role, 'assistant');
      assert.deepEqual(message.content, [{ type: 'text', text: 'Hi there' }]);
      assert.equal(message.stop_reason, 'end_turn');
      assert.equal(adapter.anthropicWire, false);
      assert.equal(adapter.usesClientCredentials, false);
    });
  });
});
