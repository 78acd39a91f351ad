import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Address,
  concat,
  decodeErrorResult,
  getAddress,
  type Hex,
  keccak256,
  numberToHex,
  pad,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
  zeroAddress,
} from 'viem';
import { buildPayoutBatches } from '../../payroll/vault/buildPayoutBatches.js';
import { deployPayrollVault } from '../../payroll/vault/deployPayrollVault.js';
import { encodeExecuteBatch } from '../../payroll/vault/encodeExecuteBatch.js';
import { hashPayoutBatch } from '../../payroll/vault/hashPayoutBatch.js';
import { hashPayouts } from '../../payroll/vault/hashPayouts.js';
import type { ApproverSignature, Payout, PayoutBatch } from '../../payroll/vault/PayoutBatch.js';
import { packPayout } from '../../payroll/vault/packPayout.js';
import { parseBatchExecutions } from '../../payroll/vault/parseBatchExecutions.js';
import { payoutBatchTypedData } from '../../payroll/vault/payoutBatchTypedData.js';
import { readBatchStatus } from '../../payroll/vault/readBatchStatus.js';
import { toRunId } from '../../payroll/vault/toRunId.js';
import { createTestChain, type TestChain } from '../embedded/createTestChain.js';
import type { DevAccount } from '../embedded/devAccounts.js';
import { expectRevert } from '../embedded/expectRevert.js';
import { createSeededRandom } from './createSeededRandom.js';
import { payrollVaultAbi as abi, payrollVaultBytecode } from './generated/PayrollVault.js';
import { sanctionsOracleAbi, sanctionsOracleBytecode } from './generated/SanctionsOracle.js';
import { testStablecoinAbi, testStablecoinBytecode } from './generated/TestStablecoin.js';

let testChain: TestChain;
let admin: DevAccount;
/** Three approvers, sorted by address as `executeBatch` wants them. */
let approvers: DevAccount[];
let stranger: DevAccount;
let chainId: number;

before(async () => {
  testChain = await createTestChain();
  const accounts = testChain.accounts;
  admin = accounts[0]!;
  approvers = [accounts[1]!, accounts[2]!, accounts[3]!].sort((a, b) => compare(a.address, b.address));
  stranger = accounts[4]!;
  chainId = await testChain.publicClient.getChainId();
});
after(() => testChain.close());

const usdc = (units: number) => BigInt(Math.round(units * 1_000_000));
const vaultFunds = usdc(10_000_000);
let addressSeed = 0;
/** An address that never held anything: the case the gas aim is about. */
const freshAddress = () => getAddress(keccak256(toHex(`payroll-vault-test-${addressSeed++}`)).slice(0, 42));
const compare = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

type Fixture = { vault: Address; token: Address; oracle: Address };

async function setup(
  options: { threshold?: number; approvers?: Address[]; oracle?: Address; funds?: bigint } = {},
): Promise<Fixture> {
  const oracle =
    options.oracle ??
    (await testChain.deploy({ abi: sanctionsOracleAbi, bytecode: sanctionsOracleBytecode, args: [admin.address] }));
  const token = await testChain.deploy({
    abi: testStablecoinAbi,
    bytecode: testStablecoinBytecode,
    args: ['USD Coin (Tandem test)', 'USDC', admin.address],
  });
  const { address: vault } = await deployPayrollVault({
    publicClient: testChain.publicClient,
    walletClient: testChain.walletClient,
    approvers: options.approvers ?? approvers.map((approver) => approver.address),
    threshold: options.threshold ?? 2,
    sanctionsOracle: oracle,
    admin: admin.address,
  });
  await send(
    testChain.walletClient.writeContract({
      address: token,
      abi: testStablecoinAbi,
      functionName: 'mint',
      args: [vault, options.funds ?? vaultFunds],
    }),
  );
  return { vault, token: getAddress(token), oracle: getAddress(oracle) };
}

async function send(hash: Promise<Hex>): Promise<TransactionReceipt> {
  const receipt = await testChain.publicClient.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, 'success');
  return receipt;
}

async function latestTimestamp(): Promise<bigint> {
  return (await testChain.publicClient.getBlock()).timestamp;
}

async function makeBatch(
  fixture: Fixture,
  payouts: Payout[],
  overrides: Partial<PayoutBatch> = {},
): Promise<PayoutBatch> {
  return {
    runId: toRunId(`run-${addressSeed++}`),
    batchIndex: 0,
    token: fixture.token,
    payoutsHash: hashPayouts(payouts),
    total: payouts.reduce((sum, payout) => sum + payout.amount, 0n),
    deadline: (await latestTimestamp()) + 3_600n,
    ...overrides,
  };
}

const freshPayouts = (count: number, amount = usdc(1_234.56)) =>
  Array.from({ length: count }, (_, index) => ({ recipient: freshAddress(), amount: amount + BigInt(index) }));

async function sign(fixture: Fixture, batch: PayoutBatch, signers: DevAccount[]): Promise<ApproverSignature[]> {
  const typedData = payoutBatchTypedData({ chainId, vault: fixture.vault, batch });
  const signatures: ApproverSignature[] = [];
  for (const signer of signers)
    signatures.push({ approver: signer.address, signature: await signer.signTypedData(typedData) });
  return signatures.sort((a, b) => compare(a.approver, b.approver));
}

/** executeBatch with raw packed words and signatures in the order given: what a careless or hostile caller sends. */
function executeRaw(
  fixture: Fixture,
  batch: PayoutBatch,
  words: Hex[],
  signatures: ApproverSignature[],
  from: DevAccount = stranger,
) {
  return send(
    testChain
      .walletFor(from)
      .writeContract({ address: fixture.vault, abi, functionName: 'executeBatch', args: [batch, words, signatures] }),
  );
}

