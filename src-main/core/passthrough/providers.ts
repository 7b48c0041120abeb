// The three native API families the proxy relays untouched for SDK clients (OpenAI, Gemini, Anthropic), with
// what differs between them: the ledger's vendor label, the env override of the upstream, the error shape.
import type { NativeApiConfig, NativeProvider } from '../../../src-shared/config-schema.ts';

export interface ProviderSpec {
  provider: NativeProvider;
  /** The `vendor` column of the ledger (`anthropic-native` keeps it apart from an `anthropic` tier). */
  ledgerVendor: string;
  /** Overrides `nativeApi.<provider>.baseUrl` when set and not blank (as the original did). */
  envBaseUrl: string;
  /** An error body the provider's own SDKs parse and show. */
  errorBody(
    status: number,
    kind: 'not_found' | 'unreachable' | 'timeout' | 'forbidden',
    message: string,
  ): unknown;
}

const GOOGLE_STATUS: Record<number, string> = {
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  502: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export const PROVIDERS: Record<NativeProvider, ProviderSpec> = {
  // https://platform.openai.com/docs/guides/error-codes: `{"error":{"message","type","param","code"}}`
  openai: {
    provider: 'openai',
    ledgerVendor: 'openai',
    envBaseUrl: 'NATIVE_OPENAI_BASE_URL',
    errorBody: (_status, kind, message) => ({
      error: {
        message,
        type: kind === 'not_found' || kind === 'forbidden' ? 'invalid_request_error' : 'api_error',
        param: null,
        code: kind,
      },
    }),
  },
  // https://ai.google.dev/gemini-api/docs/troubleshooting: `{"error":{"code","message","status"}}`
  gemini: {
    provider: 'gemini',
    ledgerVendor: 'gemini',
    envBaseUrl: 'NATIVE_GEMINI_BASE_URL',
    errorBody: (status, _kind, message) => ({
      error: { code: status, message, status: GOOGLE_STATUS[status] ?? 'UNKNOWN' },
    }),
  },
  // https://docs.anthropic.com/en/api/errors: `{"type":"error","error":{"type","message"}}`
  anthropic: {
    provider: 'anthropic',
    ledgerVendor: 'anthropic-native',
    envBaseUrl: 'NATIVE_ANTHROPIC_BASE_URL',
    errorBody: (_status, kind, message) => ({
      type: 'error',
      error: {
        type:
          kind === 'not_found' ? 'not_found_error' : kind === 'forbidden' ? 'permission_error' : 'api_error',
        message,
      },
    }),
  },
};

/** `/api/openai/v1/chat/completions` → `{ provider: 'openai', rest: '/v1/chat/completions' }`. */
export function passthroughTarget(path: string): { provider: NativeProvider; rest: string } | undefined {
  const match = /^\/api\/(openai|gemini|anthropic)(\/.*)?$/.exec(path);
  if (!match) return undefined;
  return { provider: match[1] as NativeProvider, rest: match[2] ?? '/' };
}

/** The upstream origin (and path prefix) for a provider: env > config > built-in. */
export function upstreamBase(config: NativeApiConfig, provider: NativeProvider, env = process.env): string {
  const fromEnv = env[PROVIDERS[provider].envBaseUrl]?.trim();
  return (fromEnv || config[provider].baseUrl).replace(/\/+$/, '');
}
