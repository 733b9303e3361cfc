import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveSecretKey } from "./keys";

/**
 * A keyed hash (HMAC-SHA256) to find a secret by without storing it: serial codes, link tokens, email codes.
 * A database dump alone gives nothing to try offline, since guesses need the key too.
 */
export type LookupHasher = (text: string) => Buffer;

export function lookupHasher(purpose: string): LookupHasher {
  const key = deriveSecretKey(purpose);
  return (text) => createHmac("sha256", key).update(text).digest();
}

/** Constant-time comparison of two hashes (false for different lengths). */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