function execute(fixture: Fixture, batch: PayoutBatch, payouts: Payout[], signatures: ApproverSignature[]) {
  return send(
    testChain.walletFor(stranger).sendTransaction({
      to: fixture.vault,
      data: encodeExecuteBatch({ batch, payouts, signatures }),
    }),
  );
}

const balanceOf = (token: Address, account: Address) =>
  testChain.publicClient.readContract({
    address: token,
    abi: testStablecoinAbi,
    functionName: 'balanceOf',
    args: [account],
  });

const approvalState = (fixture: Fixture, digest: Hex, approver: Address) =>
  testChain.publicClient.readContract({
    address: fixture.vault,
    abi,
    functionName: 'approvalState',
    args: [digest, approver],
  });
const isBatchExecuted = (fixture: Fixture, runId: Hex, batchIndex: number) =>
  testChain.publicClient.readContract({
    address: fixture.vault,
    abi,
    functionName: 'isBatchExecuted',
    args: [runId, batchIndex],
  });

const approveOnChain = (fixture: Fixture, digest: Hex, approver: DevAccount) =>
  send(
    testChain
      .walletFor(approver)
      .writeContract({ address: fixture.vault, abi, functionName: 'approveBatch', args: [digest] }),
  );
const revokeOnChain = (fixture: Fixture, digest: Hex, approver: DevAccount) =>
  send(
    testChain
      .walletFor(approver)
      .writeContract({ address: fixture.vault, abi, functionName: 'revokeApproval', args: [digest] }),
  );
const digestOf = (fixture: Fixture, batch: PayoutBatch) => hashPayoutBatch({ chainId, vault: fixture.vault, batch });

/** Deploys raw runtime code (behind a 10-byte creation prefix), for stand-in tokens and ERC-1271 wallets. */
async function deployRuntime(runtime: Hex): Promise<Address> {
  const size = (runtime.length - 2) / 2;
  const creation = concat([`0x61${size.toString(16).padStart(4, '0')}80600a3d393df3`, runtime]);
  const receipt = await send(testChain.walletClient.sendTransaction({ data: creation }));
  return getAddress(receipt.contractAddress!);
}
const returnWord = (word: Hex) => `0x7f${word.slice(2)}60005260206000f3` as Hex;
const maxWord = `0x${'ff'.repeat(32)}` as Hex;

describe('constructor', () => {
  const deploy = (overrides: Partial<Parameters<typeof deployArgs>[0]> = {}) =>
    testChain.deploy({ abi, bytecode: payrollVaultBytecode, args: deployArgs(overrides) });
  function deployArgs(overrides: { admin?: Address; approvers?: Address[]; threshold?: bigint; oracle?: Address }) {
    return [
      overrides.admin ?? admin.address,
      overrides.approvers ?? approvers.map((approver) => approver.address),
      overrides.threshold ?? 2n,
      overrides.oracle ?? stranger.address,
    ] as const;
  }

  test('test_RevertWhen_AdminZeroAddress', async () => {
    await expectRevert(deploy({ admin: zeroAddress }), abi, 'PayrollVault_AdminZeroAddress');
  });

  test('test_RevertWhen_SanctionsOracleZeroAddress', async () => {
    await expectRevert(deploy({ oracle: zeroAddress }), abi, 'PayrollVault_SanctionsOracleZeroAddress');
  });

  test('test_RevertWhen_ThresholdZero', async () => {
    await expectRevert(deploy({ threshold: 0n }), abi, 'PayrollVault_ThresholdOutOfRange', [0n, 3n]);
  });

  test('test_RevertWhen_ThresholdAboveApproverCount', async () => {
    await expectRevert(deploy({ threshold: 4n }), abi, 'PayrollVault_ThresholdOutOfRange', [4n, 3n]);
  });

  test('test_RevertWhen_ApproverZeroAddress', async () => {
    await expectRevert(deploy({ approvers: [admin.address, zeroAddress] }), abi, 'PayrollVault_ApproverZeroAddress');
  });

  test('test_RevertWhen_DuplicateApprover', async () => {
    await expectRevert(
      deploy({ approvers: [admin.address, stranger.address, admin.address] }),
      abi,
      'PayrollVault_DuplicateApprover',
      [admin.address],
    );
  });

  test('test_RevertWhen_TooManyApprovers', async () => {
    const many = Array.from({ length: 33 }, () => freshAddress());
    await expectRevert(deploy({ approvers: many }), abi, 'PayrollVault_TooManyApprovers', [33n, 32n]);
  });

  test('test_WhenInputsValid: sets approvers, threshold, roles, oracle and the EIP-712 domain', async () => {
    const fixture = await setup();
    const readVault = <const name extends 'getApprovers' | 'threshold' | 'sanctionsOracle' | 'paused' | 'eip712Domain'>(
      functionName: name,
    ) => testChain.publicClient.readContract({ address: fixture.vault, abi, functionName });
    assert.deepEqual(
      await readVault('getApprovers'),
      approvers.map((approver) => approver.address),
    );
    assert.equal(await readVault('threshold'), 2n);
    assert.equal(await readVault('sanctionsOracle'), fixture.oracle);
    assert.equal(await readVault('paused'), false);
    const [, name, version, domainChainId, verifyingContract] = await readVault('eip712Domain');
    assert.deepEqual(
      [name, version, Number(domainChainId), verifyingContract],
      ['TandemPayrollVault', '1', chainId, fixture.vault],
    );
    for (const role of ['DEFAULT_ADMIN_ROLE', 'PAUSER_ROLE'] as const) {
      const roleId = await testChain.publicClient.readContract({ address: fixture.vault, abi, functionName: role });
      assert.equal(
        await testChain.publicClient.readContract({
          address: fixture.vault,
          abi,
          functionName: 'hasRole',
          args: [roleId, admin.address],
        }),
        true,
      );
    }
  });
});

