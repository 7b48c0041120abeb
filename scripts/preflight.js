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

/** The one-line complaint for a Node older than the minimum, or undefined when it is new enough. */
export function nodeVersionProblem(version = process.versions.node, minimum = minimumNode()) {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] || 0) > minimum[i]) return undefined;
    if ((parts[i] || 0) < minimum[i]) {
      const wanted = minimum[2] ? minimum.join('.') : `${minimum[0]}.${minimum[1]}`;
      return (
        `coding-proxy needs Node.js ${wanted} or newer, this is ${version}: ` +
        `install the current LTS from https://nodejs.org (or \`nvm install --lts\`) and run the command again.`
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
