import dgram from "node:dgram";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { bindingRequest, formatMappedAddress, newTransactionId, parseBindingResponse } from "./stun-message";
import { withTimeout } from "./timeout";

/**
 * A STUN latency probe the way a Tailscale client does it: a Tailscale-style binding request over UDP, timed
 * until derper's binding success arrives. UDP loses packets, so a missing answer is retried with a fresh
 * transaction id; an answer to an earlier attempt that arrives late still counts, timed from its own send.
 */

export type StunProbeResult = {
  ok: boolean;
  /** Round trip of the answered request, in milliseconds. */
  rttMs: number | null;
  /** Where the relay saw the probe come from, "ip:port" ("[ipv6]:port"). */
  mappedAddress: string | null;
  /** Requests sent. */
  attempts: number;
  error: string | null;
};

export type StunProbeOptions = {
  /** How long to wait for an answer before sending the next request (and after the last one). */
  timeoutMs?: number;
  /** Requests to send at most. */
  attempts?: number;
  signal?: AbortSignal;
};

export const STUN_PROBE_DEFAULTS = { timeoutMs: 1_000, attempts: 3 } as const;

export async function probeStun(host: string, port: number, options: StunProbeOptions = {}): Promise<StunProbeResult> {
  const timeoutMs = options.timeoutMs ?? STUN_PROBE_DEFAULTS.timeoutMs;
  const maxAttempts = options.attempts ?? STUN_PROBE_DEFAULTS.attempts;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return failed(0, `invalid STUN port ${port}`);
  if (!(timeoutMs > 0) || !Number.isInteger(maxAttempts) || maxAttempts < 1) {
    return failed(0, "timeoutMs must be positive and attempts at least 1");
  }
  if (options.signal?.aborted) return failed(0, "aborted");

  let address = host;
  let family = isIP(host);
  if (family === 0) {
    // A wildcard-domain relay is probed by name; the lookup shares the first attempt's time budget.
    try {
      const resolved = await withTimeout(`resolving ${host}`, timeoutMs, () => lookup(host), options.signal);
      address = resolved.address;
      family = resolved.family;
    } catch (error) {
      return failed(0, `cannot resolve ${host}: ${message(error)}`);
    }
  }

  return new Promise<StunProbeResult>((resolve) => {
    const socket = dgram.createSocket(family === 6 ? "udp6" : "udp4");
    const sentAt = new Map<string, { txId: Buffer; at: number }>();
    let attempts = 0;
    let timer: NodeJS.Timeout | undefined;
    let done = false;

    const finish = (result: StunProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      socket.removeAllListeners();
      // A closed socket may still report a late error; swallow it rather than crash the process.
      socket.on("error", () => {});
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(result);
    };
    const onAbort = () => finish(failed(attempts, "aborted"));
    options.signal?.addEventListener("abort", onAbort, { once: true });

    const send = () => {
      if (done) return;
      if (attempts >= maxAttempts) {
        finish(failed(attempts, `no STUN answer from ${where(address, port)} after ${attempts} request(s), ${timeoutMs} ms each`));
        return;
      }
      const txId = newTransactionId();
      attempts++;
      sentAt.set(txId.toString("hex"), { txId, at: performance.now() });
      socket.send(bindingRequest(txId), (error) => {
        if (error) finish(failed(attempts, `sending to ${where(address, port)} failed: ${message(error)}`));
      });
      timer = setTimeout(send, timeoutMs);
    };

    socket.on("message", (msg) => {
      const receivedAt = performance.now();
      if (msg.length < 20) return;
      const sent = sentAt.get(msg.subarray(8, 20).toString("hex"));
      if (!sent) return; // not an answer to any of our requests
      const parsed = parseBindingResponse(msg, sent.txId);
      if (parsed.kind === "ignore") return;
      if (parsed.kind === "error") {
        finish(failed(attempts, `${parsed.message} from ${where(address, port)}`));
        return;
      }
      finish({
        ok: true,
        rttMs: round(receivedAt - sent.at),
        mappedAddress: formatMappedAddress(parsed.mapped),
        attempts,
        error: null,
      });
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // On a connected UDP socket an ICMP "port unreachable" arrives as ECONNREFUSED: nothing listens there.
      const text = error.code === "ECONNREFUSED" ? "port unreachable (nothing listens for STUN)" : message(error);
      finish(failed(attempts, `${where(address, port)}: ${text}`));
    });
    // Connected: the kernel drops datagrams from anyone but the relay, and reports ICMP errors to us.
    socket.connect(port, address, send);
  });
}

function failed(attempts: number, error: string): StunProbeResult {
  return { ok: false, rttMs: null, mappedAddress: null, attempts, error };
}

function where(address: string, port: number): string {
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
