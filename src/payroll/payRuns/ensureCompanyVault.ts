import type { Kysely } from 'kysely';
import {
  type Address,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  isAddressEqual,
  keccak256,
  stringToBytes,
} from 'viem';
import { payrollVaultAbi } from '../../chain/contracts/generated/PayrollVault.js';
import type { Tables } from '../../db/Tables.js';
import { NonRetryableError, ValidationError } from '../../errors/BaseError.js';
import type { Company } from '../Company.js';
import type { Companies } from '../createCompanies.js';
import { deployPayrollVault } from '../vault/deployPayrollVault.js';
import type { PayRunChain } from './PayRunChain.js';

export type EnsureCompanyVaultParameters = {
  db: Kysely<Tables>;
  chain: PayRunChain;
  companies: Pick<Companies, 'get' | 'update'>;
  company: Company;
  /** The run that needs the vault: a deployment in flight is noted on it, so a crash does not deploy twice. */
  payRunId: string;
  actor: string;
};

// One deployment at a time in this process: two runs of one company must not both deploy its vault.
let deploying: Promise<unknown> = Promise.resolve();

/**
 * The company's vault on Tandem's chain, deployed on first use with the company's approvers and threshold (N of M),
 * Tandem's sanctions oracle, and the operator as admin; then recorded on the company. Before sending the deployment
 * the address it will get (operator + nonce) is noted on the run: after a crash the vault found there is adopted
 * rather than deployed again. A vault whose approvers or threshold no longer match the company's is brought in line
 * (the operator is its admin) through the transaction sender.
 * @example const vault = await ensureCompanyVault({ db, chain, companies, company, payRunId, actor })
 */
export async function ensureCompanyVault(parameters: EnsureCompanyVaultParameters): Promise<Address> {
  const run = deploying.then(() => ensure(parameters));
  deploying = run.catch(() => undefined);
  return run;
}

async function ensure(parameters: EnsureCompanyVaultParameters): Promise<Address> {
  const { db, chain, companies, payRunId, actor } = parameters;
  const company = await companies.get(parameters.company.id);
  const approvers = company.approvers.map((approver) => getAddress(approver.address));
  if (approvers.length === 0)
    throw new ValidationError(`Company ${company.id} has no approvers; a vault needs at least one.`, {
      field: 'approvers',
    });

  if (company.vault) {
    if (company.vault.chainId !== chain.chainId)
      throw new NonRetryableError(
        `Company ${company.id}'s vault is on chain ${company.vault.chainId}; Tandem is connected to chain ${chain.chainId}.`,
        { code: 'wrong-chain', field: 'vault' },
      );
    const vault = getAddress(company.vault.address);
    if (!(await chain.publicClient.getCode({ address: vault })))
      throw new NonRetryableError(`Company ${company.id}'s vault ${vault} has no code on chain ${chain.chainId}.`, {
        code: 'vault-missing',
        field: 'vault',
      });
    await alignApprovers(chain, vault, approvers, company.approvalThreshold);
    return vault;
  }

  // A deployment an earlier attempt sent (and perhaps did not see through) is adopted.
  const pending = await db
    .selectFrom('pay_runs')
    .select('vault_pending_address')
    .where('company_id', '=', company.id)
    .where('vault_pending_address', 'is not', null)
    .execute();
  for (const { vault_pending_address: address } of pending) {
    if (!address) continue;
    if (await chain.publicClient.getCode({ address: address as Address }))
      return record(parameters, getAddress(address), approvers, company.approvalThreshold);
  }

  const nonce = await chain.publicClient.getTransactionCount({ address: chain.operator, blockTag: 'pending' });
  const expected = getContractAddress({ from: chain.operator, nonce: BigInt(nonce) });
  await db
    .updateTable('pay_runs')
    .set({ vault_pending_address: expected, updated_at: new Date() })
    .where('id', '=', payRunId)
    .execute();
  const deployment = await deployPayrollVault({
    publicClient: chain.publicClient,
    walletClient: chain.walletClient,
    approvers,
    threshold: company.approvalThreshold,
    sanctionsOracle: chain.contracts.sanctionsOracle.address,
    admin: chain.operator,
  });
  // The deployment used a nonce behind the sender's back: it must read the account's nonce again.
  await chain.sender.resume();
  await db
    .updateTable('pay_runs')
    .set({ vault_pending_address: deployment.address, updated_at: new Date() })
    .where('id', '=', payRunId)
    .execute();
  return record({ ...parameters, actor }, deployment.address, approvers, company.approvalThreshold);
}

async function record(
  parameters: EnsureCompanyVaultParameters,
  vault: Address,
  approvers: Address[],
  threshold: number,
): Promise<Address> {
  const { chain, companies, company, actor } = parameters;
  await alignApprovers(chain, vault, approvers, threshold);
  await companies.update(company.id, { vault: { chainId: chain.chainId, address: vault } }, { actor });
  return vault;
}

async function alignApprovers(chain: PayRunChain, vault: Address, approvers: Address[], threshold: number) {
  const [current, currentThreshold] = await Promise.all([
    chain.publicClient.readContract({ address: vault, abi: payrollVaultAbi, functionName: 'getApprovers' }),
    chain.publicClient.readContract({ address: vault, abi: payrollVaultAbi, functionName: 'threshold' }),
  ]);
  const same =
    current.length === approvers.length &&
    approvers.every((approver) => current.some((address) => isAddressEqual(address, approver))) &&
    Number(currentThreshold) === threshold;
  if (same) return;
  const key = keccak256(stringToBytes(JSON.stringify([approvers.map((a) => a.toLowerCase()).sort(), threshold])));
  const record = await chain.sender.send({
    idempotencyKey: `vault:${vault.toLowerCase()}:approvers:${key}`,
    to: vault,
    data: encodeFunctionData({
      abi: payrollVaultAbi,
      functionName: 'setApprovers',
      args: [approvers, BigInt(threshold)],
    }),
    purpose: 'payroll.vault-approvers',
    metadata: { approvers, threshold },
  });
  if (record.status !== 'confirmed')
    throw new NonRetryableError(`The vault ${vault} refused the company's approvers.`, {
      code: 'vault-approvers',
      details: record.error ?? record.status,
    });
}
