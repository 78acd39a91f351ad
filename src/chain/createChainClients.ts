import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { ConfigError, RetryableError } from '../errors/BaseError.js';
import type { EmbeddedChain } from './embedded/createEmbeddedChain.js';

export type CreateChainClientsParameters =
  | {
      /** The in-process chain; the wallet client signs as its first dev account unless `account` is given. */
      embeddedChain: EmbeddedChain;
      account?: Account | undefined;
    }
  | {
      /** Any EVM JSON-RPC endpoint over HTTP (RPC_URL): L1, an L2, or the embedded chain served on localhost. */
      rpcUrl: string;
      /** The account that signs: a local account (its key never leaves the process). */
      account: Account;
      /** The chain, when viem knows it (e.g. `optimism` from viem/chains); otherwise built from `eth_chainId`. */
      chain?: Chain | undefined;
    };

export type ChainClients = {
  kind: 'embedded' | 'rpc';
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  /** A short description for logs and /healthz; never includes the RPC URL's path or credentials. */
  describe: string;
};

/**
 * viem clients for Tandem's chain: the embedded chain in process, or the network at an RPC URL. The rest of Tandem
 * reaches the chain only through these.
 * @example const { publicClient, walletClient } = await createChainClients({ embeddedChain: chain })
 */
export async function createChainClients(parameters: CreateChainClientsParameters): Promise<ChainClients> {
  if ('embeddedChain' in parameters) {
    const { embeddedChain } = parameters;
    const chain = defineChain({
      id: embeddedChain.chainId,
      name: 'Tandem embedded chain',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: ['http://127.0.0.1:8545'] } },
    });
    // In process a request never fails for a transient reason, so no retries; a block is mined by each
    // transaction, so receipts are polled for at a short interval and the block number is never cached.
    const transport = custom(embeddedChain.provider, { retryCount: 0 });
    const account = parameters.account ?? embeddedChain.accounts[0];
    if (!account)
      throw new ConfigError('The embedded chain has no dev account to sign with.', { field: 'accountCount' });
    return {
      kind: 'embedded',
      chain,
      publicClient: createPublicClient({ chain, transport, pollingInterval: 50, cacheTime: 0 }),
      walletClient: createWalletClient({ chain, transport, account, pollingInterval: 50, cacheTime: 0 }),
      describe: `embedded:${embeddedChain.chainId}`,
    };
  }

  const { rpcUrl, account } = parameters;
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch (cause) {
    throw new ConfigError('RPC_URL is not a valid URL.', { cause, field: 'RPC_URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`RPC_URL must start with http:// or https://, not ${url.protocol}//.`, { field: 'RPC_URL' });
  const describe = `rpc:${url.origin}`;
  const transport = http(rpcUrl);
  let chain = parameters.chain;
  if (!chain) {
    let chainId: number;
    try {
      chainId = await createPublicClient({ transport }).getChainId();
    } catch (cause) {
      throw new RetryableError(`Cannot reach the chain at ${url.origin} (RPC_URL).`, {
        cause,
        code: 'chain-unreachable',
        field: 'RPC_URL',
        details: 'Check RPC_URL and that the node is running, or unset RPC_URL to use the embedded chain.',
      });
    }
    chain = defineChain({
      id: chainId,
      name: `Chain ${chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    });
  }
  return {
    kind: 'rpc',
    chain,
    publicClient: createPublicClient({ chain, transport }),
    walletClient: createWalletClient({ chain, transport, account }),
    describe,
  };
}
