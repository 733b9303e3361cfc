import { createHash, type X509Certificate } from "node:crypto";
import http from "node:http";
import { isIP } from "node:net";
import tls from "node:tls";
import { now as clockNow } from "@/lib/clock";
import { withTimeout } from "./timeout";

/**
 * The HTTPS latency probe: `GET /derp/probe` over TLS, checking the certificate the way a Tailscale client
 * would. A relay with a CertName pin (`sha256-raw:<hex>`) must present exactly that leaf, valid for its host
 * name or IP and inside its dates; any other certificate is a failure, with a message that says so. A relay
 * without a pin (wildcard domain) is verified normally against the CA list given.
 */

export type HttpsProbeTarget = {
  /** Address to connect to (IP or name). */
  host: string;
  port: number;
  /** The DERP node's HostName: TLS name sent as SNI when it is a name, and checked against the certificate. */
  hostname?: string;
  /** `sha256-raw:<hex>`: trust exactly this leaf and nothing else. */
  certName?: string;
  /** PEM CA certificates for relays without a pin; unset: Node's built-in roots. */
  ca?: string | string[];
};

export type HttpsProbeResult = {
  ok: boolean;
  /** HTTP status of /derp/probe (200 from derper), when one was received. */
  status: number | null;
  /** Round trip of the GET on the established connection, in milliseconds. */
  rttMs: number | null;
  /** TCP + TLS handshake, in milliseconds. */
  connectMs: number | null;
  error: string | null;
};

export type HttpsProbeOptions = { timeoutMs?: number; signal?: AbortSignal };

export const HTTPS_PROBE_DEFAULT_TIMEOUT_MS = 5_000;
const PROBE_PATH = "/derp/probe";
const PIN_PREFIX = "sha256-raw:";

export async function probeHttps(target: HttpsProbeTarget, options: HttpsProbeOptions = {}): Promise<HttpsProbeResult> {
  const timeoutMs = options.timeoutMs ?? HTTPS_PROBE_DEFAULT_TIMEOUT_MS;
  const hostname = target.hostname ?? target.host;
  let pin: string | null = null;
  if (target.certName) {
    const hex = target.certName.startsWith(PIN_PREFIX) ? target.certName.slice(PIN_PREFIX.length).toLowerCase() : "";
    if (!/^[0-9a-f]{64}$/.test(hex)) return failure(`CertName ${JSON.stringify(target.certName)} is not sha256-raw:<64 hex digits>`);
    pin = hex;
  }
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) return failure(`invalid port ${target.port}`);

  let socket: tls.TLSSocket | undefined;
  let connectMs: number | null = null;
  let status: number | null = null;
  try {
    return await withTimeout(
      `HTTPS probe of ${endpoint(target.host, target.port)}`,
      timeoutMs,
      async (signal) => {
        const t0 = performance.now();
        socket = await connectTls(target, hostname, pin === null, signal);
        connectMs = round(performance.now() - t0);
        if (pin !== null) {
          const problem = pinProblem(socket, pin, hostname);
          if (problem) return { ok: false, status: null, rttMs: null, connectMs, error: problem };
        }
        const t1 = performance.now();
        status = await getProbe(socket, target, hostname, signal);
        const rttMs = round(performance.now() - t1);
        const ok = status === 200;
        return { ok, status, rttMs, connectMs, error: ok ? null : `${PROBE_PATH} answered HTTP ${status}` };
      },
      options.signal,
    );
  } catch (error) {
    return { ok: false, status, rttMs: null, connectMs, error: describe(error) };
  } finally {
    socket?.destroy();
  }
}

/**
 * Building a TLS context (loading a CA list) costs about a millisecond; a probe cycle over hundreds of relays
 * reuses one per CA list. Keyed by the PEM text itself; the set of CA lists in use is small.
 */
const contexts = new Map<string, tls.SecureContext>();

function secureContextFor(ca: string | string[] | undefined): tls.SecureContext {
  const key = ca === undefined ? "" : Array.isArray(ca) ? ca.join("\n") : ca;
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca, minVersion: "TLSv1.2" });
    contexts.set(key, context);
  }
  return context;
}

