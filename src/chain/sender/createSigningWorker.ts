import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Address, Hex, TransactionSerializableEIP1559 } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { NonRetryableError } from '../../errors/BaseError.js';

/** Signs transactions for the sender, many at a time; `address` is the account that signs. */
export type TransactionSigner = {
  address: Address;
  signTransactions(transactions: readonly TransactionSerializableEIP1559[]): Promise<Hex[]>;
};

export type SigningWorker = TransactionSigner & {
  /** Stops the thread; signing afterwards fails. */
  close(): Promise<void>;
};

type SignRequest = { id: number; transactions: readonly TransactionSerializableEIP1559[] };
type SignReply = { id: number; signed?: Hex[]; error?: string };

const role = 'tandem-transaction-signer';

/**
 * A thread that signs transactions with one key, so that the sender's signing (about half a millisecond of
 * elliptic-curve arithmetic per transaction) runs beside the database and chain work instead of before it.
 * The key stays in this process's memory; the thread is unref'd and never keeps the process alive.
 * @example const signer = createSigningWorker(account.privateKey); createTransactionSender({ ..., signer })
 */
export function createSigningWorker(privateKey: Hex): SigningWorker {
  const { address } = privateKeyToAccount(privateKey);
  // The worker starts from a tiny ES module that registers tsx (a worker does not inherit a loader registered with
  // `register()` in the main thread) and then imports this file, whose top-level code below makes it a signer.
  const bootstrap = [
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};`,
    'register();',
    `await import(${JSON.stringify(import.meta.url)});`,
  ].join('\n');
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), {
    workerData: { role, privateKey },
  });
  const waiting = new Map<number, { resolve: (signed: Hex[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let stopped: Error | undefined;
  const failAll = (error: Error) => {
    stopped ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('message', (reply: SignReply) => {
    const request = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.signed) request?.resolve(reply.signed);
    else request?.reject(new NonRetryableError(`The signing thread could not sign: ${reply.error}`));
  });
  worker.on('error', (error) => failAll(new NonRetryableError('The signing thread failed.', { cause: error })));
  worker.on('exit', (code) => failAll(new NonRetryableError(`The signing thread stopped (exit code ${code}).`)));
  // After the listeners: adding a 'message' listener refs the worker again.
  worker.unref();

  return {
    address,
    signTransactions(transactions) {
      if (stopped) return Promise.reject(stopped);
      if (transactions.length === 0) return Promise.resolve([]);
      const id = nextId++;
      return new Promise<Hex[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, transactions } satisfies SignRequest);
      });
    },
    async close() {
      failAll(new NonRetryableError('The signing thread was closed.'));
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === role) {
  const port = parentPort;
  const account = privateKeyToAccount((workerData as { privateKey: Hex }).privateKey);
  port.on('message', async ({ id, transactions }: SignRequest) => {
    try {
      const signed: Hex[] = [];
      for (const transaction of transactions) signed.push(await account.signTransaction(transaction));
      port.postMessage({ id, signed } satisfies SignReply);
    } catch (error) {
      port.postMessage({ id, error: (error as Error).message } satisfies SignReply);
    }
  });
}
