import { badRequest, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/**
 * One GET to a customer's control server. The URL is the customer's, so the request is fenced: http(s) only,
 * no redirects followed (a redirect could carry the bearer token to another host), a timeout, and a cap on
 * the answer's size read as it streams (a hostile server cannot make us buffer gigabytes). Failures become
 * the same few error codes whatever the cause, and the answer's body is never echoed back, so the endpoint
 * cannot be used to read internal pages. The token is never logged.
 */
const TIMEOUT_MS = 10_000;
/** Generous for thousands of nodes with all their fields. */
const MAX_BYTES = 8 * 1024 * 1024;

export const controlUnreachable = () => badRequest("control_unreachable");
export const controlAuthFailed = () => badRequest("control_auth_failed");
export const controlBadResponse = () => badRequest("control_bad_response");

/** A base URL a customer may name: http or https, no credentials or query; normalised without trailing slash. */
export function parseBaseUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch (e) {
    if (e instanceof TypeError) return null;
    throw e;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return url.toString().replace(/\/+$/, "");
}

export async function getControlJson(url: string, token: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: "no-store",
    });
  } catch (e) {
    logger.info({ url, err: e instanceof Error ? e.message : String(e) }, "control server: request failed");
    throw controlUnreachable();
  }
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw controlAuthFailed();
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    logger.info({ url, status: res.status }, "control server: unexpected status");
    // A 404 means the URL or tailnet is not a control server's API; a 5xx that it is down: both "unreachable".
    throw res.status >= 500 || res.status === 404 || (res.status >= 300 && res.status < 400) ? controlUnreachable() : controlBadResponse();
  }
  const text = await readLimited(res);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (e instanceof SyntaxError) throw controlBadResponse();
    throw e;
  }
}

async function readLimited(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BYTES) {
        await reader.cancel();
        throw controlBadResponse();
      }
      chunks.push(value);
    }
  } catch (e) {
    if (isAppError(e)) throw e;
    // The timeout fired or the connection dropped mid-answer.
    throw controlUnreachable();
  }
  return Buffer.concat(chunks).toString("utf8");
}
