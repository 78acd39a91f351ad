import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors/BaseError.js';

export type DataDirLock = { release(): void };

/**
 * One process at a time may own a data folder: the embedded database and chain journal are single-writer.
 * A lock left by a process that died is taken over.
 */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'tandem.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid))
        throw new ConfigError(
          `The data folder ${dataDir} is in use by another Tandem process (pid ${holder.pid}, ${holder.purpose}).`,
          {
            details: 'Stop that process first, or use another folder with --data-dir.',
            code: 'data-dir-locked',
          },
        );
      rmSync(path, { force: true });
    }
  }
  throw new ConfigError(`Cannot lock the data folder ${dataDir}.`);
}

function readHolder(path: string): { pid: number; purpose: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { pid: number; purpose: string };
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
