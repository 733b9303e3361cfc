import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/db/client";
import { probeRollups, probeSamples, serverLoadSamples, type Server } from "@/db/schema";
import { DAY_MS, now, testClock } from "@/lib/clock";
import { rollupProbeSamples, rollupRecent } from "@/lib/fleet/monitor/rollups";
import { pruneFleetSamples } from "@/lib/fleet/monitor/retention";
import { GET as latencyRoute } from "@/app/api/server/[id]/latency/route";
import { retention } from "@/worker/jobs/retention";
import { runJob } from "@/worker/run-job";
import { authHeaders, call, createUser, jsonRequest, type TestUser } from "../helpers/auth";
import { testDb } from "../helpers/db";
import { makeOfflineServer } from "../helpers/fleet";

// Rollups, retention and the trend series, on samples inserted by the test (no Docker needed).

const HOUR = 3_600_000;

type Sample = { kind: "https" | "stun"; at: Date; ok: boolean; rttMs: number | null };

/** percentile_cont: linear interpolation between the closest ranks of the sorted values. */
function p95(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = 0.95 * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

function expected(samples: Sample[]) {
  const rtts = samples.filter((s) => s.ok).map((s) => Math.fround(s.rttMs!));
  return {
    samples: samples.length,
    failures: samples.filter((s) => !s.ok).length,
    minMs: Math.min(...rtts),
    avgMs: rtts.reduce((a, b) => a + b, 0) / rtts.length,
    p95Ms: p95(rtts),
    maxMs: Math.max(...rtts),
  };
}

/** Samples with random round trips (2 decimals) and about one in ten failing. */
function randomSamples(kind: Sample["kind"], start: Date, count: number, spanMs: number): Sample[] {
  return Array.from({ length: count }, (_, i) => {
    const ok = i % 10 !== 3;
    return { kind, at: new Date(start.getTime() + Math.floor((i / count) * spanMs)), ok, rttMs: ok ? Math.round(Math.random() * 20_000) / 100 : null };
  });
}

let handle: DbHandle;
let db: Db;
let admin: TestUser;
let customer: TestUser;

async function insertSamples(server: Server, samples: Sample[]) {
  await db.insert(probeSamples).values(samples.map((s) => ({ serverId: server.id, kind: s.kind, at: s.at, ok: s.ok, rttMs: s.rttMs, error: s.ok ? null : "timeout" })));
}

async function rollupRow(server: Server, kind: Sample["kind"], granularity: "hour" | "day", bucketStart: Date) {
  const rows = await db
    .select()
    .from(probeRollups)
    .where(
      and(
        eq(probeRollups.serverId, server.id),
        eq(probeRollups.kind, kind),
        eq(probeRollups.granularity, granularity),
        eq(probeRollups.bucketStart, bucketStart),
      ),
    );
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0];
}

function expectRollup(row: typeof probeRollups.$inferSelect | undefined, want: ReturnType<typeof expected>) {
  expect(row).toBeDefined();
  expect(row!.samples).toBe(want.samples);
  expect(row!.failures).toBe(want.failures);
  // Stored as real (float4): equal to about 5 significant digits.
  expect(row!.minMs).toBeCloseTo(want.minMs, 2);
  expect(row!.avgMs).toBeCloseTo(want.avgMs, 2);
  expect(row!.p95Ms).toBeCloseTo(want.p95Ms, 2);
  expect(row!.maxMs).toBeCloseTo(want.maxMs, 2);
}

beforeAll(async () => {
  handle = await testDb();
  db = handle.db;
  [admin, customer] = await Promise.all([createUser(db, { role: "admin" }), createUser(db)]);
});

afterEach(() => testClock.reset());

