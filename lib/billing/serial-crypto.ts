import { randomBytes } from "node:crypto";
import { lookupHasher, type LookupHasher } from "@/lib/crypto/lookup-hash";
import { SEAL_IV_BYTES, sealer, type Sealer } from "@/lib/crypto/seal";

/**
 * Serial codes are stored twice, neither in clear: a keyed hash to find a code by, and a sealed copy (bound
 * to its batch id) for the audit-logged re-export. Both keys derive from APP_SECRET (lib/crypto): changing
 * APP_SECRET makes existing codes unfindable and unexportable, so keep it stable.
 */
const LOOKUP_PURPOSE = "serial-code lookup hmac-sha256 v1";
const ENCRYPTION_PURPOSE = "serial-code aes-256-gcm v1";

export interface SerialKeys {
  lookup: LookupHasher;
  encryption: Sealer;
}

/** Resolve once and pass along when handling many codes (a batch of 100,000). */
export function serialKeys(): SerialKeys {
  return { lookup: lookupHasher(LOOKUP_PURPOSE), encryption: sealer(ENCRYPTION_PURPOSE) };
}

/** The keyed hash a code is found by (HMAC-SHA256 of the canonical code). */
export function serialLookupHash(code: string, keys: SerialKeys = serialKeys()): Buffer {
  return keys.lookup(code);
}

export function decryptSerialCode(blob: Buffer, batchId: string, keys: SerialKeys = serialKeys()): string {
  return keys.encryption.open(blob, batchId).toString("utf8");
}

/** Hash and ciphertext of many codes, hex-encoded for the bulk INSERT; one random draw for all IVs. */
export function sealSerialCodes(codes: string[], batchId: string, keys: SerialKeys): { hashes: string[]; ciphers: string[] } {
  const ivs = randomBytes(SEAL_IV_BYTES * codes.length);
  const hashes: string[] = [];
  const ciphers: string[] = [];
  for (let i = 0; i < codes.length; i++) {
    hashes.push(keys.lookup(codes[i]).toString("hex"));
    const iv = ivs.subarray(i * SEAL_IV_BYTES, (i + 1) * SEAL_IV_BYTES);
    ciphers.push(keys.encryption.seal(codes[i], batchId, iv).toString("hex"));
  }
  return { hashes, ciphers };
}
