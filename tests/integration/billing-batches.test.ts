import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/db/client";
import { auditLog, plans, serialBatches, serialCodes } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { deleteOrArchivePlan, updatePlan } from "@/lib/billing/plans";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { batchListQuery, generateSerialBatch, getSerialBatch, listSerialBatches } from "@/lib/billing/serial-batches";
import { parseSerialCode } from "@/lib/billing/serial-code";
import { listBatchCodes, revokeSerialCode, revokeUnusedCodes } from "@/lib/billing/serial-codes";
import { serialLookupHash } from "@/lib/billing/serial-crypto";
import { exportSerialBatch } from "@/lib/billing/serial-export";
import { count, insertUser, makeCodes, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";

let db: Db;
let admin: SessionUser;
let customer: SessionUser;

beforeAll(async () => {
  db = (await testDb()).db;
  admin = await insertUser(db, { role: "admin" });
  customer = await insertUser(db);
});

describe("serial batches", () => {
  it("generates valid codes, stores only hashes and ciphertext, and re-exports the same codes", async () => {
    const plan = await makePlan(db, admin, { priceMinor: 2500, currency: "CNY" });
    const { batch, codes } = await generateSerialBatch(db, admin, { planId: plan.id, count: 25, channel: "shop-x" });
    expect(batch).toMatchObject({ count: 25, priceMinor: 2500, currency: "CNY", channel: "shop-x" });
    expect(codes).toHaveLength(25);
    for (const c of codes) {
      expect(c).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      expect(parseSerialCode(c).ok).toBe(true);
    }

    // A dump of the table holds no code text, in any encoding the columns could carry.
    const dump = await queryRows<Record<string, unknown>>(
      db,
      sql`select encode(code_hash, 'hex') as h, encode(code_cipher, 'escape') as c, encode(code_cipher, 'base64') as b
          from serial_codes where batch_id = ${batch.id}`,
    );
    const text = JSON.stringify(dump);
    for (const c of codes) {
      expect(text).not.toContain(c.replace(/-/g, ""));
      expect(text).not.toContain(c.replace(/-/g, "").slice(0, 8));
    }
    const rows = await db.select().from(serialCodes).where(eq(serialCodes.batchId, batch.id));
    expect(rows.map((r) => r.codeHash.toString("hex")).sort()).toEqual(
      codes.map((c) => serialLookupHash(c.replace(/-/g, "")).toString("hex")).sort(),
    );

    const csv = await exportSerialBatch(db, admin, batch.id, { format: "csv" }, { ip: "198.51.100.7", userAgent: "vitest" });
    const lines = csv.body.trim().split("\n");
    expect(lines[0]).toBe("code,status,plan,price_minor,currency,channel,redeem_by,redeemed_at,redeemed_by,revoked_at");
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual([...codes].sort());
    const txt = await exportSerialBatch(db, admin, batch.id, { format: "txt" });
    expect(txt.body.trim().split("\n").sort()).toEqual([...codes].sort());
    expect(txt.filename).toMatch(/\.txt$/);

    const audits = await db.select().from(auditLog).where(eq(auditLog.targetId, batch.id));
    expect(audits.map((a) => a.action).sort()).toEqual(["serial_batch.export", "serial_batch.export", "serial_batch.generate"]);
    const exportAudit = audits.find((a) => a.ip === "198.51.100.7");
    expect(exportAudit).toMatchObject({ actorId: admin.id, details: { format: "csv", codes: 25 } });
    for (const a of audits) expect(JSON.stringify(a.details)).not.toContain(codes[0].slice(0, 11));
  });

  it("defaults the price to the plan's, reads a form price in the plan's currency, and refuses bad input", async () => {
    const plan = await makePlan(db, admin, { priceMinor: 1999, currency: "USD" });
    const a = await generateSerialBatch(db, admin, { planId: plan.id, count: 1 });
    expect(a.batch.priceMinor).toBe(1999);
    const b = await generateSerialBatch(db, admin, { planId: plan.id, count: 1, priceText: "12.5" });
    expect(b.batch.priceMinor).toBe(1250);

    const before = await count(db, sql`select count(*) as n from serial_batches where plan_id = ${plan.id}`);
    await expect(generateSerialBatch(db, admin, { planId: plan.id, count: 1, priceText: "1.234" })).rejects.toMatchObject({
      status: 400,
      code: "price_invalid",
    });
    await expect(generateSerialBatch(db, admin, { planId: crypto.randomUUID(), count: 1 })).rejects.toMatchObject({
      status: 400,
      code: "plan_unknown",
    });
    await expect(
      generateSerialBatch(db, admin, { planId: plan.id, count: 1, redeemBy: new Date(Date.now() - 1000) }),
    ).rejects.toMatchObject({ status: 400, code: "redeem_by_past" });
    await expect(generateSerialBatch(db, customer, { planId: plan.id, count: 1 })).rejects.toMatchObject({ status: 403, code: "forbidden" });
    await db.update(plans).set({ active: false }).where(eq(plans.id, plan.id));
    await expect(generateSerialBatch(db, admin, { planId: plan.id, count: 1 })).rejects.toMatchObject({
      status: 400,
      code: "plan_inactive",
    });
    expect(await count(db, sql`select count(*) as n from serial_batches where plan_id = ${plan.id}`)).toBe(before);
  });

  it("lists batches with counts by status and pages through them", async () => {
    const plan = await makePlan(db, admin);
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await makeCodes(db, admin, plan, 2 + i));
    await redeemSerial(db, customer, { code: made[2].codes[0] });

    const first = await listSerialBatches(db, admin, { planId: plan.id, limit: 2 });
    expect(first.items.map((b) => b.id)).toEqual([made[2].batch.id, made[1].batch.id]);
    expect(first.items[0].counts).toEqual({ unused: 3, redeemed: 1, revoked: 0 });
    expect(first.nextCursor).not.toBeNull();
    const second = await listSerialBatches(db, admin, batchListQuery.parse({ planId: plan.id, limit: 2, cursor: first.nextCursor }));
    expect(second.items.map((b) => b.id)).toEqual([made[0].batch.id]);
    expect(second.nextCursor).toBeNull();
    await expect(listSerialBatches(db, customer, { limit: 2 })).rejects.toMatchObject({ status: 403, code: "forbidden" });
  });

  it("shows codes masked with who redeemed them, finds one by its text, and revokes one or all unused", async () => {
    const plan = await makePlan(db, admin);
    const { batch, codes } = await makeCodes(db, admin, plan, 4);
    await redeemSerial(db, customer, { code: codes[0] });

    const page = await listBatchCodes(db, admin, batch.id, { limit: 50 });
    expect(page.items).toHaveLength(4);
    const redeemed = page.items.find((c) => c.status === "redeemed")!;
    expect(redeemed).toMatchObject({ redeemedBy: customer.id, redeemedByEmail: customer.email });
    expect(redeemed.masked).toBe(`•••••-•••••-•••••-${codes[0].slice(-5)}`);
    const found = await listBatchCodes(db, admin, batch.id, { limit: 50, code: codes[2].toLowerCase() });
    expect(found.items.map((c) => c.masked)).toEqual([`•••••-•••••-•••••-${codes[2].slice(-5)}`]);

    await expect(revokeSerialCode(db, admin, batch.id, redeemed.id)).rejects.toMatchObject({
      status: 409,
      code: "serial_not_unused",
    });
    await expect(revokeSerialCode(db, customer, batch.id, found.items[0].id)).rejects.toMatchObject({ status: 403, code: "forbidden" });
    await revokeSerialCode(db, admin, batch.id, found.items[0].id);
    expect((await getSerialBatch(db, admin, batch.id)).counts).toEqual({ unused: 2, redeemed: 1, revoked: 1 });

    expect(await revokeUnusedCodes(db, admin, batch.id)).toEqual({ revoked: 2 });
    expect((await getSerialBatch(db, admin, batch.id)).counts).toEqual({ unused: 0, redeemed: 1, revoked: 3 });
    expect(await revokeUnusedCodes(db, admin, batch.id)).toEqual({ revoked: 0 });
    const actions = (await db.select().from(auditLog).where(eq(auditLog.actorId, admin.id))).map((a) => a.action);
    expect(actions).toContain("serial_code.revoke");
    expect(actions).toContain("serial_batch.revoke_unused");
  });
});

describe("plans", () => {
  it("deletes an unsold plan but archives a sold one, which then cannot be changed", async () => {
    const unsold = await makePlan(db, admin);
    expect(await deleteOrArchivePlan(db, admin, unsold.id)).toEqual({ result: "deleted" });
    expect(await db.select().from(plans).where(eq(plans.id, unsold.id))).toHaveLength(0);

    const sold = await makePlan(db, admin);
    await makeCodes(db, admin, sold, 1);
    expect(await deleteOrArchivePlan(db, admin, sold.id)).toEqual({ result: "archived" });
    const [row] = await db.select().from(plans).where(eq(plans.id, sold.id));
    expect(row.archivedAt).not.toBeNull();
    expect(row.active).toBe(false);
    await expect(
      updatePlan(db, admin, sold.id, { ...row, bandwidthLimitBytesPerSec: null, active: true }),
    ).rejects.toMatchObject({ status: 409, code: "plan_archived" });
    await expect(deleteOrArchivePlan(db, customer, sold.id)).rejects.toMatchObject({ status: 403, code: "forbidden" });
    expect(await db.select().from(serialBatches).where(eq(serialBatches.planId, sold.id))).toHaveLength(1);
  });
});
