import { expect, test } from "@playwright/test";
import { E2E_METRICS_TOKEN } from "./fixtures";

/**
 * /metrics on the built app under `next start` (README, "Metrics and alerts"): the rewrite from /metrics, the
 * token, HTTP series labelled by route template, the database gauges, and the embedded worker's job metrics.
 */

const auth = { authorization: `Bearer ${E2E_METRICS_TOKEN}` };

test("GET /metrics needs the token, and answers Prometheus text with it", async ({ request }) => {
  expect((await request.get("/metrics")).status()).toBe(401);
  expect((await request.get("/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}x` } })).status()).toBe(401);
  const refused = await request.get("/api/metrics");
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthorized");

  // A customer route called anonymously, with an id in its path: counted under its template.
  const id = "5f0c3a51-7d0e-4a4b-9c61-0d6c4c1f0a11";
  expect((await request.get(`/api/container/status/${id}`)).status()).toBe(401);

  const res = await request.get("/metrics", { headers: auth });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  expect(text).toContain('dm_http_request_duration_seconds_count{route="/api/container/status/[id]",method="GET",status="401"} 1');
  expect(text).not.toContain(id);
  expect(text).toMatch(/^dm_database_up 1$/m);
  expect(text).toMatch(/^dm_rentals\{status="pending"\} \d+$/m);
  // The schedules run inside the server here: their intervals and last successes are in the app's metrics.
  expect(text).toMatch(/^dm_job_interval_seconds\{job_name="fleet-health"\} 30$/m);
  expect(text).toContain("# TYPE dm_process_resident_memory_bytes gauge");
});
