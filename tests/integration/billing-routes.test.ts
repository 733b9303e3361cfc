import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, serialBatches } from "@/db/schema";
import { GET as exportOrders } from "@/app/api/admin/orders/export/route";
import { GET as adminOrders } from "@/app/api/admin/orders/route";
import { DELETE as deletePlanRoute, PUT as putPlan } from "@/app/api/admin/plans/[id]/route";
import { GET as listPlansRoute, POST as postPlan } from "@/app/api/admin/plans/route";
import { POST as revokeCode } from "@/app/api/admin/serials/[id]/codes/[codeId]/revoke/route";
import { GET as batchCodes } from "@/app/api/admin/serials/[id]/codes/route";
import { GET as exportBatch } from "@/app/api/admin/serials/[id]/export/route";
import { POST as revokeUnused } from "@/app/api/admin/serials/[id]/revoke_unused/route";
import { GET as listBatches } from "@/app/api/admin/serials/route";
import { POST as generate } from "@/app/api/finance/generate_serial/route";
import { GET as userOrders } from "@/app/api/finance/orders/[id]/route";
import { GET as statistics } from "@/app/api/finance/statistics/route";
import { POST as activate } from "@/app/api/serial/activate/route";
import { GET as history } from "@/app/api/user/history/[user_id]/route";
import { GET as rentalInfo } from "@/app/api/user/rental_info/route";
import enErrors from "@/messages/en/errors.json";
import zhErrors from "@/messages/zh-CN/errors.json";
import { authHeaders, call, createUser, jsonRequest, sessionUser, type TestUser } from "../helpers/auth";
import { count, makeCodes, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { makeRegion } from "../helpers/regions";

let db: Db;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  db = (await testDb()).db;
  [admin, alice, bob] = await Promise.all([
    createUser(db, { role: "admin" }),
    createUser(db),
    createUser(db, { locale: "zh-CN" }),
  ]);
});

const as = (u: TestUser, extra: Record<string, string> = {}) => authHeaders(u, extra);

describe("POST /api/serial/activate", () => {
  it("redeems for the caller and answers every refusal with its own message in the caller's language", async () => {
    const plan = await makePlan(db, sessionUser(admin));
    const { codes } = await makeCodes(db, sessionUser(admin), plan, 2);
    const hk = await makeRegion(db, sessionUser(admin));
    const ok = await call(
      activate,
      jsonRequest("/api/serial/activate", { body: { code: codes[0], region: hk.code.toUpperCase() }, headers: await as(alice) }),
    );
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ extended: false, rental: { status: "pending", region: hk.code, regionId: hk.id }, amountMinor: plan.priceMinor });

    const used = await call(activate, jsonRequest("/api/serial/activate", { body: { code: codes[0] }, headers: await as(bob) }));
    expect(used.status).toBe(409);
    expect(used.body.error).toMatchObject({ code: "serial_used", message: zhErrors.serial_used });

    const raw = codes[1].replace(/-/g, "");
    const typo = raw.slice(0, 3) + (raw[3] === "A" ? "B" : "A") + raw.slice(4);
    const bad = await call(
      activate,
      jsonRequest("/api/serial/activate", { body: { code: typo }, headers: await as(alice, { "accept-language": "en" }) }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "serial_check",
      message: enErrors.serial_check,
      fieldErrors: { code: [{ code: "serial_check", message: enErrors.serial_check }] },
    });

    const region = await call(activate, jsonRequest("/api/serial/activate", { body: { code: codes[1], region: "no spaces!" }, headers: await as(alice) }));
    expect(region.status).toBe(400);
    expect(region.body.error.fieldErrors.region).toEqual([{ code: "region_invalid", message: enErrors.region_invalid }]);

    const anonymous = await call(activate, jsonRequest("/api/serial/activate", { body: { code: codes[1] } }));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");
    const crossSite = await call(
      activate,
      jsonRequest("/api/serial/activate", { body: { code: codes[1] }, headers: await as(alice, { "sec-fetch-site": "cross-site" }) }),
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe("cross_site");
    // None of the refused attempts used the second code.
    const again = await call(activate, jsonRequest("/api/serial/activate", { body: { code: codes[1] }, headers: await as(alice) }));
    expect(again.status).toBe(201);
    expect(again.body.data.extended).toBe(true);
  });
});

