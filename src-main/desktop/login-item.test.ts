import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HIDDEN_ARG, linuxAutostartFile, loginItemSettings, startedHidden } from './login-item.ts';

describe('launch at login', () => {
  it('on macOS only toggles the login item', () => {
    assert.deepEqual(
      loginItemSettings({ platform: 'darwin', openAtLogin: true, execPath: '/Applications/x' }),
      {
        openAtLogin: true,
      },
    );
  });

  it('on Windows starts the executable hidden and toggles the Task Manager entry with it', () => {
    assert.deepEqual(
      loginItemSettings({ platform: 'win32', openAtLogin: true, execPath: 'C:\\Apps\\coding-proxy.exe' }),
      { openAtLogin: true, path: 'C:\\Apps\\coding-proxy.exe', args: ['--hidden'], enabled: true },
    );
    assert.equal(
      loginItemSettings({ platform: 'win32', openAtLogin: false, execPath: 'C:\\x.exe' })?.enabled,
      false,
    );
  });

  it('has no Electron login item on Linux', () => {
    assert.equal(loginItemSettings({ platform: 'linux', openAtLogin: true, execPath: '/opt/x' }), null);
  });

  it('knows it was started hidden from the argument or from macOS', () => {
    assert.equal(startedHidden(['/app', HIDDEN_ARG], false), true);
    assert.equal(startedHidden(['/app'], true), true);
    assert.equal(startedHidden(['/app'], false), false);
  });

  it('writes an XDG autostart entry that starts hidden, quoting paths with spaces', () => {
    const file = linuxAutostartFile({ execPath: '/opt/Coding Proxy/coding-proxy', home: '/home/ada' });
    assert.equal(file.path, '/home/ada/.config/autostart/coding-proxy.desktop');
    assert.match(file.contents, /^\[Desktop Entry\]\n/);
    assert.match(file.contents, /\nExec="\/opt\/Coding Proxy\/coding-proxy" --hidden\n/);
    const plain = linuxAutostartFile({ execPath: '/usr/bin/coding-proxy', home: '/h', xdgConfigHome: '/x' });
    assert.equal(plain.path, '/x/autostart/coding-proxy.desktop');
    assert.match(plain.contents, /\nExec=\/usr\/bin\/coding-proxy --hidden\n/);
  });
});
