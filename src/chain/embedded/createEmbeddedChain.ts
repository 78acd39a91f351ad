import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import edr from '@nomicfoundation/edr';
import { type Hex, hexToBytes, keccak256 } from 'viem';
import { ConfigError } from '../../errors/BaseError.js';
import { type ChainMetadata, readChainMetadata, writeChainMetadata } from './chainMetadata.js';
import { createDevAccounts, type DevAccount, devAccountBalance } from './devAccounts.js';
import { EmbeddedChainRpcError } from './EmbeddedChainRpcError.js';
import { getEdrContext } from './getEdrContext.js';
import { lockDataDir } from './lockDataDir.js';
import { type ChainJournal, type ChainJournalEntry, openChainJournal } from './openChainJournal.js';
import { type JsonRpcServer, type ServeJsonRpcParameters, serveJsonRpc } from './serveJsonRpc.js';

/** The chain id of Tandem's development chain (Hardhat's and Anvil's, so wallets already know it). */
export const embeddedChainId = 31_337;
/** The rules the embedded chain runs: those of L1 since May 2025, and of OP Stack chains since Isthmus. */
export const embeddedChainHardfork = edr.PRAGUE;

const blockGasLimit = 30_000_000n;
const initialBaseFeePerGas = 1_000_000_000n;
const coinbase = '0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e';

export type CreateEmbeddedChainParameters = {
  /** Folder for the chain (metadata, journal, lock). Absent: in memory, nothing survives `close` (tests). */
  dataDir?: string | undefined;
  /** Default 31337. Only a new data folder can take a chain id; an existing one keeps its own. */
  chainId?: number | undefined;
  /** Funded dev accounts of the dev mnemonic (default 10). */
  accountCount?: number | undefined;
  /** Receives startup and crash-recovery messages (a pino logger fits). */
  logger?: EmbeddedChainLogger | undefined;
};

export type EmbeddedChainLogger = { info(message: string): void; warn(message: string): void };

export type EmbeddedChainProvider = {
  /** EIP-1193 request; errors are EmbeddedChainRpcError with the JSON-RPC code and data. */
  request(args: { method: string; params?: readonly unknown[] | object | undefined }): Promise<unknown>;
  on(event: 'message', listener: (message: { type: string; data: unknown }) => void): void;
  removeListener(event: 'message', listener: (message: { type: string; data: unknown }) => void): void;
};

/** The fate of one transaction of `sendRawTransactions`: mined (with its receipt), or refused by the chain. */
export type RawTransactionOutcome =
  | { hash: Hex; receipt?: { status: 'success' | 'reverted'; blockNumber: bigint; gasUsed: bigint } | undefined }
  | { error: EmbeddedChainRpcError };

export type EmbeddedChainStartup = {
  /** Journal entries replayed to rebuild the chain. */
  replayedEntries: number;
  /** Time from the call to a ready chain, replay included. */
  milliseconds: number;
  /** Recovered problems, e.g. a torn last journal line. */
  warnings: string[];
};

export type EmbeddedChain = {
  chainId: number;
  /** For viem: `createPublicClient({ transport: custom(chain.provider) })`. */
  provider: EmbeddedChainProvider;
  /** Funded dev accounts, as viem local accounts that carry their private key. */
  accounts: readonly DevAccount[];
  dataDir: string | undefined;
  startup: EmbeddedChainStartup;
  /**
   * Broadcasts signed transactions in one journaled request (`tandem_sendRawTransactions`): each is mined in its own
   * block, in order, and the whole batch costs one journal sync. Answers each one's hash and receipt, or its error.
   */
  sendRawTransactions(serializedTransactions: readonly Hex[]): Promise<RawTransactionOutcome[]>;
  /** Serves the chain as JSON-RPC over HTTP (default 127.0.0.1:8545) for wallets and tools; `close` stops it too. */
  serve(parameters?: ServeJsonRpcParameters): Promise<JsonRpcServer>;
  /** Waits for the request being journaled, stops the servers, closes the journal and frees the data folder. */
  close(): Promise<void>;
};

