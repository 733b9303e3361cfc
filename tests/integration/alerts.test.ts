import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, desc, eq, gte, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { admissionRefusals, alertDeliveries, alertSettings, alerts, auditLog, mailOutbox, probeSamples, relays, servers, systemLog } from "@/db/schema";
import { DatabaseWatch } from "@/lib/alerts/database-watch";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { admissionRefusalSpike } from "@/lib/alerts/rules/admission-refusals";
import { probeP95High } from "@/lib/alerts/rules/probe-latency";
import { quotaStopBurst } from "@/lib/alerts/rules/quota-stops";
import { relayProbeFailing } from "@/lib/alerts/rules/relay-probes";
import { serverErrors } from "@/lib/alerts/rules/server-errors";
import { jobStale } from "@/lib/alerts/rules/stale-jobs";
import { pruneAlerts } from "@/lib/alerts/retention";
import { runAlerts } from "@/lib/alerts/run-alerts";
import { updateAlertSettings } from "@/lib/alerts/settings";
import { alertSettingsInput } from "@/lib/alerts/settings-schema";
import type { Thresholds } from "@/lib/alerts/types";
import { setMailTransportForTests } from "@/lib/mail/transport";
import { observeRoute } from "@/lib/metrics/http";
import { translateError } from "@/lib/i18n/messages";
import { authHeaders, createUser, sessionUser, type TestUser } from "../helpers/auth";
import { testDb, unique } from "../helpers/db";
import { alertsJob } from "@/worker/jobs/alerts";
import { runJob } from "@/worker/run-job";
import { makeServer } from "../helpers/fleet";

// Server actions read the request through next/headers; outside Next, the test provides it.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { saveAlertSettingsAction, sendTestAlertAction } = await import("@/app/admin/settings/actions");

/** A real HTTP receiver on a free local port: records every request, answers with `status`. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}
class Receiver {
  received: Received[] = [];
  status = 200;
  private server: HttpServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      this.received.push({ path: req.url ?? "", headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(this.status, { "content-type": "text/plain" }).end("ok");
    });
  });
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
  /** Requests about one alert subject (other test files share the database and may have problems of their own). */
  about(subject: string): Received[] {
    return this.received.filter((r) => r.body.subject === subject);
  }
}

const THRESHOLDS: Thresholds = {
  probeP95Ms: 500,
  quotaStopBurst: 3,
  quotaStopWindowMinutes: 15,
  refusalSpike: 3,
  refusalWindowMinutes: 10,
  serverErrorBurst: 3,
  serverErrorWindowMinutes: 5,
};
const SECRET = "webhook-secret-0123456789";
const MIN = 60_000;

let db: Db;
let admin: TestUser;
let customer: TestUser;
let receiver: Receiver;
let hookBase: string;

async function saveSettings(overrides: Record<string, unknown> = {}) {
  const input = alertSettingsInput.parse({ enabled: true, recipients: [], ...THRESHOLDS, ...overrides });
  return updateAlertSettings(db, sessionUser(admin), input);
}

async function downServer(downForMs: number, at: Date) {
  return makeServer(db, {
    status: "down",
    statusChangedAt: new Date(at.getTime() - downForMs),
    lastError: "connect ENOENT",
    dockerConnection: { kind: "socket", socketPath: "/nonexistent/alerts-test/docker.sock" },
  });
}

beforeAll(async () => {
  db = (await testDb()).db;
  [admin, customer] = await Promise.all([createUser(db, { role: "admin" }), createUser(db)]);
  receiver = new Receiver();
  hookBase = await receiver.start();
});

afterAll(async () => {
  setMailTransportForTests(null);
  await receiver.stop();
  // The rule tests write log lines and refusals dated 2031 (so that only theirs are in the windows); other test
  // files share the database and may read "the newest" rows, so they go again.
  const FUTURE = new Date("2031-01-01T00:00:00Z");
  await db.delete(systemLog).where(gte(systemLog.at, FUTURE));
  await db.delete(admissionRefusals).where(gte(admissionRefusals.lastAt, FUTURE));
});

beforeEach(() => {
  receiver.received = [];
  receiver.status = 200;
});

