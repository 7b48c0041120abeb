// The module-resolution hook behind register-electron.ts (runs on Node's loader thread).
import type { ResolveHook } from 'node:module';

let standIn = '';

export function initialize(data: { standIn: string }): void {
  standIn = data.standIn;
}

export const resolve: ResolveHook = (specifier, context, next) => {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: standIn, shortCircuit: true };
  return next(specifier, context);
};
