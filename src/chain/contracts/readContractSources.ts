import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type ContractSource = {
  /** Source unit name as solc sees it: relative to the repository root, with forward slashes (`contracts/X.sol`). */
  path: string;
  content: string;
};

/** Every `.sol` file under `<root>/contracts`, sorted by path. */
export function readContractSources(root: string): ContractSource[] {
  const contractsFolder = join(root, 'contracts');
  const files = readdirSync(contractsFolder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.sol'))
    .map((name) => join(contractsFolder, name));
  return files
    .map((file) => ({ path: relative(root, file).split(sep).join('/'), content: readFileSync(file, 'utf8') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