describe("latency rollups", () => {
  // A fixed day well inside the past, so no other test's samples fall into its buckets for this server.
  const day = new Date("2026-03-10T00:00:00Z");
  const h1 = new Date(day.getTime() + 5 * HOUR);
  const h2 = new Date(day.getTime() + 6 * HOUR);

  it("equal the aggregates of the raw samples per hour and per day, and recomputing a bucket is idempotent", async () => {
    const server = await makeOfflineServer(db);
    const https1 = randomSamples("https", h1, 40, HOUR);
    const https2 = randomSamples("https", h2, 25, HOUR);
    const stun1 = randomSamples("stun", h1, 33, HOUR);
    // Edges: a sample at the very start of the next hour belongs to it, not to h1.
    const edge: Sample = { kind: "https", at: h2, ok: true, rttMs: 999.5 };
    await insertSamples(server, [...https1, ...https2, ...stun1, edge]);

    await rollupProbeSamples(db, "hour", day, new Date(day.getTime() + DAY_MS));
    await rollupProbeSamples(db, "day", day, new Date(day.getTime() + DAY_MS));
    expectRollup(await rollupRow(server, "https", "hour", h1), expected(https1));
    expectRollup(await rollupRow(server, "https", "hour", h2), expected([...https2, edge]));
    expectRollup(await rollupRow(server, "stun", "hour", h1), expected(stun1));
    expect(await rollupRow(server, "stun", "hour", h2)).toBeUndefined();
    // The daily p95 comes from the raw samples of the day, not from the hourly p95s.
    expectRollup(await rollupRow(server, "https", "day", day), expected([...https1, ...https2, edge]));
    expectRollup(await rollupRow(server, "stun", "day", day), expected(stun1));

    // Once more with nothing new: the same rows, no duplicates.
    await rollupProbeSamples(db, "hour", day, new Date(day.getTime() + DAY_MS));
    const all = await db.select().from(probeRollups).where(eq(probeRollups.serverId, server.id));
    expect(all).toHaveLength(5);
    expectRollup(await rollupRow(server, "https", "hour", h1), expected(https1));

    // A late sample in h1: recomputing updates that bucket in place.
    const late: Sample = { kind: "https", at: new Date(h1.getTime() + 59 * 60_000), ok: false, rttMs: null };
    await insertSamples(server, [late]);
    await rollupProbeSamples(db, "hour", h1, h2);
    expectRollup(await rollupRow(server, "https", "hour", h1), expected([...https1, late]));
    expect(await db.select().from(probeRollups).where(eq(probeRollups.serverId, server.id))).toHaveLength(5);
  });

  it("leaves min/avg/p95/max empty and counts the loss when every sample of a bucket failed", async () => {
    const server = await makeOfflineServer(db);
    const failed: Sample[] = Array.from({ length: 4 }, (_, i) => ({ kind: "stun", at: new Date(h1.getTime() + i * 1000), ok: false, rttMs: null }));
    await insertSamples(server, failed);
    await rollupProbeSamples(db, "hour", h1, h2);
    expect(await rollupRow(server, "stun", "hour", h1)).toMatchObject({ samples: 4, failures: 4, minMs: null, avgMs: null, p95Ms: null, maxMs: null });
  });

  it("the job's range covers the current and previous buckets", async () => {
    const server = await makeOfflineServer(db);
    const at = now();
    const current = new Date(Math.floor(at.getTime() / HOUR) * HOUR);
    const previous = new Date(current.getTime() - HOUR);
    const inCurrent = randomSamples("https", current, 5, Math.max(1, at.getTime() - current.getTime()));
    const inPrevious = randomSamples("https", previous, 7, HOUR);
    await insertSamples(server, [...inCurrent, ...inPrevious]);
    await rollupRecent(db, at, 7);
    expectRollup(await rollupRow(server, "https", "hour", current), expected(inCurrent));
    expectRollup(await rollupRow(server, "https", "hour", previous), expected(inPrevious));
    const today = new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
    const todays = [...inCurrent, ...inPrevious].filter((s) => s.at >= today);
    expectRollup(await rollupRow(server, "https", "day", today), expected(todays));
  });
});

