import type { CommandName, CommandRequest, CommandResponse } from '../../src-shared/contract.ts';

/** A control command sent to a running proxy over its HTTP transport. */
export class NotRunningError extends Error {
  constructor(url: string) {
    super(`no proxy is running at ${url} (start it with \`coding-proxy start\`)`);
    this.name = 'NotRunningError';
  }
}

export async function callRunning<C extends CommandName>(
  baseUrl: string,
  command: C,
  request: CommandRequest<C>,
): Promise<CommandResponse<C>> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
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
  if (!response.ok) {
    const message = (body as { error?: { message?: string } }).error?.message ?? text;
    throw new Error(message);
  }
  return body as CommandResponse<C>;
}
