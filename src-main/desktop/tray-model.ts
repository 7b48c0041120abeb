// Everything the tray shows, as plain data: icon, tooltip, macOS title and the menu. The Electron glue only
// turns this into `Tray`/`Menu` calls, so every combination of tier states is unit-tested here.
import type { StatusResponse, UsageSummaryResponse } from '../../src-shared/contract.ts';
import { type CurrencyCode, formatMoney, formatTokens } from '../../src-shared/format.ts';
import { localDateKey } from '../core/ledger/period-buckets.ts';
import { PRODUCT_NAME } from './app-identity.ts';
import {
  AVAILABILITY_LABEL,
  type ChainHealth,
  describeChain,
  formatRecoveryIn,
} from './tier-availability.ts';

export interface TodayUsage {
  requests: number;
  tokens: number;
  cost: Array<{ amount: number; currency: string }>;
}

export type TrayAction =
  | 'reset-breakers'
  | 'copy-base-url'
  | 'open-dashboard'
  | 'open-log'
  | 'toggle-launch-at-login'
  | 'toggle-notifications'
  | 'import-config'
  | 'quit';

export type TrayMenuItem =
  | { type: 'label'; label: string }
  | { type: 'separator' }
  /** Clicking a tier puts it first (the contract's `reset` with `tiers: [name]`), like a quick switch. */
  | { type: 'tier'; tier: string; label: string; checked: boolean }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean }
  | {
      type: 'toggle';
      action: 'toggle-launch-at-login' | 'toggle-notifications';
      label: string;
      checked: boolean;
      enabled: boolean;
    };

export interface TrayInput {
  /** null while the core is starting or when it failed to start (`problem` says why). */
  status: StatusResponse | null;
  problem?: string;
  today: TodayUsage | null;
  platform: NodeJS.Platform;
  launchAtLogin: boolean;
  /** Notifications silenced from the menu (defaults to false). */
  notificationsSilenced?: boolean;
  now: number;
}

export interface TrayModel {
  health: ChainHealth;
  /** File name inside `assets/` (Electron picks the `@2x` sibling by itself). */
  icon: string;
  tooltip: string;
  /** Text beside the macOS menu-bar icon: empty while the primary serves, so the bar stays quiet. */
  title: string;
  menu: TrayMenuItem[];
}

/** macOS menu-bar icons are monochrome "template" images (the name must end in `Template`); others are coloured. */
export function trayIconFile(health: ChainHealth, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `tray-${health}Template.png` : `tray-${health}.png`;
}

const APP_NAME = PRODUCT_NAME;

function isCurrency(code: string): code is CurrencyCode {
  return code === 'USD' || code === 'CNY';
}

export function formatTodayLine(today: TodayUsage | null): string {
  if (!today) return 'Today: usage not available';
  const cost = today.cost
    .filter((entry) => entry.amount !== 0)
    .map((entry) =>
      isCurrency(entry.currency)
        ? formatMoney(entry.amount, entry.currency)
        : `${entry.amount.toFixed(2)} ${entry.currency}`,
    );
  const requests = `${today.requests} request${today.requests === 1 ? '' : 's'}`;
  return `Today: ${formatTokens(today.tokens)} tokens · ${cost.length ? cost.join(' + ') : '$0.00'} · ${requests}`;
}

/** Today's totals from a `24h` usage summary: only the hour buckets of the current local date count. */
export function todayUsageFrom(summary: UsageSummaryResponse, now: number): TodayUsage {
  const today = localDateKey(new Date(now));
  const usage: TodayUsage = { requests: 0, tokens: 0, cost: [] };
  for (const point of summary.byVendor) {
    if (!point.bucket.startsWith(today)) continue;
    usage.requests += point.requests;
    usage.tokens +=
      point.inputTokens + point.outputTokens + point.cacheCreationTokens + point.cacheReadTokens;
    for (const cost of point.cost) {
      const existing = usage.cost.find((entry) => entry.currency === cost.currency);
      if (existing) existing.amount += cost.amount;
      else usage.cost.push({ ...cost });
    }
  }
  return usage;
}

/**
 * A start-up problem as one menu line: its first clause (the core's messages go on with advice for the CLI, which
 * the notification shows in full), and never wider than a menu should be.
 */
export function problemLine(problem: string, max = 90): string {
  const first = problem.split(/ — |\. /)[0]?.trim() || problem;
  return first.length <= max ? first : `${first.slice(0, max - 1).trimEnd()}…`;
}

