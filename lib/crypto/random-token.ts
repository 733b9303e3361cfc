import { randomBytes } from "node:crypto";

/** A secret for links and API tokens: 256 random bits, URL-safe, with an optional readable prefix. */
export function randomToken(prefix = "", bytes = 32): string {
  if (bytes < 16) throw new Error("a secret token needs at least 128 random bits");
  return prefix + randomBytes(bytes).toString("base64url");
}
