import type { Db } from "@/db/client";
import { now } from "@/lib/clock";
import type { DockerClient } from "@/lib/fleet/docker-client";
import { serverDockerClient } from "@/lib/fleet/servers/docker-connection";
import { mapWithConcurrency } from "@/lib/fleet/concurrency";
import { writeSystemLog } from "@/lib/logs/system-log";
import { checkQuotas } from "./quota";
import { loadSampleTargets, readRelay, type SampleTarget } from "./read-relay";
import { stopRelaysOfStoppedRentals } from "./stop-relays";
import { writeSamples, type ReadingOf } from "./write-samples";

/**
 * One traffic sampling cycle (the `traffic-sample` job): every running customer relay's counters are read and
 * the growth is written (write-samples.ts), then quotas are enforced (quota.ts).
 *
 * Concurrency: servers are worked on `hosts` at a time and each server's relays `perHost` at a time, so one
 * slow or dead host holds at most `perHost` reads (each with its deadline) and never delays the others, and no
 * engine gets more than `perHost` stats requests at once. Each server's readings are written together, in
 * transactions of at most `batch` relays: thousands of one-relay transactions would cost a commit each.
 */

export type SampleOptions = {
  hosts?: number;
  perHost?: number;
  batch?: number;
  timeoutMs?: number;
  /** false: sample only (benchmarks). */
  enforce?: boolean;
  /** Only these relays (and quotas of their rentals): tests sharing a database with others. */
  onlyRelayIds?: string[];
};

export const TRAFFIC_DEFAULTS = { hosts: 16, perHost: 8, batch: 250, timeoutMs: 5_000 };

export type SampleSummary = {
  relays: number;
  sampled: number;
  failed: number;
  raced: number;
  derpBytes: number;
  dockerBytes: number;
  durationMs: number;
  /** A few of the failures, for the log line. */
  failures: { relayId: string; error: string }[];
  quota?: Awaited<ReturnType<typeof checkQuotas>>;
  stopped?: Awaited<ReturnType<typeof stopRelaysOfStoppedRentals>>;
};

export async function sampleTraffic(db: Db, opts: SampleOptions = {}): Promise<SampleSummary> {
  const o = { ...TRAFFIC_DEFAULTS, ...opts };
  const t0 = performance.now();
  const targets = await loadSampleTargets(db, o.onlyRelayIds ? { running: true, relayIds: o.onlyRelayIds } : { running: true });
  const summary: SampleSummary = { relays: targets.length, sampled: 0, failed: 0, raced: 0, derpBytes: 0, dockerBytes: 0, durationMs: 0, failures: [] };
  const byServer = new Map<string, SampleTarget[]>();
  for (const t of targets) byServer.set(t.serverId, [...(byServer.get(t.serverId) ?? []), t]);

  await mapWithConcurrency([...byServer.values()], o.hosts, async (hostTargets) => {
    const readings: ReadingOf[] = [];
    const fail = (relayIds: string[], error: unknown) => {
      summary.failed += relayIds.length;
      if (summary.failures.length < 5) summary.failures.push({ relayId: relayIds[0], error: error instanceof Error ? error.message : String(error) });
    };
    let docker: DockerClient | undefined;
    await mapWithConcurrency(hostTargets, o.perHost, async (target) => {
      try {
        // One client per host and cycle (opening its settings costs a hash each time).
        docker ??= serverDockerClient(target.server);
        const reading = await readRelay(target, o.timeoutMs, docker);
        if (reading.ok) readings.push({ target, reading });
        else fail([target.relayId], reading.error);
      } catch (error) {
        fail([target.relayId], error);
      }
    });
    for (let i = 0; i < readings.length; i += o.batch) {
      const batch = readings.slice(i, i + o.batch);
      try {
        const written = await writeSamples(db, batch, now());
        summary.sampled += written.written;
        summary.raced += written.raced;
        summary.derpBytes += written.derpBytes;
        summary.dockerBytes += written.dockerBytes;
      } catch (error) {
        // Nothing of the batch was written: its counters are read again next cycle, so nothing is lost.
        fail(batch.map((r) => r.target.relayId), error);
      }
    }
  });
  summary.durationMs = Math.round(performance.now() - t0);

  if (o.enforce !== false) {
    const rentalIds = o.onlyRelayIds ? [...new Set(targets.flatMap((t) => (t.rentalId ? [t.rentalId] : [])))] : undefined;
    summary.quota = await checkQuotas(db, rentalIds);
    summary.stopped = await stopRelaysOfStoppedRentals(db, o.onlyRelayIds);
  }
  // One line per cycle; unreachable relays are listed here once instead of a line each.
  await writeSystemLog(db, {
    level: summary.failed ? "warn" : "info",
    source: "traffic",
    message: `traffic cycle: ${summary.sampled}/${summary.relays} relays sampled, ${summary.failed} failed, ${summary.derpBytes} relayed bytes in ${summary.durationMs} ms`,
    context: summary,
  });
  return summary;
}