/** Nothing can serve because the user switched every tier off (not a failure: say so plainly). */
function allDisabled(status: StatusResponse): boolean {
  return status.tiers.length > 0 && status.tiers.every((tier) => !tier.enabled);
}

function statusLine(input: TrayInput, picture: ReturnType<typeof describeChain> | null): string {
  if (!input.status || !picture)
    return input.problem ? `Not running: ${problemLine(input.problem)}` : 'Starting…';
  const port = new URL(input.status.baseUrl).port;
  if (allDisabled(input.status)) return `Running on :${port} · every tier is disabled`;
  if (picture.health === 'primary') return `Running on :${port} · via ${picture.serving}`;
  if (picture.health === 'degraded') return `Running on :${port} · failed over to ${picture.serving}`;
  const eta =
    picture.earliestRecoveryAt !== undefined
      ? ` · retry ${formatRecoveryIn(picture.earliestRecoveryAt, input.now)}`
      : '';
  return `Running on :${port} · all tiers unavailable${eta}`;
}

function tooltipOf(input: TrayInput, picture: ReturnType<typeof describeChain> | null): string {
  if (!input.status || !picture) return `${APP_NAME} — ${input.problem ? 'not running' : 'starting'}`;
  if (allDisabled(input.status)) return `${APP_NAME} — every tier is disabled`;
  if (picture.health === 'primary') return `${APP_NAME} — serving via ${picture.serving} (primary)`;
  if (picture.health === 'degraded') {
    const reason = picture.availability.find((tier) => tier.name === picture.primary)?.state;
    const why = reason && reason !== 'ready' ? `: ${picture.primary} ${AVAILABILITY_LABEL[reason]}` : '';
    return `${APP_NAME} — serving via ${picture.serving} (degraded${why})`;
  }
  return `${APP_NAME} — all tiers unavailable`;
}

export function buildTrayModel(input: TrayInput): TrayModel {
  const picture = input.status ? describeChain(input.status, input.now) : null;
  const health: ChainHealth = picture?.health ?? 'down';
  const menu: TrayMenuItem[] = [{ type: 'label', label: statusLine(input, picture) }];
  if (input.status?.ledgerProblem)
    menu.push({ type: 'label', label: `Usage not recorded: ${input.status.ledgerProblem}` });
  menu.push({ type: 'label', label: formatTodayLine(input.today) }, { type: 'separator' });
  if (input.status && picture) {
    for (const [index, tier] of input.status.tiers.entries()) {
      const { state, until } = picture.availability[index] ?? { state: 'ready' as const };
      const eta = until !== undefined ? ` (${formatRecoveryIn(until, input.now)})` : '';
      menu.push({
        type: 'tier',
        tier: tier.name,
        label: `${tier.name} — ${AVAILABILITY_LABEL[state]}${eta}`,
        checked: tier.name === picture.serving,
      });
    }
    menu.push({ type: 'separator' });
  }
  const running = input.status !== null;
  menu.push(
    { type: 'action', action: 'reset-breakers', label: 'Reset all breakers', enabled: running },
    { type: 'action', action: 'copy-base-url', label: 'Copy ANTHROPIC_BASE_URL', enabled: running },
    { type: 'action', action: 'open-dashboard', label: 'Open dashboard', enabled: running },
    { type: 'action', action: 'open-log', label: 'Open log file', enabled: running },
    { type: 'separator' },
    {
      type: 'toggle',
      action: 'toggle-launch-at-login',
      label: 'Launch at login',
      checked: input.launchAtLogin,
      enabled: true,
    },
    {
      type: 'toggle',
      action: 'toggle-notifications',
      label: 'Silence notifications',
      checked: input.notificationsSilenced ?? false,
      enabled: true,
    },
    { type: 'action', action: 'import-config', label: 'Import configuration…', enabled: true },
    { type: 'separator' },
    { type: 'action', action: 'quit', label: `Quit ${APP_NAME}`, enabled: true },
  );
  let title = '';
  if (input.platform === 'darwin' && picture) {
    if (picture.health === 'degraded') title = picture.serving ?? '';
    if (picture.health === 'down') title = 'down';
  }
  return {
    health,
    icon: trayIconFile(health, input.platform),
    tooltip: tooltipOf(input, picture),
    title,
    menu,
  };
}

/** The line "Copy ANTHROPIC_BASE_URL" puts on the clipboard: ready to paste into a shell. */
export function baseUrlExport(baseUrl: string): string {
  return `export ANTHROPIC_BASE_URL=${baseUrl}`;
}
