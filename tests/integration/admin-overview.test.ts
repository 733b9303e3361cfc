import { describe, expect, it } from "vitest";
import { getAdminOverview } from "@/lib/overview/admin-overview";
import { writeSystemLog } from "@/lib/logs/system-log";
import { createUser, sessionUser } from "../helpers/auth";
import { testDb, unique } from "../helpers/db";

describe("admin overview", () => {
  it("counts customers by status and shows the newest errors", async () => {
    const { db } = await testDb();
    const admin = sessionUser(await createUser(db, { role: "admin" }));
    await createUser(db, { status: "disabled" });
    await createUser(db, { status: "pending" });
    const message = unique("replication lag");
    await writeSystemLog(db, { level: "error", source: "worker", message });

    const overview = await getAdminOverview(db, admin);
    // Other test files share the database, so counts are at least what this test created.
    expect(overview.users.active).toBeGreaterThanOrEqual(1);
    expect(overview.users.disabled).toBeGreaterThanOrEqual(1);
    expect(overview.users.pending).toBeGreaterThanOrEqual(1);
    expect(overview.recentErrors.map((e) => e.message)).toContain(message);
    expect(overview.recentErrors.every((e) => e.level === "error")).toBe(true);
  });

  it("is refused to customers", async () => {
    const { db } = await testDb();
    const customer = sessionUser(await createUser(db));
    await expect(getAdminOverview(db, customer)).rejects.toMatchObject({ status: 403, code: "forbidden" });
  });
});
