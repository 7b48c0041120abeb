// A fake of Google's side of an Antigravity tier on 127.0.0.1, behaving as the real services do today:
// - oauth2 token endpoint: an installed-app client must send its secret ("client_secret is missing" otherwise);
// - the Antigravity hub update manifest (electron-builder YAML with `version:`);
// - Code Assist v1internal: loadCodeAssist, fetchAvailableModels (catalogue keyed by model id, `maxTokens`),
//   streamGenerateContent. Like the real one it answers an outdated client version with a plain-text 200
//   "This version of Antigravity is no longer supported…" (router-for-me/CLIProxyAPI#1316, #4144), a system
//   prompt carrying Claude's Agent SDK identity with a detail-less 429 RESOURCE_EXHAUSTED (CPA#5037,
//   Wei-Shaw/sub2api#7410), and a model outside its catalogue with 404 NOT_FOUND.
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { ANTIGRAVITY_CLIENT_ID, ANTIGRAVITY_CLIENT_SECRET } from '../../src-main/core/auth/google-oauth.ts';
import { newerVersion } from '../../src-main/core/vendors/antigravity/client-version.ts';
import { json, type RecordingServer, startRecordingServer } from './recording-server.ts';

/** The Antigravity catalogue as CPA's registry lists it (internal/registry/models/models.json @a7e3596). */
export const ANTIGRAVITY_CATALOGUE: Record<string, { displayName: string; maxTokens: number }> = {
  'claude-opus-4-6-thinking': { displayName: 'Claude Opus 4.6 (Thinking)', maxTokens: 200_000 },
  'claude-sonnet-4-6': { displayName: 'Claude Sonnet 4.6', maxTokens: 200_000 },
  'gemini-3-flash': { displayName: 'Gemini 3 Flash', maxTokens: 1_048_576 },
  'gemini-3.1-pro-low': { displayName: 'Gemini 3.1 Pro (Low)', maxTokens: 1_048_576 },
  'gpt-oss-120b-medium': { displayName: 'GPT-OSS 120B (Medium)', maxTokens: 114_000 },
};

const RECORDED_STREAM = readFileSync(
  new URL('./fixtures/antigravity-gemini-3-tool-call.sse', import.meta.url),
  'utf8',
);

export function textStream(text: string): string {
  const chunk = {
    response: {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 4 },
      modelVersion: 'gemini-3-flash',
      responseId: 'resp-1',
    },
    traceId: 't-1',
  };
  return `data: ${JSON.stringify(chunk)}\r\n\r\n`;
}

export interface FakeGoogle extends RecordingServer {
  /** The version the hub manifest announces (undefined: the manifest answers 503). */
  manifestVersion: string | undefined;
  /** Client versions below this get the plain-text "no longer supported" 200. */
  minimumClientVersion: string;
  /** Replaces the next streamGenerateContent answers (first in, first out). */
  nextAnswers: Array<(res: ServerResponse) => unknown>;
}

export function googleError(
  res: ServerResponse,
  code: number,
  status: string,
  message: string,
  details?: unknown[],
): undefined {
  return json(res, code, { error: { code, message, status, ...(details ? { details } : {}) } });
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const fake: FakeGoogle = Object.assign(
    await startRecordingServer((call, res) => answer(call.path, call.headers, call.body, res)),
    { manifestVersion: '3.4.0' as string | undefined, minimumClientVersion: '3.0.0', nextAnswers: [] },
  );

  function answer(path: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): unknown {
    if (path === '/token') return token(res, new URLSearchParams(body));
    if (path === '/manifest/latest-arm64-mac.yml') {
      if (!fake.manifestVersion) {
        res.writeHead(503).end('unavailable');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/yaml' });
      res.end(
        `version: ${fake.manifestVersion}\nfiles:\n  - url: Antigravity-arm64.zip\nreleaseDate: '2026-11-30T08:00:00.000Z'\n`,
      );
      return;
    }
    if (headers.authorization !== 'Bearer ya29.fake-access') {
      return googleError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    }
    if (path === '/v1internal:loadCodeAssist') {
      return json(res, 200, { cloudaicompanionProject: 'proj-fake', currentTier: { id: 'standard-tier' } });
    }
    if (path === '/v1internal:fetchAvailableModels') return json(res, 200, { models: ANTIGRAVITY_CATALOGUE });
    if (
      path.startsWith('/v1internal:streamGenerateContent') ||
      path.startsWith('/v1internal:generateContent')
    ) {
      return generate(path.startsWith('/v1internal:stream'), headers, body, res);
    }
    return googleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
  }

  function token(res: ServerResponse, form: URLSearchParams): undefined {
    if (form.get('client_id') !== ANTIGRAVITY_CLIENT_ID) {
      return json(res, 401, {
        error: 'invalid_client',
        error_description: 'The OAuth client was not found.',
      });
    }
    if (!form.get('client_secret')) {
      return json(res, 400, { error: 'invalid_request', error_description: 'client_secret is missing.' });
    }
    if (form.get('client_secret') !== ANTIGRAVITY_CLIENT_SECRET) {
      return json(res, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
    }
    json(res, 200, { access_token: 'ya29.fake-access', expires_in: 3599, token_type: 'Bearer' });
    return undefined;
  }

  function generate(
    streaming: boolean,
    headers: IncomingHttpHeaders,
    body: string,
    res: ServerResponse,
  ): undefined {
    const version =
      /^antigravity\/hub\/(\d+\.\d+\.\d+)/.exec(String(headers['user-agent'] ?? ''))?.[1] ?? '0.0.0';
    if (newerVersion(version, fake.minimumClientVersion) !== version) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        'This version of Antigravity is no longer supported. Please update to receive the latest features!',
      );
      return;
    }
    const scripted = fake.nextAnswers.shift();
    if (scripted) {
      scripted(res);
      return undefined;
    }
    const envelope = JSON.parse(body) as { model: string; request: { systemInstruction?: unknown } };
    if (JSON.stringify(envelope.request.systemInstruction ?? '').includes('Claude Agent SDK')) {
      return googleError(res, 429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).');
    }
    if (!(envelope.model in ANTIGRAVITY_CATALOGUE)) {
      return googleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
    }
    if (streaming) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(RECORDED_STREAM);
      return;
    }
    json(res, 200, JSON.parse(textStream('a whole answer').slice('data: '.length)));
    return undefined;
  }

  return fake;
}
