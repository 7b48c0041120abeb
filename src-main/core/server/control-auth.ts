// Who may drive the control API over HTTP: a caller with the per-install token (`Authorization: Bearer …`, the
// CLI) or the dashboard's session cookie, which `POST /api/_session` hands out in exchange for the token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dashboardCookieValue, sameSecret } from '../security/control-token.ts';
import { sendJson } from './respond.ts';

export const SESSION_PATH = '/api/_session';

export interface ControlAuth {
  /** Undefined when the caller may proceed, else the sentence of the 401. */
  refusal(req: IncomingMessage): string | undefined;
  /** `POST /api/_session`: bearer in, HttpOnly SameSite=Strict cookie out. */
  startSession(req: IncomingMessage, res: ServerResponse): void;
}

const MISSING =
  'the control API needs this proxy\'s token: send "Authorization: Bearer <token>" with the token from <data-dir>/control.token (the CLI does this itself; the dashboard link printed by `coding-proxy start` carries it)';

function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

// Cookies are shared by every port of a host, so the name carries the port: two proxies never clash.
const cookieName = (req: IncomingMessage) => `coding_proxy_${req.socket.localPort ?? 0}`;

function cookieOf(req: IncomingMessage): string | undefined {
  const name = cookieName(req);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function createControlAuth(token: string): ControlAuth {
  const cookieValue = dashboardCookieValue(token);
  return {
    refusal(req) {
      const bearer = bearerOf(req);
      if (bearer !== undefined) return sameSecret(bearer, token) ? undefined : 'the control token is wrong';
      const cookie = cookieOf(req);
      if (cookie === undefined) return MISSING;
      // A cookie rides along with any request the browser makes to this host; only our own pages may use it.
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none')
        return 'the dashboard session is valid only on the dashboard itself';
      return sameSecret(cookie, cookieValue)
        ? undefined
        : 'the dashboard session has expired: open the link printed by `coding-proxy start` again';
    },
    startSession(req, res) {
      if (req.method !== 'POST') {
        sendJson(res, 405, { type: 'error', error: { type: 'invalid_request_error', message: 'use POST' } });
        return;
      }
      const bearer = bearerOf(req);
      if (bearer === undefined || !sameSecret(bearer, token)) {
        sendUnauthorized(res, bearer === undefined ? MISSING : 'the control token is wrong');
        return;
      }
      res.writeHead(204, {
        'set-cookie': `${cookieName(req)}=${cookieValue}; Path=/api/; HttpOnly; SameSite=Strict`,
        'cache-control': 'no-store',
      });
      res.end();
    },
  };
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
