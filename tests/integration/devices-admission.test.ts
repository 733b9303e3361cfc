import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type Db } from "@/db/client";
import { admissionRefusals, auditLog, devices, rentals, userHistory } from "@/db/schema";
import { AdmissionService } from "@/lib/devices/admission";
import { ADMISSION_CHANNEL, notifyAdmissionChange, startAdmissionListener } from "@/lib/devices/admission-invalidation";
import { admissionService } from "@/lib/devices/admission-http";
import { serveAdmission } from "@/lib/devices/admission-server";
import { adjustRentalTraffic } from "@/lib/rentals/adjust-rental";
import { transitionRental } from "@/lib/rentals/transition-rental";
import { admissionCounts, makeAdmissionRelay, randomNodeKey } from "../helpers/admission";
import { authHeaders, createUser, sessionUser, type TestUser } from "../helpers/auth";
import { testDb } from "../helpers/db";
import { invoke, loadRouteModules, type RouteModule } from "../helpers/routes";

/**
 * Devices through their REST routes and the admission endpoint as derper calls it, on real Postgres: the
 * decision rule, pending devices, immediate refusal after a change (cache invalidation, also across
 * processes), bad input, another customer's objects, and a database that fails.
 */

let db: Db;
let modules: RouteModule[];
const route = (r: string) => modules.find((m) => m.route === r)!;

beforeAll(async () => {
  db = (await testDb()).db;
  modules = await loadRouteModules();
});

/** derper's call: a POST with no Content-Type. */
async function admit(secret: string, body: unknown, init: { method?: string; contentType?: string } = {}): Promise<{ status: number; allow: unknown }> {
  const m = route("/api/derp/admission/[secret]");
  const method = (init.method ?? "POST") as "POST";
  const handler = m.handlers[method] ?? m.notAllowed[method]!;
  const headers: Record<string, string> = init.contentType ? { "content-type": init.contentType } : {};
  const req = new NextRequest(`http://localhost:3000/api/derp/admission/${encodeURIComponent(secret)}`, {
    method,
    headers,
    body: method === "POST" ? (typeof body === "string" || body instanceof ReadableStream ? body : JSON.stringify(body)) : undefined,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  });
  const res = await handler(req, { params: Promise.resolve({ secret }) });
  const json = (await res.json()) as { Allow?: unknown };
  return { status: res.status, allow: json.Allow };
}

const ask = (secret: string, key: string, source = "198.51.100.7:41641") => admit(secret, { NodePublic: key, Source: source });

async function customer(): Promise<{ user: TestUser; headers: Record<string, string> }> {
  const user = await createUser(db, { passwordHash: "x" });
  return { user, headers: await authHeaders(user) };
}

async function addDevice(headers: Record<string, string>, name: string, nodeKey: string) {
  return invoke(route("/api/devices"), "POST", { headers, body: { name, nodeKey } });
}

const pendingOf = (headers: Record<string, string>) => invoke(route("/api/devices/pending"), "GET", { headers });

