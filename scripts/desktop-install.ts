// `npm run desktop:install`: fetches the Electron binary for the tray app now, with the installer's own output
// (npm start tries once per install and then stops asking). Honours Electron's variables: ELECTRON_MIRROR,
// ELECTRON_CUSTOM_DIR, electron_config_cache, HTTPS_PROXY.
import { resolve } from 'node:path';
import { electronBinary, electronVersion, fetchElectron, forgetFailure } from './electron-binary.ts';

const root = resolve(import.meta.dirname, '..');
const installed = electronBinary(root);
if (installed) {
  console.log(`Electron ${electronVersion(root)} is already installed (${installed}); \`npm start\` opens the tray app.`);
} else {
  forgetFailure(root);
  console.log(`Downloading Electron ${electronVersion(root) ?? ''}…`);
  const fetched = await fetchElectron(root, { show: true });
  if (fetched.binary) console.log(`Installed ${fetched.binary}; \`npm start\` now opens the tray app.`);
  else {
    console.error(
      `Electron could not be downloaded: ${fetched.reason}. Set HTTPS_PROXY or ELECTRON_MIRROR if GitHub is not reachable directly, then run \`npm run desktop:install\` again.`,
    );
    process.exitCode = 1;
  }
}
