import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { probeSamples, relays, serverLoadSamples, servers, systemLog, type Relay, type Server } from "@/db/schema";
import { testClock } from "@/lib/clock";
import { createRelayCertificate, certNameFromPem } from "@/lib/fleet/relay-cert";
import { findCanary } from "@/lib/fleet/relays/canary";
import { relayVolumeName } from "@/lib/fleet/relays/relay-container";
import { sealRelayKey } from "@/lib/fleet/relays/relay-secrets";
import { runFleetHealth, type HealthOptions } from "@/lib/fleet/monitor/health";
import { runLatencyCycle } from "@/lib/fleet/monitor/latency";
import { GET as healthCheckRoute } from "@/app/api/server/health_check/route";
import { authHeaders, call, createUser, jsonRequest } from "../helpers/auth";
import { testDb } from "../helpers/db";
import { dockerForTests } from "../helpers/docker";
import { fileFromTar, makeServer, removeRelayContainersOf } from "../helpers/fleet";
import { relayImageForTests } from "../helpers/relay-image";

// The health and latency jobs against the real local engine and the real derper image: the canary is created,
// probed with its pin, stopped by hand (degraded, then repaired), and hosts that refuse or hang are down.
const docker = await dockerForTests();
const relayImage = docker && (await relayImageForTests(docker));

