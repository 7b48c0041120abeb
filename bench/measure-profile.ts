// Profile first: a fresh proxy child under `--cpu-prof`, driven by 64 concurrent streams (the throughput run's
// load), then its profile ranked by self time (bench/cpu-profile.ts). The raw profile stays in bench/profiles/.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatProfile, summariseProfile } from './cpu-profile.ts';
import { drainStream, runConcurrent, SMALL_STREAM_BODY } from './load-client.ts';
import { startBenchProxy, vendorTier } from './proxy-process.ts';

const PROFILE_DIR = resolve(import.meta.dirname, 'profiles');

export async function profileProxy(
  vendorUrl: string,
  streams = 4000,
  top = 15,
  concurrency = 64,
): Promise<string> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const started = Date.now();
  const proxy = await startBenchProxy({ vendors: [vendorTier('healthy', vendorUrl)] }, [
    '--cpu-prof',
    `--cpu-prof-dir=${PROFILE_DIR}`,
  ]);
  try {
    await runConcurrent(concurrency, streams, () => drainStream(proxy.url, SMALL_STREAM_BODY));
  } finally {
    await proxy.stop();
  }
  const written = readdirSync(PROFILE_DIR)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(PROFILE_DIR, name))
    .filter((path) => statSync(path).mtimeMs >= started)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!written) return '(no profile was written)';
  return `${formatProfile(summariseProfile(written, top))}\n(profile: ${written})`;
}