describe("alert rules and deduplication", () => {
  it("a server down for more than two minutes fires once, stays one alert across runs, and resolves once", async () => {
    const t0 = new Date();
    const server = await downServer(1 * MIN, t0);
    const key = `server_down:${server.id}`;
    const run = (at: Date) => evaluateAlerts(db, { now: at, thresholds: THRESHOLDS, jobs: [] });
    const mine = (rows: { dedupKey: string }[]) => rows.filter((r) => r.dedupKey === key);

    // Down for one minute: not yet.
    expect(mine((await run(t0)).started)).toEqual([]);
    // Down for 2.5 minutes: fires.
    const first = await run(new Date(t0.getTime() + 1.5 * MIN));
    expect(mine(first.started)).toHaveLength(1);
    expect(mine(first.started)[0]).toMatchObject({ rule: "server_down", status: "firing", details: { server: server.name } });
    // Still down at the next runs: the same row, nothing new started.
    for (const later of [2.5, 3.5]) expect(mine((await run(new Date(t0.getTime() + later * MIN))).started)).toEqual([]);
    const rows = await db.select().from(alerts).where(eq(alerts.dedupKey, key));
    expect(rows).toHaveLength(1);
    expect(rows[0].lastSeenAt.getTime()).toBe(t0.getTime() + 3.5 * MIN);

    // Up again: resolved once, and a further run changes nothing.
    await db.update(servers).set({ status: "up", statusChangedAt: new Date(t0.getTime() + 4 * MIN) }).where(eq(servers.id, server.id));
    const back = await run(new Date(t0.getTime() + 4.5 * MIN));
    expect(mine(back.resolved)).toHaveLength(1);
    expect(mine(back.resolved)[0]).toMatchObject({ status: "resolved" });
    expect(mine((await run(new Date(t0.getTime() + 5 * MIN))).resolved)).toEqual([]);
    expect(await db.select().from(alerts).where(eq(alerts.dedupKey, key))).toHaveLength(1);

    // Down again later: a new alert (a new row), not the old one reopened.
    await db.update(servers).set({ status: "down", statusChangedAt: new Date(t0.getTime() + 6 * MIN) }).where(eq(servers.id, server.id));
    expect(mine((await run(new Date(t0.getTime() + 9 * MIN))).started)).toHaveLength(1);
    expect(await db.select().from(alerts).where(eq(alerts.dedupKey, key))).toHaveLength(2);
    await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
  });

  it("probe p95 over the threshold fires for that server and kind only", async () => {
    const server = await makeServer(db, { dockerConnection: { kind: "socket", socketPath: "/nonexistent/alerts-test/docker.sock" } });
    const at = new Date();
    const sample = (kind: "https" | "stun", rttMs: number, i: number) => ({ serverId: server.id, kind, at: new Date(at.getTime() - i * 10_000), ok: true, rttMs });
    await db.insert(probeSamples).values([
      ...[100, 120, 900, 950, 1000, 980].map((ms, i) => sample("https", ms, i)),
      ...[10, 12, 11, 13, 12, 14].map((ms, i) => sample("stun", ms, i)),
    ]);
    const found = (await probeP95High({ db, now: at, thresholds: THRESHOLDS, jobs: [] })).filter((f) => f.details.server === server.name);
    expect(found).toEqual([{ rule: "probe_p95_high", subject: `${server.id}:https`, details: expect.objectContaining({ kind: "https", thresholdMs: 500, samples: 6 }) }]);
    expect(Number(found[0].details.p95Ms)).toBeGreaterThan(900);
    const relaxed = await probeP95High({ db, now: at, thresholds: { ...THRESHOLDS, probeP95Ms: 2000 }, jobs: [] });
    expect(relaxed.filter((f) => f.details.server === server.name)).toEqual([]);
    await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
  });

  it("a relay whose probes all failed for five minutes fires; one success in the window clears it", async () => {
    const server = await makeServer(db, { dockerConnection: { kind: "socket", socketPath: "/nonexistent/alerts-test/docker.sock" } });
    const relayId = crypto.randomUUID();
    await db.insert(relays).values({
      id: relayId,
      serverId: server.id,
      kind: "canary",
      containerName: `derp-alerts-${relayId}`,
      derpPort: server.derpPortMin,
      stunPort: server.stunPortMin,
      hostname: unique("relay"),
      state: "running",
    });
    const at = new Date();
    const failed = (i: number) => ({ serverId: server.id, relayId, kind: "https" as const, at: new Date(at.getTime() - i * 60_000), ok: false, error: "connection refused" });
    await db.insert(probeSamples).values([failed(1), failed(2), failed(3)]);
    const ctx = { db, now: at, thresholds: THRESHOLDS, jobs: [] };
    const mine = async () => (await relayProbeFailing(ctx)).filter((f) => f.subject === relayId);
    expect(await mine()).toEqual([
      { rule: "relay_probe_failing", subject: relayId, details: expect.objectContaining({ server: server.name, failures: 3, error: "connection refused" }) },
    ]);
    await db.insert(probeSamples).values({ serverId: server.id, relayId, kind: "https", at: new Date(at.getTime() - 30_000), ok: true, rttMs: 20 });
    expect(await mine()).toEqual([]);
    await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
  });

  it("a job without a successful run for three periods fires; a recent success or a young worker does not", async () => {
    // Far in the future, so only this test's log rows are in the windows.
    const at = new Date("2031-03-01T12:00:00Z");
    const job = unique("job");
    const ctx = { db, now: at, thresholds: THRESHOLDS, jobs: [{ name: job, periodSeconds: 60 }] };
    const log = (minutesAgo: number, outcome: string, name = job) =>
      db.insert(systemLog).values({ at: new Date(at.getTime() - minutesAgo * MIN), level: "info", source: "worker", message: `job ${name} ${outcome}`, context: { job: name, outcome } });
    // Only a failed run 1 minute ago and nothing older: the worker is younger than three periods.
    await log(1, "failed");
    expect(await jobStale(ctx)).toEqual([]);
    // The worker has been logging for 5 minutes; the last success was 5 minutes ago (> 3 × 60 s).
    await log(5, "ok", "other-job");
    await log(5, "ok");
    expect(await jobStale(ctx)).toEqual([{ rule: "job_stale", subject: job, details: { job, periodSeconds: 60, lastSuccess: new Date(at.getTime() - 5 * MIN).toISOString() } }]);
    await log(2, "ok");
    expect(await jobStale(ctx)).toEqual([]);
  });

  it("a burst of quota stops and a spike of refused keys fire at their thresholds", async () => {
    const at = new Date("2031-04-01T12:00:00Z");
    const ctx = { db, now: at, thresholds: THRESHOLDS, jobs: [] };
    const stop = (minutesAgo: number) =>
      db.insert(systemLog).values({ at: new Date(at.getTime() - minutesAgo * MIN), level: "info", source: "rentals", message: "rental active → over_quota (quota)", context: { to: "over_quota", reason: "quota" } });
    await stop(1);
    await stop(5);
    await stop(30); // outside the 15-minute window
    expect(await quotaStopBurst(ctx)).toEqual([]);
    await stop(10);
    expect(await quotaStopBurst(ctx)).toEqual([{ rule: "quota_stop_burst", subject: "platform", details: { stops: 3, threshold: 3, windowMinutes: 15 } }]);

    const refuse = (userId: string, minutesAgo: number) =>
      db.insert(admissionRefusals).values({ userId, nodeKey: `nodekey:${crypto.randomUUID().replace(/-/g, "")}`, reason: "unknown_key", count: 40, firstAt: new Date(at.getTime() - 60 * MIN), lastAt: new Date(at.getTime() - minutesAgo * MIN) });
    await refuse(customer.id, 2);
    await refuse(customer.id, 3);
    await refuse(admin.id, 20); // outside the 10-minute window
    expect(await admissionRefusalSpike(ctx)).toEqual([]);
    await refuse(admin.id, 4);
    expect(await admissionRefusalSpike(ctx)).toEqual([
      { rule: "admission_refusal_spike", subject: "platform", details: { keys: 3, customers: 2, threshold: 3, windowMinutes: 10 } },
    ]);
  });

  it("server errors: every 5xx answer is a system-log line by route template, and a burst of them fires", async () => {
    // What a request answered with a 5xx leaves behind, through the wrapper every route uses.
    const token = `secret-${unique("t")}`;
    const failing = observeRoute(async () => new Response(null, { status: 503 }));
    const ok = observeRoute(async () => new Response(null, { status: 404 }));
    const request = () => new Request(`http://localhost/api/alerts-probe/${token}`);
    await failing(request(), { params: Promise.resolve({ token }) });
    await ok(request(), { params: Promise.resolve({ token }) });
    const lines = async () =>
      db.select().from(systemLog).where(and(eq(systemLog.source, "http"), sql`${systemLog.context}->>'route' = '/api/alerts-probe/[token]'`));
    await vi.waitFor(async () => expect(await lines()).toHaveLength(1));
    const [line] = await lines();
    expect(line).toMatchObject({ level: "error", message: "GET /api/alerts-probe/[token] answered 503", context: { route: "/api/alerts-probe/[token]", method: "GET", status: 503 } });
    expect(JSON.stringify(line)).not.toContain(token);

    const at = new Date("2031-05-01T12:00:00Z");
    const ctx = { db, now: at, thresholds: THRESHOLDS, jobs: [] };
    const error = (route: string, minutesAgo: number) =>
      db.insert(systemLog).values({ at: new Date(at.getTime() - minutesAgo * MIN), level: "error", source: "http", message: `GET ${route} answered 500`, context: { route, method: "GET", status: 500 } });
    await error("/api/user/me", 1);
    await error("/api/user/me", 2);
    await error("/api/serial/activate", 9); // outside the 5-minute window
    expect(await serverErrors(ctx)).toEqual([]);
    await error("/api/serial/activate", 3);
    expect(await serverErrors(ctx)).toEqual([
      { rule: "server_errors", subject: "platform", details: { errors: 3, route: "/api/user/me", threshold: 3, windowMinutes: 5 } },
    ]);
  });
});

