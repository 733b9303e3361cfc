import http from "node:http";
import { isIP } from "node:net";
import tls from "node:tls";
import { pinProblem } from "@/lib/fleet/https-probe";
import { withTimeout } from "@/lib/fleet/timeout";

/**
 * Reads derper's relayed-byte counters: `GET /debug/vars?debugkey=<key>` on the relay's DERP port, over TLS
 * checked the way clients check it (the CertName pin for IP relays, the CA chain for domain relays). derper's
 * expvar JSON has a `derp` map whose `bytes_received` and `bytes_sent` count the payload of every packet a
 * client sent into the relay and every packet the relay delivered to a client (derpserver.go recvPacket and
 * sendPacket; frame headers, keys, keepalives and pings are not counted).
 */

export type DerpVarsTarget = {
  /** Relay id: the key of the TLS session cache. */
  id: string;
  host: string;
  port: number;
  hostname: string;
  /** `sha256-raw:<hex>`, or null for a relay with a CA-signed certificate. */
  certName: string | null;
  debugKey: string;
};

export type DerpCounters = { bytesReceived: number; bytesSent: number; total: number };

export const DERP_VARS_TIMEOUT_MS = 5_000;
const PIN_PREFIX = "sha256-raw:";

/**
 * TLS sessions per relay, resumed on the next read: a full handshake costs the relay a signature and us a
 * key exchange and certificate parse, about a millisecond of CPU each, which dominates a cycle over thousands
 * of relays. A resumed session is bound to the pinned handshake it came from (only that server holds the
 * ticket key), so it needs no second pin check. Keyed by relay, host, port and pin: any change starts afresh.
 */
const sessions = new Map<string, Buffer>();
const MAX_SESSIONS = 50_000;

/**
 * One TLS context for all reads: without it every connection builds its own (and loads the CA store), the
 * largest single cost of a read. Pinned relays need no CA list (trust is the pin); CA-signed ones use Node's.
 */
let pinnedContext: tls.SecureContext | undefined;
let verifiedContext: tls.SecureContext | undefined;

function contextFor(verify: boolean): tls.SecureContext {
  if (verify) return (verifiedContext ??= tls.createSecureContext({ minVersion: "TLSv1.2" }));
  return (pinnedContext ??= tls.createSecureContext({ minVersion: "TLSv1.2" }));
}

export async function readDerpCounters(target: DerpVarsTarget, timeoutMs = DERP_VARS_TIMEOUT_MS): Promise<DerpCounters> {
  const body = await withTimeout(`derper /debug/vars of ${target.host}:${target.port}`, timeoutMs, (signal) => getVars(target, signal));
  return parseDerpVars(body);
}

/** The counters from derper's expvar JSON; anything else (an HTML error page, a missing map) is an error. */
export function parseDerpVars(body: string): DerpCounters {
  let vars: unknown;
  try {
    vars = JSON.parse(body);
  } catch (error) {
    throw new Error(`/debug/vars is not JSON: ${body.slice(0, 80)}`, { cause: error });
  }
  const derp = (vars as { derp?: Record<string, unknown> } | null)?.derp;
  const received = derp?.bytes_received;
  const sent = derp?.bytes_sent;
  if (!isCounter(received) || !isCounter(sent)) throw new Error("/debug/vars has no derp.bytes_received/bytes_sent counters");
  return { bytesReceived: received, bytesSent: sent, total: received + sent };
}

function isCounter(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

async function getVars(target: DerpVarsTarget, signal: AbortSignal): Promise<string> {
  const cacheKey = `${target.id}|${target.host}|${target.port}|${target.certName ?? ""}`;
  const pin = target.certName?.startsWith(PIN_PREFIX) ? target.certName.slice(PIN_PREFIX.length).toLowerCase() : null;
  const socket = await connect(target, cacheKey, pin === null, signal);
  try {
    if (pin !== null && !socket.isSessionReused()) {
      const problem = pinProblem(socket, pin, target.hostname);
      if (problem) throw new Error(problem);
    }
    return await get(socket, target, signal);
  } finally {
    socket.destroy();
  }
}

function connect(target: DerpVarsTarget, cacheKey: string, verify: boolean, signal: AbortSignal): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      servername: isIP(target.hostname) ? undefined : target.hostname,
      ALPNProtocols: ["http/1.1"],
      // With a pin, trust comes from the pin alone (checked after the handshake), as in Tailscale's client.
      rejectUnauthorized: verify,
      secureContext: contextFor(verify),
      session: sessions.get(cacheKey),
    });
    socket.on("session", (session: Buffer) => {
      if (sessions.size >= MAX_SESSIONS) sessions.clear();
      sessions.set(cacheKey, session);
    });
    const abort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", abort, { once: true });
    socket.once("secureConnect", () => {
      signal.removeEventListener("abort", abort);
      socket.removeAllListeners("error");
      // Later socket errors surface through the HTTP request.
      socket.on("error", () => {});
      resolve(socket);
    });
    socket.once("error", (error) => {
      signal.removeEventListener("abort", abort);
      // A session the relay no longer accepts (new container, new ticket keys) must not fail every read.
      sessions.delete(cacheKey);
      socket.destroy();
      reject(error);
    });
  });
}

function get(socket: tls.TLSSocket, target: DerpVarsTarget, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hostHeader = isIP(target.hostname) === 6 ? `[${target.hostname}]:${target.port}` : `${target.hostname}:${target.port}`;
    const request = http.request({
      createConnection: () => socket,
      method: "GET",
      path: `/debug/vars?debugkey=${encodeURIComponent(target.debugKey)}`,
      headers: { Host: hostHeader, "User-Agent": "derpmanagement-traffic", Connection: "close" },
      signal,
    });
    request.once("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.once("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (response.statusCode !== 200) reject(new Error(`/debug/vars answered HTTP ${response.statusCode}: ${body.slice(0, 120).trim()}`));
        else resolve(body);
      });
      response.once("error", reject);
    });
    request.once("error", reject);
    request.end();
  });
}
