import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { itUnless } from '../../test/support/skip';
import { currentOpenerContext, openCommand, openFile, type OpenerContext } from './open-file';

const REPORT = '/home/ann/lab/results/run-1/report.html';

function context(platform: NodeJS.Platform, installed: string[], wsl = false): OpenerContext {
  return {
    platform,
    wsl,
    onPath: (command) => installed.includes(command),
    windowsPath: (path) => `\\\\wsl.localhost\\Debian${path.replaceAll('/', '\\')}`,
  };
}

describe('openCommand', () => {
  it("uses each platform's own opener", () => {
    assert.deepEqual(openCommand(REPORT, context('linux', ['xdg-open'])), {
      command: 'xdg-open',
      args: [REPORT],
    });
    assert.deepEqual(openCommand(REPORT, context('darwin', ['open'])), { command: 'open', args: [REPORT] });
    assert.deepEqual(openCommand('C:\\lab\\report.html', context('win32', [])), {
      command: 'cmd.exe',
      args: ['/c', 'start', '', 'C:\\lab\\report.html'],
    });
  });

  it("on WSL opens with the Windows desktop: wslview, else cmd.exe start with the file's Windows path", () => {
    const all = ['wslview', 'cmd.exe', 'wslpath', 'xdg-open'];
    assert.deepEqual(openCommand(REPORT, context('linux', all, true)), {
      command: 'wslview',
      args: [REPORT],
    });
    assert.deepEqual(openCommand(REPORT, context('linux', all.slice(1), true)), {
      command: 'cmd.exe',
      args: ['/c', 'start', '', '\\\\wsl.localhost\\Debian\\home\\ann\\lab\\results\\run-1\\report.html'],
    });
    assert.deepEqual(openCommand(REPORT, context('linux', ['cmd.exe', 'xdg-open'], true)), {
      command: 'xdg-open',
      args: [REPORT],
    });
  });

  it('finds none without an opener on PATH', () => {
    assert.equal(openCommand(REPORT, context('linux', [])), null);
    assert.equal(openCommand(REPORT, context('darwin', ['xdg-open'])), null);
    assert.equal(openCommand(REPORT, context('linux', [], true)), null);
  });
});

describe('openFile', () => {
  it('says to open the file by hand when there is no opener or it cannot be found', async () => {
    assert.equal(
      await openFile(REPORT, context('linux', [])),
      `no desktop opener found (xdg-open, open, wslview): open ${REPORT} in a browser`,
    );
    const noWslpath = {
      ...context('linux', ['cmd.exe', 'wslpath'], true),
      windowsPath: () => {
        throw new Error('wslpath: not a WSL path');
      },
    };
    assert.equal(
      await openFile(REPORT, noWslpath),
      `could not find the desktop opener (wslpath: not a WSL path): open ${REPORT} in a browser`,
    );
  });

  // Windows' opener on another system: cmd.exe is not there to start.
  const cmdExeHere = (process.platform === 'win32' || currentOpenerContext().wsl) && 'cmd.exe exists here';
  itUnless(cmdExeHere)('says to open the file by hand when the opener cannot start', async () => {
    assert.equal(
      await openFile(REPORT, context('win32', [])),
      `cmd.exe could not start (spawn cmd.exe ENOENT): open ${REPORT} in a browser`,
    );
  });
});
