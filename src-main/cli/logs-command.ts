// `coding-proxy logs [-f] [-n N]`: the log file of the proxy of this data dir, followed across rotations.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, defaultConfigPath, parseConfigText } from '../core/config/load-config.ts';
import { DEFAULT_LOG_FILE, logFilePath } from '../core/logging/log-file.ts';
import { LogFollower } from '../core/logging/log-follower.ts';
import { readLastLines } from '../core/logging/tail.ts';

/** `logging.file` from the data dir's config when it can be read, else the default file. */
export function configuredLogPath(dataDir: string, configPath?: string): string {
  const path = configPath ?? defaultConfigPath(dataDir);
  if (existsSync(path)) {
    try {
      return logFilePath(parseConfigText(readFileSync(path, 'utf8'), path).config.logging, dataDir);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
  }
  return logFilePath({ file: DEFAULT_LOG_FILE }, dataDir);
}

/** Prints what is appended to `path` until stopped, across rotations (core/logging/log-follower.ts). */
function follow(path: string, write: (text: string) => void): () => void {
  const follower = new LogFollower(path, write);
  const timer = setInterval(() => follower.poll(), 200);
  return () => {
    clearInterval(timer);
    follower.poll();
    follower.stop();
  };
}

export function registerLogsCommand(
  program: Command,
  deps: { resolveDataDir: (flag?: string) => string },
): void {
  program
    .command('logs')
    .description('print the log file (everything at the configured level; rotated files are <file>.N.gz)')
    .option('-n, --lines <n>', 'how many of the last lines (default 50)', Number)
    .option('-f, --follow', 'keep printing new lines until Ctrl+C')
    .option(
      '-c, --config <file>',
      'configuration file naming `logging.file` (default: <data-dir>/config.yaml)',
    )
    .option('--data-dir <dir>', 'the data directory')
    .action((options: { lines?: number; follow?: boolean; config?: string; dataDir?: string }) => {
      const dataDir = deps.resolveDataDir(options.dataDir);
      const path = configuredLogPath(dataDir, options.config);
      const count = Number.isFinite(options.lines) && (options.lines ?? 0) >= 0 ? (options.lines ?? 50) : 50;
      if (!existsSync(path) && !options.follow) {
        console.error(`No log file at ${path} yet: it is written once the proxy has started.`);
        process.exitCode = 1;
        return;
      }
      for (const line of readLastLines(path, count)) process.stdout.write(`${line}\n`);
      if (!options.follow) return;
      const stop = follow(path, (text) => process.stdout.write(text));
      console.error(existsSync(path) ? `Following ${path} (Ctrl+C to stop)…` : `Waiting for ${path}…`);
      const quit = () => {
        stop();
        process.exit(0);
      };
      process.on('SIGINT', quit);
      process.on('SIGTERM', quit);
    });
}
