// What the CLI reads from a running proxy's answers, checked before it prints anything: a proxy of another version
// (or a program that got past everything else) gets one readable sentence, never "Cannot read properties of
// undefined". Loose objects: fields the CLI does not read may come and go between versions.
import { z } from 'zod';
import type { CommandName } from '../../src-shared/contract.ts';

const tier = z.looseObject({
  name: z.string(),
  kind: z.string(),
  enabled: z.boolean(),
  circuit: z.looseObject({ state: z.string(), failures: z.number(), retryAt: z.number().optional() }),
  quota: z.array(
    z.looseObject({
      windowHours: z.number(),
      usedTokens: z.number(),
      tokenBudget: z.number().nullish(),
      percent: z.number().nullish(),
      state: z.string(),
    }),
  ),
  lastError: z.looseObject({ message: z.string(), at: z.number() }).optional(),
  signInNeeded: z.string().optional(),
  contextSkip: z.looseObject({ reason: z.string(), at: z.number() }).optional(),
});

const binding = z.looseObject({ tiers: z.array(z.string()), expiresAt: z.number() });

const session = z.looseObject({
  sessionKey: z.string(),
  title: z.string(),
  lastSeen: z.string(),
  requests: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheCreationTokens: z.number(),
  cacheReadTokens: z.number(),
  vendors: z.array(z.string()),
  avgDurationMs: z.number().nullable(),
  successRate: z.number().nullable(),
  binding: binding.nullable(),
  policy: z.string().nullable(),
});

const ANSWERS: Partial<Record<CommandName, z.ZodType>> = {
  status: z.looseObject({
    version: z.string(),
    baseUrl: z.string(),
    activeTier: z.string().nullable(),
    tiers: z.array(tier),
    ledgerProblem: z.string().optional(),
  }),
  reset: z.looseObject({ ok: z.literal(true) }),
  listSessions: z.looseObject({ hours: z.number(), sessions: z.array(session) }),
  bindSession: z.looseObject({ ok: z.literal(true), binding, order: z.array(z.string()) }),
  unbindSession: z.looseObject({ ok: z.literal(true) }),
};

/** Where `body` is not what `command` answers (`tiers.0.circuit: …`), or undefined when the CLI can read it. */
export function answerProblem(command: CommandName, body: unknown): string | undefined {
  const schema = ANSWERS[command];
  if (!schema) return body !== null && typeof body === 'object' ? undefined : 'not a JSON object';
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  return `${path ? `${path}: ` : ''}${issue?.message ?? 'not the expected shape'}`;
}
