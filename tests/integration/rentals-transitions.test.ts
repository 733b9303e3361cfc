import { and, desc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, rentals, systemLog, userHistory, type RentalStatus } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { testClock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { transitionRental } from "@/lib/rentals/transition-rental";
import { canTransition, RENTAL_TRANSITIONS } from "@/lib/rentals/transitions";
import { insertUser, makeCodes, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";

const DAY = 86_400_000;
const STATUSES = Object.keys(RENTAL_TRANSITIONS) as RentalStatus[];

let db: Db;
let admin: SessionUser;
let customer: SessionUser;
let planId: string;

beforeAll(async () => {
  db = (await testDb()).db;
  admin = await insertUser(db, { role: "admin" });
  customer = await insertUser(db);
  planId = (await makePlan(db, admin)).id;
});
afterEach(() => testClock.reset());

/** A rental in `status`, written directly: the transition under test is the only change made through lib. */
async function rentalIn(status: RentalStatus, opts: { userId?: string; usedBytes?: number } = {}) {
  const at = new Date();
  const [rental] = await db
    .insert(rentals)
    .values({
      userId: opts.userId ?? customer.id,
      planId,
      status,
      startsAt: at,
      expiresAt: new Date(at.getTime() + 30 * DAY),
      trafficQuotaBytes: 1000,
      trafficUsedBytes: opts.usedBytes ?? 0,
      deviceLimit: 3,
    })
    .returning();
  return rental;
}

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; values?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code, values: e.values };
    throw e;
  }
  throw new Error("expected a refusal");
}

const allowed = STATUSES.flatMap((from) => RENTAL_TRANSITIONS[from].map((to) => [from, to] as const));
const refused = STATUSES.flatMap((from) => STATUSES.filter((to) => !canTransition(from, to)).map((to) => [from, to] as const));

describe("the transition table", () => {
  it("is the documented one", () => {
    expect(RENTAL_TRANSITIONS).toEqual({
      pending: ["active", "suspended", "expired"],
      active: ["pending", "suspended", "over_quota", "expired"],
      suspended: ["pending", "active", "over_quota", "expired", "released"],
      over_quota: ["pending", "active", "suspended", "expired", "released"],
      expired: ["pending", "active", "released"],
      released: [],
    });
    // Never to itself; released is final; nothing but a renewal (or reallocation) goes back to pending.
    for (const s of STATUSES) expect(canTransition(s, s)).toBe(false);
    for (const s of STATUSES) expect(canTransition("released", s)).toBe(false);
    expect(canTransition("pending", "released")).toBe(false);
    expect(canTransition("active", "released")).toBe(false);
    expect(canTransition("pending", "over_quota")).toBe(false);
  });
});

