// Control commands of issue 15 (`SessionCommands`): sessions and their runtime bindings, the log tail. Spread into
// handlers.ts in one line, schemas included. A session's requests are the request log's own
// (`listRequests { sessionKey }`, activity-handlers.ts), so both views show one request the same way.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { SessionCommands, SessionView } from '../../../src-shared/contract.ts';
import type { CoreContext } from '../core-context.ts';
import { readLastLines } from '../logging/tail.ts';
import { effectiveOrder, matchPolicy } from '../sessions/session-policy.ts';
import { ControlError } from './control-error.ts';

export type SessionHandlers = {
  [C in keyof SessionCommands]: (
    request: SessionCommands[C]['request'],
  ) => Promise<SessionCommands[C]['response']>;
};

export type ListSessionsResponse = SessionCommands['listSessions']['response'];

const sessionKey = z.string().min(1, 'a session key is required').max(200);

export const SESSION_REQUEST_SCHEMAS: {
  [C in keyof SessionCommands]: z.ZodType<SessionCommands[C]['request']>;
} = {
  listSessions: z
    .object({
      hours: z
        .number()
        .positive()
        .max(24 * 90)
        .optional(),
      limit: z.number().int().positive().max(500).optional(),
    })
    .strict(),
  bindSession: z
    .object({ sessionKey, tiers: z.array(z.string().min(1)).min(1, 'name at least one tier') })
    .strict(),
  unbindSession: z.object({ sessionKey }).strict(),
  readLogs: z.object({ lines: z.number().int().positive().max(5000).optional() }).strict(),
};

function routing(core: CoreContext) {
  if (!core.sessions) throw new ControlError('internal', 'session routing is not available in this core');
  return core.sessions;
}

export function createSessionHandlers(core: CoreContext): SessionHandlers {
  const chain = core.router.chain;
  return {
    async listSessions(request) {
      const hours = request.hours ?? 24;
      const sessions = routing(core);
      const reader = core.usage?.sessions;
      const rows = reader?.list({ hours, limit: request.limit ?? 100 }) ?? [];
      const views: SessionView[] = rows.map((row) => {
        const policy = matchPolicy(sessions.policies(), {
          sessionKey: row.sessionKey,
          title: row.title,
          clientCategory: row.clientCategory,
        });
        return {
          sessionKey: row.sessionKey,
          title: row.title,
          firstSeen: row.firstSeen,
          lastSeen: row.lastSeen,
          requests: row.requests,
          failedRequests: row.requests - row.servedRequests,
          inputTokens: row.inputTokens,
          outputTokens: row.outputTokens,
          cacheCreationTokens: row.cacheCreationTokens,
          cacheReadTokens: row.cacheReadTokens,
          models: row.models,
          vendors: row.vendors,
          avgDurationMs: row.avgDurationMs,
          successRate: row.requests ? Math.round((row.servedRequests / row.requests) * 1000) / 10 : null,
          clientCategory: row.clientCategory,
          binding: sessions.bindings.get(row.sessionKey) ?? null,
          policy: policy?.name ?? null,
        };
      });
      return {
        hours,
        sessions: views,
        bindings: sessions.bindings.list(),
        categories: reader?.categories(hours) ?? [],
      };
    },
    async bindSession(request) {
      const known = new Set(chain.order);
      const unknown = request.tiers.filter((name) => !known.has(name));
      if (unknown.length)
        throw new ControlError(
          'invalid_request',
          `unknown tier(s): ${unknown.join(', ')} (known: ${chain.order.join(', ')}); nothing was changed`,
        );
      if (new Set(request.tiers).size !== request.tiers.length)
        throw new ControlError('invalid_request', 'a tier is listed twice; nothing was changed');
      const binding = routing(core).bindings.bind(request.sessionKey, request.tiers);
      core.events.emit({ type: 'session-binding-changed', sessionKey: request.sessionKey, binding });
      return { ok: true, binding, order: effectiveOrder(chain.order, binding.tiers) };
    },
    async unbindSession(request) {
      if (!routing(core).bindings.unbind(request.sessionKey))
        throw new ControlError('not_found', `session "${request.sessionKey}" has no binding`);
      core.events.emit({ type: 'session-binding-changed', sessionKey: request.sessionKey, binding: null });
      return { ok: true };
    },
    async readLogs(request) {
      const logs = core.logs;
      if (!logs) throw new ControlError('not_found', 'this core writes no log file');
      return {
        path: logs.path,
        exists: existsSync(logs.path),
        level: logs.level,
        lines: readLastLines(logs.path, request.lines ?? 200),
      };
    },
  };
}
