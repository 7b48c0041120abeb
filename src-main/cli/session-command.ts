// `coding-proxy session list | bind -k KEY -v a,b | unbind -k KEY`: the running proxy's sessions and their
// runtime bindings (the Sessions view of the dashboard, from a terminal).
import type { Command } from 'commander';
import type { SessionView } from '../../src-shared/contract.ts';
import { formatDuration, formatTable, formatTokens } from '../../src-shared/format.ts';
import { callRunning } from './control-client.ts';
import { runningUrl } from './running-instance.ts';

interface Common {
  port?: string;
  dataDir?: string;
}

function fail(error: unknown): void {
  console.error(`coding-proxy: ${(error as Error).message}`);
  process.exitCode = 1;
}

function shortKey(key: string, width: number): string {
  return key.length > width ? `${key.slice(0, width - 1)}…` : key;
}

function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86_400)}d ago`;
}

export function renderSessions(sessions: SessionView[], hours: number, now = Date.now()): string {
  if (sessions.length === 0) return `No Claude Code session in the last ${hours} h.\n`;
  const rows = sessions.map((session) => [
    shortKey(session.sessionKey, 24),
    shortKey(session.title || '-', 40),
    ago(session.lastSeen, now),
    String(session.requests),
    formatTokens(
      session.inputTokens + session.outputTokens + session.cacheCreationTokens + session.cacheReadTokens,
    ),
    session.vendors.join(', ') || '-',
    formatDuration(session.avgDurationMs),
    session.successRate === null ? '-' : `${session.successRate}%`,
    session.binding
      ? `→ ${session.binding.tiers.join(' → ')}`
      : session.policy
        ? `policy ${session.policy}`
        : 'default',
  ]);
  const table = formatTable(
    [
      { header: 'Session' },
      { header: 'Title' },
      { header: 'Last' },
      { header: 'Requests', align: 'right' },
      { header: 'Tokens', align: 'right' },
      { header: 'Served by' },
      { header: 'Avg', align: 'right' },
      { header: 'OK', align: 'right' },
      { header: 'Tiers first' },
    ],
    rows,
  );
  return `Sessions (last ${hours} h)\n\n${table}\n`;
}

function splitTiers(value: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

export function registerSessionCommand(
  program: Command,
  deps: { resolveDataDir: (flag?: string) => string },
): void {
  const session = program
    .command('session')
    .description("the running proxy's Claude Code sessions, and which tiers each tries first");
  const common = (command: Command) =>
    command
      .option('-p, --port <port>', 'port of the running proxy (default: from the config)')
      .option('--data-dir <dir>', 'data dir whose config names the port');

  common(session.command('list'))
    .description('sessions seen recently: title, requests, tokens, who served them, their binding')
    .option('--hours <n>', 'how far back (default 24)', Number)
    .option('-n, --limit <n>', 'at most this many sessions (default 50)', Number)
    .option('--json', 'print the raw JSON')
    .action(async (options: Common & { hours?: number; limit?: number; json?: boolean }) => {
      try {
        const result = await callRunning(runningUrl(options, deps.resolveDataDir), 'listSessions', {
          ...(options.hours ? { hours: options.hours } : {}),
          limit: options.limit ?? 50,
        });
        if (options.json) console.log(JSON.stringify(result, null, 2));
        else process.stdout.write(renderSessions(result.sessions, result.hours));
      } catch (error) {
        fail(error);
      }
    });

  common(session.command('bind'))
    .description('make a session try these tiers first (the others still follow, so failover stays)')
    .requiredOption('-k, --key <session>', 'the session key (see `session list --json`)')
    .requiredOption('-v, --vendor <names>', 'comma-separated tiers, in the order to try them')
    .action(async (options: Common & { key: string; vendor: string }) => {
      try {
        const result = await callRunning(runningUrl(options, deps.resolveDataDir), 'bindSession', {
          sessionKey: options.key,
          tiers: splitTiers(options.vendor),
        });
        const rest = result.order.slice(result.binding.tiers.length);
        console.log(
          `Session ${shortKey(options.key, 16)} → ${result.binding.tiers.join(' → ')}${rest.length ? ` (then ${rest.join(' → ')})` : ''}`,
        );
        console.log(
          `Kept until ${new Date(result.binding.expiresAt).toLocaleString()} unless the session is used.`,
        );
      } catch (error) {
        fail(error);
      }
    });

  common(session.command('unbind'))
    .description("drop a session's binding: it follows the global order (or its policy) again")
    .requiredOption('-k, --key <session>', 'the session key')
    .action(async (options: Common & { key: string }) => {
      try {
        await callRunning(runningUrl(options, deps.resolveDataDir), 'unbindSession', {
          sessionKey: options.key,
        });
        console.log(`Session ${shortKey(options.key, 16)} unbound.`);
      } catch (error) {
        fail(error);
      }
    });
}
