import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  claudeSettingsPath,
  claudeSettingsStatus,
  connectClaudeCode,
  restoreClaudeCode,
} from './claude-settings.ts';

const PROXY = 'http://127.0.0.1:8046';
let home: string;
const options = () => ({ home, proxyUrl: PROXY, now: () => Date.parse('2026-11-26T10:00:00Z') });
const settingsFile = () => claudeSettingsPath(home);
const readJson = () => JSON.parse(readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
const writeSettings = (value: unknown) => {
  mkdirSync(join(home, '.claude'), { recursive: true });
  writeFileSync(settingsFile(), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
};

describe('Claude Code settings', () => {
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'claude-home-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('reports a missing settings file as not connected', () => {
    const status = claudeSettingsStatus(options());
    assert.equal(status.exists, false);
    assert.equal(status.connected, false);
    assert.equal(status.backupPath, null);
  });

  it('connects by adding env.ANTHROPIC_BASE_URL and keeps every other setting', () => {
    writeSettings({ model: 'opus', env: { FOO: 'bar', ANTHROPIC_BASE_URL: 'https://old.example' } });
    const status = connectClaudeCode(options());
    assert.equal(status.connected, true);
    assert.ok(status.backupPath);
    assert.deepEqual(readJson(), { model: 'opus', env: { FOO: 'bar', ANTHROPIC_BASE_URL: PROXY } });
  });

  it('restores the previous URL but keeps changes the user made while connected', () => {
    writeSettings({ env: { ANTHROPIC_BASE_URL: 'https://old.example' } });
    connectClaudeCode(options());
    writeSettings({ ...readJson(), permissions: { allow: ['Bash'] } });
    const status = restoreClaudeCode(options());
    assert.equal(status.connected, false);
    assert.equal(status.backupPath, null);
    assert.deepEqual(readJson(), {
      env: { ANTHROPIC_BASE_URL: 'https://old.example' },
      permissions: { allow: ['Bash'] },
    });
  });

  it('keeps the first backup when connecting twice, so restore still goes back to the original', () => {
    writeSettings({ env: { ANTHROPIC_BASE_URL: 'https://old.example' } });
    connectClaudeCode(options());
    connectClaudeCode(options());
    restoreClaudeCode(options());
    assert.deepEqual(readJson(), { env: { ANTHROPIC_BASE_URL: 'https://old.example' } });
  });

  it('creates the file when there was none and removes it again on restore', () => {
    connectClaudeCode(options());
    assert.deepEqual(readJson(), { env: { ANTHROPIC_BASE_URL: PROXY } });
    restoreClaudeCode(options());
    assert.equal(existsSync(settingsFile()), false);
  });

  it('removes only our key when there was no URL before, leaving no empty env behind', () => {
    writeSettings({ model: 'sonnet' });
    connectClaudeCode(options());
    restoreClaudeCode(options());
    assert.deepEqual(readJson(), { model: 'sonnet' });
  });

  it('refuses to touch a file that is not JSON and says why', () => {
    writeSettings('{ "model": "opus", ');
    assert.match(claudeSettingsStatus(options()).problem ?? '', /not valid JSON/);
    assert.throws(() => connectClaudeCode(options()), /not valid JSON/);
    assert.equal(readFileSync(settingsFile(), 'utf8'), '{ "model": "opus", ');
  });

  it('treats a trailing slash as the same proxy URL', () => {
    writeSettings({ env: { ANTHROPIC_BASE_URL: `${PROXY}/` } });
    assert.equal(claudeSettingsStatus(options()).connected, true);
  });

  it('does nothing on restore without a backup', () => {
    writeSettings({ env: { ANTHROPIC_BASE_URL: 'https://mine.example' } });
    restoreClaudeCode(options());
    assert.deepEqual(readJson(), { env: { ANTHROPIC_BASE_URL: 'https://mine.example' } });
  });
});
