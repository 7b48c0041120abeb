import { homedir } from 'node:os';
import { join } from 'node:path';

/** `CODING_PROXY_HOME`, else the platform's per-user config location. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.CODING_PROXY_HOME) return env.CODING_PROXY_HOME;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'coding-proxy');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'coding-proxy');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'coding-proxy');
}