describe('hashPayoutBatch', () => {
  test('test_WhenCalled: equals the digest the TypeScript client computes for signing', async () => {
    const fixture = await setup();
    const batch = await makeBatch(fixture, freshPayouts(3), { batchIndex: 7 });
    const onChain = await testChain.publicClient.readContract({
      address: fixture.vault,
      abi,
      functionName: 'hashPayoutBatch',
      args: [batch],
    });
    assert.equal(onChain, digestOf(fixture, batch));
  });
});

describe('approveBatch and revokeApproval', () => {
  test('test_RevertWhen_CallerNotApprover', async () => {
    const fixture = await setup();
    const digest = keccak256(toHex('some batch'));
    for (const functionName of ['approveBatch', 'revokeApproval'] as const)
      await expectRevert(
        testChain.walletFor(stranger).writeContract({ address: fixture.vault, abi, functionName, args: [digest] }),
        abi,
        'PayrollVault_CallerNotApprover',
        [stranger.address],
      );
  });

  test('test_WhenCallerApprover: records Approved, then Revoked, then Approved again, with an event each', async () => {
    const fixture = await setup();
    const digest = keccak256(toHex('another batch'));
    const approver = approvers[0]!;
    const events = async (receipt: TransactionReceipt) =>
      parseEventLogs({ abi, logs: receipt.logs }).map((event) => [event.eventName, event.args]);
    assert.deepEqual(await events(await approveOnChain(fixture, digest, approver)), [
      ['BatchApproved', { batchDigest: digest, approver: approver.address }],
    ]);
    assert.equal(await approvalState(fixture, digest, approver.address), 1);
    assert.deepEqual(await events(await revokeOnChain(fixture, digest, approver)), [
      ['ApprovalRevoked', { batchDigest: digest, approver: approver.address }],
    ]);
    assert.equal(await approvalState(fixture, digest, approver.address), 2);
    await approveOnChain(fixture, digest, approver);
    assert.equal(await approvalState(fixture, digest, approver.address), 1);
  });
});

