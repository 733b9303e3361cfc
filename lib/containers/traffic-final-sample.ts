import type { Db } from "@/db/client";
import type { Relay } from "@/db/schema";
import { now } from "@/lib/clock";
import { writeSystemLog } from "@/lib/logs/system-log";
import { checkQuotas } from "./traffic/quota";
import { loadSampleTargets, readRelay } from "./traffic/read-relay";
import { writeSamples } from "./traffic/write-samples";

/**
 * Reads a relay's counters one last time before its container stops, restarts or goes away, so the bytes since
 * the previous sample are counted (derper's counters start again at zero, a removed container's are gone).
 * Written like a cycle's sample (write-samples.ts), so a cycle reading the relay at the same moment never
 * counts the same bytes twice. A failure is logged and never blocks the stop: the relay's traffic since its
 * last sample is then lost, and the log says how long that was.
 */

const ATTEMPTS = 3;

export async function finalTrafficSample(db: Db, relay: Pick<Relay, "id" | "kind">): Promise<void> {
  if (relay.kind !== "customer") return;
  let error = "";
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      // Fresh each attempt: a cycle that wrote meanwhile moved the baseline this reading is compared with.
      const [target] = await loadSampleTargets(db, { relayIds: [relay.id] });
      if (!target || target.seen.state !== "running") return;
      const reading = await readRelay(target);
      if (!reading.ok) {
        error = reading.error;
        break;
      }
      const written = await writeSamples(db, [{ target, reading }], now());
      if (written.written === 1) {
        // Rental-level checks only (mail, over_quota); stopping relays is the caller's or the next cycle's.
        if (target.rentalId) await checkQuotas(db, [target.rentalId]);
        return;
      }
      error = "the relay changed while it was read";
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await writeSystemLog(db, {
    level: "warn",
    source: "traffic",
    message: `final traffic reading failed: ${error}`,
    context: { relayId: relay.id },
  });
}
