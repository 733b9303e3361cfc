import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { relays, rentals, servers } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { newRelaySecrets } from "@/lib/containers/relay-secrets";
import { sampleTraffic, TRAFFIC_DEFAULTS, type SampleSummary } from "@/lib/containers/traffic/sample-cycle";
import { relayContainerName } from "@/lib/fleet/relays/relay-container";
import { createRegion } from "@/lib/regions/manage-regions";
import { createBenchAdmin, createBenchPlan, mb, measure, openBenchDb } from "./db";
import { startFakeTrafficHosts } from "./fake-traffic-hosts";

const HOSTS = Number(process.env.BENCH_TRAFFIC_HOSTS ?? 100);
const RELAYS_PER_HOST = 100;

/**
 * A traffic sampling cycle over 10,000 relays on 100 hosts, against stand-ins that answer like Docker's
 * one-shot stats and derper's /debug/vars (bench/fake-traffic-hosts.ts, in a second process): every relay is
 * read from both sources over the real code paths (pinned TLS, dockerode over a Unix socket per host) and
 * written to the database like the job does. The first cycle makes a full TLS handshake per relay, the next
 * ones resume sessions; the last one also runs the quota checks.
 */
export async function benchTrafficCycle(): Promise<void> {
  const bench = await openBenchDb("traffic");
  const fake = await startFakeTrafficHosts(HOSTS, RELAYS_PER_HOST);
  try {
    const db = bench.handle.db;
    const t0 = performance.now();
    await seed(db, await createBenchAdmin(db), fake);
    console.log(
      `traffic cycle: ${HOSTS * RELAYS_PER_HOST} relays on ${HOSTS} stand-in hosts (${bench.label}), seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `${TRAFFIC_DEFAULTS.hosts} hosts at a time, ${TRAFFIC_DEFAULTS.perHost} relays per host at a time, writes in transactions of up to ${TRAFFIC_DEFAULTS.batch}`,
    );
    for (const run of ["first (full TLS handshakes)", "second (resumed TLS sessions)", "third (with quota checks)"]) {
      const enforce = run.startsWith("third");
      const cpu = process.cpuUsage();
      const m = await measure(() => sampleTraffic(db, { enforce }));
      const used = process.cpuUsage(cpu);
      console.log(`  ${run}: ${line(m.result, m.ms)}, sampler CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, RSS ${mb(m.startRss)} -> peak ${mb(m.peakRss)}`);
    }
  } finally {
    await fake.close();
    await bench.dispose();
  }
}

export function line(s: SampleSummary, ms: number): string {
  const failure = s.failures[0] ? ` (first failure: ${s.failures[0].error})` : "";
  return `${(ms / 1000).toFixed(2)} s wall, ${s.sampled}/${s.relays} sampled, ${s.failed} failed, ${s.raced} raced${failure}`;
}

async function seed(db: Db, admin: SessionUser, fake: Awaited<ReturnType<typeof startFakeTrafficHosts>>): Promise<void> {
  const region = await createRegion(db, admin, {
    code: "bench",
    nameEn: "Bench",
    nameZh: "基准",
    latitude: null,
    longitude: null,
    country: null,
    active: true,
    sortOrder: 0,
  });
  const plan = await createBenchPlan(db, admin)
  const at = new Date();
  const serverRows = await db
    .insert(servers)
    .values(
      fake.hosts.map((h, i) => ({
        name: `bench-${i}`,
        regionId: region.id,
        publicIpv4: h.address,
        derpPortMin: fake.derpPortBase,
        derpPortMax: fake.derpPortBase + RELAYS_PER_HOST - 1,
        stunPortMin: 31_000,
        stunPortMax: 31_000 + RELAYS_PER_HOST - 1,
        capacity: RELAYS_PER_HOST,
        networkMode: "bridge" as const,
        status: "up" as const,
        dockerConnection: { kind: "socket" as const, socketPath: h.socketPath },
      })),
    )
    .returning();
  for (const server of serverRows) {
    const rentalRows = await db
      .insert(rentals)
      .values(
        Array.from({ length: RELAYS_PER_HOST }, () => ({
          userId: admin.id,
          planId: plan.id,
          regionId: region.id,
          status: "active" as const,
          startsAt: at,
          expiresAt: new Date(at.getTime() + 30 * 86_400_000),
          trafficQuotaBytes: 1e15,
          deviceLimit: 3,
        })),
      )
      .returning({ id: rentals.id });
    await db.insert(relays).values(
      rentalRows.map((rental, i) => {
        const id = randomUUID();
        return {
          id,
          serverId: server.id,
          kind: "customer" as const,
          rentalId: rental.id,
          containerName: relayContainerName(id),
          derpPort: fake.derpPortBase + i,
          stunPort: 31_000 + i,
          // The stand-ins share one certificate for 127.0.0.1; the relay is reached at its host's address.
          hostname: "127.0.0.1",
          certPem: fake.certPem,
          certName: fake.certName,
          debugKeySealed: newRelaySecrets(id).columns.debugKeySealed,
          state: "running" as const,
          startedAt: at,
        };
      }),
    );
  }
}
