import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLICK_AFTER_BLUR_MS,
  createBlurClickGuard,
  type PopoverAnchor,
  popoverBounds,
  type Rect,
} from './popover-position.ts';

const display: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
const none: Rect = { x: 0, y: 0, width: 0, height: 0 };

function inside(inner: Rect, outer: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

describe('popover position', () => {
  it('hangs below a macOS menu-bar icon, centred on it', () => {
    const anchor: PopoverAnchor = {
      trayBounds: { x: 1500, y: 0, width: 22, height: 24 },
      cursor: { x: 1510, y: 10 },
      displayBounds: display,
      workArea: { x: 0, y: 25, width: 1920, height: 1055 },
    };
    assert.deepEqual(popoverBounds(anchor), { x: 1301, y: 29, width: 420, height: 700 });
  });

  it('sits above a Windows taskbar icon, pushed inside the screen near its right edge', () => {
    const anchor: PopoverAnchor = {
      trayBounds: { x: 1860, y: 1040, width: 24, height: 40 },
      cursor: { x: 1870, y: 1060 },
      displayBounds: display,
      workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    };
    const bounds = popoverBounds(anchor);
    assert.deepEqual(bounds, { x: 1500, y: 336, width: 420, height: 700 });
    assert.ok(inside(bounds, anchor.workArea));
  });

  it('opens beside a taskbar on the left or right', () => {
    const left = popoverBounds({
      trayBounds: { x: 10, y: 980, width: 40, height: 24 },
      cursor: { x: 20, y: 990 },
      displayBounds: display,
      workArea: { x: 60, y: 0, width: 1860, height: 1080 },
    });
    assert.equal(left.x, 64);
    assert.equal(left.y + left.height, 1080, 'pushed up to stay on screen');
    const right = popoverBounds({
      trayBounds: { x: 1880, y: 100, width: 40, height: 24 },
      cursor: { x: 1890, y: 110 },
      displayBounds: display,
      workArea: { x: 0, y: 0, width: 1860, height: 1080 },
    });
    assert.equal(right.x + right.width, 1856);
  });

  it('uses the click position on Linux, where the tray has no bounds', () => {
    const anchor: PopoverAnchor = {
      trayBounds: none,
      cursor: { x: 1800, y: 12 },
      displayBounds: display,
      workArea: { x: 0, y: 32, width: 1920, height: 1048 },
    };
    const bounds = popoverBounds(anchor);
    assert.deepEqual(bounds, { x: 1500, y: 36, width: 420, height: 700 });
  });

  it('takes the top-right corner when nothing says where the tray is', () => {
    const bounds = popoverBounds({
      trayBounds: none,
      cursor: { x: 0, y: 0 },
      displayBounds: display,
      workArea: { x: 0, y: 32, width: 1920, height: 1048 },
    });
    assert.deepEqual(bounds, { x: 1496, y: 36, width: 420, height: 700 });
  });

  it('shrinks to a work area smaller than the popover and stays inside it', () => {
    const workArea = { x: 0, y: 24, width: 400, height: 600 };
    const bounds = popoverBounds({
      trayBounds: { x: 380, y: 0, width: 20, height: 24 },
      cursor: { x: 390, y: 10 },
      displayBounds: { x: 0, y: 0, width: 400, height: 624 },
      workArea,
    });
    assert.deepEqual(bounds, { x: 0, y: 24, width: 400, height: 600 });
  });

  it('works on a second display to the left of the primary (negative coordinates)', () => {
    const workArea = { x: -1440, y: 25, width: 1440, height: 875 };
    const bounds = popoverBounds({
      trayBounds: { x: -300, y: 0, width: 22, height: 24 },
      cursor: { x: -290, y: 10 },
      displayBounds: { x: -1440, y: 0, width: 1440, height: 900 },
      workArea,
    });
    assert.ok(inside(bounds, workArea));
    assert.equal(bounds.x, -499);
  });

  it('treats a click right after a blur-hide as the click that caused it, and a later one as opening', () => {
    let time = 1_000;
    const guard = createBlurClickGuard(() => time);
    assert.equal(guard.clickOpens(), true, 'never hidden: a click opens');
    guard.hiddenByBlur();
    time += 120;
    assert.equal(guard.clickOpens(), false, 'the click on the icon that took the focus');
    time += CLICK_AFTER_BLUR_MS;
    assert.equal(guard.clickOpens(), true);
  });
});
