import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type ContractConstructorArgs,
  createWalletClient,
  custom,
  type Hex,
  type Transport,
  type WalletClient,
} from 'viem';
import { type ChainClients, createChainClients } from '../createChainClients.js';
import { createEmbeddedChain, type EmbeddedChain } from './createEmbeddedChain.js';
import type { DevAccount } from './devAccounts.js';

export type TestChain = ChainClients & {
  embeddedChain: EmbeddedChain;
  /** The funded dev accounts; `walletClient` signs as the first. */
  accounts: readonly DevAccount[];
  /** A wallet client that signs as `account`. */
  walletFor(account: Account): WalletClient<Transport, Chain, Account>;
  /** Deploys a contract (as the first dev account unless `from` is given) and returns its address. */
  deploy<const abi extends Abi>(contract: {
    abi: abi;
    bytecode: Hex;
    args: ContractConstructorArgs<abi>;
    from?: Account | undefined;
  }): Promise<Address>;
  close(): Promise<void>;
};

/**
 * A fresh in-memory embedded chain with viem clients, for tests that need a real EVM.
 * @example const testChain = await createTestChain(); const token = await testChain.deploy({ abi, bytecode, args })
 */
export async function createTestChain(parameters: { chainId?: number | undefined } = {}): Promise<TestChain> {
  const embeddedChain = await createEmbeddedChain({ chainId: parameters.chainId });
  const clients = await createChainClients({ embeddedChain });
  const walletFor = (account: Account) =>
    createWalletClient({
      chain: clients.chain,
      transport: custom(embeddedChain.provider, { retryCount: 0 }),
      account,
      pollingInterval: 50,
      cacheTime: 0,
    });
  return {
    ...clients,
    embeddedChain,
    accounts: embeddedChain.accounts,
    walletFor,
    async deploy({ abi, bytecode, args, from }) {
      const wallet = from ? walletFor(from) : clients.walletClient;
      const hash = await wallet.deployContract({ abi, bytecode, args } as never);
      const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
      if (!receipt.contractAddress) throw new Error(`Deployment ${hash} created no contract.`);
      return receipt.contractAddress;
    },
    close: () => embeddedChain.close(),
  };
}
