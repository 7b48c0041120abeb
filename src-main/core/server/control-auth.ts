// Who may drive the control API over HTTP: a caller that sends the per-install token as `Authorization: Bearer …`
// (the CLI reads it from the data dir; the dashboard keeps the one its link carried in its own tab's storage). No
// cookie ever grants control: browsers send a 127.0.0.1 cookie to every port of it, so any other local server the
// user visits would receive it, and a copy works from anywhere.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sameSecret } from '../security/control-token.ts';
import { sendJson } from './respond.ts';

const MISSING =
  'the control API needs this proxy\'s token: send "Authorization: Bearer <token>" with the token from <data-dir>/control.token (the CLI does this itself; the dashboard link printed by `coding-proxy start` carries it)';

function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** Undefined when the request carries the control token, else the sentence of the 401. */
export function controlRefusal(req: IncomingMessage, token: string): string | undefined {
  const bearer = bearerOf(req);
  if (bearer === undefined) return MISSING;
  return sameSecret(bearer, token) ? undefined : 'the control token is wrong';
}

/** 401 in Anthropic's error shape (the dashboard and CLI read `error.message`), with no side effect. */
export function sendUnauthorized(res: ServerResponse, message: string): void {
  sendJson(
    res,
    401,
    { type: 'error', error: { type: 'authentication_error', message } },
    { 'www-authenticate': 'Bearer realm="coding-proxy"', connection: 'close' },
  );
}