describe("retention", () => {
  it("deletes exactly the rows older than the limits and keeps daily rollups", async () => {
    const server = await makeOfflineServer(db);
    const at = new Date(Math.floor(now().getTime() / 1000) * 1000);
    const rawCut = at.getTime() - 7 * DAY_MS;
    const hourlyCut = at.getTime() - 90 * DAY_MS;
    const loadCut = at.getTime() - 35 * DAY_MS;
    const raw = [rawCut - 1, rawCut, rawCut + 1].map((t) => ({ serverId: server.id, kind: "https" as const, at: new Date(t), ok: true, rttMs: 1 }));
    const inserted = await db.insert(probeSamples).values(raw).returning({ id: probeSamples.id, at: probeSamples.at });
    const rollup = (granularity: "hour" | "day", t: number) => ({
      serverId: server.id,
      kind: "stun" as const,
      granularity,
      bucketStart: new Date(t),
      samples: 1,
      failures: 0,
      minMs: 1,
      avgMs: 1,
      p95Ms: 1,
      maxMs: 1,
    });
    await db.insert(probeRollups).values([
      rollup("hour", hourlyCut - HOUR),
      rollup("hour", hourlyCut),
      rollup("hour", hourlyCut + HOUR),
      rollup("day", at.getTime() - 400 * DAY_MS),
      rollup("day", at.getTime() - 3000 * DAY_MS),
    ]);
    const load = (t: number) => ({ serverId: server.id, at: new Date(t), status: "up" as const, relaysRunning: 0, capacity: 5 });
    await db.insert(serverLoadSamples).values([load(loadCut - 1), load(loadCut), load(loadCut + 1)]);

    const counts = await pruneFleetSamples(db, at, { rawDays: 7, hourlyDays: 90, loadDays: 35 });
    expect(counts.probeSamples).toBeGreaterThanOrEqual(1);

    const leftRaw = await db.select({ id: probeSamples.id }).from(probeSamples).where(inArray(probeSamples.id, inserted.map((r) => r.id)));
    expect(leftRaw.map((r) => r.id).sort()).toEqual(inserted.slice(1).map((r) => r.id).sort());
    const leftRollups = await db.select().from(probeRollups).where(eq(probeRollups.serverId, server.id));
    expect(leftRollups.map((r) => `${r.granularity}@${r.bucketStart.getTime()}`).sort()).toEqual(
      [
        `hour@${hourlyCut}`,
        `hour@${hourlyCut + HOUR}`,
        `day@${at.getTime() - 400 * DAY_MS}`,
        `day@${at.getTime() - 3000 * DAY_MS}`,
      ].sort(),
    );
    const leftLoad = await db.select().from(serverLoadSamples).where(eq(serverLoadSamples.serverId, server.id));
    expect(leftLoad.map((r) => r.at.getTime()).sort()).toEqual([loadCut, loadCut + 1]);
  });

  it("runs as part of the retention job with the configured limits", async () => {
    const server = await makeOfflineServer(db);
    const at = Date.now();
    await db.insert(probeSamples).values([
      { serverId: server.id, kind: "https", at: new Date(at - 8 * DAY_MS), ok: true, rttMs: 1 },
      { serverId: server.id, kind: "https", at: new Date(at - 6 * DAY_MS), ok: true, rttMs: 2 },
    ]);
    expect(await runJob(handle, "retention", retention)).toBe("ok");
    const left = await db.select().from(probeSamples).where(eq(probeSamples.serverId, server.id));
    expect(left.map((r) => r.rttMs)).toEqual([2]);
  });
});