describe("admission", () => {
  it("allows a registered device, refuses an unknown key and lists it as pending; approved, it is allowed", async () => {
    const { user, headers } = await customer();
    const { secret, relayId } = await makeAdmissionRelay(db, { userId: user.id, deviceLimit: 3 });
    const known = randomNodeKey();
    const added = await addDevice(headers, "laptop", known.toUpperCase().replace("NODEKEY", "nodekey"));
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ name: "laptop", nodeKey: known, source: "manual", withinLimit: true });

    expect(await ask(secret, known)).toEqual({ status: 200, allow: true });
    const stranger = randomNodeKey();
    expect(await ask(secret, stranger)).toEqual({ status: 200, allow: false });
    expect(await ask(secret, stranger, "198.51.100.8")).toEqual({ status: 200, allow: false });
    await admissionService().refusals.flush();

    const pending = await pendingOf(headers);
    expect(pending.status).toBe(200);
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0]).toMatchObject({ nodeKey: stranger, sourceIp: "198.51.100.8", count: 2, reason: "unknown_key", country: null });
    const [row] = await db.select().from(admissionRefusals).where(eq(admissionRefusals.nodeKey, stranger));
    expect(row.relayId).toBe(relayId);

    const approved = await invoke(route("/api/devices/pending/[id]/approve"), "POST", {
      headers,
      params: { id: String(pending.body.items[0].id) },
      body: { name: "phone" },
    });
    expect(approved.status).toBe(201);
    expect(approved.body.data).toMatchObject({ name: "phone", nodeKey: stranger, source: "pending" });
    expect(await ask(secret, stranger)).toEqual({ status: 200, allow: true });
    expect((await pendingOf(headers)).body.items).toEqual([]);

    const list = await invoke(route("/api/devices"), "GET", { headers });
    expect(list.body.items.map((d: { name: string }) => d.name)).toEqual(["laptop", "phone"]);
    const history = await db.select().from(userHistory).where(eq(userHistory.userId, user.id));
    expect(history.filter((h) => h.type === "device_added")).toHaveLength(2);
  });

  it("refuses a removed device on the next call (the cache is told), and a renamed one stays allowed", async () => {
    const { user, headers } = await customer();
    const { secret } = await makeAdmissionRelay(db, { userId: user.id });
    const key = randomNodeKey();
    const id = (await addDevice(headers, "box", key)).body.data.id;
    expect((await ask(secret, key)).allow).toBe(true);
    const renamed = await invoke(route("/api/devices/[id]"), "PATCH", { headers, params: { id }, body: { name: "server" } });
    expect(renamed.body.data).toEqual({ id, name: "server" });
    expect((await ask(secret, key)).allow).toBe(true);

    expect((await invoke(route("/api/devices/[id]"), "DELETE", { headers, params: { id } })).status).toBe(204);
    expect((await ask(secret, key)).allow).toBe(false);
    const audit = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id));
    expect(audit.map((a) => a.action).sort()).toEqual(["device.added", "device.removed", "device.renamed"]);
  });

  it("refuses every device of an expired rental and of one over its quota", async () => {
    const { user, headers } = await customer();
    const { secret, rental } = await makeAdmissionRelay(db, { userId: user.id, trafficUsedBytes: 500, trafficQuotaBytes: 10_000 });
    const key = randomNodeKey();
    await addDevice(headers, "a", key);
    expect((await ask(secret, key)).allow).toBe(true);

    const admin = sessionUser(await createUser(db, { role: "admin", passwordHash: "x" }));
    // An admin lowers the quota below what is used: active → over_quota.
    await adjustRentalTraffic(db, admin, rental.id, { resetUsed: false, quotaBytes: 400, reason: "test" });
    expect((await ask(secret, key)).allow).toBe(false);
    // Reset: it waits for its relay (pending), refused until it is active again.
    await adjustRentalTraffic(db, admin, rental.id, { resetUsed: true, reason: "test" });
    expect((await ask(secret, key)).allow).toBe(false);
    await transitionRental(db, rental.id, "active", { reason: "allocation" });
    expect((await ask(secret, key)).allow).toBe(true);

    // Traffic past the quota while the status is still active (the sampler has not stopped it yet): refused.
    await db.transaction(async (tx) => {
      await tx.update(rentals).set({ trafficUsedBytes: 400 }).where(eq(rentals.id, rental.id));
      await notifyAdmissionChange(tx, { userId: user.id });
    });
    expect((await ask(secret, key)).allow).toBe(false);
    await db.update(rentals).set({ trafficUsedBytes: 0 }).where(eq(rentals.id, rental.id));

    await transitionRental(db, rental.id, "expired", { reason: "expiry" });
    expect((await ask(secret, key)).allow).toBe(false);
    await admissionService().refusals.flush();
    const [refusal] = await db.select().from(admissionRefusals).where(eq(admissionRefusals.nodeKey, key));
    expect(refusal.reason).toBe("rental_inactive");
  });

  it("counts the limit per rental: only the first deviceLimit devices by creation order", async () => {
    const { user, headers } = await customer();
    const small = await makeAdmissionRelay(db, { userId: user.id, deviceLimit: 1 });
    await makeAdmissionRelay(db, { userId: user.id, deviceLimit: 2 });
    const [first, second, third] = [randomNodeKey(), randomNodeKey(), randomNodeKey()];
    expect((await addDevice(headers, "1", first)).status).toBe(201);
    expect((await addDevice(headers, "2", second)).status).toBe(201);
    const over = await addDevice(headers, "3", third);
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: "device_limit_reached", message: "Your plan allows 2 devices; remove one before adding another." });
    expect((await ask(small.secret, first)).allow).toBe(true);
    expect((await ask(small.secret, second)).allow).toBe(false);
    const list = await invoke(route("/api/devices"), "GET", { headers });
    expect(list.body.items.map((d: { withinLimit: boolean }) => d.withinLimit)).toEqual([true, true]);
  });

  it("refuses an unknown secret, a malformed, oversized or non-POST request, writing nothing", async () => {
    const { user, headers } = await customer();
    const { secret } = await makeAdmissionRelay(db, { userId: user.id });
    const key = randomNodeKey();
    await addDevice(headers, "a", key);
    expect((await ask(secret, key)).allow).toBe(true);
    expect((await admit(secret, { NodePublic: key }, { contentType: "application/json" })).allow).toBe(true);

    const refusalsBefore = await db.select().from(admissionRefusals).where(eq(admissionRefusals.userId, user.id));
    const before = await admissionCounts();
    expect(await ask("A".repeat(43), key)).toEqual({ status: 200, allow: false });
    expect(await ask("not a secret!", key)).toEqual({ status: 200, allow: false });
    expect(await ask(secret.slice(0, -1), key)).toEqual({ status: 200, allow: false });
    for (const body of ["", "{", "[1]", "null", JSON.stringify({ NodePublic: "nodekey:1234" }), JSON.stringify({ Source: "1.2.3.4" })]) {
      expect(await admit(secret, body), body).toEqual({ status: 200, allow: false });
    }
    const big = JSON.stringify({ NodePublic: key, Source: "1.2.3.4", pad: "x".repeat(5000) });
    expect(await admit(secret, big)).toEqual({ status: 200, allow: false });
    const chunked = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(i === 0 ? `{"NodePublic":"${key}","pad":"` : "y".repeat(1000)));
        c.close();
      },
    });
    expect(await admit(secret, chunked)).toEqual({ status: 200, allow: false });
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      const a = await admit(secret, undefined, { method });
      expect(a, method).toEqual({ status: 405, allow: false });
    }
    await admissionService().refusals.flush();
    const refusalsAfter = await db.select().from(admissionRefusals).where(eq(admissionRefusals.userId, user.id));
    expect(refusalsAfter).toEqual(refusalsBefore);
    const after = await admissionCounts();
    expect((after["deny:unknown_relay"] ?? 0) - (before["deny:unknown_relay"] ?? 0)).toBe(3);
    expect((after["deny:bad_request"] ?? 0) - (before["deny:bad_request"] ?? 0)).toBe(8);
  });

  it("with a database that is down or hangs: refuses, within the deadline", async () => {
    const { user, headers } = await customer();
    const { secret } = await makeAdmissionRelay(db, { userId: user.id });
    const key = randomNodeKey();
    await addDevice(headers, "a", key);

    const closed = openPostgres("postgres://postgres:postgres@127.0.0.1:1/postgres", 1);
    const down = new AdmissionService({ db: async () => closed.db });
    const hanging = new AdmissionService({ db: () => new Promise<Db>(() => {}), deadlineMs: 300 });
    const healthy = new AdmissionService({ db: async () => db });
    try {
      const body = JSON.stringify({ NodePublic: key, Source: "1.2.3.4" });
      expect(await healthy.decide(secret, body)).toEqual({ allow: true, reason: "device" });
      expect(await down.decide(secret, body)).toEqual({ allow: false, reason: "lookup_failed" });
      const started = Date.now();
      expect(await hanging.decide(secret, body)).toEqual({ allow: false, reason: "lookup_failed" });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const s of [down, hanging, healthy]) s.close();
      await closed.close();
    }
  });

  // Replicas share a Postgres server; the embedded PGlite is one process by design.
  it.skipIf(!process.env.DATABASE_URL)("hears another replica's change through Postgres NOTIFY", async () => {
    const { user, headers } = await customer();
    const { secret } = await makeAdmissionRelay(db, { userId: user.id });
    const key = randomNodeKey();
    const id = (await addDevice(headers, "a", key)).body.data.id;
    const body = JSON.stringify({ NodePublic: key });

    // A replica: its own connection for LISTEN, its own cache.
    const replicaHandle = openPostgres(process.env.DATABASE_URL!, 2, "replica");
    const replica = new AdmissionService({ db: async () => replicaHandle.db, ttlMs: 600_000 });
    try {
      expect(await startAdmissionListener(replicaHandle)).toBe(true);
      expect((await replica.decide(secret, body)).allow).toBe(true);
      // Another process removes the device: a plain delete and the NOTIFY, as lib/devices does in its transaction.
      const other = openPostgres(process.env.DATABASE_URL!, 1, "other");
      await other.db.transaction(async (tx) => {
        await tx.delete(devices).where(and(eq(devices.id, id), eq(devices.userId, user.id)));
        await tx.execute(sql`select pg_notify(${ADMISSION_CHANNEL}, ${user.id})`);
      });
      await other.close();
      let allow = true;
      for (let i = 0; i < 20 && allow; i++) {
        await new Promise((r) => setTimeout(r, 50));
        allow = (await replica.decide(secret, body)).allow;
      }
      expect(allow).toBe(false);
    } finally {
      replica.close();
      await replicaHandle.close();
    }
  });
});

