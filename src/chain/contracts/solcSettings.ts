/**
 * The compiler settings of every Tandem contract; part of the source hash, so changing one asks for a rebuild.
 * Cancun is the newest EVM version solc 0.8.28 knows, and runs unchanged on the embedded chain's Prague rules and on
 * today's L1 and OP Stack networks.
 */
export const solcSettings = {
  optimizer: { enabled: true, runs: 10_000 },
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'ipfs' },
} as const;