describe('executeBatch', () => {
  test('test_RevertWhen_Paused', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(2);
    const batch = await makeBatch(fixture, payouts);
    await send(testChain.walletClient.writeContract({ address: fixture.vault, abi, functionName: 'pause' }));
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        await sign(fixture, batch, approvers.slice(0, 2)),
      ),
      abi,
      'EnforcedPause',
    );
  });

  test('test_RevertWhen_DeadlinePassed', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(2);
    const deadline = (await latestTimestamp()) - 1n;
    const batch = await makeBatch(fixture, payouts, { deadline });
    const failure = executeRaw(
      fixture,
      batch,
      payouts.map((p) => packPayout(p)),
      await sign(fixture, batch, approvers.slice(0, 2)),
    );
    await expectRevert(failure, abi, 'PayrollVault_DeadlinePassed');
  });

  test('test_RevertWhen_EmptyBatch', async () => {
    const fixture = await setup();
    const batch = await makeBatch(fixture, [], { payoutsHash: keccak256('0x') });
    await expectRevert(
      executeRaw(fixture, batch, [], await sign(fixture, batch, approvers.slice(0, 2))),
      abi,
      'PayrollVault_EmptyBatch',
    );
  });

  test('test_RevertWhen_PayoutsHashMismatch: payouts other than the approved ones are refused', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(3);
    const batch = await makeBatch(fixture, payouts);
    const signatures = await sign(fixture, batch, approvers.slice(0, 2));
    // Same total, one recipient swapped for the attacker's address.
    const tampered = [{ ...payouts[0]!, recipient: stranger.address }, payouts[1]!, payouts[2]!];
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        tampered.map((p) => packPayout(p)),
        signatures,
      ),
      abi,
      'PayrollVault_PayoutsHashMismatch',
      [batch.payoutsHash, hashPayouts(tampered)],
    );
  });

  test('test_RevertWhen_BatchAlreadyExecuted: the same (runId, batchIndex) never pays twice, whatever its payouts', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(3);
    const batch = await makeBatch(fixture, payouts);
    const signatures = await sign(fixture, batch, approvers.slice(0, 2));
    await execute(fixture, batch, payouts, signatures);
    await expectRevert(execute(fixture, batch, payouts, signatures), abi, 'PayrollVault_BatchAlreadyExecuted', [
      batch.runId,
      0,
    ]);
    // A differently composed batch under the same key, fully approved, is refused too.
    const otherPayouts = freshPayouts(1);
    const other = await makeBatch(fixture, otherPayouts, { runId: batch.runId });
    await expectRevert(
      execute(fixture, other, otherPayouts, await sign(fixture, other, approvers)),
      abi,
      'PayrollVault_BatchAlreadyExecuted',
      [batch.runId, 0],
    );
    for (const payout of payouts) assert.equal(await balanceOf(fixture.token, payout.recipient), payout.amount);
    assert.equal(await balanceOf(fixture.token, otherPayouts[0]!.recipient), 0n);
  });

  test('test_RevertWhen_SignersNotAscending', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(1);
    const batch = await makeBatch(fixture, payouts);
    const signatures = (await sign(fixture, batch, approvers.slice(0, 2))).reverse();
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        signatures,
      ),
      abi,
      'PayrollVault_SignersNotAscending',
      [signatures[1]!.approver],
    );
  });

  test('test_RevertWhen_DuplicateSigner: one approver cannot count twice', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(1);
    const batch = await makeBatch(fixture, payouts);
    const [signature] = await sign(fixture, batch, [approvers[0]!]);
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        [signature!, signature!],
      ),
      abi,
      'PayrollVault_DuplicateSigner',
      [approvers[0]!.address],
    );
  });

  test('test_RevertWhen_SignerNotApprover', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(1);
    const batch = await makeBatch(fixture, payouts);
    const signatures = await sign(fixture, batch, [approvers[0]!, stranger]);
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        signatures,
      ),
      abi,
      'PayrollVault_SignerNotApprover',
      [stranger.address],
    );
  });

  test('test_RevertWhen_SignerRemovedFromApprovers: approvals of a removed approver stop counting', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(1);
    const batch = await makeBatch(fixture, payouts);
    const signatures = await sign(fixture, batch, approvers.slice(0, 2));
    await send(
      testChain.walletClient.writeContract({
        address: fixture.vault,
        abi,
        functionName: 'setApprovers',
        args: [[approvers[1]!.address, approvers[2]!.address], 2n],
      }),
    );
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        signatures,
      ),
      abi,
      'PayrollVault_SignerNotApprover',
      [approvers[0]!.address],
    );
  });

  test('test_RevertWhen_SignatureRevoked: a revoked signature no longer counts', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(2);
    const batch = await makeBatch(fixture, payouts);
    const signatures = await sign(fixture, batch, approvers.slice(0, 2));
    await revokeOnChain(fixture, digestOf(fixture, batch), approvers[1]!);
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        signatures,
      ),
      abi,
      'PayrollVault_ApprovalRevoked',
      [approvers[1]!.address],
    );
    // Without the revoked approver the threshold is not met either.
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        signatures.filter((s) => s.approver !== approvers[1]!.address),
      ),
      abi,
      'PayrollVault_ThresholdNotMet',
      [1n, 2n],
    );
  });

  test('test_RevertWhen_NotApprovedOnChain: an empty signature needs an on-chain approval', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(1);
    const batch = await makeBatch(fixture, payouts);
    const signatures: ApproverSignature[] = approvers
      .slice(0, 2)
      .map((approver) => ({ approver: approver.address, signature: '0x' }));
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        signatures,
      ),
      abi,
      'PayrollVault_NotApprovedOnChain',
      [approvers[0]!.address],
    );
  });

  test('test_RevertWhen_InvalidSignature: a signature for another vault or another batch is refused', async () => {
    const fixture = await setup();
    const otherVault = await setup();
    const payouts = freshPayouts(1);
    const batch = await makeBatch(fixture, payouts);
    const forOtherVault = await sign(otherVault, batch, approvers.slice(0, 2));
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        forOtherVault,
      ),
      abi,
      'PayrollVault_InvalidSignature',
      [forOtherVault[0]!.approver],
    );
    const forOtherDeadline = await sign(fixture, { ...batch, deadline: batch.deadline + 1n }, approvers.slice(0, 2));
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        forOtherDeadline,
      ),
      abi,
      'PayrollVault_InvalidSignature',
    );
  });

  test('test_RevertWhen_ThresholdNotMet', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(1);
    const batch = await makeBatch(fixture, payouts);
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        await sign(fixture, batch, [approvers[2]!]),
      ),
      abi,
      'PayrollVault_ThresholdNotMet',
      [1n, 2n],
    );
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        [],
      ),
      abi,
      'PayrollVault_ThresholdNotMet',
      [0n, 2n],
    );
  });

  test('test_RevertWhen_RecipientZeroAddress', async () => {
    const fixture = await setup();
    const words = [packPayout(freshPayouts(1)[0]!), pad(numberToHex(5n), { size: 32 })];
    const batch = await makeBatch(fixture, [], { payoutsHash: keccak256(concat(words)), total: 0n });
    await expectRevert(
      executeRaw(fixture, batch, words, await sign(fixture, batch, approvers.slice(0, 2))),
      abi,
      'PayrollVault_RecipientZeroAddress',
      [1n],
    );
  });

  test('test_RevertWhen_PayoutAmountZero', async () => {
    const fixture = await setup();
    const words = [pad(freshAddress(), { dir: 'right', size: 32 })];
    const batch = await makeBatch(fixture, [], { payoutsHash: keccak256(concat(words)), total: 0n });
    await expectRevert(
      executeRaw(fixture, batch, words, await sign(fixture, batch, approvers.slice(0, 2))),
      abi,
      'PayrollVault_PayoutAmountZero',
      [0n],
    );
  });

  test('test_RevertWhen_TotalMismatch', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(2);
    const batch = await makeBatch(fixture, payouts);
    const wrong = { ...batch, total: batch.total - 1n };
    await expectRevert(
      executeRaw(
        fixture,
        wrong,
        payouts.map((p) => packPayout(p)),
        await sign(fixture, wrong, approvers.slice(0, 2)),
      ),
      abi,
      'PayrollVault_TotalMismatch',
      [wrong.total, batch.total],
    );
  });

  test('test_RevertWhen_InsufficientBalance', async () => {
    const fixture = await setup();
    const payouts = [{ recipient: freshAddress(), amount: vaultFunds + 1n }];
    const batch = await makeBatch(fixture, payouts);
    await expectRevert(
      executeRaw(
        fixture,
        batch,
        payouts.map((p) => packPayout(p)),
        await sign(fixture, batch, approvers.slice(0, 2)),
      ),
      abi,
      'PayrollVault_InsufficientBalance',
      [fixture.token, vaultFunds, vaultFunds + 1n],
    );
  });

  test('test_RevertWhen_RecipientSanctioned: every recipient is screened, the first flagged one is named, nobody is paid', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(40);
    const flagged = [payouts[39]!.recipient, payouts[17]!.recipient];
    await send(
      testChain.walletClient.writeContract({
        address: fixture.oracle,
        abi: sanctionsOracleAbi,
        functionName: 'addToSanctionsList',
        args: [[flagged[0]!]],
      }),
    );
    const batch = await makeBatch(fixture, payouts);
    const signatures = await sign(fixture, batch, approvers.slice(0, 2));
    // The last recipient of the batch is the only one flagged: a check that stopped early would miss it.
    await expectRevert(execute(fixture, batch, payouts, signatures), abi, 'PayrollVault_RecipientSanctioned', [
      flagged[0],
      39n,
    ]);
    await send(
      testChain.walletClient.writeContract({
        address: fixture.oracle,
        abi: sanctionsOracleAbi,
        functionName: 'addToSanctionsList',
        args: [[flagged[1]!]],
      }),
    );
    await expectRevert(execute(fixture, batch, payouts, signatures), abi, 'PayrollVault_RecipientSanctioned', [
      flagged[1],
      17n,
    ]);
    for (const payout of payouts) assert.equal(await balanceOf(fixture.token, payout.recipient), 0n);
    assert.equal(await isBatchExecuted(fixture, batch.runId, 0), false);

    // Taken off the list, both are paid: the filter's leftover bits only cost an exact lookup.
    await send(
      testChain.walletClient.writeContract({
        address: fixture.oracle,
        abi: sanctionsOracleAbi,
        functionName: 'removeFromSanctionsList',
        args: [flagged],
      }),
    );
    await execute(fixture, batch, payouts, signatures);
    for (const payout of payouts) assert.equal(await balanceOf(fixture.token, payout.recipient), payout.amount);
  });

  test('test_RevertWhen_SanctionsCheckFailed: an oracle that does not answer stops every payout', async () => {
    const fixture = await setup({ oracle: stranger.address });
    const payouts = freshPayouts(2);
    const batch = await makeBatch(fixture, payouts);
    await expectRevert(
      execute(fixture, batch, payouts, await sign(fixture, batch, approvers.slice(0, 2))),
      abi,
      'PayrollVault_SanctionsCheckFailed',
      [stranger.address],
    );
  });

  test('test_RevertWhen_TransferFailed: a token that returns false is a failed payout', async () => {
    const fixture = await setup();
    // Answers every call with 2^256 - 1: a huge balanceOf, and a transfer that does not return true.
    const token = await deployRuntime(returnWord(maxWord));
    const payouts = freshPayouts(2);
    const batch = await makeBatch(fixture, payouts, { token });
    await expectRevert(
      execute(fixture, batch, payouts, await sign(fixture, batch, approvers.slice(0, 2))),
      abi,
      'PayrollVault_TransferFailed',
      [token, payouts[0]!.recipient],
    );
  });

  test('test_WhenTokenReturnsNothing: a USDT-style token without a return value is paid through', async () => {
    const fixture = await setup();
    // balanceOf (36 bytes of calldata) answers 2^256 - 1; every other call succeeds and returns nothing.
    const token = await deployRuntime(`0x36602414600857005b${returnWord(maxWord).slice(2)}`);
    const payouts = freshPayouts(3);
    const batch = await makeBatch(fixture, payouts, { token });
    const receipt = await execute(fixture, batch, payouts, await sign(fixture, batch, approvers.slice(0, 2)));
    assert.equal(parseBatchExecutions({ vault: fixture.vault, logs: receipt.logs })[0]!.payouts.length, 3);
  });

  test('test_WhenSignaturesMeetThreshold: pays each recipient exactly, one Payout event per payout, in order', async () => {
    const fixture = await setup();
    const payouts = [
      { recipient: freshAddress(), amount: usdc(1_234.56) },
      { recipient: freshAddress(), amount: usdc(0.000001) },
    ];
    const batch = await makeBatch(fixture, payouts, { batchIndex: 3 });
    const fromBlock = await testChain.publicClient.getBlockNumber();
    const receipt = await execute(fixture, batch, payouts, await sign(fixture, batch, [approvers[0]!, approvers[2]!]));

    for (const payout of payouts) assert.equal(await balanceOf(fixture.token, payout.recipient), payout.amount);
    assert.equal(await balanceOf(fixture.token, fixture.vault), vaultFunds - batch.total);
    const [execution, ...others] = parseBatchExecutions({ vault: fixture.vault, logs: receipt.logs });
    assert.equal(others.length, 0);
    assert.deepEqual(
      { ...execution!, payouts: execution!.payouts.map(({ recipient, amount }) => ({ recipient, amount })) },
      {
        runId: batch.runId,
        batchIndex: 3,
        batchDigest: digestOf(fixture, batch),
        token: fixture.token,
        total: batch.total,
        transactionHash: receipt.transactionHash,
        payouts,
      },
    );
    // Each Payout log is followed by the token's Transfer log of the same payout.
    const transfers = parseEventLogs({ abi: testStablecoinAbi, logs: receipt.logs, eventName: 'Transfer' });
    assert.deepEqual(
      transfers.map((t) => [t.logIndex, t.args.from, t.args.to, t.args.value]),
      execution!.payouts.map((p) => [p.logIndex + 1, fixture.vault, p.recipient, p.amount]),
    );
    assert.deepEqual(
      await readBatchStatus({
        publicClient: testChain.publicClient,
        vault: fixture.vault,
        runId: batch.runId,
        batchIndex: 3,
        fromBlock,
      }),
      {
        executed: true,
        execution: {
          transactionHash: receipt.transactionHash,
          blockNumber: receipt.blockNumber,
          logIndex: receipt.logs.findIndex(
            (log) => log.topics.length > 0 && log.address.toLowerCase() === fixture.vault.toLowerCase(),
          ),
          batchDigest: digestOf(fixture, batch),
          token: fixture.token,
          total: batch.total,
          payoutCount: 2n,
        },
      },
    );
    assert.deepEqual(
      await readBatchStatus({
        publicClient: testChain.publicClient,
        vault: fixture.vault,
        runId: batch.runId,
        batchIndex: 2,
      }),
      { executed: false },
    );
  });

  test('test_WhenApprovedOnChain: approvers that sent transactions need no signature, and anyone may submit', async () => {
    const fixture = await setup({ threshold: 3 });
    const payouts = freshPayouts(4);
    const batch = await makeBatch(fixture, payouts);
    const digest = await testChain.publicClient.readContract({
      address: fixture.vault,
      abi,
      functionName: 'hashPayoutBatch',
      args: [batch],
    });
    await approveOnChain(fixture, digest, approvers[0]!);
    await approveOnChain(fixture, digest, approvers[2]!);
    // Two on-chain approvals and one signature.
    const [signature] = await sign(fixture, batch, [approvers[1]!]);
    const signatures = [
      { approver: approvers[0]!.address, signature: '0x' as Hex },
      signature!,
      { approver: approvers[2]!.address, signature: '0x' as Hex },
    ];
    await execute(fixture, batch, payouts, signatures);
    for (const payout of payouts) assert.equal(await balanceOf(fixture.token, payout.recipient), payout.amount);
  });

  test('test_WhenRevokedThenApprovedAgain: the approver’s latest word counts', async () => {
    const fixture = await setup();
    const payouts = freshPayouts(1);
    const batch = await makeBatch(fixture, payouts);
    const digest = digestOf(fixture, batch);
    await revokeOnChain(fixture, digest, approvers[0]!);
    await approveOnChain(fixture, digest, approvers[0]!);
    const signatures = [
      { approver: approvers[0]!.address, signature: '0x' as Hex },
      ...(await sign(fixture, batch, [approvers[1]!])),
    ];
    await execute(fixture, batch, payouts, signatures);
    assert.equal(await balanceOf(fixture.token, payouts[0]!.recipient), payouts[0]!.amount);
  });

  test('test_WhenApproverIsContract: ERC-1271 wallets approve with whatever their isValidSignature accepts', async () => {
    // Accepts any signature (returns the ERC-1271 magic value), and refuses any (returns zero).
    const acceptingWallet = await deployRuntime(returnWord(pad('0x1626ba7e', { dir: 'right', size: 32 })));
    const refusingWallet = await deployRuntime(returnWord(pad('0x00', { size: 32 })));
    const fixture = await setup({ approvers: [acceptingWallet, refusingWallet, approvers[0]!.address], threshold: 2 });
    const payouts = freshPayouts(2);
    const batch = await makeBatch(fixture, payouts);
    const [eoaSignature] = await sign(fixture, batch, [approvers[0]!]);
    await expectRevert(
      execute(fixture, batch, payouts, [eoaSignature!, { approver: refusingWallet, signature: '0x1234' }]),
      abi,
      'PayrollVault_InvalidSignature',
      [refusingWallet],
    );
    await execute(fixture, batch, payouts, [eoaSignature!, { approver: acceptingWallet, signature: '0x1234' }]);
    for (const payout of payouts) assert.equal(await balanceOf(fixture.token, payout.recipient), payout.amount);
  });

  test('test_WhenRunHasManyBatches: each batch index is its own key, across executed-bitmap words', async () => {
    const fixture = await setup({ threshold: 1 });
    const runId = toRunId('many-batches');
    for (const batchIndex of [0, 255, 256, 2 ** 32 - 1]) {
      const payouts = freshPayouts(1);
      const batch = await makeBatch(fixture, payouts, { runId, batchIndex });
      assert.equal(await isBatchExecuted(fixture, runId, batchIndex), false);
      await execute(fixture, batch, payouts, await sign(fixture, batch, [approvers[0]!]));
      assert.equal(await isBatchExecuted(fixture, runId, batchIndex), true);
    }
    for (const batchIndex of [1, 254, 257, 2 ** 32 - 2])
      assert.equal(await isBatchExecuted(fixture, runId, batchIndex), false);
  });
});

