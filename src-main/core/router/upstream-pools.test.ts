import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamPools } from './upstream-pools.ts';

const tier = (name: string) => ({ name, adapter: { config: { connectTimeoutMs: 1000 } } });

describe('UpstreamPools', () => {
  it('keeps one pool per tier until the tier is forgotten', async () => {
    const pools = new UpstreamPools();
    const first = pools.agentFor(tier('a'));
    assert.equal(pools.agentFor(tier('a')), first);
    assert.notEqual(pools.agentFor(tier('b')), first);
    pools.forget('a');
    assert.equal(pools.size, 1);
    assert.notEqual(pools.agentFor(tier('a')), first, 'a rebuilt tier gets a fresh pool');
    await pools.close();
    assert.equal(pools.size, 0);
    assert.equal(first.closed, true);
  });
});
