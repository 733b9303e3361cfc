import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as exportOrders } from "@/app/api/admin/orders/export/route";
import { GET as exportBatch } from "@/app/api/admin/serials/[id]/export/route";
import { auditLog } from "@/db/schema";
import { authHeaders, call, createUser, jsonRequest, sessionUser } from "../helpers/auth";
import { makeCodes, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";

describe("audit-logged exports", () => {
  it("refuse a cross-site request (another site cannot set one off in an admin's browser)", async () => {
    const { db } = await testDb();
    const adminRow = await createUser(db, { role: "admin" });
    const admin = sessionUser(adminRow);
    const plan = await makePlan(db, admin);
    const { batch } = await makeCodes(db, admin, plan, 2);
    const headers = await authHeaders(adminRow);
    const exportsLogged = () =>
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorId, admin.id), eq(auditLog.action, "serial_batch.export")));

    const cross = { ...headers, "sec-fetch-site": "cross-site" };
    const refused = await call(exportBatch, jsonRequest(`/api/admin/serials/${batch.id}/export?format=txt`, { headers: cross }), { id: batch.id });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("cross_site");
    const orders = await call(exportOrders, jsonRequest("/api/admin/orders/export", { headers: cross }));
    expect(orders.status).toBe(403);
    expect(orders.body.error.code).toBe("cross_site");
    expect(await exportsLogged()).toHaveLength(0);

    // The same export from the app's own page goes through and is logged.
    const res = await exportBatch(
      jsonRequest(`/api/admin/serials/${batch.id}/export?format=txt`, { headers: { ...headers, "sec-fetch-site": "same-origin" } }),
      { params: Promise.resolve({ id: batch.id }) },
    );
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split("\n")).toHaveLength(2);
    expect(await exportsLogged()).toHaveLength(1);
  });
});
