import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Address, erc20Abi, getAddress } from 'viem';
import { createTestChain, type TestChain } from '../../../chain/embedded/createTestChain.js';
import { deployTandemContracts, type TandemContracts } from '../../../chain/embedded/deployTandemContracts.js';
import type { DevAccount } from '../../../chain/embedded/devAccounts.js';
import { createTransactionSender, type TransactionSender } from '../../../chain/sender/createTransactionSender.js';
import { type AuditLog, createAuditLog } from '../../../compliance/createAuditLog.js';
import type { Database } from '../../../db/createDatabase.js';
import { createTestDatabase } from '../../../db/createTestDatabase.js';
import { createLedger, type Ledger } from '../../../ledger/createLedger.js';
import { createRiskEngine, type RiskEngine } from '../../../risk/createRiskEngine.js';
import { lazarus, testPrices } from '../../../risk/fixtures/createTestRiskEngine.js';
import { createSanctionsList } from '../../../risk/sanctions/createSanctionsList.js';
import { ofacXml } from '../../../risk/sanctions/fixtures/ofacXml.js';
import { writeListFile } from '../../../risk/sanctions/fixtures/writeListFile.js';
import { fixedEurValuation } from '../../../risk/screening/createEurValuation.js';
import { type Companies, createCompanies } from '../../createCompanies.js';
import { createEmployees, type Employees } from '../../createEmployees.js';
import { approvalRequests } from '../approvalTypedData.js';
import { type CreatePayRunsParameters, createPayRuns, type PayRuns } from '../createPayRuns.js';
import { createDemoEmployees, type DemoEmployee } from '../demo/createDemoEmployees.js';
import type { PayRunChain } from '../PayRunChain.js';
import type { ScreenPayout } from '../ScreenPayout.js';
import { screenWithRiskEngine } from '../screenWithRiskEngine.js';

export type PayRunTestStack = {
  database: Database;
  audit: AuditLog;
  ledger: Ledger;
  companies: Companies;
  employees: Employees;
  testChain: TestChain;
  contracts: TandemContracts;
  sender: TransactionSender;
  chain: PayRunChain;
  risk: RiskEngine;
  payRuns: PayRuns;
  documentsDir: string;
  /** Dev accounts 1–3: the approvers of the companies this stack creates. */
  approvers: DevAccount[];
  /** A company with `count` generated employees whose wallets have ownership proofs on record. */
  createCompany(
    id: string,
    count: number,
    options?: { threshold?: number; splits?: readonly string[] },
  ): Promise<DemoEmployee[]>;
  /** Every approver up to the threshold signs the run digest and every batch. */
  approveAll(payRunId: string, signers?: readonly DevAccount[]): Promise<void>;
  tokenBalance(token: 'usdc' | 'eurc', address: string): Promise<bigint>;
  /** The chain's clock jumps forward (and a block is mined). */
  advanceTime(seconds: number): Promise<void>;
  close(): Promise<void>;
};

export const actor = 'test:payroll';

/**
 * Pay runs on real parts for tests: a fresh test database (PGlite, or a schema on DATABASE_URL's server), a fresh
 * embedded chain with Tandem's contracts, the transaction sender, and the risk engine with a small sanctions list in
 * force (Lazarus Group) and fixed prices for its EUR valuations.
 */
export async function createPayRunTestStack(
  options: Partial<Pick<CreatePayRunsParameters, 'maxQuoteAgeSeconds' | 'batchValiditySeconds' | 'gas'>> & {
    screen?: ((real: ScreenPayout) => ScreenPayout) | undefined;
    devChain?: boolean | undefined;
  } = {},
): Promise<PayRunTestStack> {
  const database = await createTestDatabase();
  const { db } = database;
  const audit = createAuditLog({ db });
  const ledger = createLedger({ db });
  const companies = createCompanies({ db, audit });
  const employees = createEmployees({ db, audit });
  const testChain = await createTestChain();
  const contracts = await deployTandemContracts({
    publicClient: testChain.publicClient,
    walletClient: testChain.walletClient,
  });
  const operator = testChain.accounts[0]!;
  const sender = createTransactionSender({
    db,
    publicClient: testChain.publicClient as never,
    account: operator as never,
    chainId: testChain.chain.id,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-payruns-'));
  const sanctionsList = createSanctionsList({ db });
  await sanctionsList.load({
    file: writeListFile(dataDir, 'sdn.xml', ofacXml({ publishedOn: '2025-11-19', parties: [lazarus] })),
  });
  const risk = createRiskEngine({ db, audit, sanctionsList, valuation: fixedEurValuation(testPrices), dataDir });
  await risk.start();
  const chain: PayRunChain = {
    chainId: testChain.chain.id,
    publicClient: testChain.publicClient,
    walletClient: testChain.walletClient,
    operator: operator.address,
    sender,
    contracts,
    devChain: options.devChain ?? true,
    estimateBatchGas: false,
  };
  const realScreen = screenWithRiskEngine(risk);
  const documentsDir = join(dataDir, 'payruns');
  const payRuns = createPayRuns({
    db,
    audit,
    chain,
    companies,
    screen: options.screen ? options.screen(realScreen) : realScreen,
    documentsDir,
    maxQuoteAgeSeconds: options.maxQuoteAgeSeconds,
    batchValiditySeconds: options.batchValiditySeconds,
    gas: options.gas,
  });
  const approvers = testChain.accounts.slice(1, 4) as DevAccount[];

  return {
    database,
    audit,
    ledger,
    companies,
    employees,
    testChain,
    contracts,
    sender,
    chain,
    risk,
    payRuns,
    documentsDir,
    approvers,
    async createCompany(id, count, companyOptions = {}) {
      await companies.create(
        {
          id,
          legalName: `${id.toUpperCase()} Robotics GmbH`,
          country: 'DE',
          lei: '5493001KJTIIGC8Y1R12',
          iban: 'DE89370400440532013000',
          bic: 'COBADEFFXXX',
          taxProfileId: 'DE-example-2025',
          approvers: approvers.map((account, index) => ({
            name: `Approver ${index + 1}`,
            email: `approver${index + 1}@${id}.example`,
            address: account.address,
          })),
          approvalThreshold: companyOptions.threshold ?? 2,
        },
        { actor },
      );
      const people = createDemoEmployees(count, { seed: id, splits: companyOptions.splits });
      for (const { walletKey: _key, ...person } of people) await employees.create(id, person, { actor });
      for (const person of people)
        if (person.wallet)
          await risk.proofs.record({
            companyId: id,
            address: person.wallet,
            method: 'attestation',
            evidence: { note: 'test employee: wallet key generated by the test' },
            actor,
          });
      return people;
    },
    async approveAll(payRunId, signers) {
      const run = await payRuns.get(payRunId);
      const company = await companies.get(run.companyId);
      const who = signers ?? approvers.slice(0, company.approvalThreshold);
      for (const request of approvalRequests(run, run.batches, chain.chainId))
        for (const account of who)
          await payRuns.approve(
            payRunId,
            {
              approver: account.address,
              signature: await account.signTypedData(request.typedData as never),
              batchIndex: request.batchIndex,
            },
            { actor },
          );
    },
    tokenBalance: (token, address) =>
      testChain.publicClient.readContract({
        address: contracts[token].address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [getAddress(address) as Address],
      }),
    async advanceTime(seconds) {
      await testChain.embeddedChain.provider.request({ method: 'evm_increaseTime', params: [seconds] });
      await testChain.embeddedChain.provider.request({ method: 'evm_mine', params: [] });
    },
    async close() {
      await payRuns.close();
      await risk.close();
      await testChain.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
