// Why `start` could not listen: which coding-proxy holds the port (version and pid from its /health, data dir from
// the instance registry), or that another program does.
import { resolve } from 'node:path';
import { listInstances } from './instance-registry.ts';

interface HealthAnswer {
  service?: string;
  version?: string;
  pid?: number;
}

async function askHealth(port: number): Promise<HealthAnswer | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1500) });
    return (await response.json()) as HealthAnswer;
  } catch {
    return undefined;
  }
}

export async function describePortHolder(
  port: number,
  defaultDataDir: string,
  dataDir: string,
): Promise<string> {
  const health = await askHealth(port);
  const registered = listInstances(defaultDataDir).find((instance) => instance.port === port);
  if (health?.service !== 'coding-proxy' && !registered) {
    return `port ${port} is in use by another program (not coding-proxy) — start on another port with -p <port> or set server.port in the config`;
  }
  const version = health?.version ? ` ${health.version}` : '';
  const pid = health?.pid ?? registered?.pid;
  const where = registered
    ? resolve(registered.dataDir) === resolve(dataDir)
      ? `same data dir ${registered.dataDir}`
      : `data dir ${registered.dataDir}`
    : 'another data dir';
  const stopIt = pid ? `; \`kill ${pid}\` stops it` : '';
  return `coding-proxy${version} is already running on port ${port} (${pid ? `pid ${pid}, ` : ''}${where}${stopIt}) — stop it first, or start this one on another port with -p <port>`;
}
