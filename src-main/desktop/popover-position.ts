// Where the tray popover goes: next to the tray icon, on the side facing the screen (below a top menu bar or
// panel, above a bottom taskbar, beside a vertical one), centred on the icon and always inside the work area.
// Linux reports no tray bounds (Electron answers an empty rectangle there), so the click position stands in for
// the icon; without either, the popover takes the top-right corner, where most Linux panels keep their tray.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PopoverAnchor {
  /** `tray.getBounds()` or the bounds of the click event; empty on Linux. */
  trayBounds: Rect;
  /** Where the click happened (`screen.getCursorScreenPoint()`). */
  cursor: { x: number; y: number };
  /** The display's whole area and the part not covered by menu bars, panels and taskbars. */
  displayBounds: Rect;
  workArea: Rect;
}

export const POPOVER_SIZE = { width: 420, height: 700 } as const;
/**
 * Clicking the tray icon while the popover is open first takes the focus from it (it hides on blur), then
 * delivers the click: a click this soon after a blur-hide is that same click, and leaves the popover closed.
 */
export const CLICK_AFTER_BLUR_MS = 300;

/** Tells the click that took the focus from the popover (and so hid it) from a later click that should open it. */
export function createBlurClickGuard(now: () => number, windowMs = CLICK_AFTER_BLUR_MS) {
  let hiddenAt = Number.NEGATIVE_INFINITY;
  return {
    hiddenByBlur(): void {
      hiddenAt = now();
    },
    clickOpens(): boolean {
      return now() - hiddenAt >= windowMs;
    },
  };
}

/** Space between the icon (or panel) and the popover. */
const GAP = 4;

function isEmpty(rect: Rect): boolean {
  return rect.width <= 0 || rect.height <= 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

type Edge = 'top' | 'bottom' | 'left' | 'right';

/** Which side of the work area the point lies on (the panel's side); nearest edge when it lies inside. */
function edgeOf(point: { x: number; y: number }, work: Rect): Edge {
  if (point.y < work.y) return 'top';
  if (point.y >= work.y + work.height) return 'bottom';
  if (point.x < work.x) return 'left';
  if (point.x >= work.x + work.width) return 'right';
  const distances: Array<[Edge, number]> = [
    ['top', point.y - work.y],
    ['bottom', work.y + work.height - point.y],
    ['left', point.x - work.x],
    ['right', work.x + work.width - point.x],
  ];
  distances.sort((a, b) => a[1] - b[1]);
  return distances[0]?.[0] ?? 'top';
}

export function popoverBounds(
  anchor: PopoverAnchor,
  size: { width: number; height: number } = POPOVER_SIZE,
): Rect {
  const work = anchor.workArea;
  const width = Math.min(size.width, work.width);
  const height = Math.min(size.height, work.height);
  const place = (x: number, y: number): Rect => ({
    x: Math.round(clamp(x, work.x, work.x + work.width - width)),
    y: Math.round(clamp(y, work.y, work.y + work.height - height)),
    width,
    height,
  });
  let icon: Rect;
  if (!isEmpty(anchor.trayBounds)) icon = anchor.trayBounds;
  else if (anchor.cursor.x !== 0 || anchor.cursor.y !== 0) icon = { ...anchor.cursor, width: 0, height: 0 };
  else return place(work.x + work.width - width - GAP, work.y + GAP);

  const centre = { x: icon.x + icon.width / 2, y: icon.y + icon.height / 2 };
  switch (edgeOf(centre, work)) {
    case 'top':
      return place(centre.x - width / 2, Math.max(icon.y + icon.height, work.y) + GAP);
    case 'bottom':
      return place(centre.x - width / 2, Math.min(icon.y, work.y + work.height) - height - GAP);
    case 'left':
      return place(Math.max(icon.x + icon.width, work.x) + GAP, centre.y - height / 2);
    case 'right':
      return place(Math.min(icon.x, work.x + work.width) - width - GAP, centre.y - height / 2);
  }
}
