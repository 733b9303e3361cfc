import { count, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type SystemLogRow } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { getFinanceStatistics, statisticsQuery, type FinanceStatistics } from "@/lib/billing/statistics";
import { querySystemLog } from "@/lib/logs/system-log";

export interface AdminOverview {
  /** Customers (non-admin accounts) by status. */
  users: { pending: number; active: number; disabled: number };
  /** The last 30 days (the statistics default), per currency. */
  revenue: FinanceStatistics["totals"];
  rentalsNow: FinanceStatistics["rentalsNow"];
  recentErrors: SystemLogRow[];
}

/** What an operator wants to see first: customers, rentals, recent revenue and whether anything is failing. */
export async function getAdminOverview(db: DbOrTx, actor: SessionUser): Promise<AdminOverview> {
  assertAdmin(actor);
  const [userRows, stats, errors] = await Promise.all([
    // Customers only: admins (the operator among them) are not counted.
    db.select({ status: users.status, n: count() }).from(users).where(ne(users.role, "admin")).groupBy(users.status),
    getFinanceStatistics(db, actor, statisticsQuery.parse({})),
    querySystemLog(db, actor, { level: "error", limit: 5 }),
  ]);
  const byStatus = Object.fromEntries(userRows.map((r) => [r.status, Number(r.n)]));
  return {
    users: { pending: byStatus.pending ?? 0, active: byStatus.active ?? 0, disabled: byStatus.disabled ?? 0 },
    revenue: stats.totals,
    rentalsNow: stats.rentalsNow,
    recentErrors: errors.items,
  };
}