describe('buildPayoutBatches on chain', () => {
  test('test_WhenRunSplit: every planned batch of fresh recipients uses less gas than the budget it was planned for', async () => {
    const fixture = await setup({ threshold: 2 });
    const maxGasPerBatch = 1_500_000n;
    const plans = buildPayoutBatches(freshPayouts(120), {
      runId: toRunId('split-run'),
      token: fixture.token,
      deadline: (await latestTimestamp()) + 600n,
      maxGasPerBatch,
    });
    assert.deepEqual(
      plans.map((plan) => plan.payouts.length),
      [40, 40, 40],
    );
    for (const plan of plans) {
      const receipt = await execute(
        fixture,
        plan.batch,
        plan.payouts,
        await sign(fixture, plan.batch, approvers.slice(1)),
      );
      assert.ok(receipt.gasUsed <= maxGasPerBatch, `${receipt.gasUsed} > ${maxGasPerBatch}`);
      for (const payout of plan.payouts) assert.equal(await balanceOf(fixture.token, payout.recipient), payout.amount);
    }
  });
});

describe('setApprovers', () => {
  test('test_RevertWhen_CallerNotAdmin', async () => {
    const fixture = await setup();
    await expectRevert(
      testChain.walletFor(approvers[0]!).writeContract({
        address: fixture.vault,
        abi,
        functionName: 'setApprovers',
        args: [[approvers[0]!.address], 1n],
      }),
      abi,
      'AccessControlUnauthorizedAccount',
    );
  });

  test('test_RevertWhen_ThresholdOutOfRange', async () => {
    const fixture = await setup();
    await expectRevert(
      testChain.walletClient.writeContract({
        address: fixture.vault,
        abi,
        functionName: 'setApprovers',
        args: [[approvers[0]!.address], 2n],
      }),
      abi,
      'PayrollVault_ThresholdOutOfRange',
      [2n, 1n],
    );
  });

  test('test_WhenCallerAdmin: replaces the set with one event per change', async () => {
    const fixture = await setup();
    const newcomer = freshAddress();
    const receipt = await send(
      testChain.walletClient.writeContract({
        address: fixture.vault,
        abi,
        functionName: 'setApprovers',
        args: [[approvers[2]!.address, newcomer], 1n],
      }),
    );
    assert.deepEqual(
      parseEventLogs({ abi, logs: receipt.logs }).map((event) => [event.eventName, event.args]),
      [
        ['ApproverRemoved', { approver: approvers[0]!.address }],
        ['ApproverRemoved', { approver: approvers[1]!.address }],
        ['ApproverAdded', { approver: newcomer }],
        ['ThresholdChanged', { previousThreshold: 2n, newThreshold: 1n }],
      ],
    );
    const isApprover = (account: Address) =>
      testChain.publicClient.readContract({ address: fixture.vault, abi, functionName: 'isApprover', args: [account] });
    assert.deepEqual(await Promise.all([approvers[0]!.address, approvers[2]!.address, newcomer].map(isApprover)), [
      false,
      true,
      true,
    ]);
  });
});

