// Launch at login, per platform. Electron's `app.setLoginItemSettings` works on macOS and Windows only; on
// Linux we write an XDG autostart entry instead (what CCR lacks). Started at login, the app comes up hidden:
// tray only, no dashboard window.
import { join } from 'node:path';
import { PRODUCT_NAME } from './app-identity.ts';

export const HIDDEN_ARG = '--hidden';

/** The subset of Electron's `Settings` for `app.setLoginItemSettings` that we use (structurally compatible). */
export interface LoginItemSettings {
  openAtLogin: boolean;
  path?: string;
  args?: string[];
  enabled?: boolean;
}

/** Settings for `app.setLoginItemSettings`, or null on platforms where Electron does not support it. */
export function loginItemSettings(options: {
  platform: NodeJS.Platform;
  openAtLogin: boolean;
  execPath: string;
}): LoginItemSettings | null {
  if (options.platform === 'darwin') {
    // macOS has no launch arguments for login items: the app asks `wasOpenedAtLogin` instead (see startedHidden).
    return { openAtLogin: options.openAtLogin };
  }
  if (options.platform === 'win32') {
    return {
      openAtLogin: options.openAtLogin,
      path: options.execPath,
      args: [HIDDEN_ARG],
      enabled: options.openAtLogin,
    };
  }
  return null;
}

/** Whether this launch came from the login item (so no window opens). */
export function startedHidden(argv: ReadonlyArray<string>, wasOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_ARG) || wasOpenedAtLogin;
}

export interface AutostartFile {
  path: string;
  contents: string;
}

/** An XDG autostart entry (`~/.config/autostart/*.desktop`) for Linux desktops. */
export function linuxAutostartFile(options: {
  execPath: string;
  home: string;
  xdgConfigHome?: string;
}): AutostartFile {
  const dir = join(options.xdgConfigHome || join(options.home, '.config'), 'autostart');
  // Desktop Entry Exec values quote arguments containing spaces with double quotes, escaping " ` $ and \.
  const exec = /[\s"`$\\]/.test(options.execPath)
    ? `"${options.execPath.replace(/(["`$\\])/g, '\\$1')}"`
    : options.execPath;
  const contents = [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${PRODUCT_NAME}`,
    'Comment=Local Anthropic-compatible proxy with tier failover for Claude Code',
    `Exec=${exec} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  return { path: join(dir, `${PRODUCT_NAME}.desktop`), contents };
}
