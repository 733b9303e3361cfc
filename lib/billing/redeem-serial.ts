import { eq, sql } from "drizzle-orm";
import { queryRows, type DbOrTx, type Tx } from "@/db/client";
import { orders, plans, rentals, type Plan, type Rental } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { throttle } from "@/lib/auth/throttle";
import { DAY_MS, now } from "@/lib/clock";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import { recordHistory } from "@/lib/history/record-history";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { auditActor } from "@/lib/auth/access";
import { addRevenue } from "./revenue-daily";
import type { ActivateInput } from "./schemas";
import { parseSerialCode } from "./serial-code";
import { serialLookupHash } from "./serial-crypto";

/** A rental may run at most this far ahead; beyond it a redemption is refused (and the code stays unused). */
const MAX_AHEAD_MS = 100 * 365 * DAY_MS;

export interface RedeemResult {
  orderId: number;
  /** True when an existing rental of the same plan was extended instead of a new one started. */
  extended: boolean;
  rental: Pick<Rental, "id" | "planId" | "status" | "region" | "startsAt" | "expiresAt" | "trafficQuotaBytes" | "deviceLimit">;
  plan: Pick<Plan, "id" | "nameEn" | "nameZh" | "durationDays">;
  amountMinor: number;
  currency: string;
}

interface ClaimedCode extends Record<string, unknown> {
  id: number | string;
  batch_id: string;
  plan_id: string;
  price_minor: number;
  currency: string;
  channel: string | null;
}

/**
 * Redeems a serial code for the caller. The check symbol is verified first, so a mistyped code never
 * reaches the database. Then, in one transaction: a conditional UPDATE claims the code (only one of any
 * number of concurrent attempts can), the caller's redemptions are serialised on their user row, the order
 * is written, the rental is extended (same plan, active or pending) or created (pending), the history and
 * audit entries are added and the daily revenue rollup is updated. Any failure rolls all of it back.
 */