describe('pause and unpause', () => {
  test('test_RevertWhen_CallerNotPauser', async () => {
    const fixture = await setup();
    await expectRevert(
      testChain.walletFor(stranger).writeContract({ address: fixture.vault, abi, functionName: 'pause' }),
      abi,
      'AccessControlUnauthorizedAccount',
    );
  });

  test('test_WhenUnpausedByAdmin: approvals given while paused count afterwards', async () => {
    const fixture = await setup();
    const pauserRole = await testChain.publicClient.readContract({
      address: fixture.vault,
      abi,
      functionName: 'PAUSER_ROLE',
    });
    await send(
      testChain.walletClient.writeContract({
        address: fixture.vault,
        abi,
        functionName: 'grantRole',
        args: [pauserRole, stranger.address],
      }),
    );
    await send(testChain.walletFor(stranger).writeContract({ address: fixture.vault, abi, functionName: 'pause' }));
    const payouts = freshPayouts(1);
    const batch = await makeBatch(fixture, payouts);
    await approveOnChain(fixture, digestOf(fixture, batch), approvers[0]!);
    // A pauser cannot unpause: that takes the admin.
    await expectRevert(
      testChain.walletFor(stranger).writeContract({ address: fixture.vault, abi, functionName: 'unpause' }),
      abi,
      'AccessControlUnauthorizedAccount',
    );
    await send(testChain.walletClient.writeContract({ address: fixture.vault, abi, functionName: 'unpause' }));
    const signatures = [
      { approver: approvers[0]!.address, signature: '0x' as Hex },
      ...(await sign(fixture, batch, [approvers[1]!])),
    ];
    await execute(fixture, batch, payouts, signatures);
    assert.equal(await balanceOf(fixture.token, payouts[0]!.recipient), payouts[0]!.amount);
  });
});