describe("own data only", () => {
  it("a customer reads their own rentals, history and orders, gets 403 for another user's, and an admin reads anyone's", async () => {
    const plan = await makePlan(db, sessionUser(admin));
    const { codes } = await makeCodes(db, sessionUser(admin), plan, 1);
    await call(activate, jsonRequest("/api/serial/activate", { body: { code: codes[0] }, headers: await as(bob) }));

    const own = await call(rentalInfo, jsonRequest("/api/user/rental_info", { headers: await as(bob) }));
    expect(own.status).toBe(200);
    expect(own.body.items).toHaveLength(1);
    expect(own.body.nextCursor).toBeNull();
    expect(own.body.items[0]).toMatchObject({ planId: plan.id, status: "pending", daysLeft: 30, devicesUsed: 0, deviceLimit: plan.deviceLimit });

    const ownHistory = await call(history, jsonRequest(`/api/user/history/${bob.id}`, { headers: await as(bob) }), { user_id: bob.id });
    expect(ownHistory.status).toBe(200);
    expect(ownHistory.body.items[0]).toMatchObject({ type: "redeemed" });
    // Bob reads Chinese: the plan's Chinese name and a Chinese sentence.
    expect(ownHistory.body.items[0].message).toContain(plan.nameZh);
    expect(ownHistory.body.items[0].message).toContain("已兑换");

    const ownOrders = await call(userOrders, jsonRequest(`/api/finance/orders/${bob.id}`, { headers: await as(bob) }), { id: bob.id });
    expect(ownOrders.status).toBe(200);
    expect(ownOrders.body.items).toHaveLength(1);
    expect(ownOrders.body.items[0]).not.toHaveProperty("channel");

    const aliceHeaders = await as(alice);
    const theirs = [
      await call(rentalInfo, jsonRequest(`/api/user/rental_info?user_id=${bob.id}`, { headers: aliceHeaders })),
      await call(history, jsonRequest(`/api/user/history/${bob.id}`, { headers: aliceHeaders }), { user_id: bob.id }),
      await call(userOrders, jsonRequest(`/api/finance/orders/${bob.id}`, { headers: aliceHeaders }), { id: bob.id }),
    ];
    for (const r of theirs) {
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("forbidden");
      expect(JSON.stringify(r.body)).not.toContain(plan.id);
    }
    const badId = await call(history, jsonRequest(`/api/user/history/1`, { headers: aliceHeaders }), { user_id: "1" });
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe("validation");

    const adminHeaders = await as(admin);
    expect((await call(rentalInfo, jsonRequest(`/api/user/rental_info?user_id=${bob.id}`, { headers: adminHeaders }))).body.items).toHaveLength(1);
    expect(
      (await call(history, jsonRequest(`/api/user/history/${bob.id}`, { headers: adminHeaders }), { user_id: bob.id })).status,
    ).toBe(200);
    expect(
      (await call(userOrders, jsonRequest(`/api/finance/orders/${bob.id}`, { headers: adminHeaders }), { id: bob.id })).body.items,
    ).toHaveLength(1);
    expect((await call(history, jsonRequest(`/api/user/history/${bob.id}`), { user_id: bob.id })).status).toBe(401);
  });
});

describe("POST /api/finance/generate_serial", () => {
  it("is refused to customers and for bad input, writing nothing; an admin gets the batch and its codes once", async () => {
    const plan = await makePlan(db, sessionUser(admin), { priceMinor: 700 });
    const batchesOfPlan = () => count(db, sql`select count(*) as n from serial_batches where plan_id = ${plan.id}`);
    const adminHeaders = await as(admin);

    const customer = await call(generate, jsonRequest("/api/finance/generate_serial", { body: { planId: plan.id, count: 5 }, headers: await as(alice) }));
    expect(customer.status).toBe(403);
    expect(customer.body.error.code).toBe("forbidden");

    for (const [body, field] of [
      [{ planId: plan.id, count: 0 }, "count"],
      [{ planId: plan.id, count: 100_001 }, "count"],
      [{ planId: plan.id, count: 5, priceMinor: -1 }, "priceMinor"],
      [{ planId: plan.id, count: 5, price: 999 }, "price"],
      [{ planId: plan.id, count: 2.5 }, "count"],
      [{ planId: "not-a-uuid", count: 5 }, "planId"],
    ] as const) {
      const r = await call(generate, jsonRequest("/api/finance/generate_serial", { body, headers: adminHeaders }));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("validation");
      expect(Object.keys(r.body.error.fieldErrors)).toEqual([field]);
    }
    const unknownPlan = await call(
      generate,
      jsonRequest("/api/finance/generate_serial", { body: { planId: crypto.randomUUID(), count: 5 }, headers: adminHeaders }),
    );
    expect(unknownPlan.status).toBe(400);
    expect(unknownPlan.body.error).toMatchObject({
      code: "plan_unknown",
      fieldErrors: { planId: [{ code: "plan_unknown", message: enErrors.plan_unknown }] },
    });
    expect(await batchesOfPlan()).toBe(0);

    const ok = await call(
      generate,
      jsonRequest("/api/finance/generate_serial", { body: { planId: plan.id, count: 5, channel: "web" }, headers: adminHeaders }),
    );
    expect(ok.status).toBe(201);
    expect(ok.res.headers.get("cache-control")).toBe("no-store");
    expect(ok.body.data.codes).toHaveLength(5);
    expect(ok.body.data.batch).toMatchObject({ count: 5, priceMinor: 700, channel: "web", counts: { unused: 5 } });
    expect(await batchesOfPlan()).toBe(1);

    // Listing the batch afterwards never shows the codes in full.
    const batchId = ok.body.data.batch.id;
    const codesPage = await call(batchCodes, jsonRequest(`/api/admin/serials/${batchId}/codes`, { headers: adminHeaders }), { id: batchId });
    expect(codesPage.body.items).toHaveLength(5);
    expect(JSON.stringify(codesPage.body)).not.toContain(ok.body.data.codes[0].slice(0, 11));
    const list = await call(listBatches, jsonRequest(`/api/admin/serials?planId=${plan.id}`, { headers: adminHeaders }));
    expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([batchId]);
    expect(JSON.stringify(list.body)).not.toContain(ok.body.data.codes[0].slice(0, 11));
  });
});

