// `screen` with one display whose geometry (and the tray icon's bounds and the cursor) the test sets: a 1920×1080
// display with a 32 px top panel unless told otherwise.
import { EventEmitter } from 'node:events';
import { onHarnessCall } from './link.ts';
import { type DisplaySetup, ENV } from './protocol.ts';

const DEFAULT_SETUP: DisplaySetup = {
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 32, width: 1920, height: 1048 },
  scaleFactor: 1,
  // Electron answers an empty rectangle on Linux, where the tray's position is not known.
  trayBounds: { x: 0, y: 0, width: 0, height: 0 },
  cursor: { x: 1800, y: 10 },
};

let setup: DisplaySetup = process.env[ENV.display]
  ? (JSON.parse(process.env[ENV.display] as string) as DisplaySetup)
  : DEFAULT_SETUP;

onHarnessCall('screen', ({ display }) => {
  setup = display;
});

export function displaySetup(): DisplaySetup {
  return setup;
}

export function primaryDisplay(): Electron.Display {
  return {
    accelerometerSupport: 'unknown',
    bounds: { ...setup.bounds },
    colorDepth: 24,
    colorSpace: 'srgb',
    depthPerComponent: 8,
    detected: true,
    displayFrequency: 60,
    id: 1,
    internal: false,
    label: 'stand-in display',
    maximumCursorSize: { width: 64, height: 64 },
    monochrome: false,
    nativeOrigin: { x: setup.bounds.x, y: setup.bounds.y },
    rotation: 0,
    scaleFactor: setup.scaleFactor,
    size: { width: setup.bounds.width, height: setup.bounds.height },
    touchSupport: 'unknown',
    workArea: { ...setup.workArea },
    workAreaSize: { width: setup.workArea.width, height: setup.workArea.height },
  };
}

export type ScreenKeys =
  | 'getPrimaryDisplay'
  | 'getAllDisplays'
  | 'getDisplayNearestPoint'
  | 'getDisplayMatching'
  | 'getCursorScreenPoint';

class ScreenStandIn extends EventEmitter implements Pick<Electron.Screen, ScreenKeys> {
  getPrimaryDisplay(): Electron.Display {
    return primaryDisplay();
  }
  getAllDisplays(): Electron.Display[] {
    return [primaryDisplay()];
  }
  getDisplayNearestPoint(_point: Electron.Point): Electron.Display {
    return primaryDisplay();
  }
  getDisplayMatching(_rect: Electron.Rectangle): Electron.Display {
    return primaryDisplay();
  }
  getCursorScreenPoint(): Electron.Point {
    return { ...setup.cursor };
  }
}

export const screen = new ScreenStandIn();