describe('fuzz', () => {
  test('testFuzz_ExecuteBatch: random batches pay every recipient its exact sum and conserve the total', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20_260_401);
    const random = createSeededRandom(seed);
    const funds = 10n ** 18n;
    const fixture = await setup({ threshold: 1, funds });
    const holders = new Map<Address, bigint>();
    const pool = Array.from({ length: 30 }, () => freshAddress());
    let paid = 0n;
    for (let round = 0; round < 12; round++) {
      // Fresh and repeated recipients (also twice in one batch), amounts from 1 unit to ~10^9 USDC.
      const payouts = Array.from({ length: 1 + random.int(60) }, () => ({
        recipient: random.chance(0.5) ? random.pick(pool) : freshAddress(),
        amount: 1n + random.bigint(random.chance(0.2) ? 10n ** 15n : 10n ** 9n),
      }));
      const [plan] = buildPayoutBatches(payouts, {
        runId: toRunId(`fuzz-${seed}`),
        token: fixture.token,
        deadline: (await latestTimestamp()) + 600n,
        firstBatchIndex: round,
      });
      const before = await balanceOf(fixture.token, fixture.vault);
      const receipt = await execute(
        fixture,
        plan!.batch,
        plan!.payouts,
        await sign(fixture, plan!.batch, [approvers[random.int(3)]!]),
      );
      for (const payout of payouts)
        holders.set(payout.recipient, (holders.get(payout.recipient) ?? 0n) + payout.amount);
      paid += plan!.batch.total;
      assert.equal(
        await balanceOf(fixture.token, fixture.vault),
        before - plan!.batch.total,
        `seed ${seed}, round ${round}`,
      );
      const [execution] = parseBatchExecutions({ vault: fixture.vault, logs: receipt.logs });
      assert.deepEqual(
        execution!.payouts.map(({ recipient, amount }) => ({ recipient, amount })),
        payouts,
        `seed ${seed}, round ${round}`,
      );
    }
    let received = 0n;
    for (const [holder, expected] of holders) {
      const balance = await balanceOf(fixture.token, holder);
      assert.equal(balance, expected, `seed ${seed}: ${holder}`);
      received += balance;
    }
    assert.equal(received, paid, `seed ${seed}`);
    assert.equal(await balanceOf(fixture.token, fixture.vault), funds - paid, `seed ${seed}`);
  });
});

