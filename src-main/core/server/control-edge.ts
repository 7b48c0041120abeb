// `/api/*` (except the native passthrough families): the control plane over HTTP. Refused to other web pages,
// and to anyone without the control token, except `/api/_proof`, where a CLI checks whose port it reached before
// it sends the token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandName } from '../../../src-shared/contract.ts';
import { ControlError, HTTP_STATUS_OF } from '../control/control-error.ts';
import { type ControlHandlers, isCommandName } from '../control/handlers.ts';
import { runCommand } from '../control/run-command.ts';
import type { CoreContext } from '../core-context.ts';
import { controlProof, NONCE_PATTERN, PROOF_PATH } from '../security/control-proof.ts';
import { controlRefusal, sendUnauthorized } from './control-auth.ts';
import { type EventStreamLimits, serveEvents } from './event-stream.ts';
import { isAllowedOrigin } from './guards.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';
import { readBody } from './read-body.ts';
import { sendJson } from './respond.ts';

/** Control bodies are small (a vendor, an order): anything larger is not ours. */
const MAX_CONTROL_BODY = 1024 * 1024;

export interface ControlEdgeOptions {
  core: CoreContext;
  handlers: ControlHandlers;
  token: string;
  acceptedHosts: readonly string[];
  limits: EventStreamLimits;
  /** The closers of open `/api/events` streams (the server closes them at shutdown). */
  eventStreams: Set<() => void>;
}

const fail = (res: ServerResponse, status: number, type: ControlError['type'], message: string) =>
  sendJson(res, status, new ControlError(type, message).toJSON());

/** The input of a control command: `{}` for GET or an empty body; undefined once a 4xx has been sent. */
async function readInput(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  if (req.method !== 'POST') return {};
  const body = await readBody(req, MAX_CONTROL_BODY);
  if (!body.ok) {
    fail(res, 413, 'invalid_request', 'body too large');
    return undefined;
  }
  if (!body.text.trim()) return {};
  let input: unknown;
  try {
    input = JSON.parse(body.text);
  } catch {
    fail(res, 400, 'invalid_request', 'body is not valid JSON');
    return undefined;
  }
  // Handlers and their schemas recurse: a body nested some thousands deep would overflow the stack (a 500).
  if (nestsDeeperThan(input, MAX_JSON_DEPTH)) {
    fail(res, 400, 'invalid_request', `body nests deeper than ${MAX_JSON_DEPTH} levels`);
    return undefined;
  }
  return input;
}

/** `GET /api/_proof?nonce=…`: proves this server holds the token, without revealing it (see control-proof.ts). */
function answerProof(req: IncomingMessage, res: ServerResponse, url: URL, token: string): void {
  const nonce = url.searchParams.get('nonce') ?? '';
  if (req.method !== 'GET' || !NONCE_PATTERN.test(nonce)) {
    fail(res, 400, 'invalid_request', 'use GET /api/_proof?nonce=<16 to 128 characters of [A-Za-z0-9_-]>');
    return;
  }
  const proof = controlProof(token, req.socket.localPort ?? 0, nonce);
  sendJson(res, 200, { service: 'coding-proxy', proof }, { 'cache-control': 'no-store' });
}

export function createControlEdge(
  options: ControlEdgeOptions,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const { core, handlers, token, acceptedHosts } = options;

  async function runControl(req: IncomingMessage, res: ServerResponse, command: CommandName) {
    const input = await readInput(req, res);
    if (input === undefined) return;
    const outcome = await runCommand(handlers, command, input);
    if (outcome.ok) sendJson(res, 200, outcome.value);
    else sendJson(res, HTTP_STATUS_OF[outcome.error.type], outcome.error.toJSON());
  }

  return async (req, res, url) => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (!isAllowedOrigin(req.headers, acceptedHosts)) {
      fail(res, 403, 'invalid_request', 'cross-origin requests to the control API are refused');
      return;
    }
    if (path === PROOF_PATH) {
      answerProof(req, res, url, token);
      return;
    }
    const refusal = controlRefusal(req, token);
    if (refusal) {
      sendUnauthorized(res, refusal);
      return;
    }
    const name = path.slice('/api/'.length);
    if (name === 'events' && method === 'GET') {
      serveEvents(req, res, core, options.eventStreams, options.limits);
      return;
    }
    if (name === 'hello' && method === 'HEAD') {
      res.writeHead(200).end();
      return;
    }
    if (isCommandName(name) && (method === 'POST' || (method === 'GET' && name === 'status'))) {
      await runControl(req, res, name);
      return;
    }
    fail(res, 404, 'not_found', `no control command ${method} ${path}`);
  };
}
