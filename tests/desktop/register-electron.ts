// Preloaded into the app process (`node --import ./tests/desktop/register-electron.ts <app folder>`): from here
// on, `electron` (and `electron/main`) resolve to the stand-in. Everything else resolves as usual, so the app runs
// from its own bundle exactly as shipped.
import { register } from 'node:module';

register(new URL('./electron-resolve-hook.ts', import.meta.url), {
  data: { standIn: new URL('./stand-in/index.ts', import.meta.url).href },
});
