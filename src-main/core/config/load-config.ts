import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type ConfigProblem, type ProxyConfig, parseConfig } from '../../../src-shared/config-schema.ts';
import { DEFAULT_CONFIG_YAML } from './default-config.ts';
import { describeMissing, misplacedReferences, unresolvedReferences } from './secret-refs.ts';

export interface LoadedConfig {
  config: ProxyConfig;
  path: string;
  warnings: string[];
  created: boolean;
}

/** A config file that cannot be used; the message names the file, each field and each bad value. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(path: string, problems: ConfigProblem[]) {
    super(
      `${path} is not a valid configuration:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function defaultConfigPath(dataDir: string): string {
  return join(dataDir, 'config.yaml');
}

export function parseConfigText(
  text: string,
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Omit<LoadedConfig, 'created'> {
  let raw: unknown;
  try {
    raw = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(path, [
      { path: '(file)', message: `cannot be parsed: ${(error as Error).message}` },
    ]);
  }
  if (raw === null || raw === undefined) raw = {};
  const checked = checkRawConfig(raw, env);
  if (!checked.ok) throw new ConfigError(path, checked.problems);
  return { config: checked.config, path, warnings: checked.warnings };
}

export type RawConfigCheck =
  | { ok: true; config: ProxyConfig; warnings: string[] }
  | { ok: false; problems: ConfigProblem[] };

/**
 * Validates raw configuration input (a file, the desktop store, a dashboard edit). `${VAR}` and `keychain:`
 * references stay in the result as written — they are resolved only for each vendor's forwarder (secret-refs.ts);
 * the warnings name the variables of enabled vendors that are not set.
 */
export function checkRawConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): RawConfigCheck {
  const misplaced = misplacedReferences(raw);
  if (misplaced.length) return { ok: false, problems: misplaced };
  const result = parseConfig(raw);
  if (!result.ok) return { ok: false, problems: result.problems };
  const warnings = unresolvedReferences(result.config, { env })
    .filter((missing) => !missing.variable.startsWith('keychain:'))
    .map(describeMissing);
  return { ok: true, config: result.config, warnings };
}

/**
 * Loads `path`, or `<dataDir>/config.yaml` when no path is given — creating that default file with commented
 * defaults on first run. An explicitly named file that does not exist is an error, never silent defaults.
 */
export function loadConfig(options: {
  path?: string;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}): LoadedConfig {
  const path = options.path ?? defaultConfigPath(options.dataDir);
  let created = false;
  if (!existsSync(path)) {
    if (options.path) throw new ConfigError(path, [{ path: '(file)', message: 'does not exist' }]);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, DEFAULT_CONFIG_YAML, { mode: 0o600 });
    created = true;
  }
  const text = readFileSync(path, 'utf8');
  return { ...parseConfigText(text, path, options.env), created };
}
