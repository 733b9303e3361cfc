import type { DbOrTx } from "@/db/client";
import type { Relay } from "@/db/schema";

/**
 * Reads a relay's counters one last time before its container stops, restarts or goes away, so the bytes since
 * the previous sample are counted (derper's counters start again at zero). Implemented by the traffic sampler.
 */
export async function finalTrafficSample(_db: DbOrTx, _relay: Relay): Promise<void> {
  // Filled in by lib/containers/traffic (the sampling issue part); until then nothing is read.
}