function connectTls(target: HttpsProbeTarget, hostname: string, verify: boolean, signal: AbortSignal): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      // SNI only for names; derper's manual mode with an IP hostname answers without it.
      servername: isIP(hostname) ? undefined : hostname,
      ALPNProtocols: ["http/1.1"],
      // With a pin, trust comes from the pin alone (checked after the handshake), as in Tailscale's client.
      rejectUnauthorized: verify,
      secureContext: secureContextFor(verify ? target.ca : undefined),
    });
    const abort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", abort, { once: true });
    socket.once("secureConnect", () => {
      signal.removeEventListener("abort", abort);
      if (signal.aborted) {
        // The deadline passed in the same tick: nobody will use (or close) this socket.
        socket.destroy();
        reject(signal.reason);
        return;
      }
      socket.removeAllListeners("error");
      // Later socket errors surface through the HTTP request.
      socket.on("error", () => {});
      resolve(socket);
    });
    socket.once("error", (error) => {
      signal.removeEventListener("abort", abort);
      socket.destroy();
      reject(error);
    });
  });
}

/** The checks of Tailscale's pinned dial: the one real leaf, its hash, the host name or IP, the dates (also used by the traffic sampler). */
export function pinProblem(socket: tls.TLSSocket, pin: string, hostname: string): string | null {
  // The native certificate object: parsing the detailed getPeerCertificate() form costs about a millisecond.
  const leaf = socket.getPeerX509Certificate();
  if (!leaf) return "the relay presented no certificate";
  const actual = createHash("sha256").update(leaf.raw).digest("hex");
  if (actual !== pin) {
    return `the relay presented another certificate (sha256-raw:${actual}) than its CertName pins (sha256-raw:${pin})`;
  }
  // A leaf with a real issuer linked behind it is a chain, which pinning clients refuse. (derper's extra "meta
  // certificate" is self-signed, so it is never linked as the leaf's issuer.)
  const issuer = leaf.issuerCertificate;
  if (issuer && issuer.fingerprint256 !== leaf.fingerprint256 && !/(^|\n)CN=derpkey/.test(issuer.subject)) {
    return "the relay presented a certificate chain; a pinned relay must serve its leaf alone";
  }
  if (!matchesName(leaf, hostname)) return `the pinned certificate is not valid for ${hostname}`;
  const at = clockNow().getTime();
  if (at > new Date(leaf.validTo).getTime()) return `the pinned certificate expired on ${new Date(leaf.validTo).toISOString()}`;
  if (at < new Date(leaf.validFrom).getTime()) return `the pinned certificate is not valid before ${new Date(leaf.validFrom).toISOString()}`;
  return null;
}

function matchesName(cert: X509Certificate, hostname: string): boolean {
  return isIP(hostname) ? cert.checkIP(hostname) !== undefined : cert.checkHost(hostname) !== undefined;
}

function getProbe(socket: tls.TLSSocket, target: HttpsProbeTarget, hostname: string, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      // The verified TLS connection carries the request: no agent (agent:false would dial anew), no second
      // handshake.
      createConnection: () => socket,
      method: "GET",
      path: PROBE_PATH,
      headers: { Host: endpoint(hostname, target.port), "User-Agent": "derpmanagement-probe" },
      signal,
    });
    request.once("response", (response) => {
      // The body is empty; drain it so the answer counts as complete.
      response.resume();
      response.once("end", () => resolve(response.statusCode ?? 0));
      response.once("error", reject);
    });
    request.once("error", reject);
    request.end();
  });
}

function failure(error: string): HttpsProbeResult {
  return { ok: false, status: null, rttMs: null, connectMs: null, error };
}

function endpoint(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Node's TLS and socket errors carry codes; say them in words an operator can act on. */
function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { reason?: string };
  const codes: Record<string, string> = {
    ECONNREFUSED: "connection refused (nothing listens there)",
    ECONNRESET: "connection reset by the relay",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ENOTFOUND: "host name not found",
    DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed certificate, and the relay has no CertName pin",
    SELF_SIGNED_CERT_IN_CHAIN: "certificate chain ends in a CA that is not trusted",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "certificate not signed by a trusted CA",
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "certificate not signed by a trusted CA",
    CERT_HAS_EXPIRED: "certificate expired",
    ERR_TLS_CERT_ALTNAME_INVALID: "certificate is not valid for this host name",
  };
  const text = (e?.code && codes[e.code]) || (error instanceof Error ? error.message : String(error));
  return e?.code && codes[e.code] ? `${text} (${e.code})` : text;
}
