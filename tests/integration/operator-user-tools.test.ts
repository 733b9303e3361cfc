import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, mailOutbox, rentals, userHistory, userNotes, type Plan } from "@/db/schema";
import { POST as grantRoute } from "@/app/api/admin/users/[id]/rentals/route";
import { GET as listNotesRoute, POST as addNoteRoute } from "@/app/api/admin/users/[id]/notes/route";
import { POST as resendRoute } from "@/app/api/admin/users/[id]/resend_verification/route";
import { POST as resetRoute } from "@/app/api/admin/users/[id]/password_reset/route";
import { POST as expiryRoute } from "@/app/api/admin/rentals/[id]/expiry/route";
import { POST as trafficRoute } from "@/app/api/admin/rentals/[id]/traffic/route";
import { POST as suspendRoute } from "@/app/api/admin/rentals/[id]/suspend/route";
import { POST as unsuspendRoute } from "@/app/api/admin/rentals/[id]/unsuspend/route";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { DAY_MS } from "@/lib/clock";
import { authHeaders, call, createUser, jsonRequest, randomIp, sessionUser, type TestUser } from "../helpers/auth";
import { count, makeCodes, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { makeRegion } from "../helpers/regions";

/**
 * The operator's tools on a user's page, through their REST routes: grants (no order, no revenue), expiry,
 * traffic, suspension (through transitionRental), mails and notes. Every route refuses customers and
 * anonymous callers; each change is audit-logged with its reason.
 */

let db: Db;
let admin: TestUser;
let customer: TestUser;
let plan: Plan;

beforeAll(async () => {
  db = (await testDb()).db;
  [admin, customer] = await Promise.all([createUser(db, { role: "admin" }), createUser(db)]);
  plan = await makePlan(db, sessionUser(admin), { durationDays: 30, trafficQuotaBytes: 1_000 });
});

const asAdmin = () => authHeaders(admin, { "x-forwarded-for": randomIp() });
const post = async (handler: Parameters<typeof call>[0], path: string, params: Record<string, string>, body: unknown, headers?: Record<string, string>) =>
  call(handler, jsonRequest(path, { body, headers: headers ?? (await asAdmin()) }), params);

const ordersOf = (userId: string) => count(db, sql`select count(*) as n from orders where user_id = ${userId}`);
const revenueOf = (planId: string) => count(db, sql`select coalesce(sum(amount_minor), 0) as n from revenue_daily where plan_id = ${planId}`);

async function lastAudit(action: string, targetId: string) {
  const [row] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

async function newRental(userId: string): Promise<string> {
  const res = await post(grantRoute, `/api/admin/users/${userId}/rentals`, { id: userId }, { planId: plan.id, days: 10, reason: "setup" });
  expect(res.status).toBe(201);
  return res.body.data.rental.id;
}

describe("every operator route", () => {
  const routes = [
    ["grant", grantRoute, "/api/admin/users/x/rentals", { planId: "x", days: 1, reason: "r" }],
    ["add note", addNoteRoute, "/api/admin/users/x/notes", { body: "hello" }],
    ["resend verification", resendRoute, "/api/admin/users/x/resend_verification", {}],
    ["password reset", resetRoute, "/api/admin/users/x/password_reset", {}],
    ["expiry", expiryRoute, "/api/admin/rentals/x/expiry", { expiresAt: "2030-01-01", reason: "r" }],
    ["traffic", trafficRoute, "/api/admin/rentals/x/traffic", { resetUsed: true, reason: "r" }],
    ["suspend", suspendRoute, "/api/admin/rentals/x/suspend", { reason: "r" }],
    ["unsuspend", unsuspendRoute, "/api/admin/rentals/x/unsuspend", { reason: "r" }],
  ] as const;

  it("refuses customers (403 forbidden) and anonymous callers (401), and changes nothing", async () => {
    const victim = await createUser(db);
    const rentalId = await newRental(victim.id);
    const before = await db.select().from(rentals).where(eq(rentals.id, rentalId));
    for (const [label, handler, path, body] of routes) {
      const id = path.includes("/rentals/") ? rentalId : victim.id;
      const url = path.replace("/x/", `/${id}/`);
      const asCustomer = await call(handler, jsonRequest(url, { body, headers: await authHeaders(customer) }), { id });
      expect([label, asCustomer.status, asCustomer.body.error.code]).toEqual([label, 403, "forbidden"]);
      const anonymous = await call(handler, jsonRequest(url, { body }), { id });
      expect([label, anonymous.status, anonymous.body.error.code]).toEqual([label, 401, "unauthorized"]);
    }
    const notesAsCustomer = await call(listNotesRoute, jsonRequest(`/api/admin/users/${victim.id}/notes`, { headers: await authHeaders(customer) }), { id: victim.id });
    expect([notesAsCustomer.status, notesAsCustomer.body.error.code]).toEqual([403, "forbidden"]);
    expect(await db.select().from(rentals).where(eq(rentals.id, rentalId))).toEqual(before);
    expect(await db.select().from(userNotes).where(eq(userNotes.userId, victim.id))).toHaveLength(0);
  });

  it("answers 404 for a user or rental that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-00000000abcd";
    const grant = await post(grantRoute, "/api/admin/users/m/rentals", { id: missing }, { planId: plan.id, days: 1, reason: "r" });
    expect([grant.status, grant.body.error.code]).toEqual([404, "not_found"]);
    const suspend = await post(suspendRoute, "/api/admin/rentals/m/suspend", { id: missing }, { reason: "r" });
    expect([suspend.status, suspend.body.error.code]).toEqual([404, "rental_unknown"]);
    const note = await post(addNoteRoute, "/api/admin/users/m/notes", { id: missing }, { body: "x" });
    expect([note.status, note.body.error.code]).toEqual([404, "not_found"]);
  });
});

describe("granting a rental", () => {
  it("starts a new rental without an order or revenue, with a history entry and an audit entry carrying the reason", async () => {
    const user = await createUser(db);
    const region = await makeRegion(db, sessionUser(admin));
    const revenueBefore = await revenueOf(plan.id);
    const started = Date.now();
    const res = await post(grantRoute, "/api/admin/users/u/rentals", { id: user.id }, { planId: plan.id, days: 7, region: region.code, reason: "Outage compensation" });
    expect(res.status).toBe(201);
    expect(res.body.data.extended).toBe(false);
    const rental = res.body.data.rental;
    expect(rental).toMatchObject({ userId: user.id, planId: plan.id, status: "pending", regionId: region.id, trafficQuotaBytes: 1_000 });
    const days = (Date.parse(rental.expiresAt) - started) / DAY_MS;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);

    expect(await ordersOf(user.id)).toBe(0);
    expect(await revenueOf(plan.id)).toBe(revenueBefore);
    const [entry] = await db.select().from(userHistory).where(and(eq(userHistory.userId, user.id), eq(userHistory.type, "granted")));
    expect(entry.actorId).toBe(admin.id);
    expect(entry.data).toMatchObject({ rentalId: rental.id, days: 7, previousExpiresAt: null });
    const audit = await lastAudit("rental.granted", rental.id);
    expect(audit.actorId).toBe(admin.id);
    expect(audit.details).toMatchObject({ userId: user.id, days: 7, extended: false, adminReason: "Outage compensation" });
  });

  it("extends the rental a redemption started, leaving its one paid order the only one", async () => {
    const user = await createUser(db);
    const { codes } = await makeCodes(db, sessionUser(admin), plan, 1);
    const bought = await redeemSerial(db, sessionUser(user), { code: codes[0] });
    const revenueBefore = await revenueOf(plan.id);
    const res = await post(grantRoute, "/api/admin/users/u/rentals", { id: user.id }, { planId: plan.id, days: 5, reason: "Goodwill" });
    expect(res.status).toBe(201);
    expect(res.body.data.extended).toBe(true);
    expect(res.body.data.rental.id).toBe(bought.rental.id);
    expect(Date.parse(res.body.data.rental.expiresAt) - bought.rental.expiresAt.getTime()).toBe(5 * DAY_MS);
    expect(await ordersOf(user.id)).toBe(1);
    expect(await revenueOf(plan.id)).toBe(revenueBefore);
  });

  it("renews an expired rental through transitionRental", async () => {
    const user = await createUser(db);
    const rentalId = await newRental(user.id);
    await db.update(rentals).set({ status: "expired", expiresAt: new Date(Date.now() - DAY_MS) }).where(eq(rentals.id, rentalId));
    const res = await post(grantRoute, "/api/admin/users/u/rentals", { id: user.id }, { planId: plan.id, days: 3, reason: "Back" });
    expect(res.body.data).toMatchObject({ extended: true, rental: { id: rentalId, status: "pending" } });
    const [transition] = await db
      .select()
      .from(userHistory)
      .where(and(eq(userHistory.userId, user.id), eq(userHistory.type, "rental_status")))
      .orderBy(desc(userHistory.id));
    expect(transition.data).toMatchObject({ rentalId, from: "expired", to: "pending", reason: "renewal" });
  });

  it("needs a reason, a plan that exists and a sensible number of days, each named at its field", async () => {
    const user = await createUser(db);
    const noReason = await post(grantRoute, "/api/admin/users/u/rentals", { id: user.id }, { planId: plan.id, days: 3 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fieldErrors.reason[0].code).toBe("field_required");
    const badDays = await post(grantRoute, "/api/admin/users/u/rentals", { id: user.id }, { planId: plan.id, days: "3", reason: "r" });
    expect(Object.keys(badDays.body.error.fieldErrors)).toEqual(["days"]);
    const unknownPlan = await post(grantRoute, "/api/admin/users/u/rentals", { id: user.id }, { planId: "00000000-0000-4000-8000-000000000000", days: 3, reason: "r" });
    expect([unknownPlan.status, unknownPlan.body.error.fieldErrors.planId[0].code]).toEqual([400, "plan_unknown"]);
    expect(await db.select().from(rentals).where(eq(rentals.userId, user.id))).toHaveLength(0);
  });
});

describe("changing a rental", () => {
  it("suspends through transitionRental (history entry, audit with reason) and lifts the suspension", async () => {
    const user = await createUser(db);
    const rentalId = await newRental(user.id);
    const res = await post(suspendRoute, "/api/admin/rentals/r/suspend", { id: rentalId }, { reason: "Abuse report #12" });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: rentalId, status: "suspended" });
    const [entry] = await db
      .select()
      .from(userHistory)
      .where(and(eq(userHistory.userId, user.id), eq(userHistory.type, "rental_status")))
      .orderBy(desc(userHistory.id));
    expect(entry.data).toMatchObject({ rentalId, from: "pending", to: "suspended", reason: "admin" });
    expect(entry.actorId).toBe(admin.id);
    const audit = await lastAudit("rental.transition", rentalId);
    expect(audit.details).toMatchObject({ from: "pending", to: "suspended", adminReason: "Abuse report #12" });

    const again = await post(suspendRoute, "/api/admin/rentals/r/suspend", { id: rentalId }, { reason: "twice" });
    expect([again.status, again.body.error.code]).toEqual([409, "invalid_transition"]);

    const lifted = await post(unsuspendRoute, "/api/admin/rentals/r/unsuspend", { id: rentalId }, { reason: "Resolved" });
    expect(lifted.body.data.status).toBe("pending");
    const notSuspended = await post(unsuspendRoute, "/api/admin/rentals/r/unsuspend", { id: rentalId }, { reason: "again" });
    expect([notSuspended.status, notSuspended.body.error.code]).toEqual([409, "rental_not_suspended"]);
  });

  it("lifts a suspension to expired when the rental ran out meanwhile", async () => {
    const user = await createUser(db);
    const rentalId = await newRental(user.id);
    await post(suspendRoute, "/api/admin/rentals/r/suspend", { id: rentalId }, { reason: "hold" });
    await db.update(rentals).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(rentals.id, rentalId));
    const lifted = await post(unsuspendRoute, "/api/admin/rentals/r/unsuspend", { id: rentalId }, { reason: "done" });
    expect(lifted.body.data.status).toBe("expired");
  });

  it("sets the expiry: a past date ends the rental, a future one renews it; the audit keeps both dates and the reason", async () => {
    const user = await createUser(db);
    const rentalId = await newRental(user.id);
    const startsAt = new Date(Date.now() - 2 * DAY_MS);
    await db.update(rentals).set({ startsAt }).where(eq(rentals.id, rentalId));
    const past = new Date(startsAt.getTime() + DAY_MS);
    const ended = await post(expiryRoute, "/api/admin/rentals/r/expiry", { id: rentalId }, { expiresAt: past.toISOString(), reason: "Refunded elsewhere" });
    expect(ended.body.data).toMatchObject({ status: "expired", expiresAt: past.toISOString() });
    const audit = await lastAudit("rental.expiry_changed", rentalId);
    expect(audit.details).toMatchObject({ to: past.toISOString(), adminReason: "Refunded elsewhere" });

    const renewed = await post(expiryRoute, "/api/admin/rentals/r/expiry", { id: rentalId }, { expiresAt: "2099-01-01", reason: "Lifetime" });
    expect(renewed.body.data).toMatchObject({ status: "pending", expiresAt: "2099-01-01T00:00:00.000Z" });

    const beforeStart = await post(expiryRoute, "/api/admin/rentals/r/expiry", { id: rentalId }, { expiresAt: "2000-01-01", reason: "x" });
    expect([beforeStart.status, beforeStart.body.error.fieldErrors.expiresAt[0].code]).toEqual([400, "expiry_before_start"]);
    const impossible = await post(expiryRoute, "/api/admin/rentals/r/expiry", { id: rentalId }, { expiresAt: "2030-02-30", reason: "x" });
    expect(impossible.body.error.fieldErrors.expiresAt[0].code).toBe("invalid_date");
  });

  it("resets the traffic used and changes the quota; a rental stopped over quota waits for its relay again", async () => {
    const user = await createUser(db);
    const rentalId = await newRental(user.id);
    await db.update(rentals).set({ status: "over_quota", trafficUsedBytes: 1_000 }).where(eq(rentals.id, rentalId));
    const reset = await post(trafficRoute, "/api/admin/rentals/r/traffic", { id: rentalId }, { resetUsed: true, reason: "New month" });
    expect(reset.body.data).toMatchObject({ status: "pending", trafficUsedBytes: 0, trafficQuotaBytes: 1_000 });

    await db.update(rentals).set({ status: "active", trafficUsedBytes: 600 }).where(eq(rentals.id, rentalId));
    const lowered = await post(trafficRoute, "/api/admin/rentals/r/traffic", { id: rentalId }, { quotaBytes: 500, reason: "Downgrade" });
    expect(lowered.body.data).toMatchObject({ status: "over_quota", trafficUsedBytes: 600, trafficQuotaBytes: 500 });
    const audit = await lastAudit("rental.traffic_changed", rentalId);
    expect(audit.details).toMatchObject({ quotaBefore: 1_000, quotaAfter: 500, adminReason: "Downgrade" });

    const nothing = await post(trafficRoute, "/api/admin/rentals/r/traffic", { id: rentalId }, { reason: "no change" });
    expect([nothing.status, nothing.body.error.fieldErrors.quotaBytes[0].code]).toEqual([400, "traffic_change_required"]);
  });

  it("refuses to change a released rental", async () => {
    const user = await createUser(db);
    const rentalId = await newRental(user.id);
    await db.update(rentals).set({ status: "released" }).where(eq(rentals.id, rentalId));
    const res = await post(trafficRoute, "/api/admin/rentals/r/traffic", { id: rentalId }, { resetUsed: true, reason: "x" });
    expect([res.status, res.body.error.code]).toEqual([409, "rental_released"]);
  });
});