type RpcError = { code: number; message: string; data?: unknown };
type RpcResponse = { result: unknown } | { error: RpcError };
type BatchItem = { hash: Hex } | { error: RpcError };
type Head = { number: number; hash: string; timestamp: number; transactions: string[] };
type Clock = { offset: number; pinned: number | undefined };

/**
 * Tandem's own JSON-RPC method: `params: [[signedTransaction, …]]`, answered with `[{ hash } | { error }, …]` in the
 * same order. Each transaction is mined in its own block, as automine does, but the batch is one journal entry.
 */
export const sendRawTransactionsMethod = 'tandem_sendRawTransactions';
/** Most transactions one `tandem_sendRawTransactions` takes (its journal entry is one line of ~250 bytes each). */
export const maxRawTransactionsPerBatch = 5_000;

// Requests that change the chain. Every one is journaled and replayed on start; the mining ones get a block timestamp
// pinned before them (otherwise EDR takes the wall clock, and a replay would differ).
const miningMethods = new Set([
  'eth_sendTransaction',
  'eth_sendRawTransaction',
  'evm_mine',
  'hardhat_mine',
  sendRawTransactionsMethod,
]);
const journaledMethods = new Set([
  ...miningMethods,
  'evm_increaseTime',
  'evm_setNextBlockTimestamp',
  'evm_snapshot',
  'evm_revert',
  'evm_setBlockGasLimit',
  'hardhat_setBalance',
  'hardhat_setCode',
  'hardhat_setNonce',
  'hardhat_setStorageAt',
  'hardhat_impersonateAccount',
  'hardhat_stopImpersonatingAccount',
  'hardhat_setCoinbase',
  'hardhat_setMinGasPrice',
  'hardhat_setNextBlockBaseFeePerGas',
  'hardhat_setPrevRandao',
  'hardhat_dropTransaction',
]);
const harmlessDevMethods = new Set(['hardhat_getAutomine', 'hardhat_metadata', 'hardhat_setLoggingEnabled']);

const edrVersion = readEdrVersion();

/**
 * Starts the embedded EVM chain (EDR, Hardhat's Rust engine, in process) with automine and funded dev accounts.
 * With `dataDir`, every state-changing request is journaled durably and replayed on the next start, so balances,
 * contracts, blocks and transaction history survive a restart.
 * @example
 * const chain = await createEmbeddedChain({ dataDir: '.tandem/chain' })
 * const client = createPublicClient({ transport: custom(chain.provider) })
 */
