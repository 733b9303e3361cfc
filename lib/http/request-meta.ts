import { isIP } from "node:net";
import type { RequestMeta } from "@/lib/logs/audit-log";

/**
 * The client's address and user agent. Behind the production nginx the address is the first entry of
 * X-Forwarded-For (nginx sets it); without a proxy there is no header and the address is unknown here.
 */
export function requestMeta(headers: Headers): RequestMeta {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip")?.trim();
  return {
    ip: forwarded && isIP(forwarded) ? forwarded : null,
    userAgent: headers.get("user-agent"),
  };
}
