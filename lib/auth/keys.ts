import { hkdfSync } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Keys derived from APP_SECRET with HKDF, one per purpose, so that one secret variable serves the session
 * cookies, the email-code hashes and anything else that needs a key, without reusing a key across purposes.
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

/** next-auth's secret (it derives its own encryption key from this with HKDF again). */
export function nextAuthSecret(): string {
  return deriveKey("next-auth session secret").toString("base64url");
}
