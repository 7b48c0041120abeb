// The one configuration schema. The CLI's YAML/JSON file, the desktop app's electron-store and the dashboard's
// vendor editor all validate through `parseConfig`, so a setting means the same thing everywhere.
import { z } from 'zod';
import { pricingEntrySchema } from './pricing-schema.ts';
import { presetChoiceProblem } from './vendor-presets.ts';

export const VENDOR_KINDS = [
  'anthropic',
  'anthropic-compatible',
  'zhipu',
  'minimax',
  'alibaba',
  'xiaomi',
  'kimi',
  'doubao',
  'copilot',
  'openai-compatible',
  'gemini',
  'antigravity',
] as const;
export type VendorKind = (typeof VENDOR_KINDS)[number];

export const AUTH_STYLES = ['x-api-key', 'bearer', 'both', 'api-key'] as const;
export type AuthStyle = (typeof AUTH_STYLES)[number];

const positiveInt = z.number().int().positive();

export const circuitBreakerSchema = z
  .object({
    failureThreshold: positiveInt.default(3),
    recoveryTimeoutSeconds: z.number().positive().default(300),
    successThreshold: positiveInt.default(2),
    maxRecoveryTimeoutSeconds: z.number().positive().default(3600),
  })
  .strict();

export const quotaGuardSchema = z
  .object({
    windowHours: z.number().positive(),
    tokenBudget: z.number().int().nonnegative(),
    thresholdPercent: z.number().positive().max(100).default(99),
    probeIntervalSeconds: z.number().positive().default(300),
  })
  .strict();

export const modelRuleSchema = z
  .object({
    match: z.string().min(1),
    to: z.string().min(1),
    // ---- context-window-aware tiers (issue 15): the window of the model this rule maps to, in tokens ----
    contextWindow: positiveInt.optional(),
  })
  .strict();

// ---- Native API passthrough, sessions, logs, last-tier retry (issue 15) ----

/** Upstream retries when the last tier left answers a transient error (before any content). */
export const retrySchema = z
  .object({
    /** Extra tries of the last tier after its first failure; 0 turns retrying off. */
    maxAttempts: z.number().int().min(0).max(10).default(3),
    /** Total time spent waiting between tries; a retry-after longer than what is left is not waited for. */
    maxWaitMs: z.number().int().min(0).max(300_000).default(20_000),
  })
  .strict();

export const NATIVE_PROVIDERS = ['openai', 'gemini', 'anthropic'] as const;
export type NativeProvider = (typeof NATIVE_PROVIDERS)[number];

export const NATIVE_DEFAULT_BASE_URLS: Record<NativeProvider, string> = {
  openai: 'https://api.openai.com',
  gemini: 'https://generativelanguage.googleapis.com',
  anthropic: 'https://api.anthropic.com',
};

const nativeProviderSchema = (provider: NativeProvider) =>
  z
    .object({
      enabled: z.boolean().default(true),
      baseUrl: z.url({ protocol: /^https?$/ }).default(NATIVE_DEFAULT_BASE_URLS[provider]),
      timeoutMs: z.number().int().min(1000).default(300_000),
      connectTimeoutMs: z.number().int().min(500).default(15_000),
    })
    .strict()
    .default({
      enabled: true,
      baseUrl: NATIVE_DEFAULT_BASE_URLS[provider],
      timeoutMs: 300_000,
      connectTimeoutMs: 15_000,
    });

/** `/api/openai/**`, `/api/gemini/**`, `/api/anthropic/**` relayed as-is with the client's own credentials. */
export const nativeApiSchema = z
  .object({
    openai: nativeProviderSchema('openai'),
    gemini: nativeProviderSchema('gemini'),
    anthropic: nativeProviderSchema('anthropic'),
  })
  .strict();

export const CLIENT_CATEGORIES = ['cc', 'api'] as const;
export type ClientCategory = (typeof CLIENT_CATEGORIES)[number];