export async function createEmbeddedChain(parameters: CreateEmbeddedChainParameters = {}): Promise<EmbeddedChain> {
  const started = performance.now();
  const { dataDir, logger } = parameters;
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    logger?.warn(message);
  };

  let unlock: (() => void) | undefined;
  let journal: ChainJournal | undefined;
  try {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      unlock = lockDataDir(dataDir);
    }
    const metadata = loadOrCreateMetadata(dataDir, parameters);
    const accounts = createDevAccounts(metadata.accountCount);
    const events = new EventEmitter();
    const edrProvider = await createEdrProvider(metadata, accounts, events);

    const callEdr = async (method: string, params: readonly unknown[]): Promise<RpcResponse> => {
      const response = await edrProvider.handleRequest(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
      return (typeof response.data === 'string' ? JSON.parse(response.data) : response.data) as RpcResponse;
    };
    // A JSON-RPC batch in one EDR call. EDR stops a batch at its first error and then answers only that error.
    const callEdrBatch = async (calls: { method: string; params: readonly unknown[] }[]): Promise<RpcResponse> => {
      const body = calls.map((call, id) => ({ jsonrpc: '2.0', id, method: call.method, params: call.params }));
      const response = await edrProvider.handleRequest(JSON.stringify(body));
      return (typeof response.data === 'string' ? JSON.parse(response.data) : response.data) as RpcResponse;
    };
    const readHead = async (tag: string | number = 'latest'): Promise<Head> => {
      const response = await callEdr('eth_getBlockByNumber', [typeof tag === 'number' ? toHex(tag) : tag, false]);
      if ('error' in response) throw new EmbeddedChainRpcError(response.error);
      const block = response.result as { number: string; hash: string; timestamp: string; transactions: string[] };
      return {
        number: Number(block.number),
        hash: block.hash,
        timestamp: Number(block.timestamp),
        transactions: block.transactions,
      };
    };

    // Mines each transaction in its own block at `firstTimestamp`, `firstTimestamp + 1`, … (one more per mined one),
    // in as few EDR calls as possible. Live and replay run this same code, so a replay rebuilds the same blocks.
    const sendRawBatch = async (raws: readonly Hex[], firstTimestamp: number): Promise<RpcResponse> => {
      const items: BatchItem[] = [];
      let timestamp = firstTimestamp;
      while (items.length < raws.length) {
        const rest = raws.slice(items.length);
        const before = await readHead();
        const response = await callEdrBatch(
          rest.flatMap((raw, k) => [
            { method: 'evm_setNextBlockTimestamp', params: [toHex(timestamp + k)] },
            { method: 'eth_sendRawTransaction', params: [raw] },
          ]),
        );
        if (!('error' in response)) {
          const results = response.result as Hex[];
          for (let k = 0; k < rest.length; k++) items.push({ hash: results[2 * k + 1]! });
          break;
        }
        // The batch stopped at a transaction the chain refused. Those before it were mined, one block each: check
        // that the newest block holds the last of them, then learn the refused one's own answer by sending it alone
        // (a batch refused as a whole, e.g. for a malformed transaction, does not say which one it was).
        const after = await readHead();
        const mined = after.number - before.number;
        if (mined > 0 && after.transactions[0] !== keccak256(rest[mined - 1]!))
          throw new Error(`EDR mined block ${after.number} with other transactions than the batch it was given.`);
        for (let k = 0; k < mined; k++) items.push({ hash: keccak256(rest[k]!) });
        timestamp += mined;
        const pinned = await callEdr('evm_setNextBlockTimestamp', [toHex(timestamp)]);
        if ('error' in pinned) throw new EmbeddedChainRpcError(pinned.error);
        const alone = await callEdr('eth_sendRawTransaction', [rest[mined]]);
        if ('error' in alone) items.push({ error: alone.error });
        else {
          items.push({ hash: alone.result as Hex });
          timestamp++;
        }
      }
      return { result: items };
    };

    // Runs one state-changing request, its block timestamp pinned first when it mines (`timestamp`), as live requests
    // and the replay of the journal both do.
    const execute = async (
      method: string,
      params: readonly unknown[],
      timestamp: number | undefined,
    ): Promise<RpcResponse> => {
      if (method === sendRawTransactionsMethod) {
        if (timestamp === undefined) throw new Error(`${method} needs a block timestamp.`);
        return sendRawBatch(params[0] as Hex[], timestamp);
      }
      if (timestamp !== undefined) {
        const pinned = await callEdr('evm_setNextBlockTimestamp', [toHex(timestamp)]);
        if ('error' in pinned) throw new EmbeddedChainRpcError(pinned.error);
      }
      return callEdr(method, params);
    };

    if (dataDir) {
      journal = await openChainJournal(join(dataDir, 'journal.ndjson'));
      if (journal.tornTail)
        warn(
          `${journal.path}: line ${journal.tornTail.line} (${journal.tornTail.bytes} bytes) was torn by a crash and is ignored; ` +
            'the request it held was never acknowledged.',
        );
    }

    // The chain clock: block timestamps follow the wall clock plus `offset` (evm_increaseTime), unless a test pinned
    // the next one. Snapshots restore it as Hardhat does.
    let clock: Clock = { offset: 0, pinned: undefined };
    const clockSnapshots = new Map<string, Clock>();
    const keepSnapshotsOfClock = (method: string, params: readonly unknown[], response: RpcResponse, before: Clock) => {
      if ('error' in response) return;
      if (method === 'evm_snapshot') clockSnapshots.set(String(response.result), before);
      if (method === 'evm_revert' && response.result === true) {
        const reverted = Number(params[0]);
        const restored = clockSnapshots.get(String(params[0]));
        if (restored) clock = { ...restored };
        for (const id of clockSnapshots.keys()) if (Number(id) >= reverted) clockSnapshots.delete(id);
      }
    };

    // Replay: the same requests with the same block timestamps rebuild the same blocks, hashes and state.
    const entries = journal?.entries ?? [];
    const isPlainSend = (entry: ChainJournalEntry | undefined) =>
      entry?.m === 'eth_sendRawTransaction' && entry.t !== undefined && entry.e === undefined;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index]!;
      const line = index + 1;
      // Transactions sent one by one replay many to an EDR call: each mined its block then, so each must now.
      let run = 0;
      while (run < 1_000 && isPlainSend(entries[index + run])) run++;
      if (run > 1) {
        const sends = entries.slice(index, index + run);
        const before = await readHead();
        const response = await callEdrBatch(
          sends.flatMap((send) => [
            { method: 'evm_setNextBlockTimestamp', params: [toHex(send.t!)] },
            { method: 'eth_sendRawTransaction', params: send.p },
          ]),
        );
        if ('error' in response)
          throw divergence(
            journal!,
            line + (await readHead()).number - before.number,
            `eth_sendRawTransaction now fails: ${response.error.message}`,
          );
        clock = { offset: sends.at(-1)!.o, pinned: sends.at(-1)!.u };
        index += run - 1;
        continue;
      }
      let response: RpcResponse;
      try {
        response = await execute(entry.m, entry.p, entry.t);
      } catch (cause) {
        throw divergence(journal!, line, `${entry.m}: ${(cause as Error).message}`);
      }
      if ('error' in response !== (entry.e === 1))
        throw divergence(
          journal!,
          line,
          'error' in response
            ? `${entry.m} now fails: ${response.error.message}`
            : `${entry.m} failed then, now succeeds`,
        );
      keepSnapshotsOfClock(entry.m, entry.p, response, clock);
      clock = { offset: entry.o, pinned: entry.u };
    }
    const lastHead = entries.findLast((entry) => entry.n !== undefined && entry.h !== undefined);
    if (lastHead) {
      const replayed = await readHead(lastHead.n!);
      if (replayed.hash !== lastHead.h)
        throw divergence(
          journal!,
          entries.lastIndexOf(lastHead) + 1,
          `block ${lastHead.n} replays to ${replayed.hash}, the journal recorded ${lastHead.h}`,
        );
    }
    let head = await readHead();
    // EDR moves its own clock to each pinned timestamp; bring it back to the chain clock so that eth_call and gas
    // estimates see the right `block.timestamp` before the next block.
    if (entries.length > 0 && clock.pinned === undefined) {
      const lag = nowSeconds() + clock.offset - (await readHead('pending')).timestamp;
      if (lag > 0) await callEdr('evm_increaseTime', [lag]);
    }

    let queue: Promise<unknown> = Promise.resolve();
    let brokenBy: Error | undefined;
    let closed = false;

    const chainStopped = () =>
      new EmbeddedChainRpcError({
        code: -32603,
        message: `The embedded chain stopped accepting changes after one it could not journal (${brokenBy?.message}). Restart Tandem.`,
      });
    const journalFailed = (method: string, cause: unknown) => {
      brokenBy ??= cause as Error;
      logger?.warn(`The chain journal ${journal?.path} could not be written: ${(cause as Error).message}`);
      return new EmbeddedChainRpcError({
        code: -32603,
        message: `The embedded chain could not journal ${method} (${(cause as Error).message}); the change will not survive a restart. Restart Tandem.`,
      });
    };

    // Executes one state-changing request and writes its journal entry; `durable` resolves once the entry is on disk.
    // Requests run one at a time in order, but the next one may start while this one's entry is being synced: the
    // journal syncs the entries written meanwhile together (group commit).
    const runJournaled = async (
      method: string,
      params: readonly unknown[],
    ): Promise<{ response: RpcResponse; durable: Promise<void> | undefined }> => {
      if (brokenBy) throw chainStopped();
      const before = { ...clock };
      const mines = miningMethods.has(method);
      const explicitTimestamp = method === 'evm_mine' && params[0] !== undefined ? Number(params[0]) : undefined;
      const pinnedTimestamp =
        mines && explicitTimestamp === undefined
          ? (clock.pinned ?? Math.max(head.timestamp + 1, nowSeconds() + clock.offset))
          : undefined;
      let response: RpcResponse;
      try {
        response = await execute(method, params, pinnedTimestamp);
      } catch (cause) {
        // A batch that failed half-way may have mined blocks the journal does not hold: stop taking changes.
        if ((await readHead()).hash !== head.hash) brokenBy = cause as Error;
        throw cause;
      }
      const failed = 'error' in response;
      let headChanged = false;
      if (mines || method === 'evm_revert') {
        const after = await readHead();
        headChanged = after.hash !== head.hash;
        head = after;
      }
      if (!failed) {
        if (method === 'evm_increaseTime') clock.offset += Number(params[0]);
        if (method === 'evm_setNextBlockTimestamp') clock.pinned = Number(params[0]);
      }
      keepSnapshotsOfClock(method, params, response, before);
      if (headChanged && mines) {
        // A block at a chosen time moves the clock there, as in Hardhat: later blocks follow on from it.
        const chosen = explicitTimestamp ?? (before.pinned !== undefined ? pinnedTimestamp : undefined);
        if (chosen !== undefined) clock = { offset: chosen - nowSeconds(), pinned: undefined };
        if (method === 'hardhat_mine') clock.offset = Math.max(clock.offset, head.timestamp - nowSeconds());
      }
      if (!journal || (failed && !headChanged)) return { response, durable: undefined };
      const entry: ChainJournalEntry = { m: method, p: [...params], o: clock.offset };
      if (pinnedTimestamp !== undefined) entry.t = pinnedTimestamp;
      if (clock.pinned !== undefined) entry.u = clock.pinned;
      if (mines || method === 'evm_revert') Object.assign(entry, { n: head.number, h: head.hash });
      if (failed) entry.e = 1;
      let durable: Promise<void>;
      try {
        durable = journal.append(entry);
      } catch (cause) {
        throw journalFailed(method, cause);
      }
      return {
        response,
        durable: durable.catch((cause: unknown) => {
          throw journalFailed(method, cause);
        }),
      };
    };

    const request: EmbeddedChainProvider['request'] = async ({ method, params }) => {
      if (closed) throw new EmbeddedChainRpcError({ code: 4900, message: 'The embedded chain is closed.' });
      if (params !== undefined && !Array.isArray(params))
        throw new EmbeddedChainRpcError({ code: -32602, message: `${method}: params must be an array.` });
      const list = (params ?? []) as readonly unknown[];
      let response: RpcResponse;
      if (journaledMethods.has(method)) {
        if (method === sendRawTransactionsMethod) checkRawTransactions(list);
        const run = queue.then(() => runJournaled(method, list));
        queue = run.catch(() => {});
        const ran = await run;
        // Acknowledged only once its journal entry is on disk.
        await ran.durable;
        response = ran.response;
      } else if ((method.startsWith('hardhat_') || method.startsWith('evm_')) && !harmlessDevMethods.has(method)) {
        throw refused(method);
      } else {
        response = await callEdr(method, list);
      }
      if ('error' in response) throw toRpcError(response.error);
      return response.result;
    };

    // Receipts of freshly mined transactions in one EDR call, as the sender needs them (status, block, gas used).
    const readReceipts = async (hashes: readonly Hex[]) => {
      const receipts = new Map<Hex, { status: 'success' | 'reverted'; blockNumber: bigint; gasUsed: bigint }>();
      for (let i = 0; i < hashes.length; i += maxRawTransactionsPerBatch) {
        const chunk = hashes.slice(i, i + maxRawTransactionsPerBatch);
        const response = await callEdrBatch(
          chunk.map((hash) => ({ method: 'eth_getTransactionReceipt', params: [hash] })),
        );
        if ('error' in response) continue; // the caller reads each one by itself
        for (const [k, receipt] of (
          response.result as ({ status: string; blockNumber: string; gasUsed: string } | null)[]
        ).entries())
          if (receipt)
            receipts.set(chunk[k]!, {
              status: receipt.status === '0x1' ? 'success' : 'reverted',
              blockNumber: BigInt(receipt.blockNumber),
              gasUsed: BigInt(receipt.gasUsed),
            });
      }
      return receipts;
    };

    const sendRawTransactions = async (raws: readonly Hex[]): Promise<RawTransactionOutcome[]> => {
      const outcomes: RawTransactionOutcome[] = [];
      for (let i = 0; i < raws.length; i += maxRawTransactionsPerBatch) {
        const items = (await request({
          method: sendRawTransactionsMethod,
          params: [raws.slice(i, i + maxRawTransactionsPerBatch)],
        })) as BatchItem[];
        const receipts = await readReceipts(items.flatMap((item) => ('hash' in item ? [item.hash] : [])));
        for (const item of items)
          outcomes.push(
            'hash' in item ? { hash: item.hash, receipt: receipts.get(item.hash) } : { error: toRpcError(item.error) },
          );
      }
      return outcomes;
    };

    const provider: EmbeddedChainProvider = {
      request,
      on: (event, listener) => void events.on(event, listener),
      removeListener: (event, listener) => void events.removeListener(event, listener),
    };

    const servers = new Set<JsonRpcServer>();
    const startup: EmbeddedChainStartup = {
      replayedEntries: entries.length,
      milliseconds: Math.round(performance.now() - started),
      warnings,
    };
    if (entries.length > 0)
      logger?.info(`Embedded chain replayed ${entries.length} journal entries in ${startup.milliseconds} ms.`);

    return {
      chainId: metadata.chainId,
      provider,
      accounts,
      dataDir,
      startup,
      sendRawTransactions,
      async serve(serveParameters) {
        const server = await serveJsonRpc(provider, serveParameters);
        servers.add(server);
        return {
          ...server,
          async close() {
            servers.delete(server);
            await server.close();
          },
        };
      },
      async close() {
        if (closed) return;
        closed = true;
        await Promise.all([...servers].map((server) => server.close()));
        await queue;
        await journal?.close();
        unlock?.();
      },
    };
  } catch (error) {
    await journal?.close();
    unlock?.();
    throw error;
  }
}

