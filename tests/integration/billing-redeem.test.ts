import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, orders, rentals, serialCodes, userHistory } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { checkSymbol } from "@/lib/billing/serial-code";
import { generateSerialCodes } from "@/lib/billing/serial-generate";
import { revokeSerialCode } from "@/lib/billing/serial-codes";
import { testClock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { count, insertUser, makeCodes, makePlan } from "../helpers/billing";
import { makeRegion } from "../helpers/regions";
import { testDb } from "../helpers/db";

const DAY = 86_400_000;
let db: Db;
let admin: SessionUser;

beforeAll(async () => {
  db = (await testDb()).db;
  admin = await insertUser(db, { role: "admin" });
});
afterEach(() => testClock.reset());

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code };
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("redeeming a serial code", () => {
  it("creates a paid order, a pending rental, a history entry and an audit entry", async () => {
    const plan = await makePlan(db, admin, { durationDays: 30, trafficQuotaBytes: 5e9, deviceLimit: 4, priceMinor: 1500 });
    const { codes, batch } = await makeCodes(db, admin, plan, 2, { priceMinor: 1200, channel: "reseller-a" });
    const user = await insertUser(db);
    const region = await makeRegion(db, admin);
    testClock.freeze(new Date("2031-05-01T10:00:00Z"));

    const result = await redeemSerial(db, user, { code: codes[0].toLowerCase(), region: region.code });
    expect(result.extended).toBe(false);

    const [order] = await db.select().from(orders).where(eq(orders.userId, user.id));
    expect(order).toMatchObject({
      status: "paid",
      amountMinor: 1200,
      currency: "USD",
      planId: plan.id,
      batchId: batch.id,
      channel: "reseller-a",
      rentalId: result.rental.id,
    });
    expect(order.paidAt.toISOString()).toBe("2031-05-01T10:00:00.000Z");

    const [rental] = await db.select().from(rentals).where(eq(rentals.userId, user.id));
    expect(rental).toMatchObject({ status: "pending", regionId: region.id, trafficQuotaBytes: 5e9, trafficUsedBytes: 0, deviceLimit: 4 });
    expect(rental.expiresAt.getTime() - rental.startsAt.getTime()).toBe(30 * DAY);

    const history = await db.select().from(userHistory).where(eq(userHistory.userId, user.id));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ type: "redeemed", data: { orderId: order.id, days: 30, planNameEn: plan.nameEn } });

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "serial.redeem"), eq(auditLog.actorId, user.id)));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].details)).not.toContain(codes[0].replace(/-/g, "").slice(0, 10));

    const [code] = await db.select().from(serialCodes).where(eq(serialCodes.id, order.serialCodeId!));
    expect(code).toMatchObject({ status: "redeemed", redeemedBy: user.id });
  });

  it("extends an active rental of the same plan from its expiry and adds the quota", async () => {
    const plan = await makePlan(db, admin, { durationDays: 90, trafficQuotaBytes: 7e9 });
    const { codes } = await makeCodes(db, admin, plan, 3);
    const user = await insertUser(db);
    const first = await redeemSerial(db, user, { code: codes[0] });
    await db.update(rentals).set({ status: "active" }).where(eq(rentals.id, first.rental.id));

    testClock.advance(10 * DAY);
    const second = await redeemSerial(db, user, { code: codes[1] });
    expect(second.extended).toBe(true);
    expect(second.rental.id).toBe(first.rental.id);
    expect(second.rental.expiresAt.getTime() - first.rental.expiresAt.getTime()).toBe(90 * DAY);
    expect(second.rental.trafficQuotaBytes).toBe(14e9);
    expect(second.rental.status).toBe("active");

    const types = (await db.select().from(userHistory).where(eq(userHistory.userId, user.id))).map((h) => h.type);
    expect(types.sort()).toEqual(["extended", "redeemed"]);
    expect(await count(db, sql`select count(*) as n from orders where user_id = ${user.id}`)).toBe(2);
  });

  it("refuses to extend a rental beyond 100 years ahead and leaves the code unused", async () => {
    const plan = await makePlan(db, admin, { durationDays: 3650 });
    const { codes } = await makeCodes(db, admin, plan, 2);
    const user = await insertUser(db);
    const first = await redeemSerial(db, user, { code: codes[0] });
    await db
      .update(rentals)
      .set({ status: "active", expiresAt: new Date(Date.now() + 95 * 365 * DAY) })
      .where(eq(rentals.id, first.rental.id));

    expect(await refusal(redeemSerial(db, user, { code: codes[1] }))).toEqual({ status: 409, code: "rental_too_long" });
    expect(await count(db, sql`select count(*) as n from serial_codes where status = 'unused' and batch_id = (select batch_id from serial_codes where redeemed_by = ${user.id})`)).toBe(1);
    expect(await count(db, sql`select count(*) as n from orders where user_id = ${user.id}`)).toBe(1);
  });

  it("starts a new rental for another plan, or once the old one has been released", async () => {
    const planA = await makePlan(db, admin);
    const planB = await makePlan(db, admin);
    const a = await makeCodes(db, admin, planA, 2);
    const b = await makeCodes(db, admin, planB, 1);
    const user = await insertUser(db);
    const r1 = await redeemSerial(db, user, { code: a.codes[0] });
    const r2 = await redeemSerial(db, user, { code: b.codes[0] });
    expect(r2.rental.id).not.toBe(r1.rental.id);
    // An expired rental is renewed instead (see lib/rentals); a released one is over for good.
    await db.update(rentals).set({ status: "released" }).where(eq(rentals.id, r1.rental.id));
    const r3 = await redeemSerial(db, user, { code: a.codes[1] });
    expect(r3.extended).toBe(false);
    expect(r3.rental.id).not.toBe(r1.rental.id);
    expect(await count(db, sql`select count(*) as n from rentals where user_id = ${user.id}`)).toBe(3);
  });

  it("refuses a mistyped code before touching the database", async () => {
    const plan = await makePlan(db, admin);
    const { codes } = await makeCodes(db, admin, plan, 1);
    const user = await insertUser(db);
    const raw = codes[0].replace(/-/g, "");
    const wrongCheck = raw.slice(0, 19) + (raw[19] === "0" ? "1" : "0");
    const before = await count(db, sql`select count(*) as n from serial_codes where redeemed_by is not null`);

    expect(await refusal(redeemSerial(db, user, { code: wrongCheck }))).toEqual({ status: 400, code: "serial_check" });
    expect(await refusal(redeemSerial(db, user, { code: raw.slice(0, 12) }))).toEqual({ status: 400, code: "serial_format" });
    expect(await count(db, sql`select count(*) as n from serial_codes where redeemed_by is not null`)).toBe(before);
    expect(await count(db, sql`select count(*) as n from orders where user_id = ${user.id}`)).toBe(0);
    // The untouched code still works.
    await redeemSerial(db, user, { code: codes[0] });
  });

  it("tells unknown, used, revoked and expired codes apart", async () => {
    const plan = await makePlan(db, admin);
    const user = await insertUser(db);
    const other = await insertUser(db);
    const [data] = generateSerialCodes(1).map((c) => c.slice(0, 19));
    expect(await refusal(redeemSerial(db, user, { code: data + checkSymbol(data) }))).toEqual({
      status: 404,
      code: "serial_unknown",
    });

    const { codes, batch } = await makeCodes(db, admin, plan, 2);
    await redeemSerial(db, user, { code: codes[0] });
    expect(await refusal(redeemSerial(db, other, { code: codes[0] }))).toEqual({ status: 409, code: "serial_used" });
    expect(await refusal(redeemSerial(db, user, { code: codes[0] }))).toEqual({ status: 409, code: "serial_used" });

    const [unused] = await db
      .select({ id: serialCodes.id })
      .from(serialCodes)
      .where(and(eq(serialCodes.batchId, batch.id), eq(serialCodes.status, "unused")));
    await revokeSerialCode(db, admin, batch.id, unused.id);
    expect(await refusal(redeemSerial(db, other, { code: codes[1] }))).toEqual({ status: 409, code: "serial_revoked" });

    const expiring = await makeCodes(db, admin, plan, 1, { redeemBy: new Date(Date.now() + DAY) });
    testClock.advance(2 * DAY);
    expect(await refusal(redeemSerial(db, other, { code: expiring.codes[0] }))).toEqual({
      status: 410,
      code: "serial_expired",
    });
    expect(await count(db, sql`select count(*) as n from orders where user_id = ${other.id}`)).toBe(0);
  });
});

