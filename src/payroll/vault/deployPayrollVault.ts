import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  isAddressEqual,
  type PublicClient,
  type Transport,
  type WalletClient,
  zeroAddress,
} from 'viem';
import { payrollVaultAbi, payrollVaultBytecode } from '../../chain/contracts/generated/PayrollVault.js';
import { NonRetryableError, ValidationError } from '../../errors/BaseError.js';

/** The vault's MAX_APPROVERS. */
const maxApprovers = 32;

export type DeployPayrollVaultParameters = {
  publicClient: PublicClient<Transport, Chain>;
  /** Sends the deployment; needs no role in the vault. */
  walletClient: WalletClient<Transport, Chain, Account>;
  approvers: readonly Address[];
  /** How many distinct approvers must approve a batch (N of M). */
  threshold: number;
  /** Tandem's SanctionsOracle on this chain; fixed for the vault's life. */
  sanctionsOracle: Address;
  /** Gets DEFAULT_ADMIN_ROLE and PAUSER_ROLE: can replace approvers, pause and unpause. */
  admin: Address;
};

export type PayrollVaultDeployment = { address: Address; transactionHash: Hex; blockNumber: bigint };

/**
 * Deploys one company's payroll vault. The company then funds it with its payroll tokens.
 * @example const { address } = await deployPayrollVault({ ...clients, approvers, threshold: 2, sanctionsOracle, admin })
 */
export async function deployPayrollVault(parameters: DeployPayrollVaultParameters): Promise<PayrollVaultDeployment> {
  const { publicClient, walletClient, approvers, threshold, sanctionsOracle, admin } = parameters;
  // The vault refuses the same inputs; checking here names the field instead of returning a revert.
  if (isAddressEqual(admin, zeroAddress)) throw new ValidationError('admin is the zero address', { field: 'admin' });
  if (isAddressEqual(sanctionsOracle, zeroAddress))
    throw new ValidationError('sanctionsOracle is the zero address', { field: 'sanctionsOracle' });
  if (approvers.length === 0 || approvers.length > maxApprovers)
    throw new ValidationError(`between 1 and ${maxApprovers} approvers are needed`, { field: 'approvers' });
  const seen = new Set<string>();
  for (const [index, approver] of approvers.entries()) {
    const key = approver.toLowerCase();
    if (key === zeroAddress || seen.has(key))
      throw new ValidationError(`approvers[${index}] is zero or repeated: ${approver}`, {
        field: `approvers[${index}]`,
      });
    seen.add(key);
  }
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > approvers.length)
    throw new ValidationError(`threshold must be between 1 and ${approvers.length}`, { field: 'threshold' });

  const transactionHash = await walletClient.deployContract({
    abi: payrollVaultAbi,
    bytecode: payrollVaultBytecode,
    args: [admin, approvers, BigInt(threshold), sanctionsOracle],
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
  if (receipt.status !== 'success' || !receipt.contractAddress)
    throw new NonRetryableError('Deploying the payroll vault failed.', {
      code: 'deploy-failed',
      details: `Transaction ${transactionHash} ${receipt.status}.`,
    });
  return { address: getAddress(receipt.contractAddress), transactionHash, blockNumber: receipt.blockNumber };
}
