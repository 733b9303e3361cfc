import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { relays, rentals, userHistory, type Server } from "@/db/schema";
import { allocateRental } from "@/lib/containers/allocate";
import { admissionSecretHash } from "@/lib/containers/relay-secrets";
import { probeHttps } from "@/lib/fleet/https-probe";
import { dockerForTests } from "../helpers/docker";
import { testDb, unique } from "../helpers/db";
import { makeServer, removeRelayContainersOf } from "../helpers/fleet";
import { relayImageForTests } from "../helpers/relay-image";
import { makeRental } from "../helpers/rentals";

/** Allocation on the real local engine with the real derper image: placement, the container, races, dead hosts. */

const docker = await dockerForTests();
const image = docker && (await relayImageForTests(docker));
let db: Db;
const serverIds: string[] = [];

beforeAll(async () => {
  db = (await testDb()).db;
});

afterAll(async () => {
  if (docker) await removeRelayContainersOf(docker, serverIds);
});

async function server(overrides: Parameters<typeof makeServer>[1] = {}): Promise<Server> {
  const s = await makeServer(db, { status: "up", ...overrides });
  serverIds.push(s.id);
  return s;
}

const liveRelays = (rentalId: string) =>
  db.select().from(relays).where(and(eq(relays.rentalId, rentalId), ne(relays.state, "released")));

