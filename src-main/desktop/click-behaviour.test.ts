import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clickAction, defaultLeftClick, leftClickTarget, planTrayClicks } from './click-behaviour.ts';

describe('tray click behaviour', () => {
  it('opens the popover on a plain click on every OS by default', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const)
      assert.equal(defaultLeftClick(platform), 'popover');
  });

  it('follows an explicit setting on every OS', () => {
    assert.equal(leftClickTarget('darwin', 'dashboard'), 'dashboard');
    assert.equal(leftClickTarget('win32', 'menu'), 'menu');
    assert.equal(leftClickTarget('linux', 'popover'), 'popover');
    assert.equal(leftClickTarget('linux', 'auto'), 'popover');
  });

  it('on macOS: click opens the popover, right click the menu, double click the full window', () => {
    const plan = planTrayClicks('darwin', 'auto');
    // Attached, the menu would open natively on the left click and the app would never see it.
    assert.equal(plan.attachContextMenu, false);
    assert.equal(clickAction(plan, 'left'), 'popover');
    assert.equal(clickAction(plan, 'right'), 'menu');
    assert.equal(clickAction(plan, 'double'), 'dashboard');
  });

  it('on macOS set to the menu, attaches it so the left click opens it natively', () => {
    const plan = planTrayClicks('darwin', 'menu');
    assert.equal(plan.attachContextMenu, true);
    assert.equal(clickAction(plan, 'left'), 'none');
    assert.equal(clickAction(plan, 'right'), 'none');
    assert.equal(clickAction(plan, 'double'), 'dashboard');
  });

  it('on Windows: click opens the popover (or the full window when set), right click pops the menu up', () => {
    const plan = planTrayClicks('win32', 'auto');
    assert.equal(plan.attachContextMenu, false);
    assert.equal(clickAction(plan, 'left'), 'popover');
    assert.equal(clickAction(plan, 'right'), 'menu');
    assert.equal(clickAction(planTrayClicks('win32', 'dashboard'), 'left'), 'dashboard');
  });

  it('always attaches the menu on Linux, and opens the popover on desktops that send the click', () => {
    const plan = planTrayClicks('linux', 'auto');
    assert.equal(plan.attachContextMenu, true);
    assert.equal(clickAction(plan, 'left'), 'popover');
    assert.equal(clickAction(plan, 'right'), 'none');
    assert.equal(clickAction(planTrayClicks('linux', 'menu'), 'left'), 'none');
  });
});
