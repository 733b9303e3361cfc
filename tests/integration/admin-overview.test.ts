import { describe, expect, it } from "vitest";
import { getAdminOverview } from "@/lib/overview/admin-overview";
import { writeSystemLog } from "@/lib/logs/system-log";
import { createUser, sessionUser } from "../helpers/auth";
import { testDb, unique } from "../helpers/db";

describe("admin overview", () => {
  it("counts customers by status and shows the newest errors", async () => {
    const { db } = await testDb();
    const admin = sessionUser(await createUser(db, { role: "admin" }));
    await createUser(db);
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

  it("counts customers only: admins, the operator among them, are not customers", async () => {
    const { db } = await testDb();
    const admin = sessionUser(await createUser(db, { role: "admin" }));
    // One repeatable-read snapshot, rolled back: other test files adding users at the same time cannot move the counts.
    const rollback = new Error("rollback");
    const deltas = await db
      .transaction(
        async (tx) => {
          const before = await getAdminOverview(tx, admin);
          await createUser(tx as never, { role: "admin", passwordHash: "x" });
          await createUser(tx as never, { role: "admin", status: "pending", passwordHash: "x" });
          await createUser(tx as never, { passwordHash: "x" });
          const after = await getAdminOverview(tx, admin);
          throw Object.assign(rollback, {
            deltas: {
              active: after.users.active - before.users.active,
              pending: after.users.pending - before.users.pending,
              disabled: after.users.disabled - before.users.disabled,
            },
          });
        },
        { isolationLevel: "repeatable read" },
      )
      .catch((e: unknown) => {
        if (e !== rollback) throw e;
        return (e as Error & { deltas: Record<string, number> }).deltas;
      });
    expect(deltas).toEqual({ active: 1, pending: 0, disabled: 0 });
  });

  it("is refused to customers", async () => {
    const { db } = await testDb();
    const customer = sessionUser(await createUser(db));
    await expect(getAdminOverview(db, customer)).rejects.toMatchObject({ status: 403, code: "forbidden" });
  });
});
