// What the log file hears from a running core: every pushed event as a line, every attempt at debug level,
// and whatever the process prints to stderr (unexpected errors, ledger trouble). The terminal keeps its own
// concise lines (cli/event-log.ts); the file gets the detail.
import type { ProxyConfig } from '../../../src-shared/config-schema.ts';
import type { CoreEvent, RequestFinished } from '../../../src-shared/contract.ts';
import type { TypedEmitter } from '../events.ts';
import type { AttemptRecord } from '../common/attempt-record.ts';
import { LogFile, logFilePath } from './log-file.ts';
import { formatTierOrder } from './tier-order.ts';

/**
 * The log file of `config.logging` (default `<data-dir>/logs/coding-proxy.log`). Every line passes the core's
 * redactor (every secret it holds) and then a pattern pass for anything credential-shaped it has never seen.
 */
export function openCoreLog(
  config: ProxyConfig,
  dataDir: string,
  redactor: { redact(text: string): string },
  now: () => number = Date.now,
): LogFile {
  return new LogFile({
    path: logFilePath(config.logging, dataDir),
    level: config.logging.level,
    maxBytes: config.logging.maxBytes,
    backups: config.logging.backups,
    redact: (text) => redactor.redact(text),
    now,
    onError: (message) => process.stderr.write(`coding-proxy log: ${message}\n`),
  });
}

/** ` — 400 invalid_request_error: prompt is too long…` for a failed request, when the client's answer is known. */
function clientAnswer(r: RequestFinished): string {
  if (r.status === undefined && !r.errorMessage) return '';
  const head = [r.status, r.errorType].filter((part) => part !== undefined && part !== '').join(' ');
  const message = r.errorMessage ? `${head ? ': ' : ''}${r.errorMessage.slice(0, 300)}` : '';
  return ` — ${head}${message}`;
}

/** `isEnabled` tells which tiers of a new order are switched off, so the order line marks them. */
export function logEvents(
  events: TypedEmitter<CoreEvent>,
  log: LogFile,
  isEnabled: (tier: string) => boolean = () => true,
): () => void {
  const circuits = new Map<string, string>();
  const vendorQuotas = new Map<string, number | undefined>();
  return events.on((event) => {
    switch (event.type) {
      case 'request-finished': {
        const r = event.request;
        // API passthrough calls write their own, more detailed line (native-passthrough.ts).
        if (r.clientCategory === 'api') return;
        const route = r.failoverFrom ? `${r.failoverFrom} → ${r.servedBy ?? 'none'}` : (r.servedBy ?? 'none');
        const line = `request ${r.requestKey.slice(0, 8)} ${r.modelRequested} via ${route}${r.modelServed ? ` (${r.modelServed})` : ''}: ${r.success ? 'ok' : 'FAILED'} in ${r.durationMs} ms, ${r.tokens} tokens`;
        // A failure says what the client was told (e.g. 400 "prompt is too long", 503 nothing available).
        log.write(r.success ? 'info' : 'warn', r.success ? line : `${line}${clientAnswer(r)}`);
        return;
      }
      case 'failover':
        log.write('warn', `failover ${event.from} → ${event.to ?? 'next tier'}: ${event.reason}`);
        return;
      case 'tier-changed': {
        const { name, circuit } = event.tier;
        const before = circuits.get(name);
        circuits.set(name, circuit.state);
        if (before !== undefined && before !== circuit.state)
          log.write(
            circuit.state === 'open' ? 'warn' : 'info',
            `${name}: breaker ${before} → ${circuit.state} (${circuit.failures} failure${circuit.failures === 1 ? '' : 's'})`,
          );
        const quota = event.tier.vendorQuota;
        if (quota && vendorQuotas.get(name) !== quota.reportedAt)
          log.write(
            'warn',
            `${name}: quota exhausted (reported by the vendor: ${quota.reason}) until ${new Date(quota.until).toISOString()}`,
          );
        vendorQuotas.set(name, quota?.reportedAt);
        if (event.tier.signInNeeded)
          log.write('debug', `${name}: sign-in needed: ${event.tier.signInNeeded}`);
        return;
      }
      case 'quota-crossed':
        log.write('warn', `${event.tier}: ${event.windowHours}h quota ${event.state} (${event.percent}%)`);
        return;
      case 'order-changed':
        log.write(
          'info',
          `tier order: ${formatTierOrder(event.order.map((name) => ({ name, enabled: isEnabled(name) })))}`,
        );
        return;
      case 'sign-in-changed':
        log.write(
          'info',
          `${event.signIn.provider} sign-in ${event.signIn.state}${event.signIn.message ? `: ${event.signIn.message}` : ''}`,
        );
        return;
      case 'session-binding-changed':
        log.write(
          'info',
          event.binding
            ? `session ${event.sessionKey} bound to ${event.binding.tiers.join(', ')}`
            : `session ${event.sessionKey} unbound`,
        );
        return;
      case 'vendor-notice':
        log.write('warn', event.message);
        return;
    }
  });
}

/** One debug line per attempt: which tier, the outcome, and the tiers skipped before it (and why). */
export function describeAttempt(record: AttemptRecord): string {
  const outcome = record.success
    ? `ok ${record.status ?? ''}`.trim()
    : `failed ${record.errorClass ?? record.status ?? ''}${record.errorMessage ? `: ${record.errorMessage.slice(0, 300)}` : ''}`;
  const skipped = record.skipped.length
    ? ` (skipped ${record.skipped.map((s) => `${s.tier}: ${s.reason}`).join('; ')})`
    : '';
  const where =
    record.clientCategory === 'api' ? `api ${record.vendor} ${record.endpoint ?? ''}` : record.vendor;
  return `attempt ${record.requestId.slice(0, 8)}#${record.attempt} ${where} ${record.modelServed} ${outcome} in ${record.durationMs} ms${skipped}`;
}

type ConsoleMethod = 'error' | 'warn';
const sinks = new Set<(level: 'warn' | 'error', text: string) => void>();
let originals: Record<ConsoleMethod, (...args: unknown[]) => void> | undefined;

function formatArgs(args: unknown[]): string {
  return args
    .map((arg) =>
      arg instanceof Error ? (arg.stack ?? arg.message) : typeof arg === 'string' ? arg : String(arg),
    )
    .join(' ');
}

/** Also sends `console.error`/`console.warn` output to `log` until the returned function is called. */
export function tapConsole(log: LogFile): () => void {
  const sink = (level: 'warn' | 'error', text: string) => log.write(level, text);
  sinks.add(sink);
  if (!originals) {
    const saved = { error: console.error, warn: console.warn };
    originals = saved;
    for (const method of ['error', 'warn'] as const) {
      console[method] = (...args: unknown[]) => {
        saved[method].apply(console, args);
        const text = formatArgs(args);
        for (const each of sinks) each(method, text);
      };
    }
  }
  return () => {
    sinks.delete(sink);
    if (sinks.size === 0 && originals) {
      console.error = originals.error;
      console.warn = originals.warn;
      originals = undefined;
    }
  };
}