describe('invariant', () => {
  test('testInvariant_NeverPaysTwice: random approve/revoke/execute/pause sequences pay each batch at most once', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 7);
    const random = createSeededRandom(seed);
    const fixture = await setup();
    const deadline = (await latestTimestamp()) + 3_600n;
    // Six batches over two runs; batches 0 and 3 share (runId, batchIndex) with different payouts.
    const runs = [toRunId(`invariant-a-${seed}`), toRunId(`invariant-b-${seed}`)];
    const keys = [
      [0, 0],
      [0, 1],
      [1, 0],
      [0, 0],
      [1, 1],
      [1, 2],
    ] as const;
    const batches: { batch: PayoutBatch; payouts: Payout[]; digest: Hex; signatures: ApproverSignature[] }[] = [];
    for (const [run, batchIndex] of keys) {
      const payouts = freshPayouts(1 + random.int(5), usdc(1 + random.int(5_000)));
      const batch = await makeBatch(fixture, payouts, { runId: runs[run]!, batchIndex, deadline });
      batches.push({
        batch,
        payouts,
        digest: digestOf(fixture, batch),
        signatures: await sign(fixture, batch, approvers),
      });
    }
    const keyOf = (b: (typeof batches)[number]) => `${b.batch.runId}:${b.batch.batchIndex}`;
    const model = {
      paused: false,
      executedKeys: new Set<string>(),
      executedBatches: new Set<number>(),
      states: new Map<string, 'approved' | 'revoked'>(),
      paid: 0n,
    };
    const steps = Number(process.env.INVARIANT_STEPS ?? 60);
    const outcomes = new Map<string, number>();
    for (let step = 0; step < steps; step++) {
      const index = random.int(batches.length);
      const entry = batches[index]!;
      const approver = random.pick(approvers);
      const action = random.pick(['approve', 'revoke', 'execute', 'execute', 'pause'] as const);
      const where = `seed ${seed}, step ${step}: ${action} #${index}`;
      if (action === 'approve') {
        await approveOnChain(fixture, entry.digest, approver);
        model.states.set(`${index}:${approver.address}`, 'approved');
      } else if (action === 'revoke') {
        await revokeOnChain(fixture, entry.digest, approver);
        model.states.set(`${index}:${approver.address}`, 'revoked');
      } else if (action === 'pause') {
        await send(
          testChain.walletClient.writeContract({
            address: fixture.vault,
            abi,
            functionName: model.paused ? 'unpause' : 'pause',
          }),
        );
        model.paused = !model.paused;
      } else {
        // The submitter passes, for each chosen approver, a signature or (randomly) an empty one.
        const chosen = approvers.filter(() => random.chance(0.7));
        const signatures = chosen.map((a) => ({
          approver: a.address,
          signature: random.chance(0.5) ? '0x' : entry.signatures.find((s) => s.approver === a.address)!.signature,
        })) as ApproverSignature[];
        const expected = expectedOutcome(model, index, keyOf(entry), signatures);
        let outcome: string;
        try {
          await execute(fixture, entry.batch, entry.payouts, signatures);
          outcome = 'paid';
        } catch (error) {
          outcome = revertName(error);
        }
        assert.equal(outcome, expected, where);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (outcome === 'paid') {
          model.executedKeys.add(keyOf(entry));
          model.executedBatches.add(index);
          model.paid += entry.batch.total;
        }
      }
      assert.equal(await balanceOf(fixture.token, fixture.vault), vaultFunds - model.paid, where);
    }
    for (const [index, entry] of batches.entries())
      for (const payout of entry.payouts)
        assert.equal(
          await balanceOf(fixture.token, payout.recipient),
          model.executedBatches.has(index) ? payout.amount : 0n,
          `seed ${seed}: batch #${index}`,
        );
    // The sequence must have reached both sides of the property: payouts, and refused second payouts.
    assert.ok(
      outcomes.has('paid') && outcomes.has('PayrollVault_BatchAlreadyExecuted'),
      `seed ${seed}: ${[...outcomes]}`,
    );
    // Batches 0 and 3 share a key: at most one of them ever paid.
    assert.ok(!(model.executedBatches.has(0) && model.executedBatches.has(3)), `seed ${seed}`);
  });

  function expectedOutcome(
    model: { paused: boolean; executedKeys: Set<string>; states: Map<string, 'approved' | 'revoked'> },
    index: number,
    key: string,
    signatures: ApproverSignature[],
  ): string {
    if (model.paused) return 'EnforcedPause';
    if (model.executedKeys.has(key)) return 'PayrollVault_BatchAlreadyExecuted';
    for (const { approver, signature } of signatures) {
      const state = model.states.get(`${index}:${approver}`);
      if (state === 'revoked') return 'PayrollVault_ApprovalRevoked';
      if (signature === '0x' && state !== 'approved') return 'PayrollVault_NotApprovedOnChain';
    }
    return signatures.length >= 2 ? 'paid' : 'PayrollVault_ThresholdNotMet';
  }

  function revertName(error: unknown): string {
    for (
      let current = error;
      current && typeof current === 'object';
      current = (current as { cause?: unknown }).cause
    ) {
      const data = (current as { data?: unknown }).data;
      if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10)
        return decodeErrorResult({ abi, data: data as Hex }).errorName;
    }
    throw error;
  }
});
