import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes JSON atomically and durably (temporary file, fsync, rename, fsync of the folder): a crash leaves the old file or the new one. */
export function writeJsonFileDurably(path: string, value: unknown): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  fsync(temporary);
  renameSync(temporary, path);
  fsync(dirname(path));
}

function fsync(path: string) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
