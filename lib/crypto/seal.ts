import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from "node:crypto";
import { deriveSecretKey } from "./keys";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Authenticated encryption (AES-256-GCM) of secrets the platform must read back: serial codes for re-export,
 * Docker host credentials, relay private keys. Layout: iv | ciphertext | tag. The associated data binds a
 * ciphertext to its owner (a batch id, a server id): copied to another row, it no longer opens.
 */
export interface Sealer {
  /** `iv` may be passed in (a slice of one large random buffer) when sealing many values. */
  seal(plaintext: string | Buffer, associatedData: string, iv?: Buffer): Buffer;
  /** Throws when the blob was tampered with, moved to another owner, or sealed under another APP_SECRET. */
  open(blob: Buffer, associatedData: string): Buffer;
}

export function sealer(purpose: string): Sealer {
  const key = deriveSecretKey(purpose);
  return { seal: (plaintext, aad, iv) => seal(key, plaintext, aad, iv), open: (blob, aad) => open(key, blob, aad) };
}

export const SEAL_IV_BYTES = IV_BYTES;

function seal(key: KeyObject, plaintext: string | Buffer, aad: string, iv: Buffer = randomBytes(IV_BYTES)): Buffer {
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(typeof plaintext === "string" ? Buffer.from(plaintext) : plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function open(key: KeyObject, blob: Buffer, aad: string): Buffer {
  if (blob.length < IV_BYTES + TAG_BYTES) throw new Error("sealed value is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, blob.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
  return Buffer.concat([decipher.update(blob.subarray(IV_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
}
