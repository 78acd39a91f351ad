import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './dataDirLock.js';

/** Written by `tandem start` so that other `tandem` commands find the running server and talk to it over HTTP. */
export type ServerFile = { pid: number; apiUrl: string; rpcUrl: string | undefined; startedAt: string };

const fileName = 'server.json';

export function writeServerFile(dataDir: string, server: ServerFile) {
  writeFileSync(join(dataDir, fileName), JSON.stringify(server, null, 2), { mode: 0o600 });
}

export function removeServerFile(dataDir: string) {
  rmSync(join(dataDir, fileName), { force: true });
}

/** The running server for this data folder, or undefined when none is running. */
export function readRunningServer(dataDir: string): ServerFile | undefined {
  try {
    const server = JSON.parse(readFileSync(join(dataDir, fileName), 'utf8')) as ServerFile;
    return isAlive(server.pid) ? server : undefined;
  } catch {
    return undefined;
  }
}
