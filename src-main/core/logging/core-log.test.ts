import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CoreEvent, RequestFinished } from '../../../src-shared/contract.ts';
import { TypedEmitter } from '../events.ts';
import { logEvents } from './core-log.ts';
import { LogFile } from './log-file.ts';

const REQUEST: RequestFinished = {
  requestKey: 'abcdef0123456789',
  servedBy: null,
  success: false,
  failoverFrom: null,
  durationMs: 2,
  modelRequested: 'claude-sonnet-4-5',
  modelServed: null,
  tokens: 0,
};

async function logged(requests: RequestFinished[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'core-log-'));
  try {
    const log = new LogFile({
      path: join(dir, 'coding-proxy.log'),
      level: 'info',
      maxBytes: 1 << 20,
      backups: 1,
    });
    const events = new TypedEmitter<CoreEvent>();
    logEvents(events, log);
    for (const request of requests) events.emit({ type: 'request-finished', request });
    await log.close();
    return readFileSync(join(dir, 'coding-proxy.log'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the request line of the log file', () => {
  it('says what the client was told when a request failed', async () => {
    const text = await logged([
      {
        ...REQUEST,
        status: 400,
        errorType: 'invalid_request_error',
        errorMessage: 'prompt is too long: 20571 tokens > 17600 maximum',
      },
      { ...REQUEST, requestKey: 'fedcba9876543210', status: 503 },
    ]);
    assert.match(
      text,
      /WARN {2}request abcdef01 claude-sonnet-4-5 via none: FAILED in 2 ms, 0 tokens — 400 invalid_request_error: prompt is too long: 20571 tokens > 17600 maximum\n/,
    );
    assert.match(text, /request fedcba98 claude-sonnet-4-5 via none: FAILED in 2 ms, 0 tokens — 503\n/);
  });

  it('keeps a served request to its short line', async () => {
    const text = await logged([
      { ...REQUEST, success: true, servedBy: 'glm', modelServed: 'glm-5.2', status: 200 },
    ]);
    assert.match(
      text,
      /INFO {2}request abcdef01 claude-sonnet-4-5 via glm \(glm-5.2\): ok in 2 ms, 0 tokens\n/,
    );
  });
});
