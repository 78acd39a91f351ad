import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFunctionData, type Hex } from 'viem';
import { testStablecoinAbi } from '../src/chain/contracts/generated/TestStablecoin.js';
import { createChainClients } from '../src/chain/createChainClients.js';
import { createEmbeddedChain } from '../src/chain/embedded/createEmbeddedChain.js';
import { deployTandemContracts } from '../src/chain/embedded/deployTandemContracts.js';
import type { Benchmark } from './Benchmark.js';

const transactions = 3_000;
const third = transactions / 3;
const inFlight = 50;

// The persistent embedded chain with 3,000 transactions in its journal (half USDC transfers to fresh holders, half
// ether transfers, signed locally and sent raw as Tandem's transaction sender does), sent three ways: one by one (one
// journal sync each), 50 at a time (group commit: the syncs are shared), and as batches of `tandem_sendRawTransactions`
// (one journal entry and sync per batch); then the time to restart it, replay included.
const benchmark: Benchmark = async () => {
  const load = loadavg()[0]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-chain-bench-'));
  try {
    const chain = await createEmbeddedChain({ dataDir });
    const clients = await createChainClients({ embeddedChain: chain });
    const { usdc } = await deployTandemContracts({ ...clients, dataDir });
    const payer = chain.accounts[0]!;
    const chainId = chain.chainId;
    let nonce = await clients.publicClient.getTransactionCount({ address: payer.address });
    const signed: Hex[] = [];
    for (let i = 0; i < transactions; i++) {
      const recipient = `0x${(0x1000 + i).toString(16).padStart(40, '0')}` as const;
      const fees = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, chainId, nonce: nonce++ };
      signed.push(
        await payer.signTransaction(
          i % 2 === 0
            ? {
                ...fees,
                to: usdc.address,
                gas: 80_000n,
                data: encodeFunctionData({
                  abi: testStablecoinAbi,
                  functionName: 'transfer',
                  args: [recipient, 1_000000n],
                }),
              }
            : { ...fees, to: recipient, gas: 21_000n, value: 1n },
        ),
      );
    }
    const send = (raw: Hex) => chain.provider.request({ method: 'eth_sendRawTransaction', params: [raw] });

    let started = performance.now();
    for (const raw of signed.slice(0, third)) await send(raw);
    const oneByOne = third / ((performance.now() - started) / 1000);

    // Requests are executed in the order they are made, so nonce order holds with many in flight.
    started = performance.now();
    const concurrent = signed.slice(third, 2 * third);
    for (let i = 0; i < concurrent.length; i += inFlight)
      await Promise.all(concurrent.slice(i, i + inFlight).map(send));
    const groupCommitted = third / ((performance.now() - started) / 1000);

    started = performance.now();
    const batched = signed.slice(2 * third);
    for (let i = 0; i < batched.length; i += 200) {
      const outcomes = await chain.sendRawTransactions(batched.slice(i, i + 200));
      if (outcomes.some((outcome) => 'error' in outcome)) throw new Error('A batched transaction was refused.');
    }
    const inBatches = third / ((performance.now() - started) / 1000);

    const head = await clients.publicClient.getBlock();
    await chain.close();

    const restarting = performance.now();
    const restarted = await createEmbeddedChain({ dataDir });
    const restartMs = performance.now() - restarting;
    const again = await createChainClients({ embeddedChain: restarted });
    const replayedHead = await again.publicClient.getBlock();
    await restarted.close();
    if (replayedHead.hash !== head.hash) throw new Error('The restarted chain has another head block.');
    const entries = restarted.startup.replayedEntries;
    const journalBytes = statSync(join(dataDir, 'journal.ndjson')).size;

    return {
      name: 'chain-restart',
      title: 'Embedded chain: journaled transactions and restart with 3,000 transactions in the journal',
      figures: [
        {
          metric: 'restart to ready chain',
          value: Math.round(restartMs),
          unit: 'ms',
          reference: 'aim ≤ 2,000 ms',
          ratio: restartMs / 2_000,
          meetsAim: restartMs <= 2_000,
        },
        { metric: 'replay rate', value: Math.round(transactions / (restartMs / 1000)), unit: 'tx/s' },
        { metric: 'journaled transactions, sent one by one', value: Math.round(oneByOne), unit: 'tx/s' },
        {
          metric: `journaled transactions, ${inFlight} in flight (group commit)`,
          value: Math.round(groupCommitted),
          unit: 'tx/s',
        },
        {
          metric: 'journaled transactions, batches of 200 (tandem_sendRawTransactions)',
          value: Math.round(inBatches),
          unit: 'tx/s',
        },
        { metric: 'journal size per transaction', value: Math.round(journalBytes / (transactions + 8)), unit: 'bytes' },
      ],
      notes: `${entries} journal entries (${transactions} transfers in blocks of their own: ${third} sent one by one, ${third} ${inFlight} at a time, ${third} in batches of 200; plus 6 deployments and 2 mints); each entry is on disk (fdatasync) before its request is answered. Restart = createEmbeddedChain until ready, replay included; the replayed head block hash is checked equal. 1-minute load average when it started: ${load.toFixed(1)} on ${cpus().length} cores.`,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export default benchmark;