describe("admin serial routes", () => {
  it("export (audit-logged), revoke one, revoke all unused; customers are refused", async () => {
    const plan = await makePlan(db, sessionUser(admin));
    const { batch, codes } = await makeCodes(db, sessionUser(admin), plan, 3);
    const adminHeaders = await as(admin, { "x-forwarded-for": "203.0.113.50" });

    const denied = await call(exportBatch, jsonRequest(`/api/admin/serials/${batch.id}/export`, { headers: await as(alice) }), { id: batch.id });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden");

    const res = await exportBatch(jsonRequest(`/api/admin/serials/${batch.id}/export?format=txt`, { headers: adminHeaders }), {
      params: Promise.resolve({ id: batch.id }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="serials-.*\.txt"/);
    expect((await res.text()).trim().split("\n").sort()).toEqual([...codes].sort());
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "serial_batch.export")).orderBy(sql`id desc`).limit(1);
    expect(entry).toMatchObject({ actorId: admin.id, targetId: batch.id, ip: "203.0.113.50", details: { format: "txt", codes: 3 } });

    const page = await call(batchCodes, jsonRequest(`/api/admin/serials/${batch.id}/codes`, { headers: adminHeaders }), { id: batch.id });
    const first = page.body.items[0].id;
    expect((await call(revokeCode, jsonRequest(`/api/admin/serials/${batch.id}/codes/${first}/revoke`, { method: "POST", headers: await as(alice) }), { id: batch.id, codeId: String(first) })).status).toBe(403);
    const revoked = await call(revokeCode, jsonRequest(`/api/admin/serials/${batch.id}/codes/${first}/revoke`, { method: "POST", headers: adminHeaders }), { id: batch.id, codeId: String(first) });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ data: { id: first, status: "revoked" } });
    const twice = await call(revokeCode, jsonRequest(`/api/admin/serials/${batch.id}/codes/${first}/revoke`, { method: "POST", headers: adminHeaders }), { id: batch.id, codeId: String(first) });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("serial_not_unused");
    const otherBatch = await call(revokeCode, jsonRequest(`/api/admin/serials/${crypto.randomUUID()}/codes/${first}/revoke`, { method: "POST", headers: adminHeaders }), { id: crypto.randomUUID(), codeId: String(first) });
    expect(otherBatch.status).toBe(404);
    expect(otherBatch.body.error.code).toBe("not_found");

    const all = await call(revokeUnused, jsonRequest(`/api/admin/serials/${batch.id}/revoke_unused`, { method: "POST", headers: adminHeaders }), { id: batch.id });
    expect(all.body).toEqual({ data: { revoked: 2 } });
    const r = await call(activate, jsonRequest("/api/serial/activate", { body: { code: codes[2] }, headers: await as(alice) }));
    expect(r.body.error.code).toBe("serial_revoked");
  });
});

