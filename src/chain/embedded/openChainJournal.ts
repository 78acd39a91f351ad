import {
  closeSync,
  existsSync,
  fdatasync,
  fsyncSync,
  openSync,
  readFileSync,
  type Stats,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../errors/BaseError.js';

/**
 * One state-changing request to the embedded chain, as replayed on start. Short keys: the journal holds one line per
 * transaction for the chain's whole life.
 */
export const chainJournalEntrySchema = z.strictObject({
  /** JSON-RPC method. */
  m: z.string().min(1),
  /** JSON-RPC params, exactly as EDR received them. */
  p: z.array(z.unknown()),
  /** Timestamp pinned for the next block before a block-producing request (seconds since the Unix epoch). */
  t: z.number().int().nonnegative().optional(),
  /** The chain clock's offset from the wall clock after the request (seconds): evm_increaseTime and time travel. */
  o: z.number().int(),
  /** A timestamp set by evm_setNextBlockTimestamp and not yet used by a block, after the request. */
  u: z.number().int().nonnegative().optional(),
  /** Head block number and hash after the request, for requests that may change the head: replay must match them. */
  n: z.number().int().nonnegative().optional(),
  h: z
    .string()
    .regex(/^0x[0-9a-f]{64}$/)
    .optional(),
  /** Present when the request answered with an error (it is journaled because it still changed the head). */
  e: z.literal(1).optional(),
});

export type ChainJournalEntry = z.infer<typeof chainJournalEntrySchema>;

export type ChainJournal = {
  path: string;
  /** The entries found on open, in order. */
  entries: ChainJournalEntry[];
  /** Set when the last line was torn by a crash: it was cut off the file, never replayed. */
  tornTail: { line: number; bytes: number } | undefined;
  /**
   * Writes one entry at once, in call order (a failed write throws here), and resolves when it is on disk. Entries
   * appended while a sync is in flight are synced together by the next one (group commit): one fdatasync for many.
   */
  append(entry: ChainJournalEntry): Promise<void>;
  /** fdatasync calls made since open: fewer than appends when group commit shared them. */
  readonly syncs: number;
  /** Waits for the entries written so far to be on disk, then closes the file. */
  close(): Promise<void>;
};

/**
 * Opens (or creates) the append-only journal of the embedded chain. A last line without its newline is a write that a
 * crash interrupted before it was acknowledged: it is cut off and reported in `tornTail`. Any other line that does not
 * parse is corruption and throws a ConfigError naming the file and line, without changing the file.
 */
export async function openChainJournal(path: string): Promise<ChainJournal> {
  const { entries, goodBytes, tornTail } = readJournal(path);
  if (tornTail) {
    truncateSync(path, goodBytes);
    fsyncFile(path);
  }
  const created = !existsSync(path);
  let fd: number | undefined = openSync(path, 'a');
  // A new file's name must be on disk too, or a crash could lose the whole journal after its first appends.
  if (created) fsyncFile(dirname(path), 'r');

  // Group commit: `written` counts entries in the file, `syncing` is the fdatasync in flight, and each waiter is an
  // append not yet known to be on disk. A sync covers every entry written before it started.
  let written = 0;
  let syncs = 0;
  let syncing = false;
  let failure: Error | undefined;
  const waiters: { entry: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  const idle: (() => void)[] = [];
  const sync = () => {
    if (syncing || fd === undefined) return;
    const upTo = written;
    syncing = true;
    syncs++;
    fdatasync(fd, (error) => {
      syncing = false;
      // After a failed fsync the kernel may have dropped the dirty pages: nothing written since can be trusted, and
      // retrying could report success for data that is gone. The journal stays failed.
      if (error) failure ??= error;
      while (waiters.length > 0 && (failure || waiters[0]!.entry <= upTo)) {
        const waiter = waiters.shift()!;
        if (failure) waiter.reject(failure);
        else waiter.resolve();
      }
      if (waiters.length > 0) sync();
      else for (const resolve of idle.splice(0)) resolve();
    });
  };
  return {
    path,
    entries,
    tornTail,
    get syncs() {
      return syncs;
    },
    append(entry) {
      if (fd === undefined) return Promise.reject(new ConfigError(`The chain journal ${path} is closed.`));
      if (failure) return Promise.reject(failure);
      const line = Buffer.from(`${JSON.stringify(entry)}\n`);
      // Written synchronously, so that entries reach the file in the order the chain executed them.
      try {
        for (let offset = 0; offset < line.length; ) offset += writeSync(fd, line, offset);
      } catch (error) {
        failure = error as Error;
        return Promise.reject(failure);
      }
      const entryNumber = ++written;
      const durable = new Promise<void>((resolve, reject) => waiters.push({ entry: entryNumber, resolve, reject }));
      sync();
      return durable;
    },
    async close() {
      if (fd === undefined) return;
      if (syncing || waiters.length > 0) await new Promise<void>((resolve) => idle.push(resolve));
      closeSync(fd);
      fd = undefined;
    },
  };
}

function readJournal(path: string): {
  entries: ChainJournalEntry[];
  goodBytes: number;
  tornTail: ChainJournal['tornTail'];
} {
  let stats: Stats | undefined;
  if (existsSync(path)) stats = statSync(path);
  if (!stats || stats.size === 0) return { entries: [], goodBytes: 0, tornTail: undefined };
  const bytes = readFileSync(path);
  const end = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, end).toString('utf8').split('\n');
  lines.pop(); // the empty string after the final newline
  const entries = lines.map((line, index) => parseLine(path, line, index + 1));
  const tornTail = end < bytes.length ? { line: lines.length + 1, bytes: bytes.length - end } : undefined;
  return { entries, goodBytes: end, tornTail };
}

function parseLine(path: string, line: string, lineNumber: number): ChainJournalEntry {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (cause) {
    throw corrupt(path, lineNumber, `it is not JSON (${(cause as Error).message})`, cause);
  }
  const parsed = chainJournalEntrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(
      path,
      lineNumber,
      `${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}`,
      parsed.error,
    );
  }
  return parsed.data;
}

function corrupt(path: string, line: number, reason: string, cause: unknown): ConfigError {
  return new ConfigError(`The chain journal ${path} is corrupt at line ${line}.`, {
    code: 'chain-journal-corrupt',
    field: `${path}:${line}`,
    cause,
    details: `Line ${line}: ${reason}. Lines before it are intact; restore the file from a backup, or move the data folder aside to start a new chain.`,
  });
}

function fsyncFile(path: string, flags: 'r' | 'r+' = 'r+') {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
