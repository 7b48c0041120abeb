// Reads a V8 `.cpuprofile` (node --cpu-prof) and ranks where the time went by self time: per function (with its
// source file, mapped back through the bundle's source map) and per source file. Idle time is left out, so the
// percentages are of the time the process was busy.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  /** Share of the busy (non-idle) time. */
  percent: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  byFunction: ProfileEntry[];
  byFile: ProfileEntry[];
}

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceLocator(): (frame: CallFrame) => string {
  const maps = new Map<string, SourceMap | null>();
  const mapFor = (url: string): SourceMap | null => {
    if (!maps.has(url)) {
      let map: SourceMap | null = null;
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
      } catch {
        map = null;
      }
      maps.set(url, map);
    }
    return maps.get(url) ?? null;
  };
  return (frame) => {
    const { url } = frame;
    if (!url) return '';
    if (!url.startsWith('file:')) return url.replace(/^node:internal\//, 'node:');
    const map = mapFor(url);
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      const source = entry.originalSource.startsWith('file:')
        ? fileURLToPath(entry.originalSource)
        : resolve(dirname(fileURLToPath(url)), entry.originalSource);
      const file = source.includes('node_modules/')
        ? `${source.slice(source.lastIndexOf('node_modules/') + 13)}`
        : relative(root, source);
      return `${file}:${entry.originalLine + 1}`;
    }
    return basename(fileURLToPath(url));
  };
}

const rank = (totals: Map<string, number>, busy: number, top: number): ProfileEntry[] =>
  [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: us / 1000, percent: (100 * us) / busy }));

export function summariseProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const locate = sourceLocator();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i + 1] is the time until the next sample: the time spent where sample i was taken.
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const where = locate(frame);
    const fn = frame.functionName || '(anonymous)';
    const key = where ? `${fn}  ${where}` : fn;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const file = where ? where.replace(/:\d+$/, '') : fn;
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    byFunction: rank(byFunction, busy, top),
    byFile: rank(byFile, busy, top),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const lines = [
    `busy ${Math.round(summary.busyMs)} ms, idle ${Math.round(summary.idleMs)} ms (percentages are of busy time)`,
    'self time by function:',
    ...summary.byFunction.map((e) => `  ${e.percent.toFixed(1).padStart(5)} %  ${e.name}`),
    'self time by file:',
    ...summary.byFile.map((e) => `  ${e.percent.toFixed(1).padStart(5)} %  ${e.name}`),
  ];
  return lines.join('\n');
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node bench/cpu-profile.ts <file.cpuprofile>');
  console.log(formatProfile(summariseProfile(file, Number(process.argv[3] ?? 15))));
}
