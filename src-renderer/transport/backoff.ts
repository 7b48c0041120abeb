/** Reconnect delays: 0.5 s, 1 s, 2 s … capped at 15 s, so a restarted core is found quickly without a busy loop. */
export function reconnectDelayMs(attempt: number, baseMs = 500, capMs = 15_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
}