describe("GET /api/server/<id>/latency", () => {
  const T = new Date("2026-11-20T10:30:15Z");
  const get = async (id: string, query: string, user: TestUser | null = admin) =>
    call(latencyRoute, jsonRequest(`/api/server/${id}/latency${query}`, { headers: user ? await authHeaders(user) : {} }), { id });

  it("answers the series of each range: raw per minute for 1h, hourly and daily rollups, and load", async () => {
    testClock.freeze(T);
    const server = await makeOfflineServer(db);
    // Raw samples in the minute 10:25 and one failure at 10:26.
    const minute = new Date("2026-11-20T10:25:00Z");
    const raw: Sample[] = [
      { kind: "https", at: new Date(minute.getTime() + 1_000), ok: true, rttMs: 10 },
      { kind: "https", at: new Date(minute.getTime() + 31_000), ok: true, rttMs: 30 },
      { kind: "https", at: new Date(minute.getTime() + 61_000), ok: false, rttMs: null },
      { kind: "stun", at: new Date(minute.getTime() + 2_000), ok: true, rttMs: 5 },
    ];
    await insertSamples(server, raw);
    const hour = new Date("2026-11-20T08:00:00Z");
    const dayStart = new Date("2026-11-18T00:00:00Z");
    await db.insert(probeRollups).values([
      { serverId: server.id, kind: "https", granularity: "hour", bucketStart: hour, samples: 60, failures: 3, minMs: 4, avgMs: 12, p95Ms: 20, maxMs: 40 },
      { serverId: server.id, kind: "stun", granularity: "day", bucketStart: dayStart, samples: 1440, failures: 144, minMs: 1, avgMs: 2, p95Ms: 3, maxMs: 9 },
    ]);
    await db.insert(serverLoadSamples).values([
      { serverId: server.id, at: new Date("2026-11-20T10:28:00Z"), status: "up", relaysRunning: 2, capacity: 5, relayCpuPercent: 10, relayMemoryBytes: 1000, hostCpus: 4, hostMemoryBytes: 8e9 },
      { serverId: server.id, at: new Date("2026-11-20T10:28:30Z"), status: "down", relaysRunning: 3, capacity: 5, relayCpuPercent: null, relayMemoryBytes: null, hostCpus: null, hostMemoryBytes: null },
    ]);

    const oneHour = await get(server.id, "?range=1h");
    expect(oneHour.status).toBe(200);
    const d = oneHour.body.data;
    expect(Object.keys(d).sort()).toEqual(["bucketSeconds", "from", "https", "load", "range", "stun", "to"]);
    expect(d).toMatchObject({ range: "1h", bucketSeconds: 60, from: "2026-11-20T09:31:00.000Z", to: "2026-11-20T10:31:00.000Z" });
    expect(d.https).toHaveLength(60);
    expect(d.stun).toHaveLength(60);
    expect(d.load).toHaveLength(60);
    const at = (series: { t: string }[], t: string) => series.find((p) => p.t === t);
    expect(at(d.https, "2026-11-20T10:25:00.000Z")).toEqual({
      t: "2026-11-20T10:25:00.000Z",
      samples: 2,
      failures: 0,
      loss: 0,
      minMs: 10,
      avgMs: 20,
      p95Ms: 29,
      maxMs: 30,
    });
    expect(at(d.https, "2026-11-20T10:26:00.000Z")).toMatchObject({ samples: 1, failures: 1, loss: 1, avgMs: null });
    expect(at(d.https, "2026-11-20T10:00:00.000Z")).toEqual({ t: "2026-11-20T10:00:00.000Z", samples: 0, failures: 0, loss: null, minMs: null, avgMs: null, p95Ms: null, maxMs: null });
    expect(at(d.stun, "2026-11-20T10:25:00.000Z")).toMatchObject({ samples: 1, avgMs: 5 });
    expect(at(d.load, "2026-11-20T10:28:00.000Z")).toEqual({
      t: "2026-11-20T10:28:00.000Z",
      samples: 2,
      relaysRunning: 2.5,
      capacity: 5,
      cpuPercent: 10,
      memoryBytes: 1000,
      hostCpus: 4,
      hostMemoryBytes: 8e9,
      downChecks: 1,
    });

    const day = (await get(server.id, "?range=24h")).body.data;
    expect(day).toMatchObject({ range: "24h", bucketSeconds: 3600, from: "2026-11-19T11:00:00.000Z" });
    expect(day.https).toHaveLength(24);
    expect(at(day.https, "2026-11-20T08:00:00.000Z")).toEqual({
      t: "2026-11-20T08:00:00.000Z",
      samples: 60,
      failures: 3,
      loss: 0.05,
      minMs: 4,
      avgMs: 12,
      p95Ms: 20,
      maxMs: 40,
    });
    // The current hour's rollup is not there yet: its raw samples are not mixed in.
    expect(at(day.https, "2026-11-20T10:00:00.000Z")).toMatchObject({ samples: 0 });
    expect(at(day.load, "2026-11-20T10:00:00.000Z")).toMatchObject({ samples: 2, relaysRunning: 2.5 });

    const week = (await get(server.id, "?range=7d")).body.data;
    expect(week.https).toHaveLength(168);
    expect(at(week.https, "2026-11-20T08:00:00.000Z")).toMatchObject({ samples: 60 });

    const month = (await get(server.id, "?range=30d")).body.data;
    expect(month).toMatchObject({ range: "30d", bucketSeconds: 86_400, from: "2026-10-22T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z" });
    expect(month.stun).toHaveLength(30);
    expect(at(month.stun, "2026-11-18T00:00:00.000Z")).toMatchObject({ samples: 1440, failures: 144, loss: 0.1, p95Ms: 3 });
    expect(at(month.load, "2026-11-20T00:00:00.000Z")).toMatchObject({ samples: 2 });

    // No range: 24 hours.
    expect((await get(server.id, "")).body.data.range).toBe("24h");
  });

  it("refuses an unknown range, an unknown or malformed id, anonymous callers and customers", async () => {
    const server = await makeOfflineServer(db);
    const bad = await get(server.id, "?range=2h");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation");
    expect(bad.body.error.fieldErrors.range).toBeDefined();

    const unknown = await get(randomUUID(), "?range=1h");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("server_unknown");
    const malformed = await get("not-a-uuid", "?range=1h");
    expect(malformed.status).toBe(400);

    const anonymous = await get(server.id, "?range=1h", null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");
    const refused = await get(server.id, "?range=1h", customer);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
  });
});
