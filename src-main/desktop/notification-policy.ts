// Decides which desktop notifications to show, from the core's events and a clock. Output is plain data; the
// Electron glue only shows it. Flap suppression: a condition must hold for `holdMs` before it is announced
// (a single failed-over request during a blip says nothing), the same notification is not repeated within
// `repeatAfterMs` (it waits until then and is shown only if the condition still holds), and an incident is
// announced once however many requests it affects.
import type {
  CoreEvent,
  SignInProvider,
  SignInReason,
  StatusResponse,
  TierStatus,
} from '../../src-shared/contract.ts';
import { deriveHealth } from '../../src-shared/health.ts';
import { formatRecoveryIn } from './tier-availability.ts';

export interface NotificationSettings {
  /** Quiet mode: conditions are still tracked, nothing is shown. */
  silenced: boolean;
  holdMs: number;
  repeatAfterMs: number;
  /** Early warnings before a quota guard blocks its tier, e.g. [80]. */
  quotaWarnPercents: number[];
}

export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<NotificationSettings> = {
  silenced: false,
  holdMs: 15_000,
  repeatAfterMs: 10 * 60_000,
  quotaWarnPercents: [80],
};

export type NotificationKind =
  | 'left-primary'
  | 'back-on-primary'
  | 'all-down'
  | 'quota-warning'
  | 'quota-reached'
  | 'sign-in-needed';

export interface DesktopNotification {
  /** Same key = same condition; used for de-duplication and to replace a shown notification. */
  key: string;
  kind: NotificationKind;
  title: string;
  body: string;
  tier?: string;
}

export interface NotificationPolicy {
  /** Feeds one core event; returns what to show now. */
  handle(event: CoreEvent): DesktopNotification[];
  /** Releases notifications whose hold or repeat wait has passed. */
  tick(): DesktopNotification[];
  /** When `tick()` next has something to release (the glue sets one timer for it). */
  nextDueAt(): number | undefined;
  updateSettings(settings: Partial<NotificationSettings>): void;
}

interface Pending {
  dueAt: number;
  /** Re-checked at release: a condition that resolved meanwhile is dropped silently. */
  holds(): boolean;
  build(): DesktopNotification;
  /** Runs when released (shown, or swallowed by quiet mode). */
  released?(): void;
}

const PROVIDERS: Record<SignInProvider, string> = { github: 'GitHub', google: 'Google' };
const SIGN_IN_REASONS: Record<SignInReason, (provider: string) => string> = {
  missing: (provider) => `Not signed in with ${provider} yet.`,
  expired: (provider) => `The ${provider} sign-in has expired.`,
  revoked: (provider) => `${provider} no longer accepts the sign-in.`,
  'no-access': (provider) => `This ${provider} account has no access to the vendor.`,
};

/** A browser sign-in is one click away (the notification opens the dashboard); the core's text speaks to a terminal. */
function signInBody(tier: TierStatus | undefined): string {
  if (tier?.signIn)
    return `${SIGN_IN_REASONS[tier.signIn.reason](PROVIDERS[tier.signIn.provider])} Click to sign in from the dashboard.`;
  return tier?.signInNeeded ?? 'Its credentials were rejected.';
}