function loadOrCreateMetadata(dataDir: string | undefined, parameters: CreateEmbeddedChainParameters): ChainMetadata {
  const accountCount = parameters.accountCount ?? 10;
  const wanted: ChainMetadata = {
    format: 1,
    chainId: parameters.chainId ?? embeddedChainId,
    hardfork: embeddedChainHardfork,
    genesisTimestamp: nowSeconds(),
    firstAccount: createDevAccounts(accountCount)[0]!.address,
    accountCount,
    accountBalance: devAccountBalance.toString(),
    blockGasLimit: blockGasLimit.toString(),
    initialBaseFeePerGas: initialBaseFeePerGas.toString(),
    edrVersion,
  };
  if (!dataDir) return wanted;
  const existing = readChainMetadata(dataDir);
  if (!existing) {
    const journalPath = join(dataDir, 'journal.ndjson');
    if (existsSync(journalPath) && statSync(journalPath).size > 0)
      throw new ConfigError(`The chain data folder ${dataDir} has a journal but no chain.json.`, {
        code: 'chain-metadata-missing',
        details: 'Without chain.json the journal cannot be replayed. Restore chain.json, or move the folder aside.',
      });
    writeChainMetadata(dataDir, wanted);
    return wanted;
  }
  for (const field of ['chainId', 'accountCount'] as const)
    if (parameters[field] !== undefined && parameters[field] !== existing[field])
      throw new ConfigError(
        `The chain in ${dataDir} was created with ${field} ${existing[field]}, not ${parameters[field]}.`,
        {
          code: 'chain-metadata-mismatch',
          field,
          details: `A chain keeps the ${field} of its genesis. Drop the setting, or use a new data folder.`,
        },
      );
  return existing;
}

