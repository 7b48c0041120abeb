// Every command a terminal sends to a running proxy goes through here: the peer proves itself first, answers are
// checked before anything is printed.
import type { CommandName, CommandRequest, CommandResponse } from '../../src-shared/contract.ts';
import { isValidProof, newNonce, PROOF_PATH } from '../core/security/control-proof.ts';
import { answerProblem } from './control-answers.ts';
import type { RunningTarget } from './running-instance.ts';

export class NotRunningError extends Error {
  constructor(url: string) {
    super(`no proxy is running at ${url} (start it with \`coding-proxy start\`)`);
    this.name = 'NotRunningError';
  }
}

const TIMEOUT_MS = 5000;

function portOf(baseUrl: string): number {
  const url = new URL(baseUrl);
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

function somethingElse(baseUrl: string): Error {
  return new Error(
    `something else is listening on port ${portOf(baseUrl)} (not this coding-proxy): the control token was not sent. Stop that program, or point the command at the proxy with -p <port> or --data-dir <dir>`,
  );
}

/** Peers that proved who they are, per URL and token (a command may call twice: `reset`, then `status`). */
const proven = new Set<string>();

/**
 * Makes sure the program at `baseUrl` is a coding-proxy, and — when we hold a token — the one that holds it, before
 * anything (the token above all) leaves this process: it must answer a fresh challenge with the proof only the
 * token's holder can compute (core/security/control-proof.ts).
 */
async function verifyPeer(baseUrl: string, token: string | undefined, dataDir: string): Promise<void> {
  const key = `${baseUrl}\n${token ?? ''}`;
  if (proven.has(key)) return;
  const nonce = newNonce();
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${PROOF_PATH}?nonce=${nonce}`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new NotRunningError(baseUrl);
  }
  let answer: unknown;
  try {
    answer = await response.json();
  } catch {
    throw somethingElse(baseUrl);
  }
  const { service, proof } = (answer ?? {}) as { service?: unknown; proof?: unknown };
  if (service !== 'coding-proxy' || typeof proof !== 'string') throw somethingElse(baseUrl);
  if (token && !isValidProof(proof, token, portOf(baseUrl), nonce)) {
    throw new Error(
      `the coding-proxy at ${baseUrl} does not hold the control token of ${dataDir} (the token was not sent): pass --data-dir <the data dir it was started with>`,
    );
  }
  proven.add(key);
}

/**
 * Runs `command` on the proxy at `target` with its data dir's control token (every `/api/*` call needs it), once
 * the proxy has proved it holds that token. A bare URL is sent without a token (then the proxy answers 401 and
 * the message says what to pass). Any answer that is not what a coding-proxy sends is one readable error.
 */
export async function callRunning<C extends CommandName>(
  target: RunningTarget | string,
  command: C,
  request: CommandRequest<C>,
): Promise<CommandResponse<C>> {
  const baseUrl = typeof target === 'string' ? target : target.url;
  const token = typeof target === 'string' ? undefined : target.token;
  const where = typeof target === 'string' ? 'its data dir' : target.dataDir;
  await verifyPeer(baseUrl, token, where);
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/${command}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new NotRunningError(baseUrl);
  }
  let text: string;
  let body: unknown;
  try {
    text = await response.text();
    body = JSON.parse(text);
  } catch {
    throw somethingElse(baseUrl);
  }
  if (response.status === 401) {
    throw new Error(
      `the proxy at ${baseUrl} refused the control token ${token ? `of ${where}` : `(none found in ${where})`}: pass --data-dir <the data dir it was started with>`,
    );
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    if (typeof message === 'string') throw new Error(message);
    throw new Error(`the proxy at ${baseUrl} answered \`${command}\` with HTTP ${response.status}`);
  }
  const problem = answerProblem(command, body);
  if (problem)
    throw new Error(
      `unexpected answer from ${baseUrl} to \`${command}\` (${problem}): is it another coding-proxy version? Restart it with this one`,
    );
  return body as CommandResponse<C>;
}
