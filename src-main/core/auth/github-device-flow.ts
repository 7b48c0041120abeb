// GitHub OAuth device flow (RFC 8628 as GitHub implements it): the user types a short code at
// github.com/login/device while we poll for the token. Every outcome of the wait is data, never an exception.
import { setTimeout as delay } from 'node:timers/promises';

/** The VS Code Copilot GitHub App; the Copilot token endpoint only accepts tokens issued to it. */
export const COPILOT_CLIENT_ID = 'Iv1.b507a08c87ecfe98';
export const COPILOT_SCOPE = 'read:user';
export const GITHUB_DEVICE_CODE_URL = 'https://github.com/login/device/code';
export const GITHUB_ACCESS_TOKEN_URL = 'https://github.com/login/oauth/access_token';

const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.5: on `slow_down` the client must add 5 seconds to its polling interval. */
const SLOW_DOWN_STEP_SECONDS = 5;
/** A flaky network during a 15-minute wait should not end the sign-in; a dead one should. */
const MAX_CONSECUTIVE_TRANSIENT_FAILURES = 3;

export interface DeviceFlowStart {
  clientId: string;
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** `verification_uri_complete` when GitHub sends one (code pre-filled). */
  verificationUriComplete: string | undefined;
  /** Epoch milliseconds after which the device code is dead. */
  expiresAt: number;
  /** Seconds between polls, as the server asked. */
  interval: number;
}

export type DeviceFlowResult =
  | { ok: true; token: string; scope: string | undefined }
  | { ok: false; reason: 'expired' | 'denied' | 'cancelled' | 'error'; message: string };

export interface StartDeviceFlowOptions {
  clientId?: string;
  scope?: string;
  deviceCodeUrl?: string;
  signal?: AbortSignal;
  now?: () => number;
}

export interface PollDeviceFlowOptions {
  accessTokenUrl?: string;
  signal?: AbortSignal;
  /** Waits `ms`; rejects or returns early when `signal` aborts. Injected so tests do not wait for real. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  now?: () => number;
}

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function postForm(url: string, fields: Record<string, string>, signal: AbortSignal | undefined) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody(fields),
    signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const record = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
  return { status: response.status, text, record };
}

function stringField(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberField(record: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = record?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Asks GitHub for a device code. Throws an Error with a readable message when GitHub refuses or is unreachable. */
export async function startDeviceFlow(options: StartDeviceFlowOptions = {}): Promise<DeviceFlowStart> {
  const clientId = options.clientId ?? COPILOT_CLIENT_ID;
  const url = options.deviceCodeUrl ?? GITHUB_DEVICE_CODE_URL;
  const now = options.now ?? Date.now;
  const answer = await postForm(
    url,
    { client_id: clientId, scope: options.scope ?? COPILOT_SCOPE },
    options.signal,
  );
  const deviceCode = stringField(answer.record, 'device_code');
  const userCode = stringField(answer.record, 'user_code');
  const verificationUri = stringField(answer.record, 'verification_uri');
  if (answer.status >= 300 || !deviceCode || !userCode || !verificationUri) {
    const reason =
      stringField(answer.record, 'error_description') ??
      stringField(answer.record, 'error') ??
      answer.text.slice(0, 200);
    throw new Error(`GitHub refused to start the device sign-in (HTTP ${answer.status}): ${reason}`);
  }
  return {
    clientId,
    deviceCode,
    userCode,
    verificationUri,
    verificationUriComplete: stringField(answer.record, 'verification_uri_complete'),
    expiresAt: now() + (numberField(answer.record, 'expires_in') ?? 900) * 1000,
    interval: Math.max(0, numberField(answer.record, 'interval') ?? 5),
  };
}

async function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  await delay(ms, undefined, { signal });
}

function cancelled(): DeviceFlowResult {
  return { ok: false, reason: 'cancelled', message: 'sign-in cancelled' };
}

/** Polls until the user approves, refuses, the code expires, or `signal` aborts. Never throws. */
export async function pollDeviceFlow(
  start: DeviceFlowStart,
  options: PollDeviceFlowOptions = {},
): Promise<DeviceFlowResult> {
  const url = options.accessTokenUrl ?? GITHUB_ACCESS_TOKEN_URL;
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const { signal } = options;
  let interval = start.interval;
  let transientFailures = 0;

  while (true) {
    if (signal?.aborted) return cancelled();
    if (now() >= start.expiresAt) {
      return {
        ok: false,
        reason: 'expired',
        message: 'the sign-in code expired before it was approved; start again',
      };
    }
    try {
      await sleep(interval * 1000, signal);
    } catch {
      return cancelled();
    }
    if (signal?.aborted) return cancelled();

    let answer: Awaited<ReturnType<typeof postForm>>;
    try {
      answer = await postForm(
        url,
        { client_id: start.clientId, device_code: start.deviceCode, grant_type: DEVICE_GRANT_TYPE },
        signal,
      );
    } catch (error) {
      if (signal?.aborted) return cancelled();
      if (++transientFailures >= MAX_CONSECUTIVE_TRANSIENT_FAILURES) {
        return { ok: false, reason: 'error', message: `cannot reach GitHub: ${(error as Error).message}` };
      }
      continue;
    }

    const token = stringField(answer.record, 'access_token');
    if (token) return { ok: true, token, scope: stringField(answer.record, 'scope') };

    const code = stringField(answer.record, 'error');
    const description = stringField(answer.record, 'error_description');
    switch (code) {
      case 'authorization_pending':
        transientFailures = 0;
        continue;
      case 'slow_down':
        transientFailures = 0;
        // GitHub sends the new interval; never poll faster than RFC 8628's +5 s either.
        interval = Math.max(interval + SLOW_DOWN_STEP_SECONDS, numberField(answer.record, 'interval') ?? 0);
        continue;
      case 'expired_token':
        return {
          ok: false,
          reason: 'expired',
          message: 'the sign-in code expired before it was approved; start again',
        };
      case 'access_denied':
        return { ok: false, reason: 'denied', message: 'the sign-in was refused on GitHub' };
      case undefined:
        if (answer.status >= 500 && ++transientFailures < MAX_CONSECUTIVE_TRANSIENT_FAILURES) continue;
        return {
          ok: false,
          reason: 'error',
          message: `unexpected answer from GitHub (HTTP ${answer.status})`,
        };
      default:
        return { ok: false, reason: 'error', message: description ? `${code}: ${description}` : code };
    }
  }
}
