import { createCipheriv, createDecipheriv, createHmac, randomBytes, type KeyObject, createSecretKey } from "node:crypto";
import { deriveKey } from "@/lib/auth/keys";

/**
 * Keys for serial codes, derived from APP_SECRET with HKDF (lib/auth/keys.ts), one per purpose, so neither
 * is the secret itself and lookup and encryption never share a key. Changing APP_SECRET makes existing codes
 * unfindable and unexportable: keep it stable.
 */
const LOOKUP_PURPOSE = "serial-code lookup hmac-sha256 v1";
const ENCRYPTION_PURPOSE = "serial-code aes-256-gcm v1";

export interface SerialKeys {
  lookup: KeyObject;
  encryption: KeyObject;
}

/** Resolve once and pass along when handling many codes (a batch of 100,000). */
export function serialKeys(): SerialKeys {
  return {
    lookup: createSecretKey(deriveKey(LOOKUP_PURPOSE)),
    encryption: createSecretKey(deriveKey(ENCRYPTION_PURPOSE)),
  };
}

/** The keyed hash a code is found by (HMAC-SHA256 of the canonical code). */
export function serialLookupHash(code: string, keys: SerialKeys = serialKeys()): Buffer {
  return createHmac("sha256", keys.lookup).update(code).digest();
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random IV and the batch id as associated data (a ciphertext copied to another batch
 * does not decrypt). Layout: iv | ciphertext | tag. `iv` may be passed in (a slice of one large random
 * buffer) when encrypting many codes.
 */
export function encryptSerialCode(
  code: string,
  batchId: string,
  keys: SerialKeys = serialKeys(),
  iv: Buffer = randomBytes(IV_BYTES),
): Buffer {
  const cipher = createCipheriv("aes-256-gcm", keys.encryption, iv);
  cipher.setAAD(Buffer.from(batchId));
  const body = Buffer.concat([cipher.update(code, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function decryptSerialCode(blob: Buffer, batchId: string, keys: SerialKeys = serialKeys()): string {
  const iv = blob.subarray(0, IV_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", keys.encryption, iv);
  decipher.setAAD(Buffer.from(batchId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(blob.subarray(IV_BYTES, blob.length - TAG_BYTES)), decipher.final()]).toString(
    "utf8",
  );
}

/** Hash and ciphertext of many codes, hex-encoded for the bulk INSERT. */
export function sealSerialCodes(codes: string[], batchId: string, keys: SerialKeys): { hashes: string[]; ciphers: string[] } {
  const ivs = randomBytes(IV_BYTES * codes.length);
  const hashes: string[] = [];
  const ciphers: string[] = [];
  for (let i = 0; i < codes.length; i++) {
    hashes.push(serialLookupHash(codes[i], keys).toString("hex"));
    ciphers.push(encryptSerialCode(codes[i], batchId, keys, ivs.subarray(i * IV_BYTES, (i + 1) * IV_BYTES)).toString("hex"));
  }
  return { hashes, ciphers };
}
