import { eq } from "drizzle-orm";
import { relays, rentals, servers } from "@/db/schema";
import { allocateRental } from "@/lib/containers/allocate";
import { openDebugKey } from "@/lib/containers/relay-secrets";
import { readDerpCounters } from "@/lib/containers/traffic/derp-vars";
import { readDockerNetBytes } from "@/lib/containers/traffic/docker-net";
import { loadSampleTargets } from "@/lib/containers/traffic/read-relay";
import { sampleTraffic } from "@/lib/containers/traffic/sample-cycle";
import { writeSamples } from "@/lib/containers/traffic/write-samples";
import { resetEnvForTests } from "@/lib/env";
import { serverDockerClient } from "@/lib/fleet/servers/docker-connection";
import { createRegion } from "@/lib/regions/manage-regions";
import { dockerForTests } from "../tests/helpers/docker";
import { removeRelayContainersOf } from "../tests/helpers/relay-containers";
import { relayImageForTests } from "../tests/helpers/relay-image";
import { createBenchAdmin, createBenchPlan, openBenchDb } from "./db";
import { line } from "./traffic";

const RELAYS = Number(process.env.BENCH_TRAFFIC_REAL_RELAYS ?? 12);
const READS = 20;

/**
 * Real relays on the local Docker engine (the relay image of deploy/relay): the cost of one reading per counter
 * source (derper's /debug/vars over pinned TLS, Docker's one-shot stats) and of one relay's database write,
 * then whole cycles over all of them. Skipped without an engine or the image.
 */
export async function benchTrafficReal(): Promise<void> {
  const docker = await dockerForTests();
  const image = docker && (await relayImageForTests(docker));
  if (!docker || !image) return console.log("traffic (real relays): skipped, no Docker engine or relay image");
  process.env.FLEET_RELAY_IMAGE = image;
  resetEnvForTests();
  const bench = await openBenchDb("traffic_real");
  const db = bench.handle.db;
  let serverId: string | undefined;
  try {
    const admin = await createBenchAdmin(db);
    const region = await createRegion(db, admin, { code: "real", nameEn: "Real", nameZh: "真实", latitude: null, longitude: null, country: null, active: true, sortOrder: 0 });
    const plan = await createBenchPlan(db, admin)
    const base = 23_000 + Math.floor(Math.random() * 500) * 20;
    const [server] = await db
      .insert(servers)
      .values({
        name: "bench-real",
        regionId: region.id,
        publicIpv4: "127.0.0.1",
        derpPortMin: base,
        derpPortMax: base + RELAYS - 1,
        stunPortMin: base + 10_000,
        stunPortMax: base + 10_000 + RELAYS - 1,
        capacity: RELAYS,
        networkMode: "bridge",
        status: "up",
        relayMemoryLimitBytes: 128 * 1024 * 1024,
        dockerConnection: { kind: "socket", socketPath: "/var/run/docker.sock" },
      })
      .returning();
    serverId = server.id;
    const t0 = performance.now();
    for (let i = 0; i < RELAYS; i++) {
      const at = new Date();
      const [rental] = await db
        .insert(rentals)
        .values({ userId: admin.id, planId: plan.id, regionId: region.id, status: "pending", startsAt: at, expiresAt: new Date(at.getTime() + 86_400_000), trafficQuotaBytes: 1e15, deviceLimit: 3 })
        .returning();
      const result = await allocateRental(db, rental.id);
      if (result.problem) throw new Error(`allocation failed: ${result.problem}`);
    }
    console.log(`traffic (real relays): ${RELAYS} relays allocated on the local engine in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const rows = await db.select().from(relays).where(eq(relays.serverId, server.id));
    const client = serverDockerClient(server);
    const derpFirst: number[] = [];
    const derpResumed: number[] = [];
    const dockerMs: number[] = [];
    const writeMs: number[] = [];
    for (const r of rows) {
      const target = { id: r.id, host: "127.0.0.1", port: r.derpPort, hostname: r.hostname, certName: r.certName, debugKey: openDebugKey(r.id, r.debugKeySealed!) };
      for (let i = 0; i < READS; i++) {
        let t = performance.now();
        await readDerpCounters(target);
        (i === 0 ? derpFirst : derpResumed).push(performance.now() - t);
        t = performance.now();
        await readDockerNetBytes(client, r.containerName);
        dockerMs.push(performance.now() - t);
      }
    }
    for (let i = 0; i < READS; i++) {
      for (const r of rows) {
        const [target] = await loadSampleTargets(db, { relayIds: [r.id] });
        const t = performance.now();
        await writeSamples(db, [{ target, reading: { ok: true, derp: (target.seen.lastDerpBytes ?? 0) + 1_000, docker: null, dockerError: null } }], new Date());
        writeMs.push(performance.now() - t);
      }
    }
    console.log(
      `  per reading (median of ${rows.length * READS}): derper /debug/vars ${median(derpResumed).toFixed(1)} ms with a resumed TLS session, ` +
        `${median(derpFirst).toFixed(1)} ms with a full handshake; Docker one-shot stats ${median(dockerMs).toFixed(1)} ms; ` +
        `one relay's database write (own transaction) ${median(writeMs).toFixed(1)} ms`,
    );
    const ids = rows.map((r) => r.id);
    for (const run of ["first", "second", "third"]) {
      const t = performance.now();
      const summary = await sampleTraffic(db, { onlyRelayIds: ids, enforce: false });
      console.log(`  ${run} cycle over ${rows.length} real relays: ${line(summary, performance.now() - t)}`);
    }
  } finally {
    if (serverId) await removeRelayContainersOf(docker, [serverId]);
    await bench.dispose();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
