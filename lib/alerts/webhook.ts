import { createHmac } from "node:crypto";

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const SIGNATURE_HEADER = "X-DerpManagement-Signature";
export const TIMESTAMP_HEADER = "X-DerpManagement-Timestamp";

export interface WebhookOutcome {
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
}

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"): the receiver recomputes it over the raw body and
 * the timestamp header, and refuses old timestamps, so a captured request cannot be replayed later.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * POSTs the JSON payload. A 2xx answer is a delivery; anything else (another status, a redirect, which is not
 * followed, a timeout, a refused connection) is a failure with its status or reason. Never throws.
 */
export async function postWebhook(url: string, secret: string | null, payload: unknown, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<WebhookOutcome> {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "derpmanagement-alerts/1" };
  if (secret) {
    headers[TIMESTAMP_HEADER] = timestamp;
    headers[SIGNATURE_HEADER] = webhookSignature(secret, timestamp, body);
  }
  try {
    const res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    // The answer is not used; reading it lets the connection be reused and ends the request cleanly.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, httpStatus: res.status, error: null };
    return { ok: false, httpStatus: res.status, error: res.status >= 300 && res.status < 400 ? "redirect not followed" : `HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, httpStatus: null, error: describeFetchError(e, timeoutMs) };
  }
}

/** fetch's errors say "fetch failed" with the reason in `cause`: the reason is what the operator needs. */
function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError") return `timed out after ${timeoutMs / 1000} s`;
  const cause = err?.cause;
  const reason = cause?.code ?? cause?.message ?? err?.message ?? String(e);
  return String(reason).slice(0, 300);
}
