import { createRequire } from 'node:module';
import {
  type Abi,
  type Address,
  erc20Abi,
  getAddress,
  type Hash,
  type Hex,
  keccak256,
  type TransactionReceipt,
  toHex,
} from 'viem';
import { sanctionsOracleAbi, sanctionsOracleBytecode } from '../src/chain/contracts/generated/SanctionsOracle.js';
import { testStablecoinAbi, testStablecoinBytecode } from '../src/chain/contracts/generated/TestStablecoin.js';
import { solcSettings } from '../src/chain/contracts/solcSettings.js';
import { createTestChain, type TestChain } from '../src/chain/embedded/createTestChain.js';
import { buildPayoutBatches } from '../src/payroll/vault/buildPayoutBatches.js';
import { deployPayrollVault } from '../src/payroll/vault/deployPayrollVault.js';
import { encodeExecuteBatch } from '../src/payroll/vault/encodeExecuteBatch.js';
import type { Payout } from '../src/payroll/vault/PayoutBatch.js';
import { payoutBatchTypedData } from '../src/payroll/vault/payoutBatchTypedData.js';
import { toRunId } from '../src/payroll/vault/toRunId.js';
import type { BenchFigure, Benchmark } from './Benchmark.js';

// Gas per fresh recipient (an address that never held the token) of PayrollVault.executeBatch on the embedded chain,
// side by side with one plain ERC-20 transfer per transaction and with the classic Disperse loop on the same token.
// Where the gas goes is read from debug_traceTransaction: the difference between a 500- and a 100-recipient batch,
// by call frame and opcode, is the cost of one more recipient; the rest is the batch's fixed cost.
const aim = 27_000;
const bestAirdrop = 24_900;
const classicDisperse = 25_700;
const sizes = [10, 100, 500] as const;
/** Synthetic sanctioned addresses: all 758 of the OFAC list's digital currency addresses, as if every one were EVM. */
const listedCount = 758;
const amount = (index: number) => 1_234_560_000n + BigInt(index);

