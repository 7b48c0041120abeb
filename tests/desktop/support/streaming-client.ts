// A streaming /v1/messages request held open by the test, as Claude Code's would be while the app quits.
import { BASIC_REQUEST } from '../../support/proxy-harness.ts';

export interface OpenStream {
  status: number;
  /** Resolves with the whole SSE body (including what had arrived before) once the proxy ends it. */
  rest(): Promise<string>;
}

/** Sends the request and waits for the first bytes of the answer, so the stream is surely in flight. */
export async function openStream(coreUrl: string): Promise<OpenStream> {
  const response = await fetch(`${coreUrl}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': 'sk-client',
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify({ ...BASIC_REQUEST, stream: true }),
  });
  const reader = response.body?.getReader();
  if (!reader) throw new Error(`no body (HTTP ${response.status})`);
  const decoder = new TextDecoder();
  let text = decoder.decode((await reader.read()).value, { stream: true });
  return {
    status: response.status,
    async rest() {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
        text += decoder.decode(chunk.value, { stream: true });
      return text + decoder.decode();
    },
  };
}
