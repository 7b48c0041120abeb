// Small pieces the vendor black-box tests share: a healthy backup tier, waiting for a condition, core events.
import type { CoreEvent } from '../../src-shared/contract.ts';
import {
  anthropicMessage,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import type { Harness } from '../support/proxy-harness.ts';

export const BACKUP_TEXT = 'the backup tier answered';

/** An Anthropic-compatible tier that always answers, to show where a request failed over to. */
export function startBackup(): Promise<FakeVendor> {
  return startFakeVendor([
    {
      kind: 'pick',
      choose: (req) =>
        (req.json as { stream?: boolean } | undefined)?.stream
          ? { kind: 'sse', chunks: anthropicStream(BACKUP_TEXT) }
          : { kind: 'json', body: anthropicMessage(BACKUP_TEXT) },
    },
  ]);
}

export function backupVendor(url: string) {
  return { name: 'backup', kind: 'anthropic-compatible' as const, baseUrl: url, apiKey: 'backup-key' };
}

/** Polls an in-memory condition (never the network) until it holds, for state the core updates in the background. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every core event from now on. */
export function recordEvents(proxy: Harness): CoreEvent[] {
  const events: CoreEvent[] = [];
  proxy.core.context.events.on((event) => events.push(event));
  return events;
}

export function circuitOf(proxy: Harness, tier: string) {
  return proxy.core.context.router.chain.status(tier).circuit;
}

export function quotaOf(proxy: Harness, tier: string) {
  return proxy.core.context.router.chain.status(tier).quota;
}
