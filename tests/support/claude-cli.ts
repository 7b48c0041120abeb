// The real Claude Code CLI as the end-to-end tests run it: isolated in a temporary HOME, pointed at the proxy.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const CLAUDE = resolve(import.meta.dirname, '../../node_modules/.bin/claude');

/** Runs a command with stdin closed (Claude Code waits for piped input otherwise) and collects its output. */
export function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

/** The environment our users give Claude Code, isolated in a temporary HOME and pointed at the proxy. */
export function claudeEnv(home: string, baseUrl: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test-client-key',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    // An expected error fails at once instead of retrying for minutes.
    CLAUDE_CODE_MAX_RETRIES: '0',
  };
}