describe("alert delivery", () => {
  it("sends one firing and one resolved message to the webhook (signed JSON) and by email, and logs each delivery", async () => {
    const recipient = `${unique("ops")}@example.com`;
    await saveSettings({ recipients: [recipient], webhookUrl: `${hookBase}/hooks/T000/secret-token`, webhookSecret: SECRET });
    const t0 = new Date();
    const server = await downServer(3 * MIN, t0);
    const subject = `server_down:${server.id}`;

    const first = await runAlerts(db, t0, []);
    expect(first.enabled).toBe(true);
    const [hook] = receiver.about(subject);
    expect(receiver.about(subject)).toHaveLength(1);
    expect(hook.path).toBe("/hooks/T000/secret-token");
    expect(hook.headers["content-type"]).toBe("application/json");
    expect(hook.body).toMatchObject({ event: "firing", status: "firing", rule: "server_down", subject, resolvedAt: null, details: { server: server.name } });
    expect(hook.body.text).toContain(`[FIRING] Server ${server.name} is down`);
    expect(hook.body.content).toBe(hook.body.text);
    // The signature is HMAC-SHA256 over "<timestamp>.<raw body>" with the saved secret.
    const ts = String(hook.headers["x-derpmanagement-timestamp"]);
    expect(hook.headers["x-derpmanagement-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(`${ts}.${hook.raw}`).digest("hex")}`);

    // Mails about this server (alerts of earlier tests resolve in the same run and are mailed too).
    const mailsAbout = async () =>
      (await db.select().from(mailOutbox).where(and(eq(mailOutbox.to, recipient), eq(mailOutbox.template, "alert"))).orderBy(mailOutbox.id)).filter((m) => m.subject.includes(server.name));
    const mails = await mailsAbout();
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain(`Server ${server.name} is down`);
    expect(mails[0].text).toContain("/admin/settings");

    const [alert] = await db.select().from(alerts).where(eq(alerts.dedupKey, subject));
    const logged = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert.id));
    expect(logged.map((d) => ({ target: d.target, event: d.event, ok: d.ok, destination: d.destination, httpStatus: d.httpStatus })).sort((a, b) => a.target.localeCompare(b.target))).toEqual([
      { target: "email", event: "firing", ok: true, destination: recipient, httpStatus: null },
      // The host only: the path of a chat webhook is its token.
      { target: "webhook", event: "firing", ok: true, destination: new URL(hookBase).host, httpStatus: 200 },
    ]);

    // The next runs: still down, nothing sent.
    await runAlerts(db, new Date(t0.getTime() + MIN), []);
    await runAlerts(db, new Date(t0.getTime() + 2 * MIN), []);
    expect(receiver.about(subject)).toHaveLength(1);
    expect(await mailsAbout()).toHaveLength(1);

    // Back up: one resolved message.
    await db.update(servers).set({ status: "up" }).where(eq(servers.id, server.id));
    await runAlerts(db, new Date(t0.getTime() + 3 * MIN), []);
    await runAlerts(db, new Date(t0.getTime() + 4 * MIN), []);
    const messages = receiver.about(subject);
    expect(messages.map((m) => m.body.event)).toEqual(["firing", "resolved"]);
    expect(messages[1].body.text).toContain(`[RESOLVED] Server ${server.name} is down`);
    expect(messages[1].body.text).toContain("after 3 minutes");
    expect((await mailsAbout()).map((m) => m.subject.includes("[RESOLVED]"))).toEqual([false, true]);
    await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
  });

  it("records a webhook's error status, a refused connection and a failed mail as failed deliveries", async () => {
    const recipient = `${unique("ops")}@example.com`;
    await saveSettings({ recipients: [recipient], webhookUrl: `${hookBase}/hook`, clearWebhookSecret: true });
    receiver.status = 500;
    setMailTransportForTests({
      name: "test",
      send: async () => {
        throw new Error("smtp says no");
      },
    });
    try {
      const server = await downServer(3 * MIN, new Date());
      await runAlerts(db, new Date(), []);
      const [alert] = await db.select().from(alerts).where(eq(alerts.dedupKey, `server_down:${server.id}`));
      const logged = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert.id));
      expect(logged.find((d) => d.target === "webhook")).toMatchObject({ ok: false, httpStatus: 500, error: "HTTP 500" });
      expect(logged.find((d) => d.target === "email")).toMatchObject({ ok: false, httpStatus: null, error: expect.stringContaining("mail_failed") });
      // Unsigned now: the secret was removed.
      expect(receiver.about(`server_down:${server.id}`)[0].headers["x-derpmanagement-signature"]).toBeUndefined();
      await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
    } finally {
      setMailTransportForTests(null);
    }

    // Nothing listens on this port any more.
    const closed = new Receiver();
    const deadUrl = await closed.start();
    await closed.stop();
    await saveSettings({ recipients: [], webhookUrl: `${deadUrl}/hook` });
    const server = await downServer(3 * MIN, new Date());
    await runAlerts(db, new Date(), []);
    const [alert] = await db.select().from(alerts).where(eq(alerts.dedupKey, `server_down:${server.id}`));
    const [delivery] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert.id));
    expect(delivery).toMatchObject({ target: "webhook", ok: false, httpStatus: null, error: "ECONNREFUSED" });
    await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
  });

  it("sends nothing and evaluates nothing while alerts are switched off", async () => {
    await saveSettings({ enabled: false, webhookUrl: `${hookBase}/hook` });
    const server = await downServer(3 * MIN, new Date());
    expect(await runAlerts(db, new Date(), [])).toMatchObject({ enabled: false, started: 0 });
    expect(receiver.received).toEqual([]);
    expect(await db.select().from(alerts).where(eq(alerts.dedupKey, `server_down:${server.id}`))).toEqual([]);
    await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
  });
});