describe("plans routes", () => {
  it("create, update, and delete or archive; bad input is 400", async () => {
    const adminHeaders = await as(admin);
    const body = { nameEn: "Route plan", nameZh: "路由套餐", durationDays: 30, trafficQuotaBytes: 1e9, deviceLimit: 2, priceMinor: 500, currency: "usd" };
    const created = await call(postPlan, jsonRequest("/api/admin/plans", { body, headers: adminHeaders }));
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ currency: "USD", active: true });
    const id = created.body.data.id;

    for (const [bad, field, code] of [
      [{ ...body, currency: "XYZ" }, "currency", "currency_invalid"],
      [{ ...body, priceMinor: -5 }, "priceMinor", "price_negative"],
      [{ ...body, durationDays: 0 }, "durationDays", "number_too_small"],
      [{ ...body, nameEn: "" }, "nameEn", "text_too_short"],
    ] as const) {
      const r = await call(postPlan, jsonRequest("/api/admin/plans", { body: bad, headers: adminHeaders }));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("validation");
      expect(r.body.error.fieldErrors[field][0].code).toBe(code);
    }
    const refused = await call(postPlan, jsonRequest("/api/admin/plans", { body, headers: await as(alice) }));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");

    const updated = await call(putPlan, jsonRequest(`/api/admin/plans/${id}`, { method: "PUT", body: { ...body, priceMinor: 650 }, headers: adminHeaders }), { id });
    expect(updated.body.data.priceMinor).toBe(650);
    const list = await call(listPlansRoute, jsonRequest("/api/admin/plans", { headers: adminHeaders }));
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items.find((p: { id: string }) => p.id === id)).toMatchObject({ sold: false });

    await makeCodes(db, sessionUser(admin), { ...created.body.data, id }, 1);
    const archived = await call(deletePlanRoute, jsonRequest(`/api/admin/plans/${id}`, { method: "DELETE", headers: adminHeaders }), { id });
    expect(archived.status).toBe(200);
    expect(archived.body.data).toMatchObject({ id, active: false, sold: true });
    expect(archived.body.data.archivedAt).not.toBeNull();

    // An unsold plan is deleted: 204 without a body.
    const spare = await call(postPlan, jsonRequest("/api/admin/plans", { body: { ...body, nameEn: "Spare plan" }, headers: adminHeaders }));
    const deleted = await call(deletePlanRoute, jsonRequest(`/api/admin/plans/${spare.body.data.id}`, { method: "DELETE", headers: adminHeaders }), { id: spare.body.data.id });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
    expect(await db.select().from(serialBatches).where(eq(serialBatches.planId, id))).toHaveLength(1);
  });
});

describe("finance routes", () => {
  it("statistics and order lists are admin-only; the CSV export streams the filtered orders", async () => {
    const plan = await makePlan(db, sessionUser(admin), { priceMinor: 1234 });
    const { batch, codes } = await makeCodes(db, sessionUser(admin), plan, 2, { channel: "=cmd|' /C calc'!A0" });
    const carol = await createUser(db);
    for (const code of codes) await call(activate, jsonRequest("/api/serial/activate", { body: { code }, headers: await as(carol) }));

    const customerStats = await call(statistics, jsonRequest("/api/finance/statistics", { headers: await as(alice) }));
    expect(customerStats.status).toBe(403);
    expect(customerStats.body.error.code).toBe("forbidden");
    const stats = await call(statistics, jsonRequest("/api/finance/statistics?groupBy=month", { headers: await as(admin) }));
    expect(stats.status).toBe(200);
    expect(stats.body.data.perPlan.find((p: { planId: string }) => p.planId === plan.id)).toMatchObject({ amountMinor: 2468, orders: 2 });
    const reversed = await call(statistics, jsonRequest("/api/finance/statistics?from=2030-02-01&to=2030-01-01", { headers: await as(admin) }));
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fieldErrors.to[0].code).toBe("range_invalid");

    const customerOrders = await call(adminOrders, jsonRequest("/api/admin/orders", { headers: await as(alice) }));
    expect(customerOrders.status).toBe(403);
    expect(customerOrders.body.error.code).toBe("forbidden");
    const list = await call(adminOrders, jsonRequest(`/api/admin/orders?batchId=${batch.id}&email=${encodeURIComponent(carol.email.slice(0, 12))}`, { headers: await as(admin) }));
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0]).toMatchObject({ userEmail: carol.email, amountMinor: 1234, batchId: batch.id });

    const res = await exportOrders(jsonRequest(`/api/admin/orders/export?batchId=${batch.id}`, { headers: await as(admin) }), {
      params: Promise.resolve({}),
    });
    const csv = await res.text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toMatch(/^order_id,paid_at,status,user_email/);
    expect(lines).toHaveLength(3);
    expect(csv).toContain("12.34");
    // A channel that looks like a formula is defused for spreadsheets.
    expect(csv).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(csv).not.toContain(`,=cmd`);
  });
});
