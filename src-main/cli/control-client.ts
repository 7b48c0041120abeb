import type { CommandName, CommandRequest, CommandResponse } from '../../src-shared/contract.ts';
import type { RunningTarget } from './running-instance.ts';

/** A control command sent to a running proxy over its HTTP transport. */
export class NotRunningError extends Error {
  constructor(url: string) {
    super(`no proxy is running at ${url} (start it with \`coding-proxy start\`)`);
    this.name = 'NotRunningError';
  }
}

/**
 * Runs `command` on the proxy at `target` with its data dir's control token (every `/api/*` call needs it).
 * A bare URL is sent without a token (then the proxy answers 401 and the message says what to pass).
 */
export async function callRunning<C extends CommandName>(
  target: RunningTarget | string,
  command: C,
  request: CommandRequest<C>,
): Promise<CommandResponse<C>> {
  const baseUrl = typeof target === 'string' ? target : target.url;
  const token = typeof target === 'string' ? undefined : target.token;
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/${command}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    throw new NotRunningError(baseUrl);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(
      `unexpected answer from ${baseUrl} (HTTP ${response.status}): is another program using that port?`,
    );
  }
  if (response.status === 401) {
    const where = typeof target === 'string' ? 'its data dir' : target.dataDir;
    throw new Error(
      `the proxy at ${baseUrl} refused the control token ${token ? `of ${where}` : `(none found in ${where})`}: pass --data-dir <the data dir it was started with>`,
    );
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } }).error?.message ?? text;
    throw new Error(message);
  }
  return body as CommandResponse<C>;
}