describe("the alerts job", () => {
  it("runs under the worker's job runner and logs its counts; a stale job it is given raises an alert", async () => {
    await saveSettings({ webhookUrl: `${hookBase}/job-hook` });
    const handle = await testDb();
    const job = unique("never-run");
    // The worker was logging before the last three periods (4 minutes ago), and `job` never ran.
    await db.insert(systemLog).values({ at: new Date(Date.now() - 4 * MIN), level: "info", source: "worker", message: "job x ok", context: { job: "x", outcome: "ok" } });
    expect(await runJob(handle, "alerts", alertsJob(() => [{ name: job, periodSeconds: 60 }]))).toBe("ok");
    const [entry] = await db.select().from(systemLog).where(and(eq(systemLog.source, "worker"), eq(systemLog.message, "job alerts ok"))).orderBy(desc(systemLog.id)).limit(1);
    expect(entry.context).toMatchObject({ job: "alerts", outcome: "ok", summary: { enabled: true } });
    expect(Number((entry.context.summary as Record<string, number>).started)).toBeGreaterThanOrEqual(1);
    expect(receiver.about(`job_stale:${job}`).map((r) => r.body.event)).toEqual(["firing"]);
  });
});

describe("alert retention", () => {
  it("prunes old deliveries and long-resolved alerts, never a firing one", async () => {
    const old = new Date("2001-01-01T00:00:00Z");
    const key = unique("retention");
    const [firing] = await db.insert(alerts).values({ rule: "server_down", dedupKey: `${key}:firing`, startedAt: old, lastSeenAt: old }).returning();
    const [resolved] = await db
      .insert(alerts)
      .values({ rule: "server_down", dedupKey: `${key}:resolved`, status: "resolved", startedAt: old, lastSeenAt: old, resolvedAt: old })
      .returning();
    await db.insert(alertDeliveries).values({ at: old, alertId: resolved.id, rule: "server_down", event: "firing", target: "email", destination: `${key}@example.com`, ok: true });
    const pruned = await pruneAlerts(db, new Date("2002-01-01T00:00:00Z"));
    expect(pruned.deliveries).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(alerts).where(eq(alerts.id, resolved.id))).toEqual([]);
    expect(await db.select().from(alerts).where(eq(alerts.id, firing.id))).toHaveLength(1);
    expect(await db.select().from(alertDeliveries).where(eq(alertDeliveries.destination, `${key}@example.com`))).toEqual([]);
  });
});

