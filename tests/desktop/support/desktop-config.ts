// The proxy configurations the desktop tests start the app with (written as the user's config.yaml, which the
// app imports on first run), and the fake vendors' answers they script.
import { anthropicErrorBody, anthropicMessage, type FakeVendor } from '../../support/fake-vendor.ts';

export const OK = { kind: 'json' as const, body: anthropicMessage('hello from the fake vendor') };
export const OVERLOADED = {
  kind: 'json' as const,
  status: 529,
  body: anthropicErrorBody('overloaded_error', 'Overloaded'),
};

/** One tier on a fake vendor, on a free port. */
export function oneTier(vendor: FakeVendor, options: { name?: string; apiKey?: string; port?: number } = {}) {
  return {
    server: { port: options.port ?? 0 },
    vendors: [
      {
        name: options.name ?? 'main',
        kind: 'anthropic-compatible',
        baseUrl: vendor.url,
        apiKey: options.apiKey ?? 'sk-main-0000-1111',
      },
    ],
  };
}

/** `primary` then `backup`; the primary's breaker opens on its first failure, so one request shows a failover. */
export function twoTiers(primary: FakeVendor, backup: FakeVendor) {
  return {
    server: { port: 0 },
    vendors: [
      {
        name: 'primary',
        kind: 'anthropic-compatible',
        baseUrl: primary.url,
        apiKey: 'sk-primary-0000-1111',
        circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 300 },
      },
      { name: 'backup', kind: 'anthropic-compatible', baseUrl: backup.url, apiKey: 'sk-backup-0000-2222' },
    ],
  };
}
