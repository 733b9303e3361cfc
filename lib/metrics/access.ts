import { createHash, timingSafeEqual } from "node:crypto";
import { addressMatcher } from "@/lib/cidr";

export interface MetricsAccessConfig {
  token?: string;
  allowFrom?: readonly string[];
}

/**
 * allowed: serve the metrics. disabled: neither a token nor addresses are configured, so metrics are off for
 * everyone (never open by default). refused: configured, and this caller has neither the token nor an address.
 */
export type MetricsAccess = "allowed" | "disabled" | "refused";

export function metricsAccessCheck(config: MetricsAccessConfig): (authorization: string | null, clientIp: string | null) => MetricsAccess {
  const allowFrom = config.allowFrom ?? [];
  const fromAllowed = addressMatcher(allowFrom);
  // Both sides hashed first: equal lengths for timingSafeEqual, and the comparison reveals nothing of the length.
  const expected = config.token ? digest(config.token) : null;
  return (authorization, clientIp) => {
    if (!expected && allowFrom.length === 0) return "disabled";
    const presented = bearer(authorization);
    if (expected && presented !== null && timingSafeEqual(digest(presented), expected)) return "allowed";
    if (fromAllowed(clientIp)) return "allowed";
    return "refused";
  };
}

function bearer(header: string | null): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1] : null;
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}
