// Which web permissions the dashboard gets. Electron grants every permission (camera, microphone, geolocation,
// notifications, MIDI, HID, serial, fullscreen, pointer lock…) to any page when the app sets no handler, so the
// app says exactly what it needs: the dashboard copies text (the base URL export line and device-flow codes,
// `navigator.clipboard.writeText`), nothing else, and only its own pages get even that.
import { type DashboardOrigin, isAllowedSender } from './ipc-channels.ts';

/** Permissions the dashboard uses, with the code that needs each. */
export const DASHBOARD_PERMISSIONS: ReadonlySet<string> = new Set([
  // src-renderer/views/ConnectView.tsx and SignInPanel.tsx: copy buttons.
  'clipboard-sanitized-write',
]);

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  origin: DashboardOrigin,
): boolean {
  return DASHBOARD_PERMISSIONS.has(permission) && isAllowedSender(requestingUrl, origin);
}