describe("transitionRental", () => {
  it.each(allowed)("%s → %s is applied with a history entry and a system-log line", async (from, to) => {
    const rental = await rentalIn(from);
    const result = await transitionRental(db, rental.id, to, { reason: "test", details: { note: "x" } });
    expect(result).toMatchObject({ from, to, rental: { id: rental.id, status: to } });

    const [row] = await db.select().from(rentals).where(eq(rentals.id, rental.id));
    expect(row.status).toBe(to);
    const history = await db.select().from(userHistory).where(eq(userHistory.type, "rental_status"));
    const mine = history.filter((h) => h.data.rentalId === rental.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ userId: customer.id, actorId: null, data: { from, to, reason: "test" } });
    const logs = (await db.select().from(systemLog).where(eq(systemLog.source, "rentals"))).filter((l) => l.context.rentalId === rental.id);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: "info", context: { from, to, reason: "test", note: "x", userId: customer.id } });
  });

  // Every refused pair of the table, each against a real row: 409, nothing changed, nothing written.
  it.each(refused)("%s → %s is refused with 409 invalid_transition and changes nothing", async (from, to) => {
    const rental = await rentalIn(from);
    expect(await refusal(transitionRental(db, rental.id, to, { reason: "test" }))).toEqual({
      status: 409,
      code: "invalid_transition",
      values: { from, to },
    });
    const [row] = await db.select().from(rentals).where(eq(rentals.id, rental.id));
    expect(row).toEqual(rental);
    const history = await db.select().from(userHistory).where(eq(userHistory.type, "rental_status"));
    expect(history.filter((h) => h.data.rentalId === rental.id)).toEqual([]);
  });

  it("refuses an unknown rental with 404 and a stale expectation with 409 rental_state_changed", async () => {
    expect(await refusal(transitionRental(db, "00000000-0000-4000-8000-00000000dead", "active", { reason: "test" }))).toMatchObject({
      status: 404,
      code: "rental_unknown",
    });
    const rental = await rentalIn("suspended");
    expect(await refusal(transitionRental(db, rental.id, "expired", { reason: "expiry", from: ["active", "pending"] }))).toMatchObject({
      status: 409,
      code: "rental_state_changed",
    });
    expect((await transitionRental(db, rental.id, "expired", { reason: "expiry", from: "suspended" })).rental.status).toBe("expired");
  });

  it("records who did it: an admin gets the history's actor and an audit entry; the system neither", async () => {
    const rental = await rentalIn("active");
    await transitionRental(db, rental.id, "suspended", { reason: "admin", actor: admin, meta: { ip: "198.18.0.7", userAgent: "test" } });
    const [entry] = await db
      .select()
      .from(userHistory)
      .where(and(eq(userHistory.userId, customer.id), eq(userHistory.type, "rental_status")))
      .orderBy(desc(userHistory.id))
      .limit(1);
    expect(entry).toMatchObject({ actorId: admin.id, data: { rentalId: rental.id, to: "suspended" } });
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "rental.transition"), eq(auditLog.targetId, rental.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, ip: "198.18.0.7", details: { from: "active", to: "suspended", reason: "admin" } });

    await transitionRental(db, rental.id, "active", { reason: "admin" });
    expect(await db.$count(auditLog, and(eq(auditLog.action, "rental.transition"), eq(auditLog.targetId, rental.id)))).toBe(1);
  });

  it("runs inside the caller's transaction: a rollback there undoes the change and its entries", async () => {
    const rental = await rentalIn("pending");
    await expect(
      db.transaction(async (tx) => {
        await transitionRental(tx, rental.id, "active", { reason: "allocation" });
        throw new Error("allocation failed later");
      }),
    ).rejects.toThrow("allocation failed later");
    const [row] = await db.select().from(rentals).where(eq(rentals.id, rental.id));
    expect(row.status).toBe("pending");
    const logs = (await db.select().from(systemLog).where(eq(systemLog.source, "rentals"))).filter((l) => l.context.rentalId === rental.id);
    expect(logs).toEqual([]);
  });

  it("lets exactly one of two concurrent changes from the same status through", async () => {
    const rental = await rentalIn("active");
    const results = await Promise.allSettled([
      transitionRental(db, rental.id, "expired", { reason: "expiry", from: "active" }),
      transitionRental(db, rental.id, "over_quota", { reason: "quota", from: "active" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failed?.reason).toMatchObject({ status: 409, code: "rental_state_changed" });
  });
});

describe("renewal by redemption", () => {
  it("brings an expired rental of the same plan back to pending and extends it from now", async () => {
    const plan = await makePlan(db, admin, { durationDays: 30, trafficQuotaBytes: 1e9 });
    const { codes } = await makeCodes(db, admin, plan, 2);
    const user = await insertUser(db);
    testClock.freeze(new Date("2033-03-01T00:00:00Z"));
    const first = await redeemSerial(db, user, { code: codes[0] });
    await transitionRental(db, first.rental.id, "active", { reason: "allocation" });
    testClock.advance(40 * DAY);
    await transitionRental(db, first.rental.id, "expired", { reason: "expiry" });

    const second = await redeemSerial(db, user, { code: codes[1] });
    expect(second.extended).toBe(true);
    expect(second.rental).toMatchObject({ id: first.rental.id, status: "pending", trafficQuotaBytes: 2e9 });
    expect(second.rental.expiresAt.toISOString()).toBe(new Date(Date.parse("2033-03-01T00:00:00Z") + 70 * DAY).toISOString());
    const types = (await db.select().from(userHistory).where(eq(userHistory.userId, user.id)).orderBy(userHistory.id)).map((h) => [
      h.type,
      h.data.to ?? null,
    ]);
    expect(types).toEqual([
      ["redeemed", null],
      ["rental_status", "active"],
      ["rental_status", "expired"],
      ["rental_status", "pending"],
      ["extended", null],
    ]);
  });

  it("brings a rental stopped over quota back to pending once it has quota left; a suspended one stays suspended", async () => {
    const plan = await makePlan(db, admin, { trafficQuotaBytes: 1000 });
    const { codes } = await makeCodes(db, admin, plan, 3);
    const user = await insertUser(db);
    const first = await redeemSerial(db, user, { code: codes[0] });
    await transitionRental(db, first.rental.id, "active", { reason: "allocation" });
    await db.update(rentals).set({ trafficUsedBytes: 1000 }).where(eq(rentals.id, first.rental.id));
    await transitionRental(db, first.rental.id, "over_quota", { reason: "quota" });

    const topUp = await redeemSerial(db, user, { code: codes[1] });
    expect(topUp.rental).toMatchObject({ id: first.rental.id, status: "pending", trafficQuotaBytes: 2000 });

    await transitionRental(db, first.rental.id, "suspended", { reason: "admin", actor: admin });
    const whileSuspended = await redeemSerial(db, user, { code: codes[2] });
    expect(whileSuspended.rental).toMatchObject({ id: first.rental.id, status: "suspended", trafficQuotaBytes: 3000 });
  });
});
