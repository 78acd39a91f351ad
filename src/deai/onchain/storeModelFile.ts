import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../errors/BaseError.js';
import { sha256File } from './sha256File.js';

/**
 * Keeps a verified copy of a model file under `<dataDir>/network/models/<sha256>.json`, the file the registry's URI
 * points at: refuses a source that does not hash to `sha256`, and writes the copy atomically.
 * @example const path = await storeModelFile({ dataDir, source: report.model.file, sha256: report.model.sha256 })
 */
export async function storeModelFile(parameters: { dataDir: string; source: string; sha256: string }): Promise<string> {
  const { dataDir, source, sha256 } = parameters;
  const folder = join(dataDir, 'network', 'models');
  const path = join(folder, `${sha256}.json`);
  if (existsSync(path) && (await sha256File(path)) === sha256) return path;
  const actual = await sha256File(source);
  if (actual !== sha256)
    throw new ValidationError(`the model file ${source} does not match the round's model hash`, {
      field: 'model',
      code: 'model-hash-mismatch',
      details: `the round reports sha256 ${sha256}, the file hashes to ${actual}`,
    });
  mkdirSync(folder, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  copyFileSync(source, temporary);
  renameSync(temporary, path);
  return path;
}