describe("mails and notes", () => {
  it("mails a new verification code to a pending account only", async () => {
    const pending = await createUser(db, { status: "pending" });
    const res = await post(resendRoute, "/api/admin/users/u/resend_verification", { id: pending.id }, { reason: "Asked by phone" });
    expect(res.status).toBe(202);
    const mails = await db.select().from(mailOutbox).where(and(eq(mailOutbox.to, pending.email), eq(mailOutbox.template, "verification-code")));
    expect(mails).toHaveLength(1);
    expect((await lastAudit("user.verification_mail_sent", pending.id)).details).toMatchObject({ adminReason: "Asked by phone" });

    const active = await createUser(db);
    const refused = await post(resendRoute, "/api/admin/users/u/resend_verification", { id: active.id }, {});
    expect([refused.status, refused.body.error.code]).toEqual([409, "user_not_pending"]);
  });

  it("mails a password-reset code to an active account only, and the per-address throttle still applies", async () => {
    const active = await createUser(db);
    const res = await post(resetRoute, "/api/admin/users/u/password_reset", { id: active.id }, {});
    expect(res.status).toBe(202);
    const mails = await db.select().from(mailOutbox).where(and(eq(mailOutbox.to, active.email), eq(mailOutbox.template, "password-reset-code")));
    expect(mails).toHaveLength(1);
    const soon = await post(resetRoute, "/api/admin/users/u/password_reset", { id: active.id }, {});
    expect([soon.status, soon.body.error.code]).toEqual([429, "rate_limited"]);

    const pending = await createUser(db, { status: "pending" });
    const refused = await post(resetRoute, "/api/admin/users/u/password_reset", { id: pending.id }, {});
    expect([refused.status, refused.body.error.code]).toEqual([409, "user_not_active"]);
  });

  it("keeps notes with their author and time, newest first, paged", async () => {
    const user = await createUser(db);
    for (const body of ["First call", "Second call", "Third call"]) {
      const res = await post(addNoteRoute, "/api/admin/users/u/notes", { id: user.id }, { body });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ userId: user.id, authorId: admin.id, authorEmail: admin.email, body });
    }
    const first = await call(listNotesRoute, jsonRequest(`/api/admin/users/${user.id}/notes?limit=2`, { headers: await asAdmin() }), { id: user.id });
    expect(first.body.items.map((n: { body: string }) => n.body)).toEqual(["Third call", "Second call"]);
    const rest = await call(
      listNotesRoute,
      jsonRequest(`/api/admin/users/${user.id}/notes?limit=2&cursor=${first.body.nextCursor}`, { headers: await asAdmin() }),
      { id: user.id },
    );
    expect(rest.body).toMatchObject({ items: [{ body: "First call" }], nextCursor: null });
    const empty = await post(addNoteRoute, "/api/admin/users/u/notes", { id: user.id }, { body: "   " });
    expect(empty.body.error.fieldErrors.body[0].code).toBeDefined();
    expect((await lastAudit("user.note_added", user.id)).actorId).toBe(admin.id);
  });
});
