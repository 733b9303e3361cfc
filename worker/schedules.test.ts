import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { everySeconds, expectedJobs, schedules } from "./schedules";

describe("schedules", () => {
  it("lists the fleet jobs", () => {
    expect(schedules.map((s) => s.name)).toEqual(expect.arrayContaining(["fleet-health", "fleet-latency", "fleet-rollups", "retention", "containers-reconcile"]));
  });

  it("turns intervals into cron expressions, and the environment accepts only those", () => {
    expect(everySeconds(30)).toBe("*/30 * * * * *");
    expect(everySeconds(60)).toBe("0 * * * * *");
    expect(everySeconds(300)).toBe("0 */5 * * * *");
    expect(everySeconds(3600)).toBe("0 0 * * * *");
    expect(() => everySeconds(45)).toThrow();
    const secret = "x".repeat(40);
    expect(loadEnv({ APP_SECRET: secret }).FLEET_HEALTH_INTERVAL_SECONDS).toBe(30);
    expect(loadEnv({ APP_SECRET: secret, FLEET_HEALTH_INTERVAL_SECONDS: "15" }).FLEET_HEALTH_INTERVAL_SECONDS).toBe(15);
    expect(() => loadEnv({ APP_SECRET: secret, FLEET_HEALTH_INTERVAL_SECONDS: "45" })).toThrow(/FLEET_HEALTH_INTERVAL_SECONDS/);
    expect(() => loadEnv({ APP_SECRET: secret, FLEET_LATENCY_INTERVAL_SECONDS: "420" })).toThrow(/FLEET_LATENCY_INTERVAL_SECONDS/);
  });

  it("gives every started schedule a period for the stale-job alert, the alerts job included", () => {
    const jobs = expectedJobs();
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(["alerts", "fleet-health", "retention"]));
    expect(jobs.find((j) => j.name === "fleet-rollups")?.periodSeconds).toBe(600);
    for (const j of jobs) expect(j.periodSeconds, j.name).toBeGreaterThan(0);
  });
});
