// `POST /v1/messages` and `/v1/messages/count_tokens` up to the router: content type, body size, JSON, depth and
// shape. A request refused here is the client's mistake — a quiet 4xx in Anthropic's shape — and, on
// `/v1/messages`, it still lands in the request log with the status the client got (issue 16: every request is
// recorded), through the same `request-finished` event the router's requests end with.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import type { CoreContext } from '../core-context.ts';
import { countTokens } from '../router/count-tokens.ts';
import { sessionKeyOf } from '../router/session-key.ts';
import { forwardableClientHeaders, isJsonContentType } from './guards.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';
import { messagesProblem } from './message-shape.ts';
import { readBody } from './read-body.ts';
import { type Refused, refusedRequest } from './refused-request.ts';
import { sendAnthropicError } from './respond.ts';

type Ending = Pick<Refused, 'status' | 'errorType' | 'errorMessage'>;

/** 499 as the router records a client that left (router/request-end.ts), here while it was still sending. */
const ABORTED: Ending = {
  status: 499,
  errorType: 'client_aborted',
  errorMessage: 'the client disconnected before its request was complete',
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** What the request log can know of a body the edge refused (as much as it parsed). */
function knownOf(req: IncomingMessage, parsed: unknown) {
  const body = isObject(parsed) ? parsed : {};
  const metadata = isObject(body.metadata) ? body.metadata : undefined;
  return {
    modelRequested: typeof body.model === 'string' && body.model ? body.model.slice(0, 200) : 'unknown',
    stream: body.stream === true,
    sessionKey: sessionKeyOf(req.headers, { messages: [], model: '', ...(metadata ? { metadata } : {}) }),
  };
}

/** Announces a request the edge answered itself, for the request log (and the dashboard's live list). */
function recordRefused(
  core: CoreContext,
  req: IncomingMessage,
  started: number,
  ending: Ending,
  parsed?: unknown,
): void {
  if (!core.events.listening('request-finished')) return;
  const durationMs = Math.max(0, (core.now ?? Date.now)() - started);
  const request = refusedRequest({ ...ending, ...knownOf(req, parsed), durationMs, clientCategory: 'cc' });
  core.events.emit({ type: 'request-finished', request });
}

export function createMessageEdge(
  core: CoreContext,
): (req: IncomingMessage, res: ServerResponse, query: string, count: boolean) => Promise<void> {
  const maxBody = core.config.server.maxBodyBytes;

  return async (req, res, query, count) => {
    const started = (core.now ?? Date.now)();
    /** Answers the client and, for `/v1/messages`, records what it got (count_tokens is not a request to log). */
    const refuse = (status: number, errorType: string, errorMessage: string, parsed?: unknown) => {
      if (status === 413 || status === 415) res.setHeader('connection', 'close');
      sendAnthropicError(res, status, errorType, errorMessage);
      if (!count) recordRefused(core, req, started, { status, errorType, errorMessage }, parsed);
    };
    // Only JSON: a web page can post text/plain or a form without a preflight, never application/json.
    const contentType = req.headers['content-type'];
    if (!isJsonContentType(contentType)) {
      refuse(
        415,
        'invalid_request_error',
        `Content-Type must be application/json (got ${contentType ? `"${contentType.slice(0, 80)}"` : 'none'})`,
      );
      return;
    }
    const body = await readBody(req, maxBody);
    if (!body.ok) {
      if (body.reason === 'too-large') {
        refuse(413, 'request_too_large', `Request body exceeds ${maxBody} bytes`);
        return;
      }
      res.destroy();
      if (!count) recordRefused(core, req, started, ABORTED);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch (error) {
      refuse(400, 'invalid_request_error', `Request body is not valid JSON: ${(error as Error).message}`);
      return;
    }
    if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) {
      refuse(400, 'invalid_request_error', `Request body nests deeper than ${MAX_JSON_DEPTH} levels`, parsed);
      return;
    }
    const problem = messagesProblem(parsed, count);
    if (problem) {
      refuse(400, 'invalid_request_error', problem, parsed);
      return;
    }
    const request = parsed as MessagesRequest;
    const clientRequest = {
      body: request,
      rawBody: body.text,
      rawBytes: body.bytes,
      headers: forwardableClientHeaders(req.headers),
      query,
      requestKey: randomUUID(),
      sessionKey: sessionKeyOf(req.headers, request),
    };
    if (count) await countTokens(core.router, clientRequest, res);
    else await core.router.handle(clientRequest, res);
  };
}