describe("bad device input", () => {
  it("gets a field error, a conflict or no_rental, and changes nothing", async () => {
    const { user, headers } = await customer();
    const none = await addDevice(headers, "a", randomNodeKey());
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe("no_rental");

    await makeAdmissionRelay(db, { userId: user.id, deviceLimit: 5 });
    const bad = await addDevice(headers, "", "nodekey:abc");
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors.nodeKey[0].code).toBe("node_key_invalid");
    expect(bad.body.error.fieldErrors.name[0].code).toBe("device_name_required");
    const key = randomNodeKey();
    expect((await addDevice(headers, "a", key)).status).toBe(201);
    const dup = await addDevice(headers, "b", key);
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("device_exists");
    const rows = await db.select().from(devices).where(eq(devices.userId, user.id));
    expect(rows.map((r) => r.name)).toEqual(["a"]);
  });
});

describe("another customer's devices and pending keys", () => {
  it("are not listed, and renaming, removing, approving or dismissing them is 404", async () => {
    const a = await customer();
    const b = await customer();
    const bRelay = await makeAdmissionRelay(db, { userId: b.user.id });
    await makeAdmissionRelay(db, { userId: a.user.id, deviceLimit: 5 });
    const bKey = randomNodeKey();
    const bDevice = (await addDevice(b.headers, "bob's", bKey)).body.data.id;
    const stray = randomNodeKey();
    await ask(bRelay.secret, stray);
    await admissionService().refusals.flush();
    const [bPending] = (await pendingOf(b.headers)).body.items;
    expect(bPending.nodeKey).toBe(stray);

    expect((await invoke(route("/api/devices"), "GET", { headers: a.headers })).body.items).toEqual([]);
    expect((await pendingOf(a.headers)).body.items).toEqual([]);
    const attempts = [
      await invoke(route("/api/devices/[id]"), "PATCH", { headers: a.headers, params: { id: bDevice }, body: { name: "mine" } }),
      await invoke(route("/api/devices/[id]"), "DELETE", { headers: a.headers, params: { id: bDevice } }),
      await invoke(route("/api/devices/pending/[id]/approve"), "POST", { headers: a.headers, params: { id: String(bPending.id) }, body: { name: "x" } }),
      await invoke(route("/api/devices/pending/[id]"), "DELETE", { headers: a.headers, params: { id: String(bPending.id) } }),
    ];
    for (const r of attempts) {
      expect(r.status).toBe(404);
      expect(r.text).not.toContain(bKey);
      expect(r.text).not.toContain(stray);
    }
    const [still] = await db.select().from(devices).where(eq(devices.id, bDevice));
    expect(still.name).toBe("bob's");
    expect((await pendingOf(b.headers)).body.items.map((p: { id: number }) => p.id)).toEqual([bPending.id]);
    expect(await db.select().from(devices).where(eq(devices.userId, a.user.id))).toEqual([]);

    // Bob's own dismissal works, and the key stays out of the list.
    expect((await invoke(route("/api/devices/pending/[id]"), "DELETE", { headers: b.headers, params: { id: String(bPending.id) } })).status).toBe(204);
    expect((await pendingOf(b.headers)).body.items).toEqual([]);
  });
});

