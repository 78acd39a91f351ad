import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { computeContractsSourceHash } from './computeContractsSourceHash.js';
import { solcVersion, sourceHash } from './generated/sourceHash.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('generated contract artifacts match the current Solidity sources', () => {
  assert.equal(
    computeContractsSourceHash(root),
    sourceHash,
    'contracts/, solc, OpenZeppelin or the compiler settings changed since the artifacts were built: run `npm run build:contracts` and commit src/chain/contracts/generated/.',
  );
});

test('generated contract artifacts were built by the pinned solc', () => {
  const solcPackage = createRequire(import.meta.url)('solc/package.json') as { version: string };
  assert.ok(
    solcVersion.startsWith(`${solcPackage.version}+`),
    `${solcVersion} was not built by solc ${solcPackage.version}`,
  );
});
