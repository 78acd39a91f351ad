/** Why bzip2 data could not be unpacked: it ends early (`truncated`) or is not valid bzip2 (`corrupt`). */
export class Bunzip2Error extends Error {
  override name = 'Bunzip2Error';
  readonly truncated: boolean;
  constructor(message: string, truncated = false) {
    super(message);
    this.truncated = truncated;
  }
}

const blockMagicHigh = 0x314159;
const blockMagicLow = 0x265359;
const endMagicHigh = 0x177245;
const endMagicLow = 0x385090;
const maxGroups = 6;
const groupSize = 50;
const maxAlphaSize = 258;
const maxCodeLength = 23;
const maxSelectors = 18_002;
const outputSlice = 1 << 16;

/** Thrown inside the decoder when the buffered input runs out; the block is decoded again once more has arrived. */
const underflow = Symbol('underflow');

const crcTable = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let c = i << 24;
  for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  crcTable[i] = c >>> 0;
}

/** Big-endian bit reader over the buffered input; `mark`/`reset` let a block be retried after more input arrives. */
class BitReader {
  buffer: Buffer = Buffer.alloc(0);
  position = 0;
  bits = 0;
  bitCount = 0;

  available(): number {
    return this.buffer.length - this.position;
  }

  append(chunk: Buffer) {
    // Keep the last 4 bytes already read: at the end of a stream, bytes taken into the bit buffer are given back.
    const keepFrom = Math.max(0, this.position - 4);
    this.buffer = Buffer.concat([this.buffer.subarray(keepFrom), chunk]);
    this.position -= keepFrom;
  }

  /** Drops the bits left of the current byte and gives back whole bytes held in the bit buffer. */
  alignToByte() {
    this.position -= this.bitCount >> 3;
    this.bits = 0;
    this.bitCount = 0;
  }

  mark() {
    return { position: this.position, bits: this.bits, bitCount: this.bitCount };
  }

  reset(mark: { position: number; bits: number; bitCount: number }) {
    this.position = mark.position;
    this.bits = mark.bits;
    this.bitCount = mark.bitCount;
  }

  /** `n` ≤ 24 bits. */
  read(n: number): number {
    while (this.bitCount < n) {
      if (this.position >= this.buffer.length) throw underflow;
      this.bits = ((this.bits << 8) | this.buffer[this.position++]!) >>> 0;
      this.bitCount += 8;
    }
    this.bitCount -= n;
    return (this.bits >>> this.bitCount) & ((1 << n) - 1);
  }

  bit(): number {
    return this.read(1);
  }
}

/**
 * Unpacks a bzip2 stream (also several concatenated, as `bzip2 -dc` does) chunk by chunk, one block at a time, and
 * checks every block's and each stream's CRC. Memory stays at about two blocks whatever the size of the data, and the
 * event loop gets a turn between blocks. Written for Tandem because unbzip2-stream, the common pure-JS choice,
 * builds each block byte by byte in a JavaScript array (about 4× slower here and several hundred MB of garbage).
 * @example for await (const xml of bunzip2(createReadStream('sdn_advanced.xml.bz2'))) parser.write(xml)
 */
export async function* bunzip2(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const reader = new BitReader();
  const iterator = chunks[Symbol.asyncIterator]();
  let inputEnded = false;
  const readMore = async (): Promise<boolean> => {
    if (inputEnded) return false;
    const next = await iterator.next();
    if (next.done) {
      inputEnded = true;
      return false;
    }
    reader.append(next.value);
    return true;
  };

  let streams = 0;
  let blockSizeMax = 0;
  let tt = new Uint32Array(0);
  let streamCrc = 0;
  try {
    for (;;) {
      // A stream header, or the end of the input (after at least one stream).
      while (reader.available() < 4 && (await readMore()));
      if (streams > 0 && reader.available() === 0) return;
      const header = reader.buffer.subarray(reader.position, reader.position + 4);
      if (header.length < 4 || header.toString('latin1', 0, 3) !== 'BZh' || header[3]! < 0x31 || header[3]! > 0x39) {
        // bzip2 -dc ignores what follows a complete stream; data that never was bzip2 is refused.
        if (streams > 0) return;
        if (header.length < 4 && 'BZh'.startsWith(header.toString('latin1', 0, 3)))
          throw new Bunzip2Error('the bzip2 data ends inside its header', true);
        throw new Bunzip2Error('not bzip2 data (no BZh header)');
      }
      reader.position += 4;
      blockSizeMax = (header[3]! - 0x30) * 100_000;
      if (tt.length < blockSizeMax) tt = new Uint32Array(blockSizeMax);
      streamCrc = 0;
      streams++;

      for (;;) {
        // Decode from a mark once enough input is buffered for a whole block; should a block still be longer than
        // what is buffered, go back to the mark and try again with more.
        while (reader.available() < blockSizeMax + 25_000 && (await readMore()));
        const mark = reader.mark();
        let block: { output: Buffer; crc: number } | 'end';
        try {
          block = decodeBlock(reader, tt, blockSizeMax, streamCrc);
        } catch (error) {
          if (error !== underflow) throw error;
          reader.reset(mark);
          if (!(await readMore())) throw new Bunzip2Error('the bzip2 data ends inside a block', true);
          continue;
        }
        if (block === 'end') break;
        streamCrc = (((streamCrc << 1) | (streamCrc >>> 31)) ^ block.crc) >>> 0;
        // Handed on in 64 KiB views (each block has its own buffer): consumers that decode text keep small strings.
        for (let start = 0; start < block.output.length; start += outputSlice)
          yield block.output.subarray(start, start + outputSlice);
      }
      reader.alignToByte();
    }
  } finally {
    await iterator.return?.();
  }
}