/** Tiers to try first for matching sessions; every other tier follows in the global order. */
export const sessionPolicySchema = z
  .object({
    name: z.string().min(1),
    match: z
      .object({
        sessionKeys: z.array(z.string().min(1)).optional(),
        /** Matches the session's title (its first real user message), case-insensitively. */
        titlePrefix: z.string().min(1).optional(),
        clientCategory: z.enum(CLIENT_CATEGORIES).optional(),
      })
      .strict()
      .refine((match) => Object.keys(match).length > 0, 'a policy must match on something'),
    tiers: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const sessionBindingsSchema = z
  .object({
    /** A runtime binding (dashboard, `session bind`) is dropped after this long without a request. */
    idleHours: z.number().positive().default(168),
  })
  .strict();

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const loggingSchema = z
  .object({
    level: z.enum(LOG_LEVELS).default('info'),
    /** Absent: `<data-dir>/logs/coding-proxy.log`. A relative path is relative to the data dir. */
    file: z.string().min(1).optional(),
    maxBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .default(5 * 1024 * 1024),
    backups: z.number().int().min(0).max(50).default(5),
  })
  .strict();

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const vendorSchema = z
  .object({
    name: z.string().regex(NAME_PATTERN, 'letters, digits, ".", "_" or "-", starting with a letter or digit'),
    kind: z.enum(VENDOR_KINDS),
    enabled: z.boolean().default(true),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    apiKey: z.string().optional(),
    authStyle: z.enum(AUTH_STYLES).optional(),
    timeoutMs: positiveInt.default(300_000),
    connectTimeoutMs: positiveInt.default(10_000),
    idleTimeoutMs: positiveInt.optional(),
    headers: z.record(z.string(), z.string()).default({}),
    dropCacheControl: z.boolean().optional(),
    circuitBreaker: circuitBreakerSchema.default({
      failureThreshold: 3,
      recoveryTimeoutSeconds: 300,
      successThreshold: 2,
      maxRecoveryTimeoutSeconds: 3600,
    }),
    quotaGuards: z.array(quotaGuardSchema).default([]),
    modelMap: z.array(modelRuleSchema).default([]),
    // ---- issue 15: last-tier retry budget and the context window of this vendor's models (tokens) ----
    retry: retrySchema.default({ maxAttempts: 3, maxWaitMs: 20_000 }),
    contextWindow: positiveInt.optional(),
    // copilot
    githubToken: z.string().optional(),
    tokenUrl: z.url().optional(),
    modelsUrl: z.url().optional(),
    accountType: z.enum(['individual', 'business', 'enterprise']).optional(),
    /** GitHub device-flow endpoints for signing in from the dashboard (GitHub Enterprise, tests). */
    deviceCodeUrl: z.url().optional(),
    accessTokenUrl: z.url().optional(),
    // ---- copilot native Messages route ----
    /** Claude models Copilot lists with `/v1/messages` are sent there unconverted; `false` keeps them on chat. */
    nativeMessages: z.boolean().optional(),
    // antigravity (Google OAuth)
    clientId: z.string().optional(),
    clientSecret: z.string().optional(),
    refreshToken: z.string().optional(),
    projectId: z.string().optional(),
    authUrl: z.url().optional(),
    oauthTokenUrl: z.url().optional(),
    // ---- vendor presets and live vendor facts (issue 14; data in src-shared/vendor-presets.ts) ----
    /** Which of the kind's hosts: `china`, `global`… (each kind lists its own; an explicit baseUrl wins). */
    region: z.string().min(1).optional(),
    /** Which subscription the key belongs to: `coding`, `pay-as-you-go`, `token`… (decides host and models). */
    plan: z.string().min(1).optional(),
    /** Antigravity: the update manifest the current client version is read from (tests point it at a fake). */
    versionManifestUrl: z.url().optional(),
    // ---- Antigravity endpoint fallback: the Cloud Code hosts tried in order (docs/vendors.md) ----
    /**
     * Antigravity: the hosts every call tries in this order, moving on when one is down or refuses the client
     * (default: daily → daily sandbox → production for generating, production first for project and catalogue).
     * A `baseUrl` wins: that one host, no fallback.
     */
    endpoints: z
      .array(z.url({ protocol: /^https?$/ }))
      .min(1)
      .optional(),
    // ---- signed-in account: where an antigravity sign-in asks Google which account it is (tests, proxies) ----
    userinfoUrl: z.url().optional(),
  })
  .strict()
  .superRefine((vendor, ctx) => {
    const problem = presetChoiceProblem(vendor.kind, vendor);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

export const failoverSchema = z
  .object({
    statusCodes: z.array(z.number().int().min(100).max(599)).default([429, 403, 500, 502, 503, 504, 529]),
    errorTypes: z.array(z.string()).default(['rate_limit_error', 'overloaded_error', 'api_error']),
    messagePatterns: z.array(z.string()).default(['quota', 'usage cap', 'limit exceeded', 'capacity']),
  })
  .strict();

/** Defaults of the server's limits on slow clients and event subscribers. */
export const SERVER_LIMITS = {
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 65_000,
  maxEventSubscribers: 32,
  eventBufferBytes: 1024 * 1024,
};

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8046),
        maxBodyBytes: positiveInt.default(32 * 1024 * 1024),
        drainTimeoutMs: z.number().int().nonnegative().default(10_000),
        // Host binding: the names (no port, no scheme) clients use to reach a proxy listening beyond loopback.
        // Without them a non-loopback `host` is refused at start; the first one is the URL the proxy prints.
        allowedHosts: z
          .array(
            z
              .string()
              .regex(
                /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[?[0-9A-Fa-f:.]+\]?)$/,
                'a host name or IP address, without port or scheme',
              )
              .refine((name) => !['0.0.0.0', '::', '[::]'].includes(name), 'not a name clients can use'),
          )
          .default([]),
        // -- slow clients and event subscribers (security hardening) --
        /** A client must finish sending its request headers within this time (idle connections too). */
        headersTimeoutMs: positiveInt.default(SERVER_LIMITS.headersTimeoutMs),
        /** …and its whole request body within this one; the answer itself may take as long as the vendor does. */
        requestTimeoutMs: positiveInt.default(SERVER_LIMITS.requestTimeoutMs),
        /** An idle keep-alive connection is closed after this. */
        keepAliveTimeoutMs: positiveInt.default(SERVER_LIMITS.keepAliveTimeoutMs),
        /** Concurrent `/api/events` subscribers. */
        maxEventSubscribers: positiveInt.default(SERVER_LIMITS.maxEventSubscribers),
        /** Bytes queued for an `/api/events` subscriber that does not read before it is dropped. */
        eventBufferBytes: positiveInt.default(SERVER_LIMITS.eventBufferBytes),
      })
      .strict()
      .default({
        host: '127.0.0.1',
        port: 8046,
        maxBodyBytes: 32 * 1024 * 1024,
        drainTimeoutMs: 10_000,
        allowedHosts: [],
        ...SERVER_LIMITS,
      }),
    tiers: z.array(z.string()).optional(),
    vendors: z.array(vendorSchema).min(1, 'at least one vendor is required'),
    failover: failoverSchema.default({
      statusCodes: [429, 403, 500, 502, 503, 504, 529],
      errorTypes: ['rate_limit_error', 'overloaded_error', 'api_error'],
      messagePatterns: ['quota', 'usage cap', 'limit exceeded', 'capacity'],
    }),
    /** Price overrides merged over the shipped table (per million tokens). */
    pricing: z.array(pricingEntrySchema).default([]),
    ledger: z
      .object({ retentionDays: z.number().int().positive().default(365), enabled: z.boolean().default(true) })
      .strict()
      .default({ retentionDays: 365, enabled: true }),
    // ---- Native API passthrough, session policies and bindings, logs (issue 15) ----
    nativeApi: nativeApiSchema.default({
      openai: {
        enabled: true,
        baseUrl: NATIVE_DEFAULT_BASE_URLS.openai,
        timeoutMs: 300_000,
        connectTimeoutMs: 15_000,
      },
      gemini: {
        enabled: true,
        baseUrl: NATIVE_DEFAULT_BASE_URLS.gemini,
        timeoutMs: 300_000,
        connectTimeoutMs: 15_000,
      },
      anthropic: {
        enabled: true,
        baseUrl: NATIVE_DEFAULT_BASE_URLS.anthropic,
        timeoutMs: 300_000,
        connectTimeoutMs: 15_000,
      },
    }),
    sessionPolicies: z.array(sessionPolicySchema).default([]),
    sessionBindings: sessionBindingsSchema.default({ idleHours: 168 }),
    logging: loggingSchema.default({ level: 'info', maxBytes: 5 * 1024 * 1024, backups: 5 }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.vendors.forEach((vendor, index) => {
      const first = seen.get(vendor.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['vendors', index, 'name'],
          message: `duplicate vendor name "${vendor.name}" (also vendors[${first}])`,
        });
      } else seen.set(vendor.name, index);
    });
    const tierSeen = new Set<string>();
    config.tiers?.forEach((tier, index) => {
      if (!seen.has(tier)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index],
          message: `unknown tier "${tier}": no vendor has that name (known: ${[...seen.keys()].join(', ')})`,
        });
      }
      if (tierSeen.has(tier)) {
        ctx.addIssue({ code: 'custom', path: ['tiers', index], message: `tier "${tier}" is listed twice` });
      }
      tierSeen.add(tier);
    });
    // issue 15: session policies are looked up by name in the dashboard and the log.
    const policyNames = new Set<string>();
    config.sessionPolicies.forEach((policy, index) => {
      if (policyNames.has(policy.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sessionPolicies', index, 'name'],
          message: `session policy "${policy.name}" is defined twice`,
        });
      }
      policyNames.add(policy.name);
    });
  });

