import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Bunzip2Error, bunzip2 } from './bunzip2.js';

/** The reference: Debian's bzip2 program. */
function pack(data: Buffer, level = 9): Buffer {
  return execFileSync('bzip2', ['-c', `-${level}`], { input: data, maxBuffer: 1 << 28 });
}

/** Feeds `packed` in chunks of `chunkSize` bytes, as a file stream would. */
async function unpack(packed: Buffer, chunkSize = 4096): Promise<Buffer> {
  async function* chunks() {
    for (let i = 0; i < packed.length; i += chunkSize) yield packed.subarray(i, i + chunkSize);
  }
  const parts: Buffer[] = [];
  for await (const part of bunzip2(chunks())) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

// Deterministic data with every trait the format cares about: text, all 256 byte values, runs of 4 to 300 equal
// bytes (the initial run-length step), long runs of one symbol (RUNA/RUNB), and incompressible stretches.
function sampleData(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state >>> 8;
  };
  const words = ['<Feature ID="', 'Digital Currency Address - ', '0x098B716B8Aaf215', '</VersionDetail>\n', '  '];
  let i = 0;
  while (i < size) {
    const kind = next() % 5;
    if (kind === 0) {
      const word = Buffer.from(words[next() % words.length]!);
      i += word.copy(data, i);
    } else if (kind === 1) {
      const length = 4 + (next() % 300);
      data.fill(next() & 0xff, i, Math.min(size, i + length));
      i += length;
    } else if (kind === 2) {
      for (let k = 0; k < 64 && i < size; k++) data[i++] = next() & 0xff;
    } else if (kind === 3) {
      for (let k = 0; k < 256 && i < size; k++) data[i++] = k;
    } else {
      const length = next() % 2000;
      data.fill(0x20, i, Math.min(size, i + length));
      i += length;
    }
  }
  return data;
}

describe('bunzip2', () => {
  test('unpacks what bzip2 packs, at every block size and chunking', async () => {
    const cases: [size: number, level: number, chunk: number][] = [
      [0, 9, 4096],
      [1, 1, 1],
      [5_000, 1, 7],
      [250_000, 1, 4096],
      [250_000, 2, 65_536],
      [1_200_000, 9, 65_536],
      [1_200_000, 5, 1_000],
    ];
    for (const [size, level, chunk] of cases) {
      const data = sampleData(size, size + level);
      const unpacked = await unpack(pack(data, level), chunk);
      assert.ok(unpacked.equals(data), `size ${size}, -${level}, chunks of ${chunk}`);
    }
  });

  test('unpacks one long run and incompressible data', async () => {
    const run = Buffer.alloc(2_000_000, 0x41);
    assert.ok((await unpack(pack(run))).equals(run));
    const noise = randomBytes(300_000);
    assert.ok((await unpack(pack(noise, 1), 65_536)).equals(noise));
  });

  test('unpacks concatenated streams, as bzip2 -dc does', async () => {
    const first = sampleData(100_000, 1);
    const second = sampleData(50_000, 2);
    const unpacked = await unpack(Buffer.concat([pack(first, 1), pack(second, 1)]), 999);
    assert.ok(unpacked.equals(Buffer.concat([first, second])));
  });

  test('refuses a cut-off stream as truncated, wherever it is cut', async () => {
    const packed = pack(sampleData(300_000, 3), 1);
    for (const cut of [3, 10, 100, Math.floor(packed.length / 2), packed.length - 5, packed.length - 1]) {
      await assert.rejects(unpack(packed.subarray(0, cut)), (error: unknown) => {
        assert.ok(error instanceof Bunzip2Error, String(error));
        assert.equal(error.truncated, true, `cut at ${cut}: ${error.message}`);
        return true;
      });
    }
  });

  test('damaged data fails with a Bunzip2Error, never with wrong output or another error', async () => {
    const data = sampleData(200_000, 4);
    const packed = pack(data, 1);
    let state = 7;
    for (let trial = 0; trial < 150; trial++) {
      state = (state * 1_103_515_245 + 12_345) >>> 0;
      const damaged = Buffer.from(packed);
      const at = 4 + (state % (packed.length - 4));
      damaged[at]! ^= 1 << (state >>> 29);
      try {
        const unpacked = await unpack(damaged, 8192);
        // A flip in the padding bits of the last byte changes nothing.
        assert.ok(unpacked.equals(data), `trial ${trial}: byte ${at} damaged, yet other data came out`);
      } catch (error) {
        assert.ok(error instanceof Bunzip2Error, `trial ${trial}: byte ${at}: ${String(error)}`);
      }
    }
  });

  test('refuses data that is not bzip2', async () => {
    await assert.rejects(unpack(Buffer.from('<?xml version="1.0"?><Sanctions/>')), /not bzip2 data/);
  });
});
