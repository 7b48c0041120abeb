import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { defaultDataDir } from '../core/config/data-dir.ts';
import type { ProxyConfig } from '../../src-shared/config-schema.ts';
import { ConfigError, defaultConfigPath, parseConfigText } from '../core/config/load-config.ts';
import { VERSION } from '../core/start-core.ts';
import { registerAuthCommand } from './auth-command.ts';
import { registerControlCommands } from './control-commands.ts';
import { registerLogsCommand } from './logs-command.ts';
import { registerSessionCommand } from './session-command.ts';
import { registerStartCommand } from './start-command.ts';
import { registerUsageCommand } from './usage-command.ts';

const resolveDataDir = (flag?: string) => flag ?? defaultDataDir();

export function buildProgram(): Command {
  const program = new Command('coding-proxy')
    .description('Keeps Claude Code working when its vendor fails: a local proxy with N-tier failover.')
    .version(VERSION);
  registerStartCommand(program, { resolveDataDir });
  registerControlCommands(program, { resolveDataDir });
  registerUsageCommand(program, {
    resolveDataDir,
    // Prices from the user's config when it can be read; the shipped table otherwise.
    loadPricing: (dataDir) => {
      const path = defaultConfigPath(dataDir);
      if (!existsSync(path)) return { overrides: [], vendorKinds: {} };
      let config: ProxyConfig;
      try {
        ({ config } = parseConfigText(readFileSync(path, 'utf8'), path));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        process.stderr.write(`warning: ${error.message}\nCosts use the shipped price table only.\n`);
        return { overrides: [], vendorKinds: {} };
      }
      return {
        overrides: config.pricing,
        vendorKinds: Object.fromEntries(config.vendors.map((vendor) => [vendor.name, vendor.kind])),
      };
    },
  });
  registerAuthCommand(program, { resolveDataDir });
  registerSessionCommand(program, { resolveDataDir });
  registerLogsCommand(program, { resolveDataDir });
  return program;
}

await buildProgram().parseAsync(process.argv);
