import type { Relay, Server } from "@/db/schema";
import { probeHttps, type HttpsProbeResult } from "../https-probe";

/**
 * A fresh derper needs a moment to listen. Polls `/derp/probe` with the relay's pinned certificate until it
 * answers or the time is up, and returns the last result: a relay counts as running only once this is ok.
 */
export async function waitUntilAnswering(
  server: Pick<Server, "publicIpv4">,
  relay: Pick<Relay, "derpPort" | "hostname" | "certName">,
  timeoutMs: number,
): Promise<HttpsProbeResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probeHttps(
      { host: server.publicIpv4, port: relay.derpPort, hostname: relay.hostname, certName: relay.certName ?? undefined },
      { timeoutMs: Math.min(2_000, Math.max(1, deadline - Date.now())) },
    );
    if (result.ok || Date.now() >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
