// The first thing `npm start`, `npm test` and `bin/coding-proxy.js` run: plain JavaScript that any Node can parse,
// so an older Node gets one line saying what to install instead of a stack trace from a `.ts` file.
// The minimum comes from package.json `engines.node`, the one place it is written down.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** `">=22.19"` → `[22, 19, 0]`. */
export function minimumNode(engines = packageJson.engines.node) {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(engines.trim());
  if (!match) throw new Error(`package.json engines.node must read ">=X.Y" (it reads "${engines}")`);
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)];
}

/**
 * The command that was run, as one to hand to `npx -p node@<major>`: `npm start` / `npm test` (or `npm run X`)
 * inside an npm script, otherwise (npx included) `node <this entry point> <arguments>`.
 */
export function commandToRerun(env = process.env, argv = process.argv) {
  // `pretest` (the build before the tests) stands for `npm test`.
  const event = env.npm_lifecycle_event?.replace(/^(?:pre|post)(start|test)$/, '$1');
  const quote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  // Under npx (`npm_lifecycle_event` is `npx`) the entry point's own path is what runs again: a nested npx would
  // look for the package in the outer one's install.
  if (event && event !== 'npx') return event === 'start' || event === 'test' ? `npm ${event}` : `npm run ${event}`;
  return ['node', ...argv.slice(1)].map(quote).join(' ');
}

/** The one-line complaint for a Node older than the minimum, or undefined when it is new enough. */
export function nodeVersionProblem(version = process.versions.node, minimum = minimumNode(), rerun = commandToRerun()) {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] || 0) > minimum[i]) return undefined;
    if ((parts[i] || 0) < minimum[i]) {
      const wanted = minimum[2] ? minimum.join('.') : `${minimum[0]}.${minimum[1]}`;
      // npm can fetch a Node of the right major for one run (the npm package `node@N` carries the binary).
      return (
        `coding-proxy needs Node.js ${wanted} or newer, this is ${version}: ` +
        `install the current LTS from https://nodejs.org (or \`nvm install --lts\`) and run the command again, ` +
        `or run it once with Node ${minimum[0]} from npm: \`npx -y -p node@${minimum[0]} ${rerun}\``
      );
    }
  }
  return undefined;
}

export function exitIfNodeTooOld() {
  const problem = nodeVersionProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) exitIfNodeTooOld();
