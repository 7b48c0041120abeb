import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clickAction, defaultLeftClick, leftClickTarget, planTrayClicks } from './click-behaviour.ts';

describe('tray click behaviour', () => {
  it('opens the menu on macOS and the dashboard on Windows and Linux by default', () => {
    assert.equal(defaultLeftClick('darwin'), 'menu');
    assert.equal(defaultLeftClick('win32'), 'dashboard');
    assert.equal(defaultLeftClick('linux'), 'dashboard');
  });

  it('follows an explicit setting on every OS', () => {
    assert.equal(leftClickTarget('darwin', 'dashboard'), 'dashboard');
    assert.equal(leftClickTarget('win32', 'menu'), 'menu');
    assert.equal(leftClickTarget('linux', 'auto'), 'dashboard');
  });

  it('lets the native menu handle clicks on macOS, and opens the dashboard on double click', () => {
    const plan = planTrayClicks('darwin', 'auto');
    assert.equal(plan.attachContextMenu, true);
    assert.equal(clickAction(plan, 'left'), 'none');
    assert.equal(clickAction(plan, 'right'), 'none');
    assert.equal(clickAction(plan, 'double'), 'dashboard');
  });

  it('pops the menu up on right click on Windows and opens the dashboard on left click', () => {
    const plan = planTrayClicks('win32', 'auto');
    assert.equal(plan.attachContextMenu, false);
    assert.equal(clickAction(plan, 'left'), 'dashboard');
    assert.equal(clickAction(plan, 'right'), 'menu');
  });

  it('on macOS set to open the dashboard, does not attach the menu so the left click reaches the app', () => {
    const plan = planTrayClicks('darwin', 'dashboard');
    assert.equal(plan.attachContextMenu, false);
    assert.equal(clickAction(plan, 'left'), 'dashboard');
    assert.equal(clickAction(plan, 'right'), 'menu');
  });

  it('always attaches the menu on Linux, where AppIndicator trays show nothing else', () => {
    const plan = planTrayClicks('linux', 'menu');
    assert.equal(plan.attachContextMenu, true);
    assert.equal(clickAction(plan, 'left'), 'none');
    assert.equal(clickAction(planTrayClicks('linux', 'auto'), 'left'), 'dashboard');
  });
});
