import type { Command } from 'commander';
import { disabledPromotedNote, formatStatus, formatTierOrder } from './status-format.ts';
import { callRunning } from './control-client.ts';
import { runningTarget } from './running-instance.ts';

function fail(error: unknown): void {
  console.error(`coding-proxy: ${(error as Error).message}`);
  process.exitCode = 1;
}

export function registerControlCommands(
  program: Command,
  deps: { resolveDataDir: (flag?: string) => string },
): void {
  program
    .command('status')
    .description('show the tiers of the running proxy: breakers, quotas, which one is serving')
    .option('-p, --port <port>', 'port of the running proxy (default: the running one, else from the config)')
    .option(
      '--data-dir <dir>',
      'data dir of the running proxy (its control token; found by itself when omitted)',
    )
    .option('--json', 'print the raw status JSON')
    .action(async (options: { port?: string; dataDir?: string; json?: boolean }) => {
      try {
        const status = await callRunning(runningTarget(options, deps.resolveDataDir), 'status', {});
        console.log(options.json ? JSON.stringify(status, null, 2) : formatStatus(status));
      } catch (error) {
        fail(error);
      }
    });

  program
    .command('reset')
    .description('close every breaker and clear every quota guard; with -v, also put those tiers first')
    .option('-p, --port <port>', 'port of the running proxy (default: the running one, else from the config)')
    .option(
      '--data-dir <dir>',
      'data dir of the running proxy (its control token; found by itself when omitted)',
    )
    .option('-v, --vendor <names>', 'comma-separated tiers to move to the front, in that order')
    .action(async (options: { port?: string; dataDir?: string; vendor?: string }) => {
      try {
        const tiers = options.vendor
          ?.split(',')
          .map((name) => name.trim())
          .filter(Boolean);
        const target = runningTarget(options, deps.resolveDataDir);
        await callRunning(target, 'reset', tiers?.length ? { tiers } : {});
        const { tiers: statuses } = await callRunning(target, 'status', {});
        console.log('All breakers and quota guards reset.');
        console.log(`Tier order: ${formatTierOrder(statuses)}`);
        const note = disabledPromotedNote(statuses, tiers ?? []);
        if (note) console.log(note);
      } catch (error) {
        fail(error);
      }
    });
}