describe("the admission listener (ADMISSION_PORT)", () => {
  it("answers like the route: allows a device, refuses the rest, other methods and paths", async () => {
    const { user, headers } = await customer();
    const { secret } = await makeAdmissionRelay(db, { userId: user.id });
    const key = randomNodeKey();
    await addDevice(headers, "a", key);
    const server = await serveAdmission(admissionService(), 0, "127.0.0.1");
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/derp/admission/`;
    const post = async (path: string, body: string, method = "POST") => {
      const res = await fetch(base + path, { method, body: method === "POST" ? body : undefined });
      return { status: res.status, allow: ((await res.json()) as { Allow: unknown }).Allow };
    };
    try {
      const ok = JSON.stringify({ NodePublic: key, Source: "203.0.113.5" });
      expect(await post(secret, ok)).toEqual({ status: 200, allow: true });
      expect(await post(encodeURIComponent(secret), ok)).toEqual({ status: 200, allow: true });
      expect(await post(secret, JSON.stringify({ NodePublic: randomNodeKey() }))).toEqual({ status: 200, allow: false });
      expect(await post("x".repeat(43), ok)).toEqual({ status: 200, allow: false });
      expect(await post(secret, ok + " ".repeat(5000))).toEqual({ status: 200, allow: false });
      expect(await post(secret, "{")).toEqual({ status: 200, allow: false });
      expect(await post(secret, "", "GET")).toEqual({ status: 405, allow: false });
      expect(await post(`${secret}/more`, ok)).toEqual({ status: 404, allow: false });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
