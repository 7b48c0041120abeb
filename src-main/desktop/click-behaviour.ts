// What a click on the tray icon does. macOS convention: a click opens the menu. Windows users expect a left
// click to open the main window (cc-switch #1784 and its duplicates), and most Linux desktops follow Windows.
// A right click always opens the menu; a double click always opens the dashboard. Configurable in settings.

export type ClickSetting = 'auto' | 'menu' | 'dashboard';
export type ClickTarget = 'menu' | 'dashboard';
export type TrayButton = 'left' | 'right' | 'double';

export function defaultLeftClick(platform: NodeJS.Platform): ClickTarget {
  return platform === 'darwin' ? 'menu' : 'dashboard';
}

export function leftClickTarget(platform: NodeJS.Platform, setting: ClickSetting): ClickTarget {
  return setting === 'auto' ? defaultLeftClick(platform) : setting;
}

export interface TrayClickPlan {
  /**
   * Attach the menu with `tray.setContextMenu`. Needed on Linux, where AppIndicator trays show only an attached
   * menu and emit no click events; on macOS that makes a left click open the menu natively. Elsewhere the glue
   * opens the menu itself with `tray.popUpContextMenu()` so a left click can do something else.
   */
  attachContextMenu: boolean;
  onLeft: ClickTarget;
  onRight: ClickTarget;
  onDouble: ClickTarget;
}

export function planTrayClicks(platform: NodeJS.Platform, setting: ClickSetting): TrayClickPlan {
  const onLeft = leftClickTarget(platform, setting);
  const attachContextMenu = platform === 'linux' || (platform === 'darwin' && onLeft === 'menu');
  return { attachContextMenu, onLeft, onRight: 'menu', onDouble: 'dashboard' };
}

/** What the glue does for one tray event; `none` when the attached menu already handles it natively. */
export function clickAction(plan: TrayClickPlan, button: TrayButton): ClickTarget | 'none' {
  const target = button === 'left' ? plan.onLeft : button === 'right' ? plan.onRight : plan.onDouble;
  if (plan.attachContextMenu && target === 'menu') return 'none';
  return target;
}
