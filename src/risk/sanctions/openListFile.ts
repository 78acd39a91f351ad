import { spawn, spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { Bunzip2Error, bunzip2 } from './bunzip2.js';
import { SanctionsListRefusedError } from './SanctionsListRefusedError.js';

/**
 * How bzip2 input is unpacked. `system` runs the `bzip2` program in a child process (native, and on the other core
 * than the parser); `js` uses Tandem's own streaming decoder (`bunzip2`, pure TypeScript, works everywhere);
 * `auto` takes `system` when a `bzip2` program is on the PATH and `js` otherwise.
 */
export type Bzip2Decompressor = 'auto' | 'system' | 'js';

export type OpenListFileParameters = { decompressor?: Bzip2Decompressor | undefined };

export type ListFile = {
  sourceFile: string;
  /** Decided by the file's first bytes, never by its name. */
  compression: 'bzip2' | 'none';
  decompressor: 'system' | 'js' | null;
  /** Size of the file on disk (compressed size for bzip2). */
  bytesTotal: number;
  /** Bytes of the file read so far, for progress. */
  bytesRead(): number;
  /** The unpacked XML bytes, in order; ends with a SanctionsListRefusedError if the file is truncated or damaged. */
  chunks: AsyncIterable<Buffer>;
};

// 64 KiB reads keep the decoded strings small: with 1 MiB ones the parse peaked at twice the memory, no faster.
const chunkSize = 1 << 16;

/**
 * Opens a sanctions list file as a stream of XML bytes, unpacking bzip2 on the fly when the file starts with the
 * bzip2 magic `BZh1`…`BZh9`.
 */
export async function openListFile(file: string, parameters: OpenListFileParameters = {}): Promise<ListFile> {
  const sourceFile = basename(file);
  let bytesTotal: number;
  const magic = Buffer.alloc(4);
  let magicLength: number;
  try {
    const handle = await open(file, 'r');
    try {
      bytesTotal = (await handle.stat()).size;
      magicLength = (await handle.read(magic, 0, 4, 0)).bytesRead;
    } finally {
      await handle.close();
    }
  } catch (cause) {
    throw new SanctionsListRefusedError('unreadable', `The sanctions list file ${file} cannot be read.`, { cause });
  }
  const head = magic.subarray(0, magicLength);
  if (head[0] === 0x1f && head[1] === 0x8b)
    throw new SanctionsListRefusedError('foreign', `${sourceFile} is gzip-compressed; give the plain XML or bzip2.`);
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')))
    throw new SanctionsListRefusedError(
      'foreign',
      `${sourceFile} is a ZIP archive; unpack sdn_advanced.xml from it first.`,
    );

  let bytesRead = 0;
  const source = createReadStream(file, { highWaterMark: chunkSize });
  const isBzip2 =
    head.length === 4 && head.subarray(0, 3).toString('latin1') === 'BZh' && head[3]! >= 0x31 && head[3]! <= 0x39;
  if (!isBzip2) {
    return {
      sourceFile,
      compression: 'none',
      decompressor: null,
      bytesTotal,
      bytesRead: () => bytesRead,
      chunks: (async function* () {
        try {
          for await (const chunk of source) {
            bytesRead += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
        } catch (cause) {
          throw new SanctionsListRefusedError('unreadable', `Reading ${sourceFile} failed.`, { cause });
        }
      })(),
    };
  }

  source.on('data', (chunk: string | Buffer) => {
    bytesRead += chunk.length;
  });
  const wanted = parameters.decompressor ?? 'auto';
  const decompressor = wanted === 'js' ? 'js' : wanted === 'system' || hasSystemBzip2() ? 'system' : 'js';
  return {
    sourceFile,
    compression: 'bzip2',
    decompressor,
    bytesTotal,
    bytesRead: () => bytesRead,
    chunks: decompressor === 'system' ? unpackWithSystemBzip2(source, sourceFile) : unpackWithJs(source, sourceFile),
  };
}

let systemBzip2: boolean | undefined;

function hasSystemBzip2(): boolean {
  systemBzip2 ??= spawnSync('bzip2', ['--help'], { stdio: 'ignore', timeout: 5_000 }).error === undefined;
  return systemBzip2;
}

async function* unpackWithSystemBzip2(source: Readable, sourceFile: string): AsyncGenerator<Buffer> {
  const child = spawn('bzip2', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 4_096) stderr += text;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => {});
  // bzip2 stops reading when it meets bad data; its exit code and message say why, so the broken pipe is no news.
  child.stdin.on('error', () => {});
  source.on('error', (error) => child.stdout.destroy(error));
  source.pipe(child.stdin);
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    const code = await exited;
    if (code !== 0) {
      const message = stderr.split('\n').find((line) => line.trim() !== '') ?? `exit code ${code}`;
      if (/ends unexpectedly/i.test(stderr))
        throw new SanctionsListRefusedError('truncated', `${sourceFile} is truncated: the bzip2 data ends early.`, {
          details: message,
        });
      throw new SanctionsListRefusedError('corrupt', `${sourceFile} is not valid bzip2 data.`, { details: message });
    }
  } catch (cause) {
    if (cause instanceof SanctionsListRefusedError) throw cause;
    throw new SanctionsListRefusedError('unreadable', `Unpacking ${sourceFile} with bzip2 failed.`, { cause });
  } finally {
    source.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

async function* unpackWithJs(source: Readable, sourceFile: string): AsyncGenerator<Buffer> {
  try {
    yield* bunzip2(source);
  } catch (cause) {
    if (cause instanceof Bunzip2Error && cause.truncated)
      throw new SanctionsListRefusedError('truncated', `${sourceFile} is truncated: the bzip2 data ends early.`, {
        cause,
      });
    if (cause instanceof Bunzip2Error)
      throw new SanctionsListRefusedError('corrupt', `${sourceFile} is not valid bzip2 data.`, { cause });
    throw new SanctionsListRefusedError('unreadable', `Reading ${sourceFile} failed.`, { cause });
  } finally {
    source.destroy();
  }
}
