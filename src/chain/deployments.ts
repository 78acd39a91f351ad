import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Address, getAddress, type Hash, isAddress } from 'viem';
import { z } from 'zod';
import { ConfigError } from '../errors/BaseError.js';
import { writeJsonFileDurably } from '../files/writeJsonFileDurably.js';

const contractDeploymentSchema = z.strictObject({
  /** The Solidity contract, e.g. `TestStablecoin`. */
  contract: z.string().min(1),
  address: z.string().refine((value) => isAddress(value, { strict: false }), 'not an address'),
  transactionHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
  blockNumber: z.number().int().nonnegative(),
});

export const deploymentsSchema = z.strictObject({
  chainId: z.number().int().positive(),
  /** Deployed contracts by Tandem's name for them (`usdc`, `ethUsdPriceFeed` …). */
  contracts: z.record(z.string(), contractDeploymentSchema),
});

export type ContractDeployment = {
  contract: string;
  address: Address;
  transactionHash: Hash;
  blockNumber: number;
};

export type Deployments = { chainId: number; contracts: Record<string, ContractDeployment> };

/** `<dataDir>/deployments/<chainId>.json` */
export function deploymentsPath(dataDir: string, chainId: number): string {
  return join(dataDir, 'deployments', `${chainId}.json`);
}

/**
 * The contracts Tandem deployed on chain `chainId`, or undefined when it deployed none there yet.
 * @example readDeployments('.tandem', 31337)?.contracts.usdc?.address
 */
export function readDeployments(dataDir: string, chainId: number): Deployments | undefined {
  const path = deploymentsPath(dataDir, chainId);
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ConfigError(`The deployments file ${path} is not valid JSON.`, { cause, code: 'deployments-corrupt' });
  }
  const parsed = deploymentsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new ConfigError(`The deployments file ${path} is invalid at ${field || 'the top level'}.`, {
      code: 'deployments-corrupt',
      field,
      details: issue?.message,
    });
  }
  if (parsed.data.chainId !== chainId)
    throw new ConfigError(`The deployments file ${path} is for chain ${parsed.data.chainId}, not ${chainId}.`, {
      code: 'deployments-corrupt',
      field: 'chainId',
    });
  const contracts: Record<string, ContractDeployment> = {};
  for (const [name, deployment] of Object.entries(parsed.data.contracts))
    contracts[name] = {
      ...deployment,
      address: getAddress(deployment.address),
      transactionHash: deployment.transactionHash as Hash,
    };
  return { chainId, contracts };
}

/** Writes the deployments of one chain atomically and durably: a crash leaves the old file or the new one. */
export function writeDeployments(dataDir: string, deployments: Deployments): void {
  const path = deploymentsPath(dataDir, deployments.chainId);
  const folder = join(dataDir, 'deployments');
  mkdirSync(folder, { recursive: true });
  writeJsonFileDurably(path, deployments);
}