describe.skipIf(!relayImage)("fleet health and latency (real Docker, real derper)", () => {
  const engine = docker!;
  let db: Db;
  let server: Server;
  const serverIds: string[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), "fleet-health-"));
  const options = (): HealthOptions => ({ serverIds: [server.id], image: relayImage!, repairAfterMs: 60_000 });
  const reload = async () => (await db.select().from(servers).where(eq(servers.id, server.id)))[0];

  beforeAll(async () => {
    db = (await testDb()).db;
    server = await makeServer(db);
    serverIds.push(server.id);
  });

  afterAll(async () => {
    testClock.reset();
    await removeRelayContainersOf(engine, serverIds);
    rmSync(tmp, { recursive: true, force: true });
  });

  it("creates the canary on the first check and reports the server up", async () => {
    const [result] = await runFleetHealth(db, options());
    expect(result).toMatchObject({ serverId: server.id, status: "up", error: null, changed: true, canary: "created" });

    const canary = (await findCanary(db, server.id))!;
    expect(canary).toMatchObject({ kind: "canary", state: "running", hostname: "127.0.0.1", derpPort: server.derpPortMin, stunPort: server.stunPortMin });
    expect(canary.certName).toMatch(/^sha256-raw:[0-9a-f]{64}$/);

    const info = await engine.getContainer(canary.containerName).inspect();
    expect(info.Id).toBe(canary.containerId);
    expect(info.State.Running).toBe(true);
    expect(info.Config.Image).toBe(relayImage);
    expect(info.Config.Labels).toMatchObject({
      "derpmanagement.managed": "true",
      "derpmanagement.relay-id": canary.id,
      "derpmanagement.kind": "canary",
      "derpmanagement.server-id": server.id,
    });
    expect(info.HostConfig.RestartPolicy?.Name).toBe("unless-stopped");
    expect(info.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(info.HostConfig.NanoCpus).toBe(500_000_000);
    expect(info.NetworkSettings.Ports[`${canary.derpPort}/tcp`]).toEqual([{ HostIp: "127.0.0.1", HostPort: String(canary.derpPort) }]);
    expect(info.NetworkSettings.Ports[`${canary.stunPort}/udp`]).toEqual([{ HostIp: "127.0.0.1", HostPort: String(canary.stunPort) }]);
    expect(info.Mounts).toEqual([expect.objectContaining({ Type: "volume", Name: relayVolumeName(canary.id), Destination: "/var/lib/derper" })]);
    const env = info.Config.Env ?? [];
    expect(env).toEqual(
      expect.arrayContaining([
        "DERP_DOMAIN=127.0.0.1",
        `DERP_ADDR=:${canary.derpPort}`,
        "DERP_CERT_MODE=manual",
        "DERP_CERT_DIR=/app/certs",
        `DERP_STUN_PORT=${canary.stunPort}`,
        "DERP_HTTP_PORT=-1",
        "DERP_VERIFY_CLIENT_URL_FAIL_OPEN=false",
      ]),
    );
    expect(env.find((e) => e.startsWith("DERP_VERIFY_CLIENT_URL="))).toMatch(/^DERP_VERIFY_CLIENT_URL=http:\/\/localhost:3000\/api\/derp\/admission\/canary_[A-Za-z0-9_-]{43}$/);

    // The certificate in the container is the stored one, leaf only.
    const archive = await engine.getContainer(canary.containerName).getArchive({ path: "/app/certs/127.0.0.1.crt" });
    const chunks: Buffer[] = [];
    for await (const chunk of archive) chunks.push(chunk as Buffer);
    const served = fileFromTar(Buffer.concat(chunks));
    expect(served).toBe(canary.certPem);
    expect(certNameFromPem(served)).toBe(canary.certName);

    const row = await reload();
    expect(row).toMatchObject({ status: "up", lastError: null });
    expect(row.statusChangedAt).not.toBeNull();
    expect(row.hostInfo?.cpus).toBeGreaterThan(0);
    const [load] = await db.select().from(serverLoadSamples).where(eq(serverLoadSamples.serverId, server.id)).orderBy(desc(serverLoadSamples.at));
    expect(load).toMatchObject({ status: "up", relaysRunning: 0, capacity: 5 });
    expect(load.hostCpus).toBeGreaterThan(0);
    expect(load.hostMemoryBytes).toBeGreaterThan(0);
    expect(load.relayMemoryBytes).toBeGreaterThan(0);
    expect(load.relayCpuPercent).toBeGreaterThanOrEqual(0);
    const logged = await db.select().from(systemLog).where(and(eq(systemLog.source, "fleet"), eq(systemLog.message, `server ${server.name} is up (was unknown)`)));
    expect(logged).toHaveLength(1);
  });

  it("keeps the status and its change time on a check that finds nothing new", async () => {
    const before = await reload();
    const [result] = await runFleetHealth(db, options());
    expect(result).toMatchObject({ status: "up", changed: false, canary: "none" });
    const after = await reload();
    expect(after.statusChangedAt).toEqual(before.statusChangedAt);
    expect(after.lastCheckedAt!.getTime()).toBeGreaterThan(before.lastCheckedAt!.getTime());
  });

  it("stores HTTPS (pin checked) and STUN samples with round trips", async () => {
    const summary = await runLatencyCycle(db, { serverIds: [server.id] });
    expect(summary).toEqual({ relays: 1, samples: 2, failed: 0 });
    const samples = await db.select().from(probeSamples).where(eq(probeSamples.serverId, server.id));
    const canary = (await findCanary(db, server.id))!;
    expect(samples.map((s) => s.kind).sort()).toEqual(["https", "stun"]);
    for (const s of samples) {
      expect(s).toMatchObject({ relayId: canary.id, ok: true, error: null });
      expect(s.rttMs).toBeGreaterThan(0);
    }
    expect(canary.lastProbeOk).toBe(true);
    expect(canary.lastProbeAt).not.toBeNull();
  });

  it("reports a relay serving another certificate than its CertName as failed", async () => {
    // A second server row on the same engine with a relay row that points at the canary's ports but pins a
    // certificate the canary does not serve.
    const other = await makeServer(db, { enabled: false });
    serverIds.push(other.id);
    const canary = (await findCanary(db, server.id))!;
    const foreign = await createRelayCertificate("127.0.0.1");
    const id = crypto.randomUUID();
    await db.insert(relays).values({
      id,
      serverId: other.id,
      kind: "customer",
      containerName: `derpm-test-${id}`,
      derpPort: canary.derpPort,
      stunPort: canary.stunPort,
      hostname: "127.0.0.1",
      certPem: foreign.certPem,
      certKeySealed: sealRelayKey(id, foreign.keyPem),
      certName: foreign.certName,
      state: "running",
    });
    await runLatencyCycle(db, { serverIds: [other.id] });
    const [https] = await db.select().from(probeSamples).where(and(eq(probeSamples.relayId, id), eq(probeSamples.kind, "https")));
    expect(https.ok).toBe(false);
    expect(https.rttMs).toBeNull();
    expect(https.error).toBe(`the relay presented another certificate (${canary.certName}) than its CertName pins (${foreign.certName})`);
    const [row] = await db.select().from(relays).where(eq(relays.id, id));
    expect(row.lastProbeOk).toBe(false);
    await db.delete(probeSamples).where(eq(probeSamples.relayId, id));
    await db.delete(relays).where(eq(relays.id, id));
  });

  it("keeps the cycle's other samples when a relay is removed while it is being probed", async () => {
    // A relay that accepts TCP and never answers keeps the cycle busy while its row is deleted.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const other = await makeServer(db, { enabled: false });
    serverIds.push(other.id);
    const canary = (await findCanary(db, server.id))!;
    const cert = await createRelayCertificate("127.0.0.1");
    const id = crypto.randomUUID();
    await db.insert(relays).values({
      id,
      serverId: other.id,
      kind: "customer",
      containerName: `derpm-test-${id}`,
      derpPort: (silent.address() as net.AddressInfo).port,
      stunPort: canary.stunPort,
      hostname: "127.0.0.1",
      certPem: cert.certPem,
      certKeySealed: sealRelayKey(id, cert.keyPem),
      certName: cert.certName,
      state: "running",
    });
    const canarySamples = () => db.$count(probeSamples, eq(probeSamples.relayId, canary.id));
    const before = await canarySamples();
    try {
      const cycle = runLatencyCycle(db, { serverIds: [server.id, other.id], httpsTimeoutMs: 1500 });
      await new Promise((r) => setTimeout(r, 300));
      await db.delete(relays).where(eq(relays.id, id));
      const summary = await cycle;
      expect(summary.relays).toBe(2);
      expect(await db.$count(probeSamples, eq(probeSamples.serverId, other.id))).toBe(0);
      // The canary's HTTPS and STUN samples of this cycle are stored.
      expect(await canarySamples()).toBe(before + 2);
    } finally {
      silent.close();
    }
  });

  it("shows a canary stopped by hand as degraded, and repairs it only after the repair delay", async () => {
    const canary = (await findCanary(db, server.id))!;
    await engine.getContainer(canary.containerName).stop({ t: 1 });

    const [first] = await runFleetHealth(db, options());
    expect(first).toMatchObject({ status: "degraded", changed: true, canary: "recorded" });
    expect(first.error).toMatch(/^the canary container is exited/);
    expect((await engine.getContainer(canary.containerName).inspect()).State.Running).toBe(false);
    expect(await findCanary(db, server.id)).toMatchObject({ state: "stopped" });
    expect(await reload()).toMatchObject({ status: "degraded", lastError: first.error });

    // Within the delay: still degraded, still stopped.
    testClock.advance(30_000);
    const [second] = await runFleetHealth(db, options());
    expect(second).toMatchObject({ status: "degraded", changed: false, canary: "none" });
    expect(second.error).toMatch(/repair in \d+ s$/);
    expect((await engine.getContainer(canary.containerName).inspect()).State.Running).toBe(false);

    // Past it: started again, same container, same certificate.
    testClock.advance(31_000);
    const [third] = await runFleetHealth(db, options());
    expect(third).toMatchObject({ status: "up", changed: true, canary: "started", error: null });
    expect((await engine.getContainer(canary.containerName).inspect()).State.Running).toBe(true);
    expect(await findCanary(db, server.id)).toMatchObject({ id: canary.id, state: "running", certName: canary.certName, containerId: canary.containerId });
    testClock.reset();
  });

  it("creates a removed canary container again after the delay, keeping its key volume", async () => {
    const canary = (await findCanary(db, server.id))!;
    const key = async () => {
      const out = await engine.getContainer(canary.containerName).getArchive({ path: "/var/lib/derper/derper.key" });
      const chunks: Buffer[] = [];
      for await (const chunk of out) chunks.push(chunk as Buffer);
      return fileFromTar(Buffer.concat(chunks));
    };
    const keyBefore = await key();
    await engine.getContainer(canary.containerName).remove({ force: true });

    const [first] = await runFleetHealth(db, options());
    expect(first).toMatchObject({ status: "degraded", canary: "recorded", error: "the canary container is missing" });
    testClock.advance(61_000);
    const [second] = await runFleetHealth(db, options());
    expect(second).toMatchObject({ status: "up", canary: "recreated" });
    const repaired = (await findCanary(db, server.id))!;
    expect(repaired.containerId).not.toBe(canary.containerId);
    expect(await key()).toBe(keyBefore);
    testClock.reset();
  });

  it("marks a server down at once when its socket refuses, within one cycle", async () => {
    const socketPath = path.join(tmp, "refusing.sock");
    // A socket file nobody listens on: bound, never listening, the binding process gone.
    execFileSync("python3", ["-c", `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(socketPath)})`]);
    const dead = await makeServer(db, { dockerConnection: { kind: "socket", socketPath } });
    serverIds.push(dead.id);
    const [result] = await runFleetHealth(db, { serverIds: [dead.id], image: relayImage! });
    expect(result).toMatchObject({ status: "down", changed: true, canary: "none" });
    expect(result.error).toBe(`unix://${socketPath} refused the connection (nothing listens there)`);
    const [row] = await db.select().from(servers).where(eq(servers.id, dead.id));
    expect(row).toMatchObject({ status: "down", lastError: result.error });
    expect(await findCanary(db, dead.id)).toBeNull();
    const [load] = await db.select().from(serverLoadSamples).where(eq(serverLoadSamples.serverId, dead.id));
    expect(load).toMatchObject({ status: "down", relaysRunning: 0, hostCpus: null, relayCpuPercent: null });
  });

  it("marks a hung host down at the Docker deadline; the run returns instead of stalling", async () => {
    const socketPath = path.join(tmp, "hung.sock");
    const held: net.Socket[] = [];
    // Accepts connections and never answers.
    const hung = net.createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => hung.listen(socketPath, resolve));
    try {
      const stuck = await makeServer(db, { dockerConnection: { kind: "socket", socketPath } });
      serverIds.push(stuck.id);
      const results = await runFleetHealth(db, { serverIds: [stuck.id, server.id], image: relayImage!, dockerTimeoutMs: 1_000 });
      const byId = new Map(results.map((r) => [r.serverId, r]));
      expect(byId.get(stuck.id)).toMatchObject({ status: "down" });
      expect(byId.get(stuck.id)!.error).toBe(`docker info on unix://${socketPath} did not answer within 1000 ms`);
      // The other server in the same run is unaffected.
      expect(byId.get(server.id)).toMatchObject({ status: "up" });
    } finally {
      for (const s of held) s.destroy();
      hung.close();
    }
  });

  it("GET /api/server/health_check checks every server now (admins only)", async () => {
    const admin = await createUser(db, { role: "admin" });
    const customer = await createUser(db);
    const ok = await call(healthCheckRoute, jsonRequest("/api/server/health_check", { headers: await authHeaders(admin) }));
    expect(ok.status).toBe(200);
    expect(ok.body.nextCursor).toBeNull();
    const mine = ok.body.items.find((i: { serverId: string }) => i.serverId === server.id);
    expect(mine).toEqual({ serverId: server.id, name: server.name, status: "up", error: null, checkedAt: expect.stringMatching(/Z$/) });

    const refused = await call(healthCheckRoute, jsonRequest("/api/server/health_check", { headers: await authHeaders(customer) }));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    const anonymous = await call(healthCheckRoute, jsonRequest("/api/server/health_check"));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");
  });

  it("replaces the canary's certificate before it ends", async () => {
    const canary = (await findCanary(db, server.id))!;
    // 340 days on: inside the 30-day renewal window of a 365-day certificate.
    testClock.advance(340 * 86_400_000);
    const [result] = await runFleetHealth(db, options());
    expect(result).toMatchObject({ status: "up", canary: "renewed" });
    const renewed = (await findCanary(db, server.id))!;
    expect(renewed.certName).not.toBe(canary.certName);
    expect(renewed.certExpiresAt!.getTime()).toBeGreaterThan(canary.certExpiresAt!.getTime());
    // From here on the canary's certificate starts in the future: only its removal is tested after this.
    testClock.reset();
  });

  it("removes the canary, its container and its key volume when the server is disabled", async () => {
    const canary = (await findCanary(db, server.id)) as Relay;
    await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
    const [result] = await runFleetHealth(db, options());
    expect(result).toMatchObject({ status: "up", canary: "removed" });
    expect(await findCanary(db, server.id)).toBeNull();
    const [row] = await db.select().from(relays).where(eq(relays.id, canary.id));
    expect(row).toMatchObject({ state: "released", containerId: null });
    await expect(engine.getContainer(canary.containerName).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await expect(engine.getVolume(relayVolumeName(canary.id)).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
