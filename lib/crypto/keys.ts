import { createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Keys derived from APP_SECRET with HKDF, one per purpose, so that one secret variable serves the session
 * cookies, email-code hashes, serial codes, host credentials and link tokens without reusing a key across
 * purposes. A purpose string names its algorithm and a version ("serial-code aes-256-gcm v1"), so that a
 * change of either derives a new key instead of silently reinterpreting old data.
 */
const cache = new Map<string, Buffer>();

export function deriveKey(purpose: string, length = 32): Buffer {
  const secret = env().APP_SECRET;
  const id = `${purpose}\0${length}\0${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "derpmanagement", purpose, length));
    cache.set(id, key);
  }
  return key;
}

export function deriveSecretKey(purpose: string): KeyObject {
  return createSecretKey(deriveKey(purpose));
}
