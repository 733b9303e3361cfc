import { randomFillSync } from "node:crypto";
import { ALPHABET, DATA_SYMBOLS } from "./serial-code";

const POOL_CODES = 4096;

/**
 * `count` fresh random codes in canonical form. Randomness comes from the OS CSPRNG, read in blocks;
 * values whose check symbol would be punctuation or U are drawn again.
 */
export function generateSerialCodes(count: number): string[] {
  const codes: string[] = [];
  const pool = Buffer.alloc(12 * POOL_CODES);
  let offset = pool.length;
  while (codes.length < count) {
    if (offset >= pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    // 96 random bits as three 32-bit words; the 19 symbols take the top 95.
    const hi = pool.readUInt32BE(offset);
    const mid = pool.readUInt32BE(offset + 4);
    const lo = pool.readUInt32BE(offset + 8);
    offset += 12;
    let data = "";
    let r = 0;
    for (let i = 0; i < DATA_SYMBOLS; i++) {
      const v = fiveBits(hi, mid, lo, i * 5);
      data += ALPHABET[v];
      r = (r * 32 + v) % 37;
    }
    if (r >= 32) continue;
    codes.push(data + ALPHABET[r]);
  }
  return codes;
}

/** Bits [bit, bit+5) of the 96-bit big-endian number hi|mid|lo. */
function fiveBits(hi: number, mid: number, lo: number, bit: number): number {
  let v = 0;
  for (let b = bit; b < bit + 5; b++) {
    const word = b < 32 ? hi : b < 64 ? mid : lo;
    v = (v << 1) | ((word >>> (31 - (b % 32))) & 1);
  }
  return v;
}
