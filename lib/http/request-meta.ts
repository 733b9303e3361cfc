import { isIP } from "node:net";
import { env } from "@/lib/env";
import { plainIp } from "@/lib/ip";
import type { RequestMeta } from "@/lib/auth/types";

/**
 * The client's address and user agent. Next.js does not expose the socket's address, so the address comes
 * from X-Forwarded-For, read from the right: each of our TRUST_PROXY_HOPS proxies appends the address it saw,
 * so the entry the outermost proxy appended is the client, and anything a client wrote itself further left is
 * ignored. With no trusted proxy the header is client-controlled and the address is unknown (null).
 */
export function requestMeta(headers: Headers, trustedHops = env().TRUST_PROXY_HOPS): RequestMeta {
  const userAgent = headers.get("user-agent");
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (trustedHops === 0 || chain.length === 0) return { ip: null, userAgent };
  // Stored and shown as people write it: ::ffff:127.0.0.1 is 127.0.0.1.
  const candidate = plainIp(chain[Math.max(0, chain.length - trustedHops)]);
  return { ip: isIP(candidate) ? candidate : null, userAgent };
}
