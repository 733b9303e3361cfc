import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import type { Plan } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { createPlan } from "@/lib/billing/plans";
import type { PlanInput } from "@/lib/billing/schemas";
import { generateSerialBatch } from "@/lib/billing/serial-batches";
import { createUser, sessionUser } from "./auth";
import { unique } from "./db";

/** An active user inserted directly (billing tests do not need sign-up); returned as the session sees it. */
export async function insertUser(db: Db, opts: { role?: "customer" | "admin"; locale?: "en" | "zh-CN" } = {}): Promise<SessionUser> {
  return sessionUser(await createUser(db, { ...opts, passwordHash: "not-a-real-hash" }));
}

export async function makePlan(db: Db, admin: SessionUser, overrides: Partial<PlanInput> = {}): Promise<Plan> {
  return createPlan(db, admin, {
    nameEn: unique("Plan"),
    nameZh: "套餐",
    durationDays: 30,
    trafficQuotaBytes: 100_000_000_000,
    deviceLimit: 3,
    bandwidthLimitBytesPerSec: null,
    priceMinor: 999,
    currency: "USD",
    active: true,
    ...overrides,
  });
}

export async function makeCodes(
  db: Db,
  admin: SessionUser,
  plan: Plan,
  count: number,
  extra: { priceMinor?: number; channel?: string; redeemBy?: Date } = {},
) {
  return generateSerialBatch(db, admin, { planId: plan.id, count, ...extra });
}

export async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(db, query);
  return Number(row.n);
}
