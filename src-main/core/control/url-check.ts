// "Does anything answer there?" for the vendor form's base URL field: a TCP connection to the URL's host and port
// (plus the TLS handshake for https), closed at once — no HTTP request, no credentials — so a typo such as
// `http://127.0.0.1:1` or a wrong host is pointed out before the first real request fails over.
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { BaseUrlCheck } from '../../../src-shared/contract.ts';

const CHECK_TIMEOUT_MS = 5_000;

function failure(error: NodeJS.ErrnoException): BaseUrlCheck {
  const code = error.code ?? '';
  const message = error.message || code;
  if (code === 'ECONNREFUSED') return { reachable: false, reason: 'refused', message };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { reachable: false, reason: 'unknown-host', message };
  if (code === 'ETIMEDOUT') return { reachable: false, reason: 'timeout', message };
  if (/CERT|TLS|SSL|ERR_SSL/i.test(code) || /certificate|TLS|SSL/i.test(message))
    return { reachable: false, reason: 'tls', message };
  return { reachable: false, reason: 'other', message };
}

export async function checkBaseUrl(url: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<BaseUrlCheck> {
  let target: URL;
  try {
    target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new TypeError('not http(s)');
  } catch {
    return { reachable: false, reason: 'invalid', message: `"${url}" is not an http(s) URL` };
  }
  const secure = target.protocol === 'https:';
  const port = Number(target.port || (secure ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise<BaseUrlCheck>((resolve) => {
    let socket: Socket;
    const done = (result: BaseUrlCheck) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => done({ reachable: false, reason: 'timeout', message: `no answer within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    const ready = () => done({ reachable: true });
    socket = secure
      ? connectTls({ host, port, servername: /^[\d.:]+$/.test(host) ? undefined : host }, ready)
      : connectTcp({ host, port }, ready);
    socket.on('error', (error: NodeJS.ErrnoException) => done(failure(error)));
  });
}
