// Types for scripts/preflight.js (plain JavaScript so that any Node can parse it).
/** package.json `engines.node` (">=X.Y[.Z]") as `[X, Y, Z]`. */
export function minimumNode(engines?: string): [number, number, number];
/** The one-line complaint for a Node older than the minimum, or undefined when it is new enough. */
export function nodeVersionProblem(version?: string, minimum?: [number, number, number]): string | undefined;
export function exitIfNodeTooOld(): void;