async function createEdrProvider(metadata: ChainMetadata, accounts: readonly DevAccount[], events: EventEmitter) {
  const genesisState = edr.l1GenesisState(edr.l1HardforkFromString(metadata.hardfork));
  for (const account of accounts)
    genesisState.push({ address: hexToBytes(account.address), balance: BigInt(metadata.accountBalance) });
  const context = await getEdrContext();
  return context.createProvider(
    edr.GENERIC_CHAIN_TYPE,
    {
      allowBlocksWithSameTimestamp: false,
      allowUnlimitedContractSize: false,
      // eth_call errors carry the revert data viem decodes; a reverted transaction is mined and answered with its
      // hash, as on a real network, and its receipt says `reverted`.
      bailOnCallFailure: true,
      bailOnTransactionFailure: false,
      blockGasLimit: BigInt(metadata.blockGasLimit),
      chainId: BigInt(metadata.chainId),
      coinbase: hexToBytes(coinbase),
      genesisState,
      hardfork: metadata.hardfork,
      initialBaseFeePerGas: BigInt(metadata.initialBaseFeePerGas),
      initialDate: BigInt(metadata.genesisTimestamp),
      minGasPrice: 0n,
      mining: { autoMine: true, memPool: { order: edr.MineOrdering.Priority } },
      networkId: BigInt(metadata.chainId),
      observability: {},
      ownedAccounts: accounts.map((account) => account.privateKey),
      precompileOverrides: [],
    },
    { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
    {
      subscriptionCallback: (event) => {
        const subscription = toHex(event.filterId);
        for (const result of Array.isArray(event.result) ? event.result : [event.result])
          events.emit('message', { type: 'eth_subscription', data: { subscription, result } });
      },
    },
    new edr.ContractDecoder(),
  );
}

// EDR answers a revert as -32000 with `{ reason, data, transactionHash }`; geth, most nodes and viem expect code 3
// "execution reverted" with the revert data as a hex string. Answering like geth lets every tool decode the error.
function toRpcError(error: { code: number; message: string; data?: unknown }): EmbeddedChainRpcError {
  const revertData = (error.data as { data?: unknown } | undefined)?.data;
  if (error.code === -32000 && typeof revertData === 'string' && revertData.startsWith('0x'))
    return new EmbeddedChainRpcError({ code: 3, message: error.message, data: revertData });
  return new EmbeddedChainRpcError(error);
}

function checkRawTransactions(params: readonly unknown[]) {
  const [raws] = params;
  const valid =
    params.length === 1 &&
    Array.isArray(raws) &&
    raws.length > 0 &&
    raws.length <= maxRawTransactionsPerBatch &&
    raws.every((raw) => typeof raw === 'string' && /^0x(?:[0-9a-fA-F]{2})+$/.test(raw));
  if (!valid)
    throw new EmbeddedChainRpcError({
      code: -32602,
      message: `${sendRawTransactionsMethod} takes one parameter: an array of 1 to ${maxRawTransactionsPerBatch} signed transactions as 0x-prefixed hex.`,
    });
}

function refused(method: string): EmbeddedChainRpcError {
  const why =
    method === 'hardhat_reset' || method === 'evm_setAutomine' || method === 'evm_setIntervalMining'
      ? 'it would break the journal that makes the chain survive restarts (use a new data folder for a fresh chain)'
      : 'it is not among the development methods the persistent chain journals';
  return new EmbeddedChainRpcError({
    code: -32004,
    message: `${method} is not available on Tandem's embedded chain: ${why}.`,
  });
}

function divergence(journal: ChainJournal, line: number, reason: string): ConfigError {
  return new ConfigError(`The chain journal ${journal.path} does not replay to the same chain (line ${line}).`, {
    code: 'chain-journal-diverged',
    field: `${journal.path}:${line}`,
    details: `${reason}. The journal may have been edited, or written by another EDR version than ${edrVersion}; restore the data folder from a backup or move it aside.`,
  });
}

function readEdrVersion(): string {
  // EDR's `exports` hide its package.json; it sits next to the entry point.
  const entry = createRequire(import.meta.url).resolve('@nomicfoundation/edr');
  return (JSON.parse(readFileSync(join(dirname(entry), 'package.json'), 'utf8')) as { version: string }).version;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function toHex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}
