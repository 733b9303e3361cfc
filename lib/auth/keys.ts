import { deriveKey } from "@/lib/crypto/keys";

/** next-auth's secret (it derives its own encryption key from this with HKDF again). */
export function nextAuthSecret(): string {
  return deriveKey("next-auth session secret").toString("base64url");
}
