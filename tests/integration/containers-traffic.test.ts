import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { mailOutbox, relays, relayTrafficHourly, relayTrafficSamples, rentals, type Relay, type Rental, type Server } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { allocateRental } from "@/lib/containers/allocate";
import { restartRelay } from "@/lib/containers/relay-lifecycle";
import { openDebugKey } from "@/lib/containers/relay-secrets";
import { readDerpCounters } from "@/lib/containers/traffic/derp-vars";
import { loadSampleTargets } from "@/lib/containers/traffic/read-relay";
import { sampleTraffic } from "@/lib/containers/traffic/sample-cycle";
import { writeSamples } from "@/lib/containers/traffic/write-samples";
import { resetEnvForTests } from "@/lib/env";
import { insertUser, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { buildDerpTrafficTool, dockerBridgeGateway, pushTraffic, startAllowAllAdmission } from "../helpers/derp-traffic";
import { dockerForTests } from "../helpers/docker";
import { makeServer, removeRelayContainersOf } from "../helpers/fleet";
import { relayImageForTests } from "../helpers/relay-image";

// Traffic accounting on the real relay image: a rental allocated on the local engine, real DERP clients
// (tests/tools/derp-traffic) pushing known payloads through it, and the sampler, lifecycle and quota code
// reading derper's /debug/vars and Docker's counters.
const docker = await dockerForTests();
const relayImage = docker && (await relayImageForTests(docker));

const MB = 1_000_000;

describe.skipIf(!relayImage)("traffic accounting (real Docker, real derper, real DERP clients)", () => {
  const engine = docker!;
  let db: Db;
  let customer: SessionUser;
  let server: Server;
  let rental: Rental;
  let relay: Relay;
  let tool: string;
  let admission: Awaited<ReturnType<typeof startAllowAllAdmission>>;
  const saved = { image: process.env.FLEET_RELAY_IMAGE, admission: process.env.RELAY_ADMISSION_BASE_URL };

  const used = async () => (await db.select().from(rentals).where(eq(rentals.id, rental.id)))[0].trafficUsedBytes;
  const relayRow = async () => (await db.select().from(relays).where(eq(relays.id, relay.id)))[0];
  const push = async (bytes: number) => {
    const r = await relayRow();
    const result = await pushTraffic(tool, { host: "127.0.0.1", port: r.derpPort, certName: r.certName! }, bytes);
    expect(result.receivedBytes).toBe(bytes);
    return result;
  };
  // Only this test's relays: other test files may run relays on the same engine and database.
  const cycle = () => sampleTraffic(db, { onlyRelayIds: [relay.id] });
  const mails = async (template: string) =>
    (await db.select().from(mailOutbox).where(and(eq(mailOutbox.to, customer.email), eq(mailOutbox.template, template)))).length;

  beforeAll(async () => {
    tool = buildDerpTrafficTool();
    admission = await startAllowAllAdmission();
    process.env.FLEET_RELAY_IMAGE = relayImage!;
    process.env.RELAY_ADMISSION_BASE_URL = `http://${await dockerBridgeGateway(engine)}:${admission.port}`;
    resetEnvForTests();
    db = (await testDb()).db;
    customer = await insertUser(db);
    const plan = await makePlan(db, await insertUser(db, { role: "admin" }));
    // Placement takes servers the health check found `up`; no health check runs here.
    server = await makeServer(db, { status: "up" });
    const at = new Date();
    [rental] = await db
      .insert(rentals)
      .values({
        userId: customer.id,
        planId: plan.id,
        regionId: server.regionId,
        status: "pending",
        startsAt: at,
        expiresAt: new Date(at.getTime() + 30 * 86_400_000),
        trafficQuotaBytes: 1_000 * MB,
        deviceLimit: 3,
      })
      .returning();
    const allocation = await allocateRental(db, rental.id);
    expect(allocation.problem).toBeNull();
    expect(allocation.rental.status).toBe("active");
    relay = allocation.relays[0];
    expect(relay.state).toBe("running");
  });

  afterAll(async () => {
    await removeRelayContainersOf(engine, server ? [server.id] : []);
    await admission?.close();
    process.env.FLEET_RELAY_IMAGE = saved.image;
    process.env.RELAY_ADMISSION_BASE_URL = saved.admission;
    if (saved.image === undefined) delete process.env.FLEET_RELAY_IMAGE;
    if (saved.admission === undefined) delete process.env.RELAY_ADMISSION_BASE_URL;
    resetEnvForTests();
  });

  it("reads derper's counters with the debug key and the pinned certificate", async () => {
    const r = await relayRow();
    const target = { id: r.id, host: "127.0.0.1", port: r.derpPort, hostname: r.hostname, certName: r.certName, debugKey: openDebugKey(r.id, r.debugKeySealed!) };
    const counters = await readDerpCounters(target);
    expect(counters.total).toBe(counters.bytesReceived + counters.bytesSent);
    // The second read resumes the TLS session and still works.
    expect((await readDerpCounters(target)).total).toBe(counters.total);
    await expect(readDerpCounters({ ...target, debugKey: "wrong" })).rejects.toThrow(/HTTP 403/);
    await expect(readDerpCounters({ ...target, id: `${r.id}-other`, certName: `sha256-raw:${"0".repeat(64)}` })).rejects.toThrow(/another certificate/);
  });

  it("adds exactly the relayed payload (in and out) to the rental, in samples and hourly rollups", async () => {
    await cycle();
    const before = await used();
    const pushed = await push(3 * MB);
    const summary = await cycle();
    expect(summary).toMatchObject({ relays: 1, sampled: 1, failed: 0 });
    // derper counts each payload byte once coming in from A and once going out to B.
    expect((await used()) - before).toBe(2 * pushed.sentBytes);
    const [sample] = await db.select().from(relayTrafficSamples).where(eq(relayTrafficSamples.relayId, relay.id)).orderBy(sql`${relayTrafficSamples.id} desc`).limit(1);
    expect(sample.derpBytes).toBe(2 * pushed.sentBytes);
    // Docker sees the same packets plus DERP framing, TLS and TCP: more, but not wildly more.
    expect(sample.dockerBytes!).toBeGreaterThan(2 * pushed.sentBytes);
    expect(sample.dockerBytes!).toBeLessThan(2 * pushed.sentBytes * 1.25);
    console.log(`docker overhead: ${((sample.dockerBytes! - sample.derpBytes) / (2 * pushed.packets)).toFixed(1)} bytes per relayed packet copy (${pushed.packetSize}-byte payloads)`);
    const [totals] = await db
      .select({ samples: sql<string>`sum(${relayTrafficSamples.derpBytes})` })
      .from(relayTrafficSamples)
      .where(eq(relayTrafficSamples.relayId, relay.id));
    const [hourly] = await db.select({ sum: sql<string>`sum(${relayTrafficHourly.derpBytes})` }).from(relayTrafficHourly).where(eq(relayTrafficHourly.relayId, relay.id));
    expect(Number(hourly.sum)).toBe(Number(totals.samples));
    expect(Number(totals.samples)).toBe(await used());
  });

  it("counts nothing twice and loses nothing across a restart", async () => {
    await cycle();
    const before = await used();
    const first = await push(1 * MB);
    // No cycle between the push and the restart: the final reading inside restartRelay must count it.
    relay = await restartRelay(db, relay.id, { reason: "restart" });
    expect(relay.state).toBe("running");
    expect(relay.lastDerpBytes).toBeNull();
    const second = await push(2 * MB);
    await cycle();
    await cycle();
    expect((await used()) - before).toBe(2 * (first.sentBytes + second.sentBytes));
  });

  it("counts a counter that went down (derper restarted behind our back) from zero", async () => {
    await cycle();
    const before = await used();
    const r = await relayRow();
    await engine.getContainer(r.containerName).restart({ t: 2 });
    await waitForCounters(r);
    const pushed = await push(1 * MB);
    const summary = await cycle();
    expect(summary.sampled).toBe(1);
    const [sample] = await db.select().from(relayTrafficSamples).where(eq(relayTrafficSamples.relayId, relay.id)).orderBy(sql`${relayTrafficSamples.id} desc`).limit(1);
    expect(sample.counterReset).toBe(true);
    expect((await used()) - before).toBe(2 * pushed.sentBytes);
  });

  it("drops a reading taken while someone else wrote a sample, instead of counting it twice", async () => {
    const [target] = await loadSampleTargets(db, { relayIds: [relay.id] });
    await cycle(); // moves the baseline after the target was loaded
    const before = await used();
    const stale = await writeSamples(db, [{ target, reading: { ok: true, derp: 10 * MB, docker: null, dockerError: null } }], new Date());
    expect(stale).toMatchObject({ written: 0, raced: 1 });
    expect(await used()).toBe(before);
  });

  it("warns once at 80 % however many cycles see it", async () => {
    await cycle();
    const now = await used();
    // 85 % used.
    await db.update(rentals).set({ trafficQuotaBytes: Math.ceil(now / 0.85) }).where(eq(rentals.id, rental.id));
    await cycle();
    await cycle();
    await cycle();
    expect(await mails("traffic-quota-warning")).toBe(1);
    const [row] = await db.select().from(rentals).where(eq(rentals.id, rental.id));
    expect(row.quotaWarnedFor).toBe(row.trafficQuotaBytes);
    expect(row.status).toBe("active");
  });

  it("stops the relay within one cycle once the quota is used up, and mails the customer", async () => {
    await cycle();
    await db.update(rentals).set({ trafficQuotaBytes: (await used()) + 1 * MB }).where(eq(rentals.id, rental.id));
    await push(1 * MB);
    const summary = await cycle();
    expect(summary.quota).toMatchObject({ overQuota: 1 });
    expect(summary.stopped).toMatchObject({ stopped: 1, errors: 0 });
    const [row] = await db.select().from(rentals).where(eq(rentals.id, rental.id));
    expect(row.status).toBe("over_quota");
    expect((await relayRow()).state).toBe("stopped");
    const info = await engine.getContainer(relay.containerName).inspect();
    expect(info.State.Running).toBe(false);
    expect(await mails("traffic-quota-exceeded")).toBe(1);
    // A used-up quota does not also send the 80 % warning for the new quota.
    expect(await mails("traffic-quota-warning")).toBe(1);
  });
});

async function waitForCounters(r: Relay): Promise<void> {
  const target = { id: `${r.id}-wait`, host: "127.0.0.1", port: r.derpPort, hostname: r.hostname, certName: r.certName, debugKey: openDebugKey(r.id, r.debugKeySealed!) };
  for (let i = 0; i < 100; i++) {
    try {
      await readDerpCounters(target, 1_000);
      return;
    } catch (error) {
      if (i === 99) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