const benchmark: Benchmark = async () => {
  const chain = await createTestChain();
  try {
    const [admin, ...rest] = chain.accounts;
    const approvers = rest.slice(0, 3).sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    const chainId = await chain.publicClient.getChainId();
    let label = 0;
    const fresh = () => getAddress(keccak256(toHex(`vault-gas-${label++}`)).slice(0, 42));
    const mined = async (hash: Promise<Hash>) => {
      const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: await hash });
      if (receipt.status !== 'success') throw new Error(`transaction ${receipt.transactionHash} reverted`);
      return receipt;
    };

    const oracle = await chain.deploy({
      abi: sanctionsOracleAbi,
      bytecode: sanctionsOracleBytecode,
      args: [admin!.address],
    });
    const listed = Array.from({ length: listedCount }, () => fresh());
    await mined(
      chain.walletClient.writeContract({
        address: oracle,
        abi: sanctionsOracleAbi,
        functionName: 'addToSanctionsList',
        args: [listed],
      }),
    );
    const token = await chain.deploy({
      abi: testStablecoinAbi,
      bytecode: testStablecoinBytecode,
      args: ['USD Coin (Tandem test)', 'USDC', admin!.address],
    });
    const { address: vault } = await deployPayrollVault({
      publicClient: chain.publicClient,
      walletClient: chain.walletClient,
      approvers: approvers.map((approver) => approver.address),
      threshold: 2,
      sanctionsOracle: oracle,
      admin: admin!.address,
    });
    const mint = (to: Address) =>
      mined(
        chain.walletClient.writeContract({
          address: token,
          abi: testStablecoinAbi,
          functionName: 'mint',
          args: [to, 10n ** 15n],
        }),
      );
    await mint(vault);
    await mint(admin!.address);

    // Baseline: one plain transfer per transaction, each to a fresh holder, from a sender that already holds tokens.
    const plainGas: bigint[] = [];
    for (let i = 0; i < 20; i++) {
      const receipt = await mined(
        chain.walletClient.writeContract({
          address: token,
          abi: erc20Abi,
          functionName: 'transfer',
          args: [fresh(), amount(i)],
        }),
      );
      plainGas.push(receipt.gasUsed);
    }
    const plain = Number(plainGas.reduce((a, b) => a + b, 0n)) / plainGas.length;

    // The vault, 2 of 3 approvers by EIP-712 signature, every recipient fresh.
    const executeVault = async (count: number, run: string) => {
      const payouts: Payout[] = Array.from({ length: count }, (_, i) => ({ recipient: fresh(), amount: amount(i) }));
      const plans = buildPayoutBatches(payouts, {
        runId: toRunId(run),
        token,
        deadline: (await chain.publicClient.getBlock()).timestamp + 3_600n,
      });
      const receipts: TransactionReceipt[] = [];
      for (const plan of plans) {
        const typedData = payoutBatchTypedData({ chainId, vault, batch: plan.batch });
        const signatures = [];
        for (const approver of approvers.slice(0, 2))
          signatures.push({ approver: approver.address, signature: await approver.signTypedData(typedData) });
        const data = encodeExecuteBatch({ ...plan, signatures });
        receipts.push(await mined(chain.walletClient.sendTransaction({ to: vault, data, gas: 29_000_000n })));
      }
      const gas = receipts.reduce((sum, receipt) => sum + receipt.gasUsed, 0n);
      return { batches: plans.length, gas: Number(gas), perRecipient: Number(gas) / count, receipt: receipts[0]! };
    };
    // Warm-up so that the measured runs do not pay for anything a first batch pays once per vault (none expected).
    await executeVault(3, 'warm-up');
    const measured = new Map<number, Awaited<ReturnType<typeof executeVault>>>();
    for (const size of sizes) measured.set(size, await executeVault(size, `bench-${size}`));
    const hundred = measured.get(100)!;
    const fiveHundred = measured.get(500)!;
    const marginal = (fiveHundred.gas - hundred.gas) / 400;
    const fixed = hundred.gas - 100 * marginal;

    // Classic Disperse (disperseToken: one transferFrom in, one transfer out per recipient) on the same token.
    const disperse = await deployDisperse(chain);
    await mined(
      chain.walletClient.writeContract({
        address: token,
        abi: erc20Abi,
        functionName: 'approve',
        args: [disperse.address, 2n ** 255n],
      }),
    );
    const disperseRun = async (count: number) => {
      const recipients = Array.from({ length: count }, () => fresh());
      const values = recipients.map((_, i) => amount(i));
      const receipt = await mined(
        chain.walletClient.writeContract({
          address: disperse.address,
          abi: disperse.abi,
          functionName: 'disperseToken',
          args: [token, recipients, values],
          gas: 29_000_000n,
        }),
      );
      return Number(receipt.gasUsed) / count;
    };
    const disperse500 = await disperseRun(500);

    // Where the gas goes: the per-recipient cost of each part, from traces of the 100- and 500-recipient batches.
    const parts100 = await gasParts(chain, hundred.receipt);
    const parts500 = await gasParts(chain, fiveHundred.receipt);
    const perRecipientParts = [...parts500.entries()].map(([part, gas]) => ({
      part,
      marginal: (gas - (parts100.get(part) ?? 0)) / 400,
      fixed: (parts100.get(part) ?? 0) - (100 * (gas - (parts100.get(part) ?? 0))) / 400,
    }));
    const breakEven = Math.ceil(fixed / (aim - marginal));
    // The largest run buildPayoutBatches keeps in one batch with its defaults (the next one up is split in two).
    const planned = (count: number) =>
      buildPayoutBatches(
        Array.from({ length: count }, (_, i) => ({ recipient: listed[i % listed.length]!, amount: amount(i) })),
        { runId: toRunId('capacity'), token, deadline: 1n },
      ).length;
    let perBatchAtDefault = 1;
    for (let high = 10_000; perBatchAtDefault + 1 < high; ) {
      const middle = Math.floor((perBatchAtDefault + high) / 2);
      if (planned(middle) === 1) perBatchAtDefault = middle;
      else high = middle;
    }
    const figures: BenchFigure[] = [
      {
        metric: 'baseline: one plain ERC-20 transfer per transaction to a fresh holder',
        value: plain,
        unit: 'gas/recipient',
        reference: `published ≈51,000; aim ${aim.toLocaleString('en-US')}`,
        ratio: plain / aim,
        meetsAim: plain <= aim,
      },
    ];
    for (const size of sizes) {
      const result = measured.get(size)!;
      figures.push({
        metric: `vault batch of ${size} fresh recipients (${result.batches} transaction${result.batches > 1 ? 's' : ''}, sanctions check and 2-of-3 EIP-712 approvals included)`,
        value: result.perRecipient,
        unit: 'gas/recipient',
        reference: `aim ≤ ${aim.toLocaleString('en-US')}; ${(plain / result.perRecipient).toFixed(2)}× cheaper than the baseline (same run)`,
        ratio: result.perRecipient / aim,
        meetsAim: result.perRecipient <= aim,
      });
    }
    figures.push(
      {
        metric: 'vault batch of 500 vs best public airdrop contracts',
        value: fiveHundred.perRecipient,
        unit: 'gas/recipient',
        reference: `published ${bestAirdrop.toLocaleString('en-US')} (no screening, no approvals, no events of their own)`,
        ratio: fiveHundred.perRecipient / bestAirdrop,
      },
      {
        metric: 'vault batch of 500 vs classic disperse loop',
        value: fiveHundred.perRecipient,
        unit: 'gas/recipient',
        reference: `published ${classicDisperse.toLocaleString('en-US')}; Disperse.disperseToken on the same token, same run: ${Math.round(disperse500).toLocaleString('en-US')}`,
        ratio: fiveHundred.perRecipient / disperse500,
      },
      {
        metric: 'Disperse.disperseToken (0.8.28 port), 500 fresh recipients, same token',
        value: disperse500,
        unit: 'gas/recipient',
        reference: `published ${classicDisperse.toLocaleString('en-US')}`,
        ratio: disperse500 / classicDisperse,
      },
      {
        metric: 'each further fresh recipient (marginal: batch of 500 minus batch of 100, ÷ 400)',
        value: marginal,
        unit: 'gas/recipient',
        reference: `aim ≤ ${aim.toLocaleString('en-US')}`,
        ratio: marginal / aim,
        meetsAim: marginal <= aim,
      },
      {
        metric: 'fixed cost of a batch (transaction, executed mark, 2 approvals, screening setup, events)',
        value: Math.round(fixed),
        unit: 'gas/batch',
      },
      {
        metric: 'smallest batch that meets the aim (fixed ÷ (aim − marginal))',
        value: breakEven,
        unit: 'recipients',
      },
      {
        metric:
          'largest batch buildPayoutBatches plans by default (80% of a 30M block; 150k per batch + 32k per recipient)',
        value: perBatchAtDefault,
        unit: 'recipients',
        reference: `500 fit in one transaction: ${fiveHundred.gas.toLocaleString('en-US')} gas, ${((fiveHundred.gas / 30_000_000) * 100).toFixed(0)}% of a block`,
      },
    );
    perRecipientParts.sort((a, b) => b.marginal - a.marginal || b.fixed - a.fixed);
    for (const { part, marginal: gas, fixed: fixedGas } of perRecipientParts)
      figures.push({
        metric: `per recipient: ${part}`,
        value: Math.round(gas * 10) / 10,
        unit: 'gas/recipient',
        reference:
          Math.abs(fixedGas) >= 1 ? `plus ${Math.round(fixedGas).toLocaleString('en-US')} per batch` : undefined,
      });

    return {
      name: 'vaultGas',
      title: 'Payroll vault: gas per fresh recipient of a batch payout',
      notes: [
        `Embedded EDR chain (Prague rules), TestStablecoin (OpenZeppelin ERC20, 6 decimals) as the token, PayrollVault with 3 approvers and threshold 2 (two EIP-712 signatures per batch), SanctionsOracle holding ${listedCount} listed addresses (its Bloom filter as full as the whole OFAC list would make it).`,
        "Every recipient is an address that never held the token; amounts ~1,234.56 USDC. Gas is the receipt's gasUsed (21,000 and calldata included) divided by the recipients. Batches are planned by buildPayoutBatches, sent as encodeExecuteBatch calldata.",
        "Baseline: the same token, one transfer() per transaction from an account that already holds tokens. Disperse: the classic disperse.app disperseToken (transferFrom the sender once, transfer per recipient), ported to Solidity 0.8.28 with Tandem's optimizer settings, on the same token.",
        'The "per recipient" rows split the marginal cost by debug_traceTransaction of the 100- and 500-recipient batches: by call frame (the vault; the token\'s transfer calls; the oracle\'s firstSanctioned) and opcode; "calldata and intrinsic" is gasUsed minus executed gas.',
      ].join(' '),
      figures,
    };
  } finally {
    await chain.close();
  }
};