describe("database watch", () => {
  it("posts 'database unreachable' with the settings it kept, then 'resolved', and logs both once the database answers", async () => {
    await saveSettings({ webhookUrl: `${hookBase}/db-hook`, recipients: ["nobody-by-mail@example.com"] });
    // A real client of a port where no database listens: every query fails.
    const deadClient = postgres("postgres://postgres:postgres@127.0.0.1:1/none", { connect_timeout: 2, max: 1, onnotice: () => undefined });
    const dead = drizzle(deadClient, { schema, casing: "snake_case" }) as unknown as Db;
    let current: Db = db;
    const switching = new Proxy({} as Db, { get: (_t, key) => (current as unknown as Record<string | symbol, unknown>)[key] });
    const watch = new DatabaseWatch(switching, 0);
    try {
      expect(await watch.check()).toBe("up");
      current = dead;
      expect(await watch.check()).toBe("firing");
      expect(await watch.check()).toBe("firing");
      const firing = receiver.received.filter((r) => r.body.rule === "database_unreachable");
      expect(firing).toHaveLength(1);
      expect(firing[0].path).toBe("/db-hook");
      expect(firing[0].body).toMatchObject({ event: "firing", subject: "database" });
      expect(firing[0].body.text).toContain("[FIRING] The worker cannot reach the database");

      current = db;
      expect(await watch.check()).toBe("up");
      const events = receiver.received.filter((r) => r.body.rule === "database_unreachable").map((r) => r.body.event);
      expect(events).toEqual(["firing", "resolved"]);
      const logged = await db.select().from(alertDeliveries).where(eq(alertDeliveries.rule, "database_unreachable")).orderBy(desc(alertDeliveries.id)).limit(2);
      expect(logged.map((d) => [d.event, d.target, d.ok]).sort()).toEqual([
        ["firing", "webhook", true],
        ["resolved", "webhook", true],
      ]);
    } finally {
      await deadClient.end({ timeout: 1 });
    }
  });
});

