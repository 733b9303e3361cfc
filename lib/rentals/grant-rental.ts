import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { plans, users, type Rental } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { badRequest, conflict, isAppError, notFound } from "@/lib/errors";
import { recordHistory } from "@/lib/history/record-history";
import { writeAudit } from "@/lib/logs/audit-log";
import { findOfferedRegion } from "@/lib/regions/find-offered-region";
import type { GrantRentalInput } from "./admin-schemas";
import { startOrExtendRental } from "./start-or-extend-rental";

export interface GrantResult {
  rental: Rental;
  /** True when an existing rental of the plan was extended (or renewed) instead of a new one started. */
  extended: boolean;
}

/**
 * An admin gives a user `days` of a plan without a code: exactly what a redemption does to the rental (the
 * user's rental of that plan is extended from its expiry, with the plan's traffic quota added, an expired one
 * renewed; otherwise a new `pending` one starts), but no order is written and the revenue rollup is not
 * touched, so a grant never counts as a sale. The user's history says an administrator granted it; the audit
 * log keeps the reason. The user's row is locked like a redemption's, so grants and redemptions take turns.
 */
export async function grantRental(
  db: Db,
  actor: SessionUser,
  userId: string,
  input: GrantRentalInput,
  meta?: RequestMeta,
): Promise<GrantResult> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(eq(users.id, userId))
      .for("no key update");
    if (!user) throw notFound();
    const [plan] = await tx.select().from(plans).where(eq(plans.id, input.planId));
    if (!plan) throw badRequest("plan_unknown", { planId: ["plan_unknown"] });
    if (plan.archivedAt) throw badRequest("plan_archived", { planId: ["plan_archived"] });
    const region = input.region ? await findOfferedRegion(tx, input.region) : null;
    const at = now();
    let purchase;
    try {
      purchase = await startOrExtendRental(tx, {
        userId,
        plan: { ...plan, durationDays: input.days },
        regionId: region?.id ?? null,
        at,
        actor: auditActor(actor),
      });
    } catch (e) {
      // The purchase's own message speaks of a code; a grant has none.
      if (isAppError(e) && e.code === "rental_too_long") throw conflict("grant_too_long");
      throw e;
    }
    const { rental, previous } = purchase;
    await recordHistory(
      tx,
      userId,
      "granted",
      {
        planId: plan.id,
        planNameEn: plan.nameEn,
        planNameZh: plan.nameZh,
        rentalId: rental.id,
        days: input.days,
        expiresAt: rental.expiresAt.toISOString(),
        previousExpiresAt: previous?.expiresAt.toISOString() ?? null,
      },
      actor.id,
    );
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "rental.granted",
      target: { type: "rental", id: rental.id },
      meta,
      details: {
        userId,
        email: user.email,
        planId: plan.id,
        days: input.days,
        region: region?.code ?? null,
        extended: previous !== null,
        expiresAt: rental.expiresAt.toISOString(),
        previousExpiresAt: previous?.expiresAt.toISOString() ?? null,
        adminReason: input.reason,
      },
    });
    return { rental, extended: previous !== null };
  });
}
