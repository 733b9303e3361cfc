import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { and, desc, eq, ne } from "drizzle-orm";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { mailOutbox, relays, rentals, servers, systemLog, type Relay, type Rental, type Server } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { testClock } from "@/lib/clock";
import { allocateRental } from "@/lib/containers/allocate";
import { moveRelay } from "@/lib/containers/move-relay";
import { reconcileAll, reconcileServer } from "@/lib/containers/reconcile";
import { AppError } from "@/lib/errors";
import { relayVolumeName } from "@/lib/fleet/relays/relay-container";
import { waitUntilAnswering } from "@/lib/fleet/relays/relay-ready";
import { insertUser, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { demuxDockerLogs, dockerForTests } from "../helpers/docker";
import { startDockerSocketProxy, type DockerSocketProxy } from "../helpers/docker-socket-proxy";
import { makeServer, removeRelayContainersOf } from "../helpers/fleet";
import { makeRegion } from "../helpers/regions";
import { relayImageForTests } from "../helpers/relay-image";

// Reconciliation, moves and HA recovery against the real local engine and the real derper image. Each case
// has servers of its own and reconciles only those: other test files use the same engine and database.
const docker = await dockerForTests();
const relayImage = docker && (await relayImageForTests(docker));

const READY_MS = 30_000;

describe.skipIf(!relayImage)("container reconciliation (real Docker, real derper)", () => {
  const engine = docker!;
  let db: Db;
  let admin: SessionUser;
  let customer: SessionUser;
  let planId: string;
  const serverIds: string[] = [];
  const proxies: DockerSocketProxy[] = [];

  beforeAll(async () => {
    db = (await testDb()).db;
    admin = await insertUser(db, { role: "admin" });
    customer = await insertUser(db);
    planId = (await makePlan(db, admin)).id;
  });

  afterAll(async () => {
    await removeRelayContainersOf(engine, serverIds);
    for (const proxy of proxies) await proxy.close();
  });

  async function server(overrides: Partial<Server> = {}): Promise<Server> {
    const s = await makeServer(db, { status: "up", ...overrides });
    serverIds.push(s.id);
    return s;
  }

  async function rentalIn(regionId: string, overrides: Partial<Rental> = {}): Promise<Rental> {
    const at = new Date();
    const [rental] = await db
      .insert(rentals)
      .values({
        userId: customer.id,
        planId,
        regionId,
        status: "pending",
        startsAt: at,
        expiresAt: new Date(at.getTime() + 30 * 86_400_000),
        trafficQuotaBytes: 10_000_000_000,
        deviceLimit: 3,
        ...overrides,
      })
      .returning();
    return rental;
  }

  async function allocated(regionId: string, overrides: Partial<Rental> = {}): Promise<Relay[]> {
    const rental = await rentalIn(regionId, overrides);
    const result = await allocateRental(db, rental.id, { readyTimeoutMs: READY_MS });
    expect(result.problem).toBeNull();
    expect(result.rental.status).toBe("active");
    return result.relays;
  }

  const row = async (id: string) => (await db.select().from(relays).where(eq(relays.id, id)))[0];
  const inspect = (name: string) => engine.getContainer(name).inspect().catch((e: { statusCode?: number }) => (e.statusCode === 404 ? null : Promise.reject(e)));
  const volumeExists = (name: string) => engine.getVolume(name).inspect().then(() => true, (e: { statusCode?: number }) => (e.statusCode === 404 ? false : Promise.reject(e)));
  const answers = async (s: Server, r: Relay) => (await waitUntilAnswering(s, r, READY_MS)).ok;

  it("recreates a container deleted by hand, with the same ports and key volume, and it answers", async () => {
    const s = await server();
    const [relay] = await allocated(s.regionId);
    await engine.getContainer(relay.containerName).remove({ force: true });

    const result = await reconcileServer(db, s, { readyTimeoutMs: READY_MS });
    expect(result).toMatchObject({ reachable: true, actions: [{ kind: "recreated", relayId: relay.id, container: relay.containerName, reason: "its container is missing" }] });
    expect(result.error).toBeUndefined();
    const after = await row(relay.id);
    expect(after).toMatchObject({ state: "running", derpPort: relay.derpPort, stunPort: relay.stunPort, certName: relay.certName });
    expect(after.containerId).not.toBe(relay.containerId);
    expect((await inspect(relay.containerName))?.State.Running).toBe(true);
    expect(await volumeExists(relayVolumeName(relay.id))).toBe(true);
    expect(await answers(s, after)).toBe(true);

    // A second pass finds nothing to do.
    expect((await reconcileServer(db, s, { readyTimeoutMs: READY_MS })).actions).toEqual([]);
  });

  it("renews an IP relay's certificate before it ends: same ports, a new CertName served, the customer told", async () => {
    const s = await server();
    const [relay] = await allocated(s.regionId);
    // 340 days on: inside the 30-day renewal window of a 365-day certificate.
    testClock.advance(340 * 86_400_000);
    try {
      const result = await reconcileServer(db, s, { readyTimeoutMs: READY_MS });
      expect(result.actions).toEqual([expect.objectContaining({ kind: "recreated", relayId: relay.id, reason: "its certificate is close to its end" })]);
      const after = await row(relay.id);
      expect(after).toMatchObject({ state: "running", derpPort: relay.derpPort, stunPort: relay.stunPort });
      expect(after.certName).not.toBe(relay.certName);
      expect(after.certExpiresAt!.getTime()).toBeGreaterThan(relay.certExpiresAt!.getTime());
      // The relay serves the new certificate: a probe pinned to it answers.
      expect(await answers(s, after)).toBe(true);
      const [mail] = await db.select().from(mailOutbox).where(and(eq(mailOutbox.to, customer.email), eq(mailOutbox.template, "relay-moved"))).orderBy(desc(mailOutbox.id)).limit(1);
      expect(mail.text).toContain("new certificate");
      expect((await reconcileServer(db, s, { readyTimeoutMs: READY_MS })).actions).toEqual([]);
    } finally {
      testClock.reset();
    }
  });

  it("starts a stopped container of a running relay, and recreates one whose configuration drifted", async () => {
    const s = await server();
    const [relay] = await allocated(s.regionId);
    await engine.getContainer(relay.containerName).stop({ t: 1 });

    const started = await reconcileServer(db, s, { readyTimeoutMs: READY_MS });
    expect(started.actions).toEqual([expect.objectContaining({ kind: "started", relayId: relay.id })]);
    expect((await inspect(relay.containerName))?.State.Running).toBe(true);
    expect(await answers(s, relay)).toBe(true);
    const before = await inspect(relay.containerName);
    expect(before?.Config.Env).not.toEqual(expect.arrayContaining([expect.stringMatching(/^DERP_RATE_CONFIG=/)]));

    // The plan's bandwidth changes: the running container no longer matches what the row makes now.
    await db.update(rentals).set({ bandwidthLimitBytesPerSec: 2_000_000 }).where(eq(rentals.id, relay.rentalId!));
    const drifted = await reconcileServer(db, s, { readyTimeoutMs: READY_MS });
    expect(drifted.actions).toEqual([{ kind: "recreated", relayId: relay.id, container: relay.containerName, reason: "its configuration changed" }]);
    const info = await inspect(relay.containerName);
    expect(info?.Id).not.toBe(before?.Id);
    expect(info?.Config.Env).toEqual(expect.arrayContaining(["DERP_RATE_CONFIG=/app/config/rate.json"]));
    const after = await row(relay.id);
    expect(after).toMatchObject({ state: "running", containerId: info?.Id, derpPort: relay.derpPort });
    expect(info?.Config.Labels?.["derpmanagement.config-hash"]).toBe(after.configHash);
    expect(after.configHash).not.toBe(relay.configHash);
    expect(await answers(s, after)).toBe(true);
    const logged = await db.select().from(systemLog).where(and(eq(systemLog.source, "containers"), eq(systemLog.message, `reconciliation on ${s.name}: recreated ${relay.containerName} (its configuration changed)`)));
    expect(logged).toHaveLength(1);
  });

  it("removes a labelled stray and its volume, and leaves containers of other kinds alone", async () => {
    const s = await server();
    const stray = randomUUID();
    const other = randomUUID();
    const labels = (id: string, kind: string) => ({ "derpmanagement.managed": "true", "derpmanagement.relay-id": id, "derpmanagement.kind": kind, "derpmanagement.server-id": s.id });
    await engine.createVolume({ Name: relayVolumeName(stray), Labels: labels(stray, "customer") });
    await engine.createContainer({ name: `derpm-relay-${stray}`, Image: relayImage!, Labels: labels(stray, "customer") });
    await engine.createContainer({ name: `derpm-relay-${other}`, Image: relayImage!, Labels: labels(other, "canary") });

    const result = await reconcileServer(db, s);
    expect(result.actions).toEqual([{ kind: "removed", relayId: null, container: `derpm-relay-${stray}`, reason: "no relay has this id" }]);
    expect(await inspect(`derpm-relay-${stray}`)).toBeNull();
    expect(await volumeExists(relayVolumeName(stray))).toBe(false);
    expect(await inspect(`derpm-relay-${other}`)).not.toBeNull();
  });

  it("stops the container of a relay whose rental is over quota", async () => {
    const s = await server();
    const [relay] = await allocated(s.regionId);
    await db.update(rentals).set({ status: "over_quota" }).where(eq(rentals.id, relay.rentalId!));
    const result = await reconcileServer(db, s);
    expect(result.actions).toEqual([expect.objectContaining({ kind: "stopped", relayId: relay.id, reason: "its rental is over_quota" })]);
    expect((await inspect(relay.containerName))?.State.Running).toBe(false);
    expect(await row(relay.id)).toMatchObject({ state: "stopped" });
  });

  it("changes nothing on a server that does not answer", async () => {
    const proxy = await startDockerSocketProxy();
    proxies.push(proxy);
    const s = await server({ dockerConnection: { kind: "socket", socketPath: proxy.path } });
    const [relay] = await allocated(s.regionId);
    // Something to put right, if the server answered: its container is gone.
    await engine.getContainer(relay.containerName).remove({ force: true });
    const before = await row(relay.id);
    proxy.die();

    const result = await reconcileServer(db, s, { readyTimeoutMs: READY_MS });
    expect(result).toMatchObject({ serverId: s.id, reachable: false, actions: [] });
    expect(result.error).toBeTruthy();
    expect(await row(relay.id)).toEqual(before);
    expect(await inspect(relay.containerName)).toBeNull();
    const [warned] = await db.select().from(systemLog).where(eq(systemLog.message, `reconciliation: server ${s.name} did not answer; nothing changed there`));
    expect(warned).toMatchObject({ level: "warn", source: "containers" });

    // Back again: now it is put right.
    proxy.revive();
    const again = await reconcileServer(db, s, { readyTimeoutMs: READY_MS });
    expect(again.actions).toEqual([expect.objectContaining({ kind: "recreated", relayId: relay.id })]);
  });

  it("a host lost mid-allocation leaves the rental pending, and the next reconciliation removes the orphan", async () => {
    const proxy = await startDockerSocketProxy();
    proxies.push(proxy);
    const s = await server({ dockerConnection: { kind: "socket", socketPath: proxy.path } });
    const rental = await rentalIn(s.regionId);
    proxy.dieOnStart();

    const result = await allocateRental(db, rental.id, { readyTimeoutMs: 5_000 });
    expect(result.rental.status).toBe("pending");
    expect(result.problem).toBe("no_server_available");
    const [lost] = await db.select().from(relays).where(eq(relays.rentalId, rental.id));
    expect(lost.state).toBe("released");
    // The container was made before the host went away: an orphan with a released row.
    expect(await inspect(lost.containerName)).not.toBeNull();

    proxy.revive();
    const reconciled = await reconcileServer(db, s);
    expect(reconciled.actions).toEqual([{ kind: "removed", relayId: lost.id, container: lost.containerName, reason: "the relay is released" }]);
    expect(await engine.listContainers({ all: true, filters: { label: [`derpmanagement.server-id=${s.id}`] } })).toEqual([]);
    expect(await volumeExists(relayVolumeName(lost.id))).toBe(false);
    expect((await db.select().from(rentals).where(eq(rentals.id, rental.id)))[0]).toMatchObject({ status: "pending", allocationProblem: "no_server_available" });
  });

  it("releases a row left in creating by a dead run, so its slot frees", async () => {
    const s = await server();
    const rental = await rentalIn(s.regionId);
    const { reserveNode } = await import("@/lib/containers/placement");
    const reservation = await reserveNode(db, s, rental, 0);
    if (!reservation.ok) throw new Error(reservation.why);
    // Young: an allocation at work, hands off.
    expect((await reconcileServer(db, s)).actions).toEqual([]);
    await db.update(relays).set({ stateChangedAt: new Date(Date.now() - 11 * 60_000) }).where(eq(relays.id, reservation.relay.id));
    const result = await reconcileServer(db, s);
    expect(result.actions).toEqual([expect.objectContaining({ kind: "removed", relayId: reservation.relay.id, reason: "its creation was abandoned" })]);
    expect(await row(reservation.relay.id)).toMatchObject({ state: "released" });
  });

  it("moves a relay to another server of its region: new ports, old container gone, the customer mailed", async () => {
    const region = await makeRegion(db, admin);
    const a = await server({ regionId: region.id, name: `a-${randomUUID()}` });
    const b = await server({ regionId: region.id, name: `b-${randomUUID()}` });
    const disabled = await server({ regionId: region.id, enabled: false });
    const [relay] = await allocated(region.id);
    const [from, to] = relay.serverId === a.id ? [a, b] : [b, a];

    await expect(moveRelay(db, relay.id, { targetServerId: from.id })).rejects.toMatchObject({ status: 409, code: "move_target_same_server" });
    await expect(moveRelay(db, relay.id, { targetServerId: disabled.id })).rejects.toMatchObject({ status: 409, code: "move_target_ineligible" });
    expect(await row(relay.id)).toMatchObject({ state: "running" });

    const moved = await moveRelay(db, relay.id, { targetServerId: to.id, actorId: admin.id });
    expect(moved).toMatchObject({ serverId: to.id, rentalId: relay.rentalId, node: 0, state: "running" });
    expect(moved.derpPort).toBeGreaterThanOrEqual(to.derpPortMin);
    expect(moved.derpPort).toBeLessThanOrEqual(to.derpPortMax);
    expect(moved.stunPort).toBeGreaterThanOrEqual(to.stunPortMin);
    expect(await answers(to, moved)).toBe(true);
    expect(await row(relay.id)).toMatchObject({ state: "released", stateReason: `moved to ${to.name}` });
    expect(await inspect(relay.containerName)).toBeNull();
    expect(await volumeExists(relayVolumeName(relay.id))).toBe(false);
    const live = await db.select().from(relays).where(and(eq(relays.rentalId, relay.rentalId!), ne(relays.state, "released")));
    expect(live.map((r) => r.id)).toEqual([moved.id]);
    const [mail] = await db.select().from(mailOutbox).where(and(eq(mailOutbox.to, customer.email), eq(mailOutbox.template, "relay-moved"))).orderBy(desc(mailOutbox.id));
    expect(mail.text).toContain(String(moved.derpPort));
    expect(mail.text).toContain(String(moved.stunPort));
  });

  it("a move that cannot start the new node leaves the old relay serving", async () => {
    const proxy = await startDockerSocketProxy();
    proxies.push(proxy);
    const region = await makeRegion(db, admin);
    const a = await server({ regionId: region.id });
    const [relay] = await allocated(region.id);
    const broken = await server({ regionId: region.id, dockerConnection: { kind: "socket", socketPath: proxy.path } });
    proxy.die();

    const error = await moveRelay(db, relay.id, { targetServerId: broken.id, readyTimeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 503, code: "move_failed" });
    expect(await row(relay.id)).toMatchObject({ state: "running", serverId: a.id });
    expect(await answers(a, relay)).toBe(true);
    const onBroken = await db.select().from(relays).where(eq(relays.serverId, broken.id));
    expect(onBroken.map((r) => r.state)).toEqual(["released"]);
  });
});

/** The docker0 gateway: relays published there reach each other from inside their containers (mesh). */
async function bridgeGateway(engine: Docker): Promise<string | null> {
  const bridge = await engine.getNetwork("bridge").inspect();
  const configured = bridge.IPAM?.Config?.[0]?.Gateway as string | undefined;
  // Docker leaves the gateway out of IPAM when it took the bridge's address as it found it.
  const name = (bridge.Options?.["com.docker.network.bridge.name"] as string | undefined) ?? "docker0";
  if (configured) return configured;
  // Node lists no address for a bridge that is down (no container attached yet); ip does.
  const shown = execFileSync("ip", ["-4", "-o", "addr", "show", "dev", name], { encoding: "utf8" });
  return /inet (\d+\.\d+\.\d+\.\d+)\//.exec(shown)?.[1] ?? null;
}

const gateway = relayImage ? await bridgeGateway(docker!) : null;

describe.skipIf(!relayImage || !gateway)("HA relays (real Docker, real derper, meshed)", () => {
  const engine = docker!;
  let db: Db;
  const serverIds: string[] = [];
  const proxies: DockerSocketProxy[] = [];

  beforeAll(async () => {
    db = (await testDb()).db;
  });
  afterAll(async () => {
    await removeRelayContainersOf(engine, serverIds);
    for (const proxy of proxies) await proxy.close();
  });

  const logsOf = async (name: string) => {
    const raw = (await engine.getContainer(name).logs({ stdout: true, stderr: true })) as unknown as Buffer;
    const { stdout, stderr } = demuxDockerLogs(raw);
    return stdout + stderr;
  };
  /** derper logs `mesh("<peer>"): connected; N peers` once its mesh client is in with the key. */
  const meshedWith = async (name: string, peer: string) => {
    for (;;) {
      if ((await logsOf(name)).includes(`mesh("${peer}"): connected;`)) return true;
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const row = async (id: string) => (await db.select().from(relays).where(eq(relays.id, id)))[0];

  it("keeps the region up when one server is lost, and the lost node comes back on a third server", { timeout: 240_000 }, async () => {
    const admin = await insertUser(db, { role: "admin" });
    const customer = await insertUser(db);
    const plan = await makePlan(db, admin);
    const region = await makeRegion(db, admin);
    // Each server reaches the engine through a proxy of its own, so one can stop answering Docker like a lost host.
    const make = async () => {
      const proxy = await startDockerSocketProxy();
      proxies.push(proxy);
      const s = await makeServer(db, { status: "up", regionId: region.id, publicIpv4: gateway!, dockerConnection: { kind: "socket", socketPath: proxy.path } });
      serverIds.push(s.id);
      return { server: s, proxy };
    };
    const first = await make();
    const second = await make();
    const at = new Date();
    const [rental] = await db
      .insert(rentals)
      .values({ userId: customer.id, planId: plan.id, regionId: region.id, status: "pending", startsAt: at, expiresAt: new Date(at.getTime() + 30 * 86_400_000), trafficQuotaBytes: 10_000_000_000, deviceLimit: 3, relayNodes: 2 })
      .returning();

    const result = await allocateRental(db, rental.id, { readyTimeoutMs: READY_MS });
    expect(result.problem).toBeNull();
    const nodes = result.relays;
    expect(nodes.map((n) => n.state)).toEqual(["running", "running"]);
    expect(new Set(nodes.map((n) => n.serverId))).toEqual(new Set([first.server.id, second.server.id]));
    const hostOf = (r: Relay) => (r.serverId === first.server.id ? first : second);
    const [lost, survivor] = nodes;
    expect(await meshedWith(lost.containerName, `${gateway}:${survivor.derpPort}`)).toBe(true);
    expect(await meshedWith(survivor.containerName, `${gateway}:${lost.derpPort}`)).toBe(true);

    // One host is lost: its engine stops answering, its relay stops, the health job marks it down.
    const lostHost = hostOf(lost);
    lostHost.proxy.die();
    await engine.getContainer(lost.containerName).stop({ t: 1 });
    await db.update(servers).set({ status: "down" }).where(eq(servers.id, lostHost.server.id));
    // The region stays up on the other node.
    expect((await waitUntilAnswering(hostOf(survivor).server, survivor, READY_MS)).ok).toBe(true);

    const third = await make();
    const ids = [first.server.id, second.server.id, third.server.id];
    const report = await reconcileAll(db, { serverIds: ids, readyTimeoutMs: READY_MS });
    const entry = (s: Server) => report.servers.find((r) => r.serverId === s.id)!;
    expect(entry(third.server).actions).toEqual([
      expect.objectContaining({ kind: "recreated", reason: `HA node moved here: its server ${lostHost.server.name} is down` }),
    ]);
    const [replacement] = await db.select().from(relays).where(and(eq(relays.rentalId, rental.id), eq(relays.node, lost.node), ne(relays.state, "released")));
    expect(replacement).toMatchObject({ serverId: third.server.id, state: "running" });
    expect(await row(lost.id)).toMatchObject({ state: "released" });
    expect((await waitUntilAnswering(third.server, replacement, READY_MS)).ok).toBe(true);
    // The lost host changes nothing while it does not answer; its old container is still there.
    expect(entry(lostHost.server)).toMatchObject({ reachable: false, actions: [] });
    expect(await engine.getContainer(lost.containerName).inspect()).toBeTruthy();
    // The survivor's peer changed: it is recreated with the new one, after the new one ran.
    expect(entry(hostOf(survivor).server).actions).toEqual([
      expect.objectContaining({ kind: "recreated", relayId: survivor.id, reason: "its configuration changed" }),
    ]);
    const env = (await engine.getContainer(survivor.containerName).inspect()).Config.Env ?? [];
    expect(env).toContain(`DERP_MESH_WITH=${gateway}:${replacement.derpPort}`);
    expect((await waitUntilAnswering(hostOf(survivor).server, survivor, READY_MS)).ok).toBe(true);
    expect(await meshedWith(replacement.containerName, `${gateway}:${survivor.derpPort}`)).toBe(true);
    expect(await meshedWith(survivor.containerName, `${gateway}:${replacement.derpPort}`)).toBe(true);

    // The lost host answers again: the container of its released row goes.
    lostHost.proxy.revive();
    const back = await reconcileAll(db, { serverIds: ids, readyTimeoutMs: READY_MS });
    expect(back.servers.find((r) => r.serverId === lostHost.server.id)?.actions).toEqual([
      expect.objectContaining({ kind: "removed", relayId: lost.id, reason: "the relay is released" }),
    ]);
    expect(back.servers.flatMap((r) => r.actions)).toHaveLength(1);
    await expect(engine.getContainer(lost.containerName).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