describe("settings and test button (server actions)", () => {
  const refusal = (code: string) => ({ ok: false, error: { code, message: translateError("en", code) } });
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };
  const thresholds = Object.fromEntries(Object.entries(THRESHOLDS).map(([k, v]) => [k, String(v)]));

  it("saves the form, seals the secret, audits the change, and refuses webhook URLs that are not http(s)", async () => {
    request.headers = new Headers({ "accept-language": "en", ...(await authHeaders(admin)) });
    const saved = await saveAlertSettingsAction(
      null,
      form({ enabled: "on", recipients: "A@Example.com, b@example.com\nb@example.com", webhookUrl: `${hookBase}/x`, webhookSecret: SECRET, mailLocale: "zh-CN", ...thresholds }),
    );
    expect(saved).toEqual({ ok: true, data: { enabled: true, hasWebhookSecret: true } });
    const [row] = await db.select().from(alertSettings);
    expect(row.recipients).toEqual(["a@example.com", "b@example.com"]);
    expect(row.mailLocale).toBe("zh-CN");
    expect(row.webhookSecretSealed).not.toBeNull();
    expect(row.webhookSecretSealed!.includes(Buffer.from(SECRET))).toBe(false);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "alerts.settings_updated")).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ actorId: admin.id, targetType: "settings", targetId: "alerts" });
    expect(audit.details).toMatchObject({ enabled: "true", secret: "set", recipients: 2 });
    expect(JSON.stringify(audit.details)).not.toContain(SECRET);

    for (const url of ["ftp://example.com/hook", "javascript:alert(1)", "file:///etc/passwd", "not a url"]) {
      const state = await saveAlertSettingsAction(null, form({ webhookUrl: url, ...thresholds }));
      expect(state, url).toMatchObject({ ok: false, error: { code: "validation", fieldErrors: { webhookUrl: [{ code: "alert_webhook_url_invalid" }] } } });
    }
    const badMail = await saveAlertSettingsAction(null, form({ recipients: "ops@example.com, not-an-address", ...thresholds }));
    expect(badMail).toMatchObject({ ok: false, error: { fieldErrors: { recipients: [{ code: "alert_recipient_invalid" }] } } });
    // The refused forms changed nothing.
    const [after] = await db.select().from(alertSettings);
    expect(after.webhookUrl).toBe(`${hookBase}/x`);
  });

  it("the test button delivers to both targets and returns each outcome, in the chosen language", async () => {
    const recipient = `${unique("ops")}@example.com`;
    await saveSettings({ recipients: [recipient], webhookUrl: `${hookBase}/test-hook`, mailLocale: "zh-CN" });
    request.headers = new Headers({ "accept-language": "en", ...(await authHeaders(admin)) });
    const state = await sendTestAlertAction(null, form({ confirm: "1" }));
    expect(state).toEqual({
      ok: true,
      data: [
        { target: "email", destination: recipient, ok: true, httpStatus: null, error: null },
        { target: "webhook", destination: new URL(hookBase).host, ok: true, httpStatus: 200, error: null },
      ],
    });
    const tests = receiver.received.filter((r) => r.body.event === "test");
    expect(tests).toHaveLength(1);
    expect(tests[0].body.text).toContain("[测试]");
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, recipient));
    expect(mail).toMatchObject({ template: "alert", locale: "zh-CN" });
    expect(mail.subject).toContain("测试告警");
    const logged = await db.select().from(alertDeliveries).where(and(eq(alertDeliveries.event, "test"), eq(alertDeliveries.destination, recipient)));
    expect(logged).toHaveLength(1);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "alerts.test_sent")).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ actorId: admin.id, details: { targets: 2, failed: 0 } });
  });

  it("the test button says so when no target is saved", async () => {
    await saveSettings({ recipients: [], webhookUrl: undefined });
    request.headers = new Headers({ "accept-language": "en", ...(await authHeaders(admin)) });
    expect(await sendTestAlertAction(null, form({ confirm: "1" }))).toEqual(refusal("alert_no_targets"));
  });

  it("a customer may neither change the settings nor send a test", async () => {
    await saveSettings({ recipients: ["keep@example.com"], webhookUrl: `${hookBase}/keep` });
    request.headers = new Headers({ "accept-language": "en", ...(await authHeaders(customer)) });
    expect(await saveAlertSettingsAction(null, form({ enabled: "on", webhookUrl: "https://evil.example/hook", ...thresholds }))).toEqual(refusal("forbidden"));
    expect(await sendTestAlertAction(null, form({ confirm: "1" }))).toEqual(refusal("forbidden"));
    const [row] = await db.select().from(alertSettings);
    expect(row.webhookUrl).toBe(`${hookBase}/keep`);
    expect(receiver.received).toEqual([]);
    // Nothing was written on the customer's behalf.
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(and(eq(auditLog.actorId, customer.id), eq(auditLog.targetId, "alerts")));
    expect(n).toBe(0);
  });
});
