import { and, eq, gte, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { plans, rentals, users } from "@/db/schema";
import { now } from "@/lib/clock";
import { writeSystemLog } from "@/lib/logs/system-log";
import { sendMail } from "@/lib/mail/mailer";
import { quotaStops } from "@/lib/metrics/quota";
import { transitionRental } from "@/lib/rentals/transition-rental";
import { bytesToGb } from "@/lib/units";

/**
 * Quota enforcement after each sampling cycle and final sample:
 * - 80 %: one warning mail per quota. `quotaWarnedFor` is claimed in the same transaction that queues the mail,
 *   so concurrent runs send one, and a raised quota (a new value) may warn again.
 * - 100 % on an active rental: → over_quota (reason "quota"), then a mail (a failed mail is logged; the stop holds).
 * The relays of a rental that went over quota are stopped by stop-relays.ts, which runs after this.
 */

const WARN_NUMERATOR = 4;
const WARN_DENOMINATOR = 5;

export type QuotaSummary = { warned: number; overQuota: number; errors: number };

export async function checkQuotas(db: Db, rentalIds?: string[]): Promise<QuotaSummary> {
  const summary: QuotaSummary = { warned: 0, overQuota: 0, errors: 0 };
  if (rentalIds && rentalIds.length === 0) return summary;
  const only = rentalIds ? inArray(rentals.id, rentalIds) : undefined;

  const over = await db
    .select({ id: rentals.id })
    .from(rentals)
    .where(and(eq(rentals.status, "active"), gte(rentals.trafficUsedBytes, rentals.trafficQuotaBytes), only));
  for (const { id } of over) {
    await guarded(db, summary, id, "over quota", async () => {
      await db.transaction(async (tx) => {
        const { rental } = await transitionRental(tx, id, "over_quota", { reason: "quota", from: "active" });
        // No 80 % mail for a quota already used up.
        await tx.update(rentals).set({ quotaWarnedFor: rental.trafficQuotaBytes }).where(eq(rentals.id, id));
      });
      summary.overQuota++;
      quotaStops.inc();
    });
    // After the stop is decided, not inside it: a mail provider that fails must never keep a relay running.
    await guarded(db, summary, id, "over-quota mail", () => mailOwner(db, id, "traffic-quota-exceeded"));
  }

  // used / quota >= 4/5, in integers: used * 5 >= quota * 4.
  const warn = await db
    .select({ id: rentals.id })
    .from(rentals)
    .where(
      and(
        eq(rentals.status, "active"),
        sql`${rentals.trafficUsedBytes} * ${WARN_DENOMINATOR} >= ${rentals.trafficQuotaBytes} * ${WARN_NUMERATOR}`,
        lt(rentals.trafficUsedBytes, rentals.trafficQuotaBytes),
        or(isNull(rentals.quotaWarnedFor), ne(rentals.quotaWarnedFor, rentals.trafficQuotaBytes)),
        only,
      ),
    );
  for (const { id } of warn) {
    await guarded(db, summary, id, "quota warning", async () => {
      const sent = await db.transaction(async (tx) => {
        const claimed = await tx
          .update(rentals)
          .set({ quotaWarnedFor: rentals.trafficQuotaBytes })
          .where(and(eq(rentals.id, id), or(isNull(rentals.quotaWarnedFor), ne(rentals.quotaWarnedFor, rentals.trafficQuotaBytes))))
          .returning({ id: rentals.id });
        if (claimed.length === 0) return false;
        await mailOwner(tx, id, "traffic-quota-warning");
        return true;
      });
      if (sent) summary.warned++;
    });
  }
  return summary;
}

async function mailOwner(tx: DbOrTx, rentalId: string, template: "traffic-quota-warning" | "traffic-quota-exceeded"): Promise<void> {
  const [row] = await tx
    .select({ email: users.email, locale: users.locale, used: rentals.trafficUsedBytes, quota: rentals.trafficQuotaBytes, nameEn: plans.nameEn, nameZh: plans.nameZh })
    .from(rentals)
    .innerJoin(users, eq(users.id, rentals.userId))
    .innerJoin(plans, eq(plans.id, rentals.planId))
    .where(eq(rentals.id, rentalId));
  if (!row) return;
  const data = {
    planName: row.locale === "zh-CN" ? row.nameZh : row.nameEn,
    usedGb: bytesToGb(row.used),
    quotaGb: bytesToGb(row.quota),
    percent: row.quota > 0 ? Math.floor((row.used * 100) / row.quota) : 100,
  };
  await sendMail(tx, { to: row.email, locale: row.locale, template, data });
}

async function guarded(db: Db, summary: QuotaSummary, rentalId: string, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    // A rental that changed meanwhile (renewed, suspended) or a mail that failed: the next cycle tries again.
    summary.errors++;
    await writeSystemLog(db, {
      level: "warn",
      source: "traffic",
      message: `${what} not applied: ${error instanceof Error ? error.message : String(error)}`,
      context: { rentalId, at: now().toISOString() },
    });
  }
}
