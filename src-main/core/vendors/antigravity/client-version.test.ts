import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFakeServer } from '../../auth/fake-http-server.test-support.ts';
import { ANTIGRAVITY_VERSION_FLOOR, createClientVersion, newerVersion } from './client-version.ts';

async function settled(version: { refresh(): Promise<void> }) {
  await version.refresh();
}

describe('Antigravity client version', () => {
  it('announces the manifest’s version once read, and the floor until then', async () => {
    const server = await startFakeServer({
      '/latest-arm64-mac.yml': () => ({ status: 200, body: 'version: 3.4.0\nreleaseDate: x\n' }),
    });
    try {
      const version = createClientVersion({
        manifestUrl: `${server.url}/latest-arm64-mac.yml`,
        now: () => 0,
        enabled: true,
      });
      assert.equal(version.current(), ANTIGRAVITY_VERSION_FLOOR);
      await settled(version);
      assert.equal(version.userAgent(), 'antigravity/hub/3.4.0 darwin/arm64');
      assert.equal(version.problem(), undefined);
      assert.equal(server.calls('/latest-arm64-mac.yml')[0]?.headers['user-agent'], 'electron-builder');
      version.close();
    } finally {
      await server.close();
    }
  });

  it('never announces less than the floor, and keeps the floor when the manifest is unusable', async () => {
    let answer: { status: number; body: string } = { status: 200, body: 'version: 1.2.0\n' };
    const server = await startFakeServer({ '/m.yml': () => answer });
    try {
      const version = createClientVersion({
        manifestUrl: `${server.url}/m.yml`,
        now: () => 0,
        enabled: true,
      });
      await settled(version);
      assert.equal(version.current(), ANTIGRAVITY_VERSION_FLOOR);
      answer = { status: 200, body: 'version: latest\n' };
      await version.refresh();
      assert.equal(version.current(), ANTIGRAVITY_VERSION_FLOOR);
      assert.match(version.problem() ?? '', /no usable version/);
      answer = { status: 503, body: 'down' };
      await version.refresh();
      assert.match(version.problem() ?? '', /HTTP 503/);
      version.close();
    } finally {
      await server.close();
    }
  });

  it('reads the manifest again only when the cache is stale, never on each request', async () => {
    let time = 0;
    const server = await startFakeServer({ '/m.yml': () => ({ status: 200, body: 'version: 3.0.0\n' }) });
    try {
      const version = createClientVersion({
        manifestUrl: `${server.url}/m.yml`,
        now: () => time,
        enabled: true,
      });
      await settled(version);
      for (let i = 0; i < 5; i++) version.current();
      assert.equal(server.calls('/m.yml').length, 1);
      time += 6 * 60 * 60_000;
      version.current();
      await version.refresh();
      assert.equal(server.calls('/m.yml').length, 2);
      version.close();
    } finally {
      await server.close();
    }
  });

  it('reads nothing when disabled (a tier pointed at a gateway)', async () => {
    const version = createClientVersion({
      manifestUrl: 'http://127.0.0.1:9/never',
      now: () => 0,
      enabled: false,
    });
    await version.refresh();
    assert.equal(version.current(), ANTIGRAVITY_VERSION_FLOOR);
    assert.equal(version.problem(), undefined);
  });

  it('compares dotted versions numerically', () => {
    assert.equal(newerVersion('2.10.0', '2.9.1'), '2.10.0');
    assert.equal(newerVersion('2.9.1', '3.0.0'), '3.0.0');
  });
});