export type ProxyConfig = z.output<typeof configSchema>;
export type ProxyConfigInput = z.input<typeof configSchema>;
export type VendorConfig = z.output<typeof vendorSchema>;
export type VendorConfigInput = z.input<typeof vendorSchema>;
export type CircuitBreakerConfig = z.output<typeof circuitBreakerSchema>;
export type QuotaGuardConfig = z.output<typeof quotaGuardSchema>;
export type FailoverConfig = z.output<typeof failoverSchema>;
export type ModelRule = z.output<typeof modelRuleSchema>;
export type RetryConfig = z.output<typeof retrySchema>;
export type NativeApiConfig = z.output<typeof nativeApiSchema>;
export type SessionPolicy = z.output<typeof sessionPolicySchema>;
export type LoggingConfig = z.output<typeof loggingSchema>;

export interface ConfigProblem {
  /** e.g. `vendors[1].kind` */
  path: string;
  message: string;
}

export type ConfigResult = { ok: true; config: ProxyConfig } | { ok: false; problems: ConfigProblem[] };

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** Validates raw (already env-interpolated) input; every problem names the field and the offending value. */
export function parseConfig(input: unknown): ConfigResult {
  const result = configSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  const problems = result.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const value = valueAt(input, issue.path);
    const shown =
      value === undefined ? 'is missing' : `got ${JSON.stringify(value)?.slice(0, 80) ?? String(value)}`;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys')
      message = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    const detail = issue.code === 'unrecognized_keys' || issue.code === 'custom' ? '' : ` (${shown})`;
    return { path, message: `${message}${detail}` };
  });
  return { ok: false, problems };
}
