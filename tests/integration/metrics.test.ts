import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type Db } from "@/db/client";
import { probeSamples, relays, relayTrafficSamples, rentals, servers } from "@/db/schema";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { now } from "@/lib/clock";
import { reserveNode } from "@/lib/containers/placement";
import { checkQuotas } from "@/lib/containers/traffic/quota";
import { stateRegistry } from "@/lib/metrics/registry";
import { refreshStateGauges } from "@/lib/metrics/state-gauges";
import { stateWindows } from "@/lib/metrics/exposition";
import { authHeaders, createUser, sessionUser, type TestUser } from "../helpers/auth";
import { makeCodes, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { withEnv } from "../helpers/env";
import { makeServer } from "../helpers/fleet";
import { familiesOf, parseSamples, valueOf } from "../helpers/prometheus-text";
import { invoke, loadRouteModules, type RouteModule } from "../helpers/routes";

/**
 * GET /metrics on real Postgres: who may read it, and that its figures follow the database and the requests
 * this process served. The test database is shared with other files running at the same time, so fleet-wide
 * figures are compared before and after, and per-server ones are read for this file's own servers.
 */

const TOKEN = "metrics-test-token-0123456789abcdef";
let db: Db;
let modules: RouteModule[];
let admin: TestUser;
let alice: TestUser;

const route = (r: string) => {
  const m = modules.find((x) => x.route === r);
  if (!m) throw new Error(`no route ${r}`);
  return m;
};

async function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  return withEnv({ METRICS_TOKEN: TOKEN, METRICS_ALLOW_FROM: "203.0.113.0/24" }, () => invoke(route("/api/metrics"), "GET", { headers }));
}

async function metrics() {
  const a = await scrape();
  expect(a.status, a.text.slice(0, 200)).toBe(200);
  return a.text;
}

beforeAll(async () => {
  db = (await testDb()).db;
  modules = await loadRouteModules();
  [admin, alice] = await Promise.all([createUser(db, { role: "admin" }), createUser(db)]);
});

