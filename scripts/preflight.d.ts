// Types for scripts/preflight.js (plain JavaScript so that any Node can parse it).
/** package.json `engines.node` (">=X.Y[.Z]") as `[X, Y, Z]`. */
export function minimumNode(engines?: string): [number, number, number];
/** The one-line complaint for a Node older than the minimum, or undefined when it is new enough. */
/** The command that was run, to re-run with `npx -p node@N`: `npm start` inside npm, else `node <entry> <args>`. */
export function commandToRerun(env?: NodeJS.ProcessEnv, argv?: readonly string[]): string;
export function nodeVersionProblem(
  version?: string,
  minimum?: [number, number, number],
  rerun?: string,
): string | undefined;
export function exitIfNodeTooOld(): void;
