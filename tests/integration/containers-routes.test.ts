import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, regions, relays, rentals, type Region, type Rental, type Server } from "@/db/schema";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { reserveNode } from "@/lib/containers/placement";
import { resetEnvForTests } from "@/lib/env";
import { authHeaders, createUser, sessionUser, type TestUser } from "../helpers/auth";
import { makeCodes, makePlan } from "../helpers/billing";
import { testDb, unique } from "../helpers/db";
import { dockerForTests } from "../helpers/docker";
import { makeServer, removeRelayContainersOf } from "../helpers/fleet";
import { relayImageForTests } from "../helpers/relay-image";
import { invoke, loadRouteModules, type Answer, type RouteModule } from "../helpers/routes";

/**
 * The /api/container routes as callers see them, with real Postgres and, for the relay itself, the local Docker
 * engine and the real derper image: the owner (or an admin) allocates and reads their relay, another user's
 * rental or relay is a 404 that changes nothing, refusals are 4xx with nothing written, lists are scoped to the
 * caller (an admin's filtered and paged), and admin-only operations refuse customers.
 */

const docker = await dockerForTests();
const relayImage = docker && (await relayImageForTests(docker));

describe.skipIf(!relayImage)("container routes (real Docker, real derper)", () => {
  let db: Db;
  let modules: RouteModule[];
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let server: Server;
  let region: Region;
  const previousImage = process.env.FLEET_RELAY_IMAGE;

  const route = (r: string) => modules.find((m) => m.route === r)!;
  const as = (u: TestUser, extra: Record<string, string> = {}) => authHeaders(u, extra);
  const relaysOf = (rentalId: string) => db.select().from(relays).where(eq(relays.rentalId, rentalId));
  const rentalRow = async (id: string): Promise<Rental> => (await db.select().from(rentals).where(eq(rentals.id, id)))[0];

  /**
   * A fresh `pending` rental of `user`, redeemed with a code (in the test server's region unless told); a plan
   * of its own each, since a second code of one plan would extend the first rental.
   */
  async function rentalFor(user: TestUser, regionCode: string | null = region.code): Promise<Rental> {
    const plan = await makePlan(db, sessionUser(admin));
    const { codes } = await makeCodes(db, sessionUser(admin), plan, 1);
    const redeemed = await redeemSerial(db, sessionUser(user), { code: codes[0], region: regionCode });
    return rentalRow(redeemed.rental.id);
  }

  const allocate = async (u: TestUser, body: unknown): Promise<Answer> =>
    invoke(route("/api/container/allocate"), "POST", { headers: await as(u), body });

  beforeAll(async () => {
    process.env.FLEET_RELAY_IMAGE = relayImage!;
    resetEnvForTests();
    db = (await testDb()).db;
    modules = await loadRouteModules();
    [admin, alice, bob] = await Promise.all([createUser(db, { role: "admin" }), createUser(db), createUser(db)]);
    // The local engine, marked up so placement takes it; its region is the rentals' region, so no other test's
    // server gets these relays.
    server = await makeServer(db, { status: "up" });
    [region] = await db.select().from(regions).where(eq(regions.id, server.regionId));
  });

  afterAll(async () => {
    await removeRelayContainersOf(docker!, [server.id]);
    if (previousImage === undefined) delete process.env.FLEET_RELAY_IMAGE;
    else process.env.FLEET_RELAY_IMAGE = previousImage;
    resetEnvForTests();
  });

  let aliceRental: Rental;
  let aliceRelayId: string;
  let bobRental: Rental;
  let bobRelayId: string;

  it("the owner allocates their rental: 200, a running relay on the server, the rental active, no secret in the answer", async () => {
    aliceRental = await rentalFor(alice);
    const a = await allocate(alice, { rentalId: aliceRental.id });
    expect(a.status, a.text).toBe(200);
    expect(a.body.data).toMatchObject({ rentalId: aliceRental.id, rentalStatus: "active", problem: null });
    expect(a.body.data.relays).toHaveLength(1);
    const relay = a.body.data.relays[0];
    expect(relay).toMatchObject({ state: "running", server: { id: server.id }, region: { code: region.code }, ipv4: "127.0.0.1" });
    expect(relay.derpPort).toBeGreaterThanOrEqual(server.derpPortMin);
    expect(relay.derpPort).toBeLessThanOrEqual(server.derpPortMax);
    expect(relay.stunPort).toBeGreaterThanOrEqual(server.stunPortMin);
    aliceRelayId = relay.id;

    const [row] = await relaysOf(aliceRental.id);
    expect(row).toMatchObject({ id: aliceRelayId, state: "running", serverId: server.id });
    const info = await docker!.getContainer(row.containerName).inspect();
    expect(info.State.Running).toBe(true);
    expect((await rentalRow(aliceRental.id)).status).toBe("active");
    expectNoSecrets(a.text, row);

    // Allocating again is harmless: the same relay, nothing new.
    const again = await allocate(alice, { rentalId: aliceRental.id });
    expect(again.status).toBe(200);
    expect(again.body.data.relays.map((r: { id: string }) => r.id)).toEqual([aliceRelayId]);
    expect(await relaysOf(aliceRental.id)).toHaveLength(1);
  });

  it("allocating another user's rental is a 404 that changes nothing", async () => {
    bobRental = await rentalFor(bob);
    const a = await allocate(alice, { rentalId: bobRental.id });
    expect(a.status).toBe(404);
    expect(a.body.error.code).toBe("rental_unknown");
    expect(await relaysOf(bobRental.id)).toHaveLength(0);
    expect(await rentalRow(bobRental.id)).toMatchObject({ status: "pending", allocationProblem: null });
    // A rental that does not exist at all reads the same.
    const missing = await allocate(alice, { rentalId: "00000000-0000-4000-8000-000000000000" });
    expect([missing.status, missing.body.error.code]).toEqual([404, "rental_unknown"]);
  });

  it("a released rental is 409, an unknown or different region 4xx, bad JSON 400: nothing written", async () => {
    const released = await rentalFor(bob);
    await db.update(rentals).set({ status: "released" }).where(eq(rentals.id, released.id));
    const r = await allocate(bob, { rentalId: released.id });
    expect([r.status, r.body.error.code]).toEqual([409, "rental_released"]);
    expect(await relaysOf(released.id)).toHaveLength(0);

    const anyRegion = await rentalFor(alice, null);
    expect(anyRegion.regionId).toBeNull();
    for (const value of [unique("nowhere").toLowerCase(), "00000000-0000-4000-8000-000000000000"]) {
      const u = await allocate(alice, { rentalId: anyRegion.id, region: value });
      expect(u.status, value).toBe(400);
      expect(u.body.error.fieldErrors.region[0].code, value).toBe("region_unknown");
    }
    expect(await rentalRow(anyRegion.id)).toMatchObject({ regionId: null, status: "pending", allocationProblem: null });
    expect(await relaysOf(anyRegion.id)).toHaveLength(0);

    // A rental with its region cannot be sent elsewhere.
    const other = await db.insert(regions).values({ code: unique("r").toLowerCase(), nameEn: "Other", nameZh: "其他", active: true }).returning();
    const fixed = await allocate(bob, { rentalId: bobRental.id, region: other[0].code });
    expect([fixed.status, fixed.body.error.code]).toEqual([409, "rental_region_fixed"]);
    expect((await rentalRow(bobRental.id)).regionId).toBe(region.id);

    const badJson = await invoke(route("/api/container/allocate"), "POST", { headers: await as(alice), body: "{ not json" });
    expect([badJson.status, badJson.body.error.code]).toEqual([400, "invalid_json"]);
    const badId = await allocate(alice, { rentalId: "not-a-uuid" });
    expect([badId.status, badId.body.error.code]).toEqual([400, "validation"]);
    expect(badId.body.error.fieldErrors.rentalId).toBeDefined();
  });

  it("a customer reads their own relay's status; another user's relay is a 404 without its data", async () => {
    // Bob's node is reserved (a row with ports and secrets) without starting a second container.
    const reservation = await reserveNode(db, server, bobRental, 0);
    if (!reservation.ok) throw new Error(`reservation failed: ${reservation.why}`);
    bobRelayId = reservation.relay.id;

    const status = route("/api/container/status/[id]");
    const own = await invoke(status, "GET", { headers: await as(alice), params: { id: aliceRelayId } });
    expect(own.status).toBe(200);
    expect(own.body.data).toMatchObject({ id: aliceRelayId, state: "running", rental: { id: aliceRental.id, userId: alice.id } });
    expect(own.body.data.startedAt).toEqual(expect.any(String));

    const foreign = await invoke(status, "GET", { headers: await as(alice), params: { id: bobRelayId } });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, "container_unknown"]);
    for (const s of [bob.email, bobRental.id, String(reservation.relay.derpPort)]) expect(foreign.text).not.toContain(s);
    const byAdmin = await invoke(status, "GET", { headers: await as(admin), params: { id: bobRelayId } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.data).toMatchObject({ id: bobRelayId, state: "creating", rental: { userEmail: bob.email } });
    expectNoSecrets(byAdmin.text, reservation.relay);
    // A customer cannot restart someone else's relay either.
    const restart = await invoke(route("/api/container/[id]/restart"), "POST", { headers: await as(alice), params: { id: bobRelayId } });
    expect([restart.status, restart.body.error.code]).toEqual([404, "container_unknown"]);
  });

  it("lists only the customer's own relays; an admin's list filters by server, region, state and user, and pages", async () => {
    const list = route("/api/container/list");
    const mine = await invoke(list, "GET", { headers: await as(alice) });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([aliceRelayId]);
    expect(mine.text).not.toContain(bobRelayId);
    // A customer's `user` filter cannot widen the list.
    const widened = await invoke(list, "GET", { headers: await as(alice), query: `?user=${bob.id}` });
    expect(widened.body.items.map((r: { id: string }) => r.id)).toEqual([aliceRelayId]);

    const headers = await as(admin);
    const ids = async (q: string) => {
      const a = await invoke(list, "GET", { headers, query: q });
      expect(a.status, q).toBe(200);
      return a.body.items.map((r: { id: string }) => r.id).sort();
    };
    const both = [aliceRelayId, bobRelayId].sort();
    expect(await ids(`?server=${server.id}`)).toEqual(both);
    expect(await ids(`?server=${encodeURIComponent(server.name)}`)).toEqual(both);
    expect(await ids(`?region=${region.code}`)).toEqual(both);
    expect(await ids(`?server=${server.id}&state=creating`)).toEqual([bobRelayId]);
    expect(await ids(`?server=${server.id}&state=running`)).toEqual([aliceRelayId]);
    expect(await ids(`?user=${encodeURIComponent(bob.email)}`)).toEqual([bobRelayId]);
    expect(await ids(`?user=${alice.id}`)).toEqual([aliceRelayId]);

    const first = await invoke(list, "GET", { headers, query: `?server=${server.id}&limit=1` });
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.nextCursor).toBe("string");
    const second = await invoke(list, "GET", { headers, query: `?server=${server.id}&limit=1&cursor=${first.body.nextCursor}` });
    expect(second.body.items).toHaveLength(1);
    expect([first.body.items[0].id, second.body.items[0].id].sort()).toEqual(both);

    const bad = await invoke(list, "GET", { headers, query: "?state=sleeping" });
    expect([bad.status, bad.body.error.code]).toEqual([400, "validation"]);
  });

  it("an admin stops and starts a relay; the customer restarts their own; each admin action is audited", async () => {
    const headers = await as(admin);
    const stop = await invoke(route("/api/container/[id]/stop"), "POST", { headers, params: { id: aliceRelayId } });
    expect(stop.status, stop.text).toBe(200);
    expect(stop.body.data).toMatchObject({ state: "stopped", stateReason: "admin" });
    const [row] = await relaysOf(aliceRental.id);
    expect((await docker!.getContainer(row.containerName).inspect()).State.Running).toBe(false);
    // Customers may not stop or start.
    const refused = await invoke(route("/api/container/[id]/start"), "POST", { headers: await as(alice), params: { id: aliceRelayId } });
    expect([refused.status, refused.body.error.code]).toEqual([403, "forbidden"]);

    // A relay whose rental may not run is not started by hand: the rental is what to change.
    await db.update(rentals).set({ status: "over_quota" }).where(eq(rentals.id, aliceRental.id));
    const early = await invoke(route("/api/container/[id]/start"), "POST", { headers, params: { id: aliceRelayId } });
    expect([early.status, early.body.error?.code]).toEqual([409, "rental_not_running"]);
    expect((await relaysOf(aliceRental.id))[0].state).toBe("stopped");
    await db.update(rentals).set({ status: "active" }).where(eq(rentals.id, aliceRental.id));

    const start = await invoke(route("/api/container/[id]/start"), "POST", { headers, params: { id: aliceRelayId } });
    expect(start.status, start.text).toBe(200);
    expect(start.body.data.state).toBe("running");
    expect((await docker!.getContainer(row.containerName).inspect()).State.Running).toBe(true);

    const restart = await invoke(route("/api/container/[id]/restart"), "POST", { headers: await as(alice), params: { id: aliceRelayId } });
    expect(restart.status, restart.text).toBe(200);
    expect(restart.body.data.state).toBe("running");
    expect(new Date(restart.body.data.startedAt).getTime()).toBeGreaterThan(new Date(start.body.data.startedAt).getTime());

    const audited = await db.select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(and(eq(auditLog.targetType, "relay"), eq(auditLog.targetId, aliceRelayId)));
    expect(audited.map((e) => e.action).sort()).toEqual(["container.start", "container.stop"]);
    expect(audited.every((e) => e.actorId === admin.id)).toBe(true);
  });

  it("release is for admins: a customer gets 403 and the relay stays; an admin's release removes the container and releases the row", async () => {
    const release = route("/api/container/release/[id]");
    const refused = await invoke(release, "DELETE", { headers: await as(alice), params: { id: aliceRelayId } });
    expect([refused.status, refused.body.error.code]).toEqual([403, "forbidden"]);
    const [before] = await relaysOf(aliceRental.id);
    expect(before.state).toBe("running");

    const done = await invoke(release, "DELETE", { headers: await as(admin), params: { id: aliceRelayId } });
    expect(done.status, done.text).toBe(200);
    expect(done.body.data.state).toBe("released");
    await expect(docker!.getContainer(before.containerName).inspect()).rejects.toMatchObject({ statusCode: 404 });
    // A released row holds no ports any more (the unique port indexes cover live rows only).
    expect((await relaysOf(aliceRental.id))[0]).toMatchObject({ state: "released", containerId: null });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "container.release"), eq(auditLog.targetId, aliceRelayId)));
    expect(entry).toMatchObject({ actorId: admin.id, targetType: "relay" });
    expect(entry.details).toMatchObject({ container: before.containerName, server: server.name, email: alice.email });
    // Released relays leave the default list and are found with state=released.
    const list = route("/api/container/list");
    const live = await invoke(list, "GET", { headers: await as(alice) });
    expect(live.body.items).toEqual([]);
    const gone = await invoke(list, "GET", { headers: await as(alice), query: "?state=released" });
    expect(gone.body.items.map((r: { id: string }) => r.id)).toEqual([aliceRelayId]);
    const again = await invoke(route("/api/container/[id]/stop"), "POST", { headers: await as(admin), params: { id: aliceRelayId } });
    expect([again.status, again.body.error.code]).toEqual([409, "container_released"]);
  });
});

/** None of a relay's sealed columns, its certificate key or admission secret hash may reach an answer. */
function expectNoSecrets(text: string, row: typeof relays.$inferSelect): void {
  for (const [name, value] of [
    ["certKeySealed", row.certKeySealed],
    ["admissionSecretSealed", row.admissionSecretSealed],
    ["admissionSecretHash", row.admissionSecretHash],
    ["debugKeySealed", row.debugKeySealed],
  ] as const) {
    expect(text, name).not.toContain(name);
    if (value) {
      expect(text, name).not.toContain(value.toString("base64"));
      expect(text, name).not.toContain(value.toString("hex"));
    }
  }
  expect(text).not.toContain("PRIVATE KEY");
}