/** Decodes one block (or the end-of-stream marker, checking the stream CRC); throws `underflow` if input runs out. */
function decodeBlock(
  reader: BitReader,
  tt: Uint32Array,
  blockSizeMax: number,
  streamCrc: number,
): { output: Buffer; crc: number } | 'end' {
  const magicHigh = reader.read(24);
  const magicLow = reader.read(24);
  const storedCrc = ((reader.read(16) << 16) | reader.read(16)) >>> 0;
  if (magicHigh === endMagicHigh && magicLow === endMagicLow) {
    if (storedCrc !== streamCrc) throw new Bunzip2Error('the bzip2 stream CRC does not match');
    return 'end';
  }
  if (magicHigh !== blockMagicHigh || magicLow !== blockMagicLow)
    throw new Bunzip2Error('no bzip2 block where one should start');
  if (reader.bit()) throw new Bunzip2Error('randomised bzip2 blocks (bzip2 < 0.9.5) are not supported');
  const origPtr = reader.read(24);

  // Which of the 256 byte values occur, as a two-level bitmap.
  const seqToUnseq = new Uint8Array(256);
  let inUse = 0;
  const used16 = reader.read(16);
  for (let i = 0; i < 16; i++) {
    if (!(used16 & (0x8000 >> i))) continue;
    const used = reader.read(16);
    for (let j = 0; j < 16; j++) if (used & (0x8000 >> j)) seqToUnseq[inUse++] = i * 16 + j;
  }
  if (inUse === 0) throw new Bunzip2Error('a bzip2 block uses no symbol');
  const alphaSize = inUse + 2;

  const groups = reader.read(3);
  if (groups < 2 || groups > maxGroups) throw new Bunzip2Error('bad number of Huffman tables in a bzip2 block');
  const selectorCount = reader.read(15);
  if (selectorCount < 1) throw new Bunzip2Error('no Huffman table selector in a bzip2 block');
  const selectors = new Uint8Array(Math.min(selectorCount, maxSelectors));
  const groupMtf = [0, 1, 2, 3, 4, 5];
  for (let i = 0; i < selectorCount; i++) {
    let j = 0;
    while (reader.bit()) if (++j >= groups) throw new Bunzip2Error('bad Huffman table selector in a bzip2 block');
    const group = groupMtf[j]!;
    for (; j > 0; j--) groupMtf[j] = groupMtf[j - 1]!;
    groupMtf[0] = group;
    if (i < maxSelectors) selectors[i] = group;
  }

  // The Huffman code lengths of each table, delta-coded, then canonical decoding tables.
  const limits: Int32Array[] = [];
  const bases: Int32Array[] = [];
  const perms: Uint16Array[] = [];
  const minLengths: number[] = [];
  const lengths = new Uint8Array(maxAlphaSize);
  for (let t = 0; t < groups; t++) {
    let length = reader.read(5);
    let minLength = 32;
    let maxLength = 0;
    for (let s = 0; s < alphaSize; s++) {
      for (;;) {
        if (length < 1 || length > 20) throw new Bunzip2Error('bad Huffman code length in a bzip2 block');
        if (!reader.bit()) break;
        length += reader.bit() ? -1 : 1;
      }
      lengths[s] = length;
      if (length < minLength) minLength = length;
      if (length > maxLength) maxLength = length;
    }
    const perm = new Uint16Array(maxAlphaSize);
    const base = new Int32Array(maxCodeLength + 2);
    const limit = new Int32Array(maxCodeLength + 2).fill(-1);
    let p = 0;
    for (let l = minLength; l <= maxLength; l++)
      for (let s = 0; s < alphaSize; s++) if (lengths[s] === l) perm[p++] = s;
    for (let s = 0; s < alphaSize; s++) base[lengths[s]! + 1]!++;
    for (let l = 1; l < base.length; l++) base[l]! += base[l - 1]!;
    let code = 0;
    for (let l = minLength; l <= maxLength; l++) {
      code += base[l + 1]! - base[l]!;
      limit[l] = code - 1;
      code <<= 1;
    }
    for (let l = minLength + 1; l <= maxLength; l++) base[l] = ((limit[l - 1]! + 1) << 1) - base[l]!;
    limits.push(limit);
    bases.push(base);
    perms.push(perm);
    minLengths.push(minLength);
  }

  // Huffman → run-length (RUNA/RUNB) → move-to-front, into tt's low bytes, counting each byte value.
  const counts = new Int32Array(256);
  const mtf = new Uint8Array(256);
  for (let i = 0; i < 256; i++) mtf[i] = i;
  const endOfBlock = alphaSize - 1;
  let count = 0;
  let run = 0;
  let runWeight = 0;
  let selectorIndex = 0;
  let groupLeft = 0;
  let limit = limits[0]!;
  let base = bases[0]!;
  let perm = perms[0]!;
  let minLength = 0;
  for (;;) {
    if (groupLeft === 0) {
      if (selectorIndex >= selectors.length) throw new Bunzip2Error('a bzip2 block runs past its selectors');
      const group = selectors[selectorIndex++]!;
      limit = limits[group]!;
      base = bases[group]!;
      perm = perms[group]!;
      minLength = minLengths[group]!;
      groupLeft = groupSize;
    }
    groupLeft--;
    let length = minLength;
    let code = reader.read(length);
    while (length <= 20 && code > limit[length]!) {
      code = (code << 1) | reader.bit();
      length++;
    }
    if (length > 20) throw new Bunzip2Error('bad Huffman code in a bzip2 block');
    const index = code - base[length]!;
    if (index < 0 || index >= alphaSize) throw new Bunzip2Error('bad Huffman code in a bzip2 block');
    const symbol = perm[index]!;

    if (symbol <= 1) {
      // RUNA/RUNB: a bijective base-2 run length of the byte at the front of the MTF list.
      if (runWeight === 0) runWeight = 1;
      run += runWeight << symbol;
      runWeight <<= 1;
      if (run > blockSizeMax) throw new Bunzip2Error('a bzip2 run overflows the block');
      continue;
    }
    if (runWeight !== 0) {
      if (count + run > blockSizeMax) throw new Bunzip2Error('a bzip2 block is longer than its header allows');
      const value = seqToUnseq[mtf[0]!]!;
      counts[value]! += run;
      tt.fill(value, count, count + run);
      count += run;
      run = 0;
      runWeight = 0;
    }
    if (symbol === endOfBlock) break;
    if (count >= blockSizeMax) throw new Bunzip2Error('a bzip2 block is longer than its header allows');
    let position = symbol - 1;
    const front = mtf[position]!;
    for (; position > 0; position--) mtf[position] = mtf[position - 1]!;
    mtf[0] = front;
    const value = seqToUnseq[front]!;
    counts[value]!++;
    tt[count++] = value;
  }
  if (origPtr >= count) throw new Bunzip2Error('bad bzip2 block origin pointer');

  // Inverse Burrows–Wheeler transform: link each position to the next one in the high 24 bits.
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    const c = counts[i]!;
    counts[i] = sum;
    sum += c;
  }
  for (let i = 0; i < count; i++) {
    const value = tt[i]! & 0xff;
    tt[counts[value]!]! |= i << 8;
    counts[value]!++;
  }

  // Walk the chain, undo the initial run-length coding (4 equal bytes, then a repeat count) and compute the CRC.
  let output: Buffer = Buffer.allocUnsafe(count + (count >> 2) + 256);
  let written = 0;
  let crc = 0xffffffff;
  let position = tt[origPtr]! >>> 8;
  let last = -1;
  let sameCount = 0;
  for (let i = 0; i < count; i++) {
    const entry = tt[position]!;
    const value = entry & 0xff;
    position = entry >>> 8;
    if (sameCount === 4) {
      if (written + value > output.length) output = grow(output, written + value);
      for (let k = 0; k < value; k++) {
        output[written++] = last;
        crc = (crc << 8) ^ crcTable[((crc >>> 24) ^ last) & 0xff]!;
      }
      sameCount = 0;
      last = -1;
      continue;
    }
    if (value === last) sameCount++;
    else {
      sameCount = 1;
      last = value;
    }
    if (written >= output.length) output = grow(output, written + 1);
    output[written++] = value;
    crc = (crc << 8) ^ crcTable[((crc >>> 24) ^ value) & 0xff]!;
  }
  crc = ~crc >>> 0;
  if (crc !== storedCrc) throw new Bunzip2Error('a bzip2 block CRC does not match: the data is damaged');
  return { output: output.subarray(0, written), crc };
}

function grow(buffer: Buffer, atLeast: number): Buffer {
  const grown = Buffer.allocUnsafe(Math.max(atLeast, buffer.length * 2));
  buffer.copy(grown);
  return grown;
}