describe("guessing", () => {
  it("throttles an account after 30 redemption attempts in 10 minutes; mistyped codes do not count", async () => {
    const user = await insertUser(db);
    const unknownCode = () => {
      const data = generateSerialCodes(1)[0].slice(0, 19);
      return data + checkSymbol(data);
    };
    for (let i = 0; i < 5; i++) {
      expect(await refusal(redeemSerial(db, user, { code: "ABCDE-FGHJK-MNPQR-STVW0" }))).toMatchObject({ status: 400 });
    }
    for (let i = 0; i < 30; i++) {
      expect(await refusal(redeemSerial(db, user, { code: unknownCode() }))).toEqual({ status: 404, code: "serial_unknown" });
    }
    expect(await refusal(redeemSerial(db, user, { code: unknownCode() }))).toEqual({ status: 429, code: "rate_limited" });
    // Another account is not affected.
    const other = await insertUser(db);
    expect(await refusal(redeemSerial(db, other, { code: unknownCode() }))).toEqual({ status: 404, code: "serial_unknown" });
  });
});

describe("concurrent redemptions", () => {
  it("50 attempts at one code: exactly one order and one rental, the rest are told it is used", async () => {
    const plan = await makePlan(db, admin);
    const { codes, batch } = await makeCodes(db, admin, plan, 1);
    const people = await Promise.all(Array.from({ length: 50 }, () => insertUser(db)));
    const results = await Promise.allSettled(people.map((u) => redeemSerial(db, u, { code: codes[0] })));

    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) expect(r.reason).toMatchObject({ status: 409, code: "serial_used" });

    expect(await count(db, sql`select count(*) as n from orders where batch_id = ${batch.id}`)).toBe(1);
    const ids = people.map((p) => p.id);
    expect(await count(db, sql`select count(*) as n from rentals where plan_id = ${plan.id}`)).toBe(1);
    expect(
      await count(db, sql`select count(*) as n from user_history where user_id in ${sql.raw(`('${ids.join("','")}')`)}`),
    ).toBe(1);
  });

  it("20 codes of a 30-day plan redeemed at once by one user move the expiry exactly 600 days", async () => {
    const plan = await makePlan(db, admin, { durationDays: 30, trafficQuotaBytes: 1e9 });
    const { codes } = await makeCodes(db, admin, plan, 21);
    const user = await insertUser(db);
    const first = await redeemSerial(db, user, { code: codes[0] });
    await db.update(rentals).set({ status: "active" }).where(eq(rentals.id, first.rental.id));

    const results = await Promise.allSettled(codes.slice(1).map((code) => redeemSerial(db, user, { code })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);

    const rows = await db.select().from(rentals).where(eq(rentals.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].expiresAt.getTime() - first.rental.expiresAt.getTime()).toBe(600 * DAY);
    expect(rows[0].trafficQuotaBytes).toBe(21e9);
    expect(await count(db, sql`select count(*) as n from orders where user_id = ${user.id}`)).toBe(21);
    expect(await count(db, sql`select count(*) as n from user_history where user_id = ${user.id} and type = 'extended'`)).toBe(20);
  });

  it("20 codes at once with no rental yet: one rental of 600 days, not 20 rentals", async () => {
    const plan = await makePlan(db, admin, { durationDays: 30 });
    const { codes } = await makeCodes(db, admin, plan, 20);
    const user = await insertUser(db);
    testClock.freeze(new Date("2032-01-01T00:00:00Z"));
    const results = await Promise.allSettled(codes.map((code) => redeemSerial(db, user, { code })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const rows = await db.select().from(rentals).where(eq(rentals.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].expiresAt.toISOString()).toBe(new Date(Date.parse("2032-01-01T00:00:00Z") + 600 * DAY).toISOString());
  });
});
