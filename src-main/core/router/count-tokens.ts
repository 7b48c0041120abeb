import type { ServerResponse } from 'node:http';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import { estimateTokens } from '../common/estimate-tokens.ts';
import type { ClientRequest } from './client-request.ts';
import type { Router } from './router.ts';
import { readCapped, sendUpstream } from './upstream-client.ts';

/**
 * `/v1/messages/count_tokens`: asked of the tier serving right now when it implements the endpoint (Anthropic),
 * otherwise an honest local estimate — never an error, so Claude Code's `/context` keeps working on any tier.
 */
export async function countTokens(
  router: Router,
  request: ClientRequest,
  res: ServerResponse,
): Promise<void> {
  const tiers = router.chain.ordered().filter((tier) => tier.enabled);
  const tier = tiers.find((t) => t.name === router.activeTier) ?? tiers[0];
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  if (tier?.adapter.countTokensCall) {
    try {
      const call = await tier.adapter.countTokensCall(request.body, {
        stream: false,
        clientHeaders: request.headers,
        query: request.query,
        signal: abort.signal,
      });
      if (call) {
        const response = await sendUpstream({
          agent: router.pools.agentFor(tier),
          url: call.url,
          headers: call.headers,
          body: call.body,
          signal: abort.signal,
          firstByteTimeoutMs: Math.min(tier.adapter.config.timeoutMs, 30_000),
          idleTimeoutMs: 30_000,
        });
        const text = await readCapped(response.body, 64 * 1024);
        if (response.status < 400) {
          res.writeHead(response.status, { 'content-type': 'application/json' });
          res.end(text);
          return;
        }
      }
    } catch {
      // fall through to the estimate: counting tokens must not fail because one vendor is down
    }
  }
  const body = JSON.stringify({ input_tokens: estimateTokens(request.body as MessagesRequest) });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
