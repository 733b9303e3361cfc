import { describe, expect, it } from "vitest";
import { queryAuditLog, writeAudit } from "@/lib/logs/audit-log";
import type { AuditAction } from "@/lib/logs/audit-actions";
import { querySystemLog, systemLogFilter, writeSystemLog } from "@/lib/logs/system-log";
import { testAdmin, testDb, unique } from "../helpers/db";

describe("system log", () => {
  it("filters by level, source, text and time range, and pages by cursor", async () => {
    const { db } = await testDb();
    const source = unique("src");
    for (let i = 0; i < 7; i++) {
      await writeSystemLog(db, { level: i % 2 ? "error" : "info", source, message: `event ${i} 50%_done`, context: { i } });
    }
    const errors = await querySystemLog(db, testAdmin, { source, level: "error", limit: 50 });
    expect(errors.items.map((r) => r.context.i)).toEqual([5, 3, 1]);

    const text = await querySystemLog(db, testAdmin, { source, q: "event 4", limit: 50 });
    expect(text.items).toHaveLength(1);
    // LIKE wildcards in the search text are literal: "t_6" would match "t 6" if "_" were a wildcard.
    expect((await querySystemLog(db, testAdmin, { source, q: "t_6", limit: 50 })).items).toHaveLength(0);
    expect((await querySystemLog(db, testAdmin, { source, q: "6 50%_", limit: 50 })).items).toHaveLength(1);

    const first = await querySystemLog(db, testAdmin, { source, limit: 3 });
    expect(first.items.map((r) => r.context.i)).toEqual([6, 5, 4]);
    const second = await querySystemLog(db, testAdmin, systemLogFilter.parse({ source, limit: 3, cursor: first.nextCursor }));
    expect(second.items.map((r) => r.context.i)).toEqual([3, 2, 1]);
    const last = await querySystemLog(db, testAdmin, systemLogFilter.parse({ source, limit: 3, cursor: second.nextCursor }));
    expect(last.items.map((r) => r.context.i)).toEqual([0]);
    expect(last.nextCursor).toBeNull();

    const future = new Date(Date.now() + 60_000);
    expect((await querySystemLog(db, testAdmin, { source, from: future, limit: 50 })).items).toHaveLength(0);
    expect((await querySystemLog(db, testAdmin, { source, until: future, limit: 50 })).items).toHaveLength(7);
  });
});

describe("audit log", () => {
  it("records actor, action, target and origin, and filters by them", async () => {
    const { db } = await testDb();
    // A made-up action keeps this test's rows apart from every other test's.
    const action = unique("act") as AuditAction;
    const actor = { id: crypto.randomUUID(), email: `${unique("a")}@example.com` };
    await writeAudit(db, {
      actor,
      action,
      target: { type: "user", id: "42" },
      meta: { ip: "::ffff:203.0.113.9", userAgent: "vitest" },
    });
    await writeAudit(db, { actor: null, action, target: { type: "plan", id: "7" }, meta: { ip: "not-an-ip", userAgent: null } });

    const byAction = await queryAuditLog(db, testAdmin, { action, limit: 50 });
    expect(byAction.items).toHaveLength(2);
    // An IPv4 client seen over IPv6 is stored as its IPv4 address.
    expect(byAction.items[1]).toMatchObject({ actorEmail: actor.email, targetType: "user", targetId: "42", ip: "203.0.113.9" });
    expect(byAction.items[0].ip).toBeNull();

    expect((await queryAuditLog(db, testAdmin, { action, actor: actor.email.slice(0, 8), limit: 50 })).items).toHaveLength(1);
    expect((await queryAuditLog(db, testAdmin, { action, actor: actor.id, limit: 50 })).items).toHaveLength(1);
    expect((await queryAuditLog(db, testAdmin, { action, target: "plan:7", limit: 50 })).items).toHaveLength(1);
    expect((await queryAuditLog(db, testAdmin, { action, target: "42", limit: 50 })).items).toHaveLength(1);
  });
});

describe("log queries", () => {
  it("are refused to customers", async () => {
    const { db } = await testDb();
    const customer = { ...testAdmin, role: "customer" as const };
    await expect(querySystemLog(db, customer, { limit: 1 })).rejects.toMatchObject({ status: 403, code: "forbidden" });
    await expect(queryAuditLog(db, customer, { limit: 1 })).rejects.toMatchObject({ status: 403, code: "forbidden" });
  });
});