describe.skipIf(!docker || !image)("allocating a rental's relay", () => {
  it("runs a derper with the rental's configuration, reachable with its pinned certificate", async () => {
    const s = await server();
    const { rental } = await makeRental(db, { regionId: s.regionId, bandwidthLimitBytesPerSec: 2_000_000 });

    const result = await allocateRental(db, rental.id);
    expect(result.problem).toBeNull();
    expect(result.rental).toMatchObject({ status: "active", allocationProblem: null });
    expect(result.rental.derpRegionId).toBeGreaterThanOrEqual(900);
    const [relay] = await liveRelays(rental.id);
    expect(relay).toMatchObject({ state: "running", serverId: s.id, node: 0, kind: "customer" });
    expect(relay.derpPort).toBeGreaterThanOrEqual(s.derpPortMin);
    expect(relay.derpPort).toBeLessThanOrEqual(s.derpPortMax);
    expect(relay.stunPort).toBeGreaterThanOrEqual(s.stunPortMin);
    expect(relay.stunPort).toBeLessThanOrEqual(s.stunPortMax);
    expect(relay.startedAt).not.toBeNull();

    const info = await docker!.getContainer(relay.containerName).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Id).toBe(relay.containerId);
    expect(info.Config.Labels).toMatchObject({
      "derpmanagement.relay-id": relay.id,
      "derpmanagement.rental-id": rental.id,
      "derpmanagement.server-id": s.id,
      "derpmanagement.config-hash": relay.configHash,
    });
    const env = Object.fromEntries(info.Config.Env.map((e) => e.split(/=(.*)/s).slice(0, 2)));
    expect(env).toMatchObject({
      DERP_DOMAIN: relay.hostname,
      DERP_ADDR: `:${relay.derpPort}`,
      DERP_STUN_PORT: String(relay.stunPort),
      DERP_VERIFY_CLIENT_URL_FAIL_OPEN: "false",
      DERP_RATE_CONFIG: expect.stringMatching(/rate\.json$/),
    });
    // The admission URL carries this relay's own secret: the one whose keyed hash is stored on its row.
    const secret = decodeURIComponent(/\/api\/derp\/admission\/([^/]+)$/.exec(env.DERP_VERIFY_CLIENT_URL)![1]);
    expect(admissionSecretHash(secret).equals(relay.admissionSecretHash!)).toBe(true);
    expect(Object.keys(info.HostConfig.PortBindings ?? {}).sort()).toEqual([`${relay.derpPort}/tcp`, `${relay.stunPort}/udp`].sort());
    expect(info.HostConfig.RestartPolicy?.Name).toBe("unless-stopped");
    expect(info.HostConfig.Memory).toBe(s.relayMemoryLimitBytes);
    expect(info.HostConfig.NanoCpus).toBe(Math.round(s.relayCpuLimit! * 1e9));
    expect(info.Mounts.some((m) => m.Type === "volume" && m.Destination === "/var/lib/derper")).toBe(true);

    const pinned = await probeHttps({ host: s.publicIpv4, port: relay.derpPort, hostname: relay.hostname, certName: relay.certName ?? undefined });
    expect(pinned).toMatchObject({ ok: true, status: 200 });

    const events = await db.select().from(userHistory).where(eq(userHistory.type, "relay_state"));
    expect(events.some((h) => (h.data as { relayId?: string; to?: string }).relayId === relay.id && (h.data as { to?: string }).to === "running")).toBe(true);

    // Allocating again changes nothing: the node runs.
    const again = await allocateRental(db, rental.id);
    expect(again.relays.map((r) => r.id)).toEqual([relay.id]);
    expect(await liveRelays(rental.id)).toHaveLength(1);
  });

  it("10 concurrent allocations on a server with 5 free slots: exactly 5 relays, distinct ports, the rest wait", async () => {
    const s = await server({ capacity: 5 });
    const made = await Promise.all(Array.from({ length: 10 }, () => makeRental(db, { regionId: s.regionId })));
    const results = await Promise.all(made.map(({ rental }) => allocateRental(db, rental.id)));

    const onServer = await db.select().from(relays).where(and(eq(relays.serverId, s.id), ne(relays.state, "released")));
    expect(onServer).toHaveLength(5);
    expect(onServer.every((r) => r.state === "running")).toBe(true);
    expect(new Set(onServer.map((r) => r.derpPort)).size).toBe(5);
    expect(new Set(onServer.map((r) => r.stunPort)).size).toBe(5);
    expect(new Set(onServer.map((r) => r.rentalId)).size).toBe(5);

    const statuses = await Promise.all(made.map(async ({ rental }) => (await db.select().from(rentals).where(eq(rentals.id, rental.id)))[0]));
    expect(statuses.filter((r) => r.status === "active")).toHaveLength(5);
    const waiting = statuses.filter((r) => r.status === "pending");
    expect(waiting).toHaveLength(5);
    expect(waiting.every((r) => r.allocationProblem === "no_server_available")).toBe(true);
    expect(results.filter((r) => r.problem === "no_server_available")).toHaveLength(5);
    const containers = await docker!.listContainers({ all: true, filters: { label: [`derpmanagement.server-id=${s.id}`] } });
    expect(containers).toHaveLength(5);
  });

  it("a host that does not answer: the half-made relay is released, the rental stays pending with the reason", async () => {
    const dead = await server({ dockerConnection: { kind: "socket", socketPath: "/nonexistent/derp-test/docker.sock" } });
    const { rental } = await makeRental(db, { regionId: dead.regionId });

    const result = await allocateRental(db, rental.id, { readyTimeoutMs: 2_000 });
    expect(result.problem).toBe("no_server_available");
    expect(result.rental).toMatchObject({ status: "pending", allocationProblem: "no_server_available" });
    expect(await liveRelays(rental.id)).toHaveLength(0);
    const tried = await db.select().from(relays).where(eq(relays.rentalId, rental.id));
    expect(tried).toHaveLength(1);
    expect(tried[0]).toMatchObject({ state: "released", stateReason: expect.stringContaining("docker.sock") });
  });

  it("a failed host is left for the next server of the region", async () => {
    const good = await server({ name: unique("z-good") });
    // Equally empty: the name decides, so the dead one is tried first.
    const dead = await server({
      name: unique("a-dead"),
      regionId: good.regionId,
      dockerConnection: { kind: "socket", socketPath: "/nonexistent/derp-test/docker.sock" },
    });
    const { rental } = await makeRental(db, { regionId: good.regionId });
    const result = await allocateRental(db, rental.id, { readyTimeoutMs: 2_000 });
    expect(result.problem).toBeNull();
    expect(result.rental.status).toBe("active");
    const all = await db.select().from(relays).where(eq(relays.rentalId, rental.id));
    expect(all.map((r) => [r.serverId, r.state]).sort()).toEqual([[dead.id, "released"], [good.id, "running"]].sort());
  });
});
