// What a click on the tray icon does. A click opens the popover (the compact dashboard next to the icon, as
// menu-bar apps do); a right click opens the menu, which has "Open dashboard" for the full window; a double click
// opens the full window. Configurable in settings: some users want the menu (the old macOS default) or the full
// window (Windows users coming from cc-switch #1784) on a plain click.
// Linux is special: AppIndicator trays (GNOME, Ubuntu) show only an attached menu and send no clicks, so the menu
// is always attached there; desktops that do send a click (KDE, XFCE) still get the popover.

export type ClickSetting = 'auto' | 'menu' | 'dashboard' | 'popover';
export type ClickTarget = 'menu' | 'dashboard' | 'popover';
export type TrayButton = 'left' | 'right' | 'double';

export function defaultLeftClick(_platform: NodeJS.Platform): ClickTarget {
  return 'popover';
}

export function leftClickTarget(platform: NodeJS.Platform, setting: ClickSetting): ClickTarget {
  return setting === 'auto' ? defaultLeftClick(platform) : setting;
}

export interface TrayClickPlan {
  /**
   * Attach the menu with `tray.setContextMenu`. Needed on Linux (see above); on macOS it makes a left click open
   * the menu natively, so it is attached there only when that is what the left click should do. Elsewhere the
   * glue opens the menu itself with `tray.popUpContextMenu()` so a left click can do something else.
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
