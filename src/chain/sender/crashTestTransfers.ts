import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Address, encodeFunctionData, erc20Abi } from 'viem';
import { createDatabase } from '../../db/createDatabase.js';
import { createChainClients } from '../createChainClients.js';
import { createEmbeddedChain } from '../embedded/createEmbeddedChain.js';
import { deployTandemContracts } from '../embedded/deployTandemContracts.js';
import { createSigningWorker } from './createSigningWorker.js';
import { createTransactionSender, type TransactionIntent } from './createTransactionSender.js';

/** The USDC transfers of the sender's crash test: `count` fresh holders, holder `i` gets `i + 1` cents. */
export function crashTestTransfers(token: Address, count: number): TransactionIntent[] {
  return Array.from({ length: count }, (_, i) => ({
    idempotencyKey: `crash-test:${i}`,
    to: token,
    data: encodeFunctionData({
      abi: erc20Abi,
      functionName: 'transfer',
      args: [crashTestHolder(i), crashTestAmount(i)],
    }),
    purpose: 'crash-test',
  }));
}

export const crashTestHolder = (i: number) => `0x${(0xc0ffee00 + i).toString(16).padStart(40, '0')}` as Address;
export const crashTestAmount = (i: number) => BigInt(i + 1) * 10_000n;

// Run as a process by createTransactionSender.crash.test.ts, which kills it at a random moment:
//   node --import tsx crashTestTransfers.ts <dataDir> <count> <plain|batch>
// It opens the chain and database in <dataDir> (Postgres instead when DATABASE_URL and CRASH_TEST_SCHEMA are set),
// says `sending`, sends the transfers through the sender and says `sent`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dataDir, count, mode] = process.argv.slice(2) as [string, string, 'plain' | 'batch'];
  const chain = await createEmbeddedChain({ dataDir: join(dataDir, 'chain') });
  const database = await createDatabase({
    dataDir: join(dataDir, 'db'),
    databaseUrl: process.env.DATABASE_URL,
    schema: process.env.CRASH_TEST_SCHEMA,
  });
  const clients = await createChainClients({ embeddedChain: chain });
  const { usdc } = await deployTandemContracts({ ...clients, dataDir });
  const signer = mode === 'batch' ? createSigningWorker(chain.accounts[0]!.privateKey) : undefined;
  const sender = createTransactionSender({
    db: database.db,
    publicClient: clients.publicClient as never,
    account: chain.accounts[0]!,
    chainId: chain.chainId,
    broadcastBatch: mode === 'batch' ? chain.sendRawTransactions : undefined,
    signer,
  });
  process.stdout.write('sending\n');
  await sender.sendMany(crashTestTransfers(usdc.address, Number(count)));
  process.stdout.write('sent\n');
  await signer?.close();
  await database.close();
  await chain.close();
}