export function createNotificationPolicy(options: {
  initial: StatusResponse;
  now: () => number;
  settings?: Partial<NotificationSettings>;
}): NotificationPolicy {
  const { now } = options;
  let settings: NotificationSettings = { ...DEFAULT_NOTIFICATION_SETTINGS, ...options.settings };
  const tiers = new Map<string, TierStatus>(options.initial.tiers.map((tier) => [tier.name, tier]));
  let order = options.initial.tiers.map((tier) => tier.name);
  const pending = new Map<string, Pending>();
  const lastShownAt = new Map<string, number>();
  /** Keys announced for a condition that still holds (cleared when it resolves, so it can be announced again). */
  const active = new Set<string>();
  let servedBy: string | null = null;
  let incidentAnnounced = false;
  const quotaPercent = new Map<string, number>();

  const primary = () => order.find((name) => tiers.get(name)?.enabled !== false) ?? null;

  const schedule = (key: string, entry: Omit<Pending, 'dueAt'>, hold: number) => {
    if (pending.has(key)) return;
    const dueAt = Math.max(
      now() + hold,
      (lastShownAt.get(key) ?? Number.NEGATIVE_INFINITY) + settings.repeatAfterMs,
    );
    pending.set(key, { ...entry, dueAt });
  };

  const release = (): DesktopNotification[] => {
    const out: DesktopNotification[] = [];
    const time = now();
    for (const [key, entry] of [...pending].sort((a, b) => a[1].dueAt - b[1].dueAt)) {
      if (entry.dueAt > time) continue;
      pending.delete(key);
      if (!entry.holds()) continue;
      entry.released?.();
      if (settings.silenced) continue;
      lastShownAt.set(key, time);
      out.push(entry.build());
    }
    return out;
  };

  // "Down" is the core's own health summary (the board's header, the tray icon) over the tiers as last pushed;
  // a tier whose wait has passed takes the next request as a probe, so it is not down any more.
  const health = () =>
    deriveHealth(
      order.flatMap((name) => tiers.get(name) ?? []),
      now(),
    );
  const allDown = () => order.some((name) => tiers.get(name)?.enabled) && health().state === 'down';

  const onServed = (tier: string) => {
    servedBy = tier;
    const off = tier !== primary();
    if (off) {
      pending.delete('back-on-primary');
      if (incidentAnnounced) return;
      schedule(
        'left-primary',
        {
          holds: () => servedBy !== null && servedBy !== primary() && !incidentAnnounced,
          build: () => {
            const from = primary() ?? 'the primary tier';
            const why = tiers.get(from)?.lastError?.message;
            return {
              key: 'left-primary',
              kind: 'left-primary',
              title: `Failed over to ${servedBy}`,
              body: `${from} is not answering${why ? ` (${why})` : ''}; Claude Code requests now go to ${servedBy}.`,
              tier: servedBy ?? undefined,
            };
          },
          released: () => {
            incidentAnnounced = true;
          },
        },
        settings.holdMs,
      );
    } else {
      pending.delete('left-primary');
      if (!incidentAnnounced) return;
      schedule(
        'back-on-primary',
        {
          holds: () => servedBy === primary() && incidentAnnounced,
          build: () => ({
            key: 'back-on-primary',
            kind: 'back-on-primary',
            title: `Back on ${tier}`,
            body: `${tier} is answering again; requests are served by the primary tier.`,
            tier,
          }),
          released: () => {
            incidentAnnounced = false;
          },
        },
        settings.holdMs,
      );
    }
  };

  const checkAllDown = () => {
    if (!allDown()) {
      pending.delete('all-down');
      active.delete('all-down');
      return;
    }
    if (active.has('all-down')) return;
    schedule(
      'all-down',
      {
        holds: allDown,
        build: () => {
          const recovery = health().nextRecoveryAt;
          const eta =
            recovery !== undefined
              ? `The first tier may recover ${formatRecoveryIn(recovery, now())}.`
              : 'No tier will recover by itself: check sign-ins and API keys.';
          return {
            key: 'all-down',
            kind: 'all-down',
            title: 'All tiers unavailable',
            body: `Claude Code requests are failing. ${eta}`,
          };
        },
        released: () => active.add('all-down'),
      },
      settings.holdMs,
    );
  };

  const onTier = (tier: TierStatus) => {
    tiers.set(tier.name, tier);
    const signInKey = `sign-in:${tier.name}`;
    if (tier.signInNeeded && tier.enabled) {
      if (!active.has(signInKey))
        schedule(
          signInKey,
          {
            holds: () => Boolean(tiers.get(tier.name)?.signInNeeded),
            build: () => ({
              key: signInKey,
              kind: 'sign-in-needed',
              title: `Sign in to ${tier.name} again`,
              body: signInBody(tiers.get(tier.name)),
              tier: tier.name,
            }),
            released: () => active.add(signInKey),
          },
          0,
        );
    } else {
      pending.delete(signInKey);
      active.delete(signInKey);
    }
    for (const quota of tier.quota) {
      const base = `${tier.name}:${quota.windowHours}h`;
      const before = quotaPercent.get(base) ?? 0;
      quotaPercent.set(base, quota.percent);
      for (const warn of settings.quotaWarnPercents) {
        const key = `quota-warning:${base}:${warn}`;
        if (quota.percent < warn) {
          active.delete(key);
          continue;
        }
        if (before >= warn || active.has(key) || quota.state !== 'ok') continue;
        schedule(
          key,
          {
            holds: () => true,
            build: () => ({
              key,
              kind: 'quota-warning',
              title: `${tier.name}: ${Math.floor(quota.percent)}% of its ${quota.windowHours} h quota used`,
              body: `It will be skipped at ${quota.thresholdPercent}% until the window resets.`,
              tier: tier.name,
            }),
            released: () => active.add(key),
          },
          0,
        );
      }
    }
    checkAllDown();
  };

  const onQuotaCrossed = (event: Extract<CoreEvent, { type: 'quota-crossed' }>) => {
    const key = `quota-reached:${event.tier}:${event.windowHours}h`;
    if (event.state === 'ok') {
      pending.delete(key);
      active.delete(key);
      return;
    }
    if (active.has(key)) return;
    const stillBlocked = () =>
      tiers.get(event.tier)?.quota.some((q) => q.windowHours === event.windowHours && q.state !== 'ok') ??
      true;
    schedule(
      key,
      {
        holds: stillBlocked,
        build: () => ({
          key,
          kind: 'quota-reached',
          title: `${event.tier} reached its ${event.windowHours} h quota`,
          body: `${Math.floor(event.percent)}% used: requests skip ${event.tier} until the window resets.`,
          tier: event.tier,
        }),
        released: () => active.add(key),
      },
      0,
    );
  };

  return {
    handle(event) {
      switch (event.type) {
        case 'tier-changed':
          onTier(event.tier);
          break;
        case 'order-changed':
          // The user chose a new order: whatever serves now is what they asked for, not an incident.
          order = [...event.order];
          pending.delete('left-primary');
          pending.delete('back-on-primary');
          incidentAnnounced = false;
          servedBy = null;
          checkAllDown();
          break;
        case 'request-finished':
          // API passthrough calls go to the provider the client named, never through a tier.
          if (event.request.success && event.request.servedBy && event.request.clientCategory !== 'api')
            onServed(event.request.servedBy);
          break;
        case 'quota-crossed':
          onQuotaCrossed(event);
          break;
        case 'failover':
        case 'sign-in-changed':
          break;
      }
      return release();
    },
    tick: release,
    nextDueAt() {
      const times = [...pending.values()].map((entry) => entry.dueAt);
      return times.length ? Math.min(...times) : undefined;
    },
    updateSettings(partial) {
      settings = { ...settings, ...partial };
    },
  };
}
