import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../errors/BaseError.js';
import { writeJsonFileDurably } from '../../files/writeJsonFileDurably.js';

/** What a chain's genesis was built from: replaying its journal needs exactly the same genesis. */
export const chainMetadataSchema = z.strictObject({
  format: z.literal(1),
  chainId: z.number().int().positive(),
  hardfork: z.string(),
  /** Genesis block timestamp, seconds since the Unix epoch. */
  genesisTimestamp: z.number().int().nonnegative(),
  /** Address of the first dev account: identifies the mnemonic without storing it. */
  firstAccount: z.string(),
  accountCount: z.number().int().positive(),
  accountBalance: z.string().regex(/^\d+$/),
  blockGasLimit: z.string().regex(/^\d+$/),
  initialBaseFeePerGas: z.string().regex(/^\d+$/),
  /** The EDR version that wrote the journal; another version may replay to a different chain. */
  edrVersion: z.string(),
});

export type ChainMetadata = z.infer<typeof chainMetadataSchema>;

/** Reads `<dataDir>/chain.json`, or undefined for a new data folder. */
export function readChainMetadata(dataDir: string): ChainMetadata | undefined {
  const path = join(dataDir, 'chain.json');
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ConfigError(`The chain metadata ${path} is not valid JSON.`, { cause, code: 'chain-metadata-corrupt' });
  }
  const parsed = chainMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`The chain metadata ${path} is invalid.`, {
      code: 'chain-metadata-corrupt',
      field: issue?.path.join('.'),
      details: `${issue?.path.join('.')}: ${issue?.message}`,
    });
  }
  return parsed.data;
}

/** Writes `<dataDir>/chain.json` atomically and durably (temporary file, fsync, rename, fsync of the folder). */
export function writeChainMetadata(dataDir: string, metadata: ChainMetadata): void {
  const path = join(dataDir, 'chain.json');
  writeJsonFileDurably(path, metadata);
}
