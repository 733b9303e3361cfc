import { request, type Server } from "node:http";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { announceSchedule } from "@/lib/metrics/jobs";
import { processMetricsText } from "@/lib/metrics/exposition";
import { startWorkerMetricsServer } from "@/lib/metrics/worker-server";
import { runJob } from "@/worker/run-job";
import { scheduleIntervalSeconds, schedules } from "@/worker/schedules";
import { testDb, unique } from "../helpers/db";
import { withEnv } from "../helpers/env";
import { parseSamples, valueOf } from "../helpers/prometheus-text";

/**
 * The worker's metrics: each run of a job (worker/run-job.ts) counted by outcome, its duration and its last
 * success, and the worker's own listener with the same token and address rule as the app's /metrics.
 */

const PORT = Number(process.env.WORKER_METRICS_TEST_PORT ?? 3521);
const TOKEN = "worker-metrics-token-0123456789abcdef";
let handle: DbHandle;
let server: Server | undefined;

beforeAll(async () => {
  handle = await testDb();
});

/** Closes the listener and fetch's kept-alive connections to it, so the next listener on the port gets fresh ones. */
async function closeServer() {
  if (!server) return;
  const s = server;
  server = undefined;
  await new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });
}

afterEach(closeServer);

describe("job runs", () => {
  it("counts runs by outcome, times the ones that ran, and keeps the last success", async () => {
    const job = unique("metrics-job");
    const t0 = Date.now() / 1000;
    expect(await runJob(handle, job, async () => ({ done: 1 }))).toBe("ok");
    let text = await processMetricsText();
    expect(valueOf(text, "dm_job_runs_total", { job_name: job, outcome: "ok" })).toBe(1);
    expect(valueOf(text, "dm_job_duration_seconds_count", { job_name: job })).toBe(1);
    const success = valueOf(text, "dm_job_last_success_timestamp_seconds", { job_name: job })!;
    expect(success).toBeGreaterThanOrEqual(Math.floor(t0));
    expect(success).toBeLessThanOrEqual(Date.now() / 1000);

    expect(await runJob(handle, job, async () => Promise.reject(new Error("the job broke")))).toBe("failed");
    text = await processMetricsText();
    expect(valueOf(text, "dm_job_runs_total", { job_name: job, outcome: "failed" })).toBe(1);
    expect(valueOf(text, "dm_job_runs_total", { job_name: job, outcome: "ok" })).toBe(1);
    expect(valueOf(text, "dm_job_duration_seconds_count", { job_name: job })).toBe(2);
    // A failure does not move the last success.
    expect(valueOf(text, "dm_job_last_success_timestamp_seconds", { job_name: job })).toBe(success);
  });

  it("counts a run skipped while another run holds the leader lock, without a duration", async () => {
    const job = unique("metrics-locked");
    let release!: () => void;
    const holding = runJob(handle, job, () => new Promise<void>((r) => (release = r)));
    // Wait until the first run is inside the lock.
    for (let i = 0; i < 100 && !release; i++) await new Promise((r) => setTimeout(r, 20));
    expect(release).toBeTypeOf("function");
    expect(await runJob(handle, job, async () => undefined)).toBe("skipped");
    release();
    expect(await holding).toBe("ok");
    const text = await processMetricsText();
    expect(valueOf(text, "dm_job_runs_total", { job_name: job, outcome: "skipped" })).toBe(1);
    expect(valueOf(text, "dm_job_duration_seconds_count", { job_name: job })).toBe(1);
  });

  it("knows each schedule's interval, and a started schedule has a last success to measure from", async () => {
    expect(scheduleIntervalSeconds("50 7,22,37,52 * * * *")).toBe(900);
    expect(scheduleIntervalSeconds("17 3 * * *")).toBe(86_400);
    expect(scheduleIntervalSeconds("*/30 * * * * *")).toBe(30);
    for (const s of schedules) {
      const expression = typeof s.cron === "function" ? s.cron() : s.cron;
      expect(scheduleIntervalSeconds(expression), s.name).toBeGreaterThan(0);
    }
    const job = unique("metrics-announced");
    const before = Date.now() / 1000;
    announceSchedule(job, 600);
    const text = await processMetricsText();
    expect(valueOf(text, "dm_job_interval_seconds", { job_name: job })).toBe(600);
    expect(valueOf(text, "dm_job_last_success_timestamp_seconds", { job_name: job })).toBeGreaterThanOrEqual(Math.floor(before));
  });
});

describe("the worker's metrics listener", () => {
  /** A plain request on its own connection (no pooled keep-alive socket outlives a listener). */
  const get = (path = "/metrics", headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: PORT, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: { get: (name) => (res.headers[name.toLowerCase()] as string | undefined) ?? null },
            text: async () => Buffer.concat(chunks).toString("utf8"),
          }),
        );
      });
      req.on("error", reject);
      req.end();
    });

  it("answers 404 to everyone when neither a token nor addresses are configured", async () => {
    await withEnv({ METRICS_TOKEN: undefined, METRICS_ALLOW_FROM: undefined }, async () => {
      server = await startWorkerMetricsServer(PORT, "127.0.0.1");
      expect((await get()).status).toBe(404);
      expect((await get("/metrics", { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    });
  });

  it("with a token: 401 without it or with a wrong one, the job metrics with it", async () => {
    await withEnv({ METRICS_TOKEN: TOKEN, METRICS_ALLOW_FROM: "192.0.2.0/24" }, async () => {
      server = await startWorkerMetricsServer(PORT, "127.0.0.1");
      const job = unique("metrics-served");
      await runJob(handle, job, async () => undefined);
      expect((await get()).status).toBe(401);
      expect((await get("/metrics", { authorization: `Bearer ${TOKEN}-` })).status).toBe(401);
      const ok = await get("/metrics", { authorization: `Bearer ${TOKEN}` });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const samples = parseSamples(await ok.text());
      expect(valueOf(samples, "dm_job_runs_total", { job_name: job, outcome: "ok" })).toBe(1);
      // The worker serves what it counted, not the app's database gauges.
      expect(samples.some((s) => s.name === "dm_rentals")).toBe(false);
      expect((await get("/other", { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    });
  });

  it("serves a configured address without the token, by the socket's address", async () => {
    await withEnv({ METRICS_TOKEN: undefined, METRICS_ALLOW_FROM: "127.0.0.0/8" }, async () => {
      server = await startWorkerMetricsServer(PORT, "127.0.0.1");
      expect((await get()).status).toBe(200);
      // A forwarded-for header does not make another address allowed, nor this one refused.
      expect((await get("/metrics", { "x-forwarded-for": "198.51.100.1" })).status).toBe(200);
    });
    await withEnv({ METRICS_TOKEN: undefined, METRICS_ALLOW_FROM: "10.0.0.0/8" }, async () => {
      await closeServer();
      server = await startWorkerMetricsServer(PORT, "127.0.0.1");
      expect((await get("/metrics", { "x-forwarded-for": "10.1.2.3" })).status).toBe(401);
    });
  });
});