export async function redeemSerial(
  db: DbOrTx,
  actor: SessionUser,
  input: ActivateInput,
  meta?: RequestMeta,
): Promise<RedeemResult> {
  const parsed = parseSerialCode(input.code);
  if (!parsed.ok) throw badRequest(parsed.error, { code: [parsed.error] });
  // Codes have 95 random bits; the throttle still keeps scripted guessing slow and visible.
  await throttle(db, [
    ["serialAccount", actor.id],
    ["serialIp", meta?.ip],
  ]);
  const hash = serialLookupHash(parsed.code);
  const region = input.region ?? null;

  return db.transaction(async (tx) => {
    const at = now();
    // Timestamps go into raw SQL as ISO text: the postgres.js driver is set up by Drizzle to expect strings.
    const [claimed] = await queryRows<ClaimedCode>(
      tx,
      sql`update serial_codes c
          set status = 'redeemed', redeemed_by = ${actor.id}, redeemed_at = ${at.toISOString()}
          from serial_batches b
          where c.code_hash = ${hash} and c.status = 'unused' and b.id = c.batch_id
            and (b.redeem_by is null or b.redeem_by > ${at.toISOString()})
          returning c.id, c.batch_id, b.plan_id, b.price_minor, b.currency, b.channel`,
    );
    if (!claimed) throw await refusal(tx, hash, at);

    // One redemption per user at a time: concurrent ones queue here, so each sees the previous extension.
    await tx.execute(sql`select id from users where id = ${actor.id} for no key update`);
    const [plan] = await tx.select().from(plans).where(eq(plans.id, claimed.plan_id));

    const [current] = await tx
      .select()
      .from(rentals)
      .where(
        sql`${rentals.userId} = ${actor.id} and ${rentals.planId} = ${plan.id}
            and ${rentals.status} in ('active', 'pending')
            and (${region}::text is null or ${rentals.region} is null or ${rentals.region} = ${region})`,
      )
      .orderBy(sql`${rentals.status} = 'active' desc`, sql`${rentals.expiresAt} desc`)
      .limit(1)
      .for("update");

    let rental: Rental;
    if (current) {
      // Extend from the current expiry, or from now if the expiry job has not caught up yet.
      const from = Math.max(current.expiresAt.getTime(), at.getTime());
      if (from + plan.durationDays * DAY_MS - at.getTime() > MAX_AHEAD_MS) throw conflict("rental_too_long");
      [rental] = await tx
        .update(rentals)
        .set({
          expiresAt: new Date(from + plan.durationDays * DAY_MS),
          trafficQuotaBytes: sql`${rentals.trafficQuotaBytes} + ${plan.trafficQuotaBytes}`,
          region: current.region ?? region,
          updatedAt: at,
        })
        .where(eq(rentals.id, current.id))
        .returning();
    } else {
      [rental] = await tx
        .insert(rentals)
        .values({
          userId: actor.id,
          planId: plan.id,
          region,
          status: "pending",
          startsAt: at,
          expiresAt: new Date(at.getTime() + plan.durationDays * DAY_MS),
          trafficQuotaBytes: plan.trafficQuotaBytes,
          deviceLimit: plan.deviceLimit,
          bandwidthLimitBytesPerSec: plan.bandwidthLimitBytesPerSec,
          createdAt: at,
          updatedAt: at,
        })
        .returning();
    }

    const serialCodeId = Number(claimed.id);
    const [order] = await tx
      .insert(orders)
      .values({
        userId: actor.id,
        planId: plan.id,
        batchId: claimed.batch_id,
        serialCodeId,
        rentalId: rental.id,
        channel: claimed.channel,
        status: "paid",
        amountMinor: Number(claimed.price_minor),
        currency: claimed.currency,
        paidAt: at,
        createdAt: at,
      })
      .returning({ id: orders.id });

    const names = { planId: plan.id, planNameEn: plan.nameEn, planNameZh: plan.nameZh };
    if (current) {
      await recordHistory(tx, actor.id, "extended", {
        ...names,
        orderId: order.id,
        rentalId: rental.id,
        days: plan.durationDays,
        previousExpiresAt: current.expiresAt.toISOString(),
        expiresAt: rental.expiresAt.toISOString(),
      });
    } else {
      await recordHistory(tx, actor.id, "redeemed", {
        ...names,
        orderId: order.id,
        rentalId: rental.id,
        days: plan.durationDays,
        expiresAt: rental.expiresAt.toISOString(),
        region: rental.region,
      });
    }
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "serial.redeem",
      target: { type: "serial_code", id: String(serialCodeId) },
      meta,
      details: {
        batchId: claimed.batch_id,
        orderId: order.id,
        rentalId: rental.id,
        extended: Boolean(current),
        amountMinor: Number(claimed.price_minor),
        currency: claimed.currency,
      },
    });
    await addRevenue(tx, {
      paidAt: at,
      planId: plan.id,
      channel: claimed.channel,
      currency: claimed.currency,
      amountMinor: Number(claimed.price_minor),
    });
    return {
      orderId: order.id,
      extended: Boolean(current),
      rental: {
        id: rental.id,
        planId: rental.planId,
        status: rental.status,
        region: rental.region,
        startsAt: rental.startsAt,
        expiresAt: rental.expiresAt,
        trafficQuotaBytes: rental.trafficQuotaBytes,
        deviceLimit: rental.deviceLimit,
      },
      plan: { id: plan.id, nameEn: plan.nameEn, nameZh: plan.nameZh, durationDays: plan.durationDays },
      amountMinor: Number(claimed.price_minor),
      currency: claimed.currency,
    };
  });
}

/** Why a code could not be claimed: each case has its own message. */
async function refusal(tx: Tx, hash: Buffer, at: Date): Promise<AppError> {
  const [row] = await queryRows<{ status: string; redeem_by: string | Date | null }>(
    tx,
    sql`select c.status, b.redeem_by from serial_codes c join serial_batches b on b.id = c.batch_id
        where c.code_hash = ${hash}`,
  );
  if (!row) return notFound("serial_unknown");
  if (row.status === "redeemed") return conflict("serial_used");
  if (row.status === "revoked") return conflict("serial_revoked");
  if (row.redeem_by && new Date(row.redeem_by).getTime() <= at.getTime()) return new AppError(410, "serial_expired");
  // Unused and not expired, yet not claimed: only possible if it changed between the two statements.
  return conflict("conflict");
}