describe("access", () => {
  it("is refused without the token and with a wrong one, and served with it", async () => {
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN}0` })).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.res.headers.get("cache-control")).toBe("no-store");
  });

  it("is served to a configured address without the token (as request-meta computes it, behind one proxy)", async () => {
    expect((await scrape({ "x-forwarded-for": "203.0.113.77" })).status).toBe(200);
    // The client wrote the left entry itself; the proxy appended the real address, which is not allowed.
    expect((await scrape({ "x-forwarded-for": "203.0.113.77, 198.51.100.1" })).status).toBe(401);
    expect((await scrape({ "x-forwarded-for": "::ffff:203.0.113.8" })).status).toBe(200);
  });
});

describe("families", () => {
  it("lists every family, with the database up", async () => {
    const text = await metrics();
    const families = familiesOf(text);
    for (const name of [
      "dm_database_up", "dm_customers", "dm_rentals", "dm_relays", "dm_servers", "dm_server_status", "dm_relays_probe_failing",
      "dm_traffic_bytes_per_second", "dm_probe_rtt_seconds", "dm_probe_rtt_p95_seconds", "dm_probe_loss_ratio",
      "dm_revenue_minor_units", "dm_orders_paid", "dm_http_request_duration_seconds", "dm_admission_decisions_total",
      "dm_admission_duration_seconds", "dm_direct_link_downloads_total", "dm_quota_stops_total", "dm_job_runs_total",
      "dm_job_duration_seconds", "dm_job_last_success_timestamp_seconds", "dm_job_interval_seconds", "dm_process_resident_memory_bytes",
    ]) {
      expect(families.has(name), name).toBe(true);
    }
    expect(valueOf(text, "dm_database_up")).toBe(1);
    // Every line parses, and every rental status has a series even at zero.
    const samples = parseSamples(text);
    for (const status of ["pending", "active", "expired", "released", "suspended", "over_quota"]) {
      expect(valueOf(samples, "dm_rentals", { status }), status).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("state read from the database", () => {
  it("follows customers, rentals, orders, revenue, relays, quota stops", async () => {
    const before = parseSamples(await metrics());
    const plan = await makePlan(db, sessionUser(admin), { priceMinor: 1234, currency: "ISK" });
    const { codes } = await makeCodes(db, sessionUser(admin), plan, 1);
    const customer = await createUser(db);
    const { rental } = await redeemSerial(db, sessionUser(customer), { code: codes[0] });
    const after = parseSamples(await metrics());
    const delta = (name: string, labels: Record<string, string>) => (valueOf(after, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);
    // Other files add rows at the same time: at least ours; revenue exactly, since only this file sells in ISK.
    expect(delta("dm_customers", { status: "active" })).toBeGreaterThanOrEqual(1);
    expect(delta("dm_rentals", { status: "pending" }) + delta("dm_rentals", { status: "active" })).toBeGreaterThanOrEqual(1);
    expect(delta("dm_revenue_minor_units", { currency: "ISK" })).toBe(1234);
    expect(delta("dm_orders_paid", { currency: "ISK" })).toBe(1);

    // Quota used up on an active rental: the quota job stops it, and the counter and the gauge say so.
    const stopsBefore = valueOf(after, "dm_quota_stops_total") ?? 0;
    await db.update(rentals).set({ status: "active", trafficUsedBytes: rental.trafficQuotaBytes }).where(eq(rentals.id, rental.id));
    const summary = await checkQuotas(db, [rental.id]);
    expect(summary.overQuota).toBe(1);
    const stopped = parseSamples(await metrics());
    expect(valueOf(stopped, "dm_quota_stops_total")).toBe(stopsBefore + 1);
    expect(valueOf(stopped, "dm_rentals", { status: "over_quota" })).toBeGreaterThanOrEqual(1);
  });

  it("shows each enabled server's status, failing relays, traffic rate and probe figures", async () => {
    const server = await makeServer(db, { status: "up", dockerConnection: { kind: "socket", socketPath: "/nonexistent/derp-metrics/docker.sock" } });
    const plan = await makePlan(db, sessionUser(admin));
    const { codes } = await makeCodes(db, sessionUser(admin), plan, 1);
    const { rental } = await redeemSerial(db, sessionUser(await createUser(db)), { code: codes[0] });
    const reservation = await reserveNode(db, server, { id: rental.id }, 0);
    if (!reservation.ok) throw new Error(`reserving a relay failed: ${reservation.why}`);
    const relayId = reservation.relay.id;
    // The server is ours alone: no allocation elsewhere may pick it while the test reads it.
    await db.update(servers).set({ draining: true }).where(eq(servers.id, server.id));

    const at = now().getTime();
    await db.update(relays).set({ state: "running", lastProbeOk: false, lastProbeAt: new Date(at) }).where(eq(relays.id, relayId));
    // 600 000 bytes in the 300 s window: 2 000 B/s. An older sample, outside the window, does not count.
    await db.insert(relayTrafficSamples).values([
      { relayId, serverId: server.id, rentalId: rental.id, at: new Date(at - 30_000), derpBytes: 600_000 },
      { relayId, serverId: server.id, rentalId: rental.id, at: new Date(at - 3_600_000), derpBytes: 9_999_999 },
    ]);
    await db.insert(probeSamples).values([
      { serverId: server.id, relayId, kind: "https", at: new Date(at - 60_000), ok: true, rttMs: 20 },
      { serverId: server.id, relayId, kind: "https", at: new Date(at - 30_000), ok: true, rttMs: 40 },
      { serverId: server.id, relayId, kind: "https", at: new Date(at - 10_000), ok: false, error: "timeout" },
    ]);

    const labels = { server: server.name };
    const samples = parseSamples(await metrics());
    expect(valueOf(samples, "dm_server_status", { ...labels, status: "up" })).toBe(1);
    expect(valueOf(samples, "dm_server_status", { ...labels, status: "down" })).toBe(0);
    expect(valueOf(samples, "dm_relays_probe_failing", labels)).toBe(1);
    expect(valueOf(samples, "dm_traffic_bytes_per_second", labels)).toBe(2000);
    expect(valueOf(samples, "dm_probe_rtt_seconds", { ...labels, kind: "https" })).toBeCloseTo(0.04, 6);
    expect(valueOf(samples, "dm_probe_rtt_p95_seconds", { ...labels, kind: "https" })).toBeCloseTo(0.039, 6);
    expect(valueOf(samples, "dm_probe_loss_ratio", { ...labels, kind: "https" })).toBeCloseTo(1 / 3, 6);
    const region = samples.find((s) => s.name === "dm_server_status" && s.labels.server === server.name)?.labels.region;
    expect(region).toMatch(/^[a-z0-9-]+$/);

    // The server goes down and its relay recovers: the next scrape says so. A disabled server is not shown.
    await db.update(servers).set({ status: "down" }).where(eq(servers.id, server.id));
    await db.update(relays).set({ lastProbeOk: true }).where(eq(relays.id, relayId));
    const later = parseSamples(await metrics());
    expect(valueOf(later, "dm_server_status", { ...labels, status: "down" })).toBe(1);
    expect(valueOf(later, "dm_server_status", { ...labels, status: "up" })).toBe(0);
    expect(valueOf(later, "dm_relays_probe_failing", labels)).toBe(0);
    await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
    const gone = parseSamples(await metrics());
    expect(valueOf(gone, "dm_server_status", { ...labels, status: "down" })).toBeUndefined();
    expect(valueOf(gone, "dm_traffic_bytes_per_second", labels)).toBeUndefined();
  });

  it("says the database is down (0) when it does not answer, and shows no stale figures; the next good read restores them", async () => {
    const unreachable = openPostgres("postgres://postgres:postgres@127.0.0.1:1/none", 1, "metrics-test");
    try {
      await refreshStateGauges(async () => unreachable.db, stateWindows());
      const text = await stateRegistry.metrics();
      expect(valueOf(text, "dm_database_up")).toBe(0);
      expect(parseSamples(text).filter((s) => s.name === "dm_rentals")).toEqual([]);
    } finally {
      await unreachable.close();
    }
    const back = await metrics();
    expect(valueOf(back, "dm_database_up")).toBe(1);
    expect(valueOf(back, "dm_rentals", { status: "pending" })).toBeGreaterThanOrEqual(0);
  });
});

describe("requests this process served", () => {
  it("labels HTTP requests by route template, never by the raw path", async () => {
    const id = randomUUID();
    const status = route("/api/container/status/[id]");
    const labels = { route: "/api/container/status/[id]", method: "GET", status: "404" };
    const before = valueOf(await metrics(), "dm_http_request_duration_seconds_count", labels) ?? 0;
    const a = await invoke(status, "GET", { headers: await authHeaders(alice), params: { id } });
    expect(a.status).toBe(404);
    const text = await metrics();
    expect(valueOf(text, "dm_http_request_duration_seconds_count", labels)).toBe(before + 1);
    expect(valueOf(text, "dm_http_request_duration_seconds_bucket", { ...labels, le: "+Inf" })).toBe(before + 1);
    expect(text).not.toContain(id);
  });

  it("counts direct-link downloads and admission decisions, with their latency", async () => {
    const token = `dml_${randomUUID().replaceAll("-", "")}`;
    const link = { format: "json", status: "404" };
    const admission = { decision: "deny", reason: "unknown_relay" };
    const before = parseSamples(await metrics());
    // The direct-link route is not under app/api, so the route sweep's loader does not have it.
    const { GET } = await import("@/app/(portal)/acl/[token]/route");
    const { NextRequest } = await import("next/server");
    const res = await GET(new NextRequest(`http://localhost:3000/acl/${token}`), { params: Promise.resolve({ token }) });
    expect(res.status).toBe(404);
    const refused = await invoke(route("/api/derp/admission/[secret]"), "POST", { params: { secret: "not-a-secret" }, body: "{}" });
    expect(refused.text).toBe('{"Allow":false}');

    const text = await metrics();
    const after = parseSamples(text);
    const delta = (name: string, labels: Record<string, string>) => (valueOf(after, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);
    expect(delta("dm_direct_link_downloads_total", link)).toBe(1);
    expect(delta("dm_http_request_duration_seconds_count", { route: "/acl/[token]", method: "GET", status: "404" })).toBe(1);
    expect(delta("dm_admission_decisions_total", admission)).toBe(1);
    expect(delta("dm_admission_duration_seconds_count", { decision: "deny" })).toBe(1);
    expect(text).not.toContain(token);
  });
});
