import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../errors/BaseError.js';

/**
 * Takes `<dataDir>/chain.lock` for this process, so that two processes never append to one chain journal. A lock
 * left by a process that no longer runs is taken over. Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'chain.lock');
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
    const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(holder) && isRunning(holder))
      throw new ConfigError(`The embedded chain in ${dataDir} is already open in process ${holder}.`, {
        code: 'chain-data-dir-locked',
        field: path,
        details: `Only one process may run a chain from a data folder. Stop process ${holder}, or use another data folder.`,
      });
    writeFileSync(path, String(process.pid));
  }
  return () => rmSync(path, { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    // EPERM: it runs, under another user.
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}
