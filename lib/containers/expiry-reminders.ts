import { and, eq, gt, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { plans, rentals, users } from "@/db/schema";
import { DAY_MS, now } from "@/lib/clock";
import { env } from "@/lib/env";
import { formatDate } from "@/lib/i18n/date-format";
import { DEFAULT_TIME_ZONE } from "@/lib/i18n/time-zone";
import { sendMail } from "@/lib/mail/mailer";
import { scoped, type RentalScope } from "./rental-expiry";

/**
 * Reminder mails 3 days and 1 day before a rental expires. Each is sent once per expiry value: the rental
 * remembers the expiry it reminded for, so a renewal (a new expiry) earns new reminders and a second run of
 * the job sends nothing twice. When both are due at once (a rental bought with 1 day left) only the 1-day
 * reminder goes out.
 */

const STILL_RUNNING = ["pending", "active", "suspended", "over_quota"] as const;

const REMINDERS = [
  { days: 1, column: rentals.reminded1dFor, set: "reminded1dFor" },
  { days: 3, column: rentals.reminded3dFor, set: "reminded3dFor" },
] as const;

export async function sendExpiryReminders(db: Db, scope: RentalScope = {}): Promise<{ sent: number }> {
  const at = now();
  let sent = 0;
  for (const reminder of REMINDERS) {
    const due = await db
      .select({
        rental: rentals,
        email: users.email,
        locale: users.locale,
        timeZone: users.timeZone,
        planNameEn: plans.nameEn,
        planNameZh: plans.nameZh,
      })
      .from(rentals)
      .innerJoin(users, eq(users.id, rentals.userId))
      .innerJoin(plans, eq(plans.id, rentals.planId))
      .where(
        and(
          inArray(rentals.status, [...STILL_RUNNING]),
          gt(rentals.expiresAt, at),
          lte(rentals.expiresAt, new Date(at.getTime() + reminder.days * DAY_MS)),
          or(isNull(reminder.column), ne(reminder.column, rentals.expiresAt)),
          scoped(scope),
        ),
      )
      .limit(scope.limit ?? 500);
    for (const row of due) {
      await db.transaction(async (tx) => {
        // Claim the reminder first: of two workers racing here, one updates the row and sends.
        const claimed = await tx
          .update(rentals)
          .set({
            [reminder.set]: row.rental.expiresAt,
            // The 3-day reminder is pointless once the 1-day one went out for this expiry.
            ...(reminder.days === 1 ? { reminded3dFor: row.rental.expiresAt } : {}),
          })
          .where(and(eq(rentals.id, row.rental.id), eq(rentals.expiresAt, row.rental.expiresAt), sql`${reminder.column} is distinct from ${rentals.expiresAt}`))
          .returning({ id: rentals.id });
        if (!claimed.length) return;
        await sendMail(tx, {
          to: row.email,
          locale: row.locale,
          template: "expiry-reminder",
          data: {
            plan: row.locale === "zh-CN" ? row.planNameZh : row.planNameEn,
            days: reminder.days,
            expiresAt: formatDate(row.rental.expiresAt, { locale: row.locale, timeZone: row.timeZone ?? DEFAULT_TIME_ZONE }),
            graceDays: env().RELEASE_GRACE_DAYS,
          },
        });
        sent++;
      });
    }
  }
  return { sent };
}
