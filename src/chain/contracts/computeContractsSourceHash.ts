import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readContractSources } from './readContractSources.js';
import { solcSettings } from './solcSettings.js';

const require = createRequire(import.meta.url);

/**
 * A sha256 over everything the generated artifacts depend on: each `.sol` file under `contracts/` (path and text),
 * the solc and OpenZeppelin package versions, and the compiler settings.
 * @example computeContractsSourceHash(repositoryRoot) === sourceHash // else run `npm run build:contracts`
 */
export function computeContractsSourceHash(root: string): `0x${string}` {
  const hash = createHash('sha256');
  hash.update(`solc ${packageVersion('solc/package.json')}\n`);
  hash.update(`@openzeppelin/contracts ${packageVersion('@openzeppelin/contracts/package.json')}\n`);
  hash.update(`settings ${JSON.stringify(solcSettings)}\n`);
  for (const source of readContractSources(root)) {
    hash.update(`${source.path}\n${Buffer.byteLength(source.content)}\n`);
    hash.update(source.content);
  }
  return `0x${hash.digest('hex')}`;
}

function packageVersion(packageJson: string): string {
  return (JSON.parse(readFileSync(require.resolve(packageJson), 'utf8')) as { version: string }).version;
}
