// Warnings (not errors) about a base URL the user typed: an endpoint path the proxy adds itself, plain http to a
// remote host, and — from the core's `checkBaseUrl` — nothing listening there. Said in words, with the host.
import type { BaseUrlCheck } from '../../src-shared/contract.ts';
import type { MessageKey } from '../i18n/strings.ts';

export interface UrlWarning {
  key: MessageKey;
  params: Record<string, string>;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

/** `host:port` as the user would recognise it. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function urlShapeWarnings(url: string): UrlWarning[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const warnings: UrlWarning[] = [];
  const path = parsed.pathname.replace(/\/+$/, '');
  const suffix = /(\/v1\/messages|\/chat\/completions|\/responses)$/.exec(path)?.[1];
  if (suffix) warnings.push({ key: 'vform.warn.endpointPath', params: { suffix } });
  if (parsed.protocol === 'http:' && !LOOPBACK.test(parsed.hostname))
    warnings.push({ key: 'vform.warn.plainHttp', params: { host: parsed.host } });
  return warnings;
}

const REASON_KEY: Record<Exclude<BaseUrlCheck, { reachable: true }>['reason'], MessageKey> = {
  refused: 'vform.warn.refused',
  'unknown-host': 'vform.warn.unknownHost',
  timeout: 'vform.warn.timeout',
  tls: 'vform.warn.tls',
  invalid: 'vform.err.url',
  other: 'vform.warn.unreachable',
};

export function reachabilityWarning(url: string, check: BaseUrlCheck): UrlWarning | undefined {
  if (check.reachable) return undefined;
  return { key: REASON_KEY[check.reason], params: { host: hostOf(url), detail: check.message } };
}
