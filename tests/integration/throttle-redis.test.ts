import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeThrottleStore, throttle, throttleBackend, THROTTLE_RULES } from "@/lib/auth/throttle";
import { resetEnvForTests } from "@/lib/env";
import { testDb, unique } from "../helpers/db";

// With REDIS_URL set, the counters live in Redis (shared by app replicas). CI and developer machines run
// Redis on 127.0.0.1:6379; REDIS_TEST_URL points elsewhere.
const url = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";

beforeAll(() => {
  process.env.REDIS_URL = url;
  resetEnvForTests();
});
afterAll(async () => {
  await closeThrottleStore();
  delete process.env.REDIS_URL;
  resetEnvForTests();
});

describe("throttling on Redis", () => {
  it("refuses the sixth failed login of an account and keeps the counter in Redis", async () => {
    expect(throttleBackend()).toBe("redis");
    const { db } = await testDb();
    const email = `${unique("redis")}@example.com`;
    for (let i = 0; i < THROTTLE_RULES.loginAccount.points; i++) await throttle(db, [["loginAccount", email]]);
    await expect(throttle(db, [["loginAccount", email]])).rejects.toMatchObject({ status: 429, code: "rate_limited" });

    const redis = new Redis(url);
    try {
      const stored = await redis.get(`throttle:loginAccount:${email}`);
      expect(Number(stored)).toBeGreaterThanOrEqual(THROTTLE_RULES.loginAccount.points);
      const ttl = await redis.pttl(`throttle:loginAccount:${email}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(THROTTLE_RULES.loginAccount.duration * 1000);
    } finally {
      await redis.quit();
    }
  });
});