export default benchmark;

/** Compiles and deploys the classic Disperse contract (disperse.app), the public reference for batch payouts. */
async function deployDisperse(chain: TestChain): Promise<{ address: Address; abi: Abi }> {
  const source = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
interface IERC20 {
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}
contract Disperse {
    function disperseToken(IERC20 token, address[] calldata recipients, uint256[] calldata values) external {
        uint256 total = 0;
        for (uint256 i = 0; i < recipients.length; i++) total += values[i];
        require(token.transferFrom(msg.sender, address(this), total));
        for (uint256 i = 0; i < recipients.length; i++) require(token.transfer(recipients[i], values[i]));
    }
}`;
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const output = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'Disperse.sol': { content: source } },
        settings: { ...solcSettings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
      }),
    ),
  ) as { contracts: { 'Disperse.sol': { Disperse: { abi: Abi; evm: { bytecode: { object: string } } } } } };
  const { abi, evm } = output.contracts['Disperse.sol'].Disperse;
  const address = await chain.deploy({ abi, bytecode: `0x${evm.bytecode.object}` as Hex, args: [] as never });
  return { address, abi };
}

type TraceStep = { op: string | number; gas: number | string; gasCost: number | string; depth: number | string };

/**
 * Gas of one executeBatch transaction by part, from its opcode trace. Frames are told apart by the opcode that opened
 * them: CALLs from the vault are token transfers; the first STATICCALL from the vault with code behind it is the
 * sanctions oracle, the second the token's balanceOf (ecrecover is a precompile and has no steps).
 */
async function gasParts(chain: TestChain, receipt: TransactionReceipt): Promise<Map<string, number>> {
  const trace = (await chain.embeddedChain.provider.request({
    method: 'debug_traceTransaction',
    params: [receipt.transactionHash, { disableStack: true, disableMemory: true, disableStorage: true }],
  })) as { structLogs: TraceStep[] };
  const steps = trace.structLogs;
  const number = (value: number | string) => Number(value);
  const opName = (op: string | number) =>
    typeof op === 'number' ? (opcodeNames[op] ?? `0x${op.toString(16)}`) : (opcodeNames[Number(op)] ?? op);
  const parts = new Map<string, number>();
  const add = (part: string, gas: number) => parts.set(part, (parts.get(part) ?? 0) + gas);
  const frameKinds: string[] = [];
  let staticCalls = 0;
  let executed = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const next = steps[i + 1];
    const depth = number(step.depth);
    const op = opName(step.op);
    const frame = depth === 1 ? 'vault' : (frameKinds[depth] ?? 'other');
    let cost = number(step.gasCost);
    if (next && number(next.depth) > depth) {
      // A call with code behind it: its own cost is what the caller lost minus what the callee used.
      frameKinds[depth + 1] =
        op === 'CALL'
          ? 'token.transfer'
          : op === 'STATICCALL'
            ? staticCalls++ === 0
              ? 'oracle'
              : 'token.balanceOf'
            : 'other';
      let back = i + 1;
      while (back < steps.length && number(steps[back]!.depth) > depth) back++;
      const last = steps[back - 1]!;
      const used = number(next.gas) - (number(last.gas) - number(last.gasCost));
      cost = number(step.gas) - number(steps[back]!.gas) - used;
    } else if (next && number(next.depth) === depth) cost = number(step.gas) - number(next.gas);
    executed += cost;
    add(partOf(frame, op, cost), cost);
  }
  add('calldata and intrinsic (21,000 per transaction)', Number(receipt.gasUsed) - executed);
  return parts;
}

function partOf(frame: string, op: string, cost: number): string {
  if (frame === 'token.transfer') {
    if ((op === 'SLOAD' && cost === 2_100) || (op === 'SSTORE' && cost === 20_000))
      return 'token: recipient balance, cold SLOAD 2,100 + SSTORE 0→non-zero 20,000';
    if (op === 'SLOAD' || op === 'SSTORE') return 'token: vault balance, warm SLOAD + SSTORE';
    if (op === 'LOG3') return 'token: Transfer event (LOG3)';
    return 'token: rest of transfer() (dispatch, ABI, checks, mapping keccaks)';
  }
  if (frame === 'oracle') return 'sanctions screening (firstSanctioned: keccak + Bloom filter probe)';
  if (frame === 'vault') {
    if (op === 'LOG0') return 'vault: Payout event (anonymous LOG0, 32 bytes)';
    if (op === 'CALL') return 'vault: CALL to the token (warm account)';
    return 'vault: hashing, checks, loops, memory';
  }
  return 'other calls (balanceOf)';
}

const opcodeNames: Record<number, string> = {
  84: 'SLOAD',
  85: 'SSTORE',
  160: 'LOG0',
  161: 'LOG1',
  162: 'LOG2',
  163: 'LOG3',
  164: 'LOG4',
  241: 'CALL',
  250: 'STATICCALL',
};
