import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem';
import type { TandemContracts } from '../../chain/embedded/deployTandemContracts.js';
import type { TransactionSender } from '../../chain/sender/createTransactionSender.js';

/** What pay runs need of Tandem's chain (the platform's ChainConnection has all of it). */
export type PayRunChain = {
  chainId: number;
  publicClient: PublicClient<Transport, Chain>;
  /** Deploys company vaults (the only transaction not sent through the sender: a deployment has no `to`). */
  walletClient: WalletClient<Transport, Chain, Account>;
  /** The account every transaction is sent from; admin of the vaults it deploys. */
  operator: Address;
  sender: TransactionSender;
  contracts: Pick<TandemContracts, 'usdc' | 'eurc' | 'eurUsdPriceFeed' | 'usdcUsdPriceFeed' | 'sanctionsOracle'>;
  /**
   * The embedded development chain: the operator may mint test stablecoins to fund vaults and push a stale dev
   * price feed's answer again. Never true on a real network.
   */
  devChain: boolean;
  /**
   * Let the node estimate each batch's gas (and foresee a revert) before it is signed. The embedded chain's estimation
   * of a 700-payout batch runs it a dozen times and costs some 700 MB and seconds; there the batch gets its planned gas
   * budget instead (buildPayoutBatches' per-batch and per-recipient figures), and a refusal shows as a revert.
   */
  estimateBatchGas: boolean;
};
