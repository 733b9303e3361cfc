import { eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { plans, regions, type Plan, type Rental } from "@/db/schema";
import { auditActor } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { throttle } from "@/lib/auth/throttle";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";
import { recordHistory } from "@/lib/history/record-history";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { findOfferedRegion } from "@/lib/regions/find-offered-region";
import { startOrExtendRental, type RentalPurchaseResult } from "@/lib/rentals/start-or-extend-rental";
import { claimSerialCode, type ClaimedCode } from "./claim-serial-code";
import { recordSale } from "./record-sale";
import type { ActivateInput } from "./schemas";
import { parseSerialCode } from "./serial-code";
import { serialLookupHash } from "./serial-crypto";

export interface RedeemResult {
  orderId: number;
  /** True when an existing rental of the same plan was extended (or renewed) instead of a new one started. */
  extended: boolean;
  rental: Pick<Rental, "id" | "planId" | "status" | "regionId" | "startsAt" | "expiresAt" | "trafficQuotaBytes" | "deviceLimit"> & {
    /** The region's code; null: any region. */
    region: string | null;
  };
  plan: Pick<Plan, "id" | "nameEn" | "nameZh" | "durationDays">;
  amountMinor: number;
  currency: string;
}

/**
 * Redeems a serial code for the caller. The check symbol is verified first, so a mistyped code never
 * reaches the database. Then, in one transaction: the chosen region must exist and be active, the code is
 * claimed, the caller's redemptions are serialised on their user row, the rental is started or extended,
 * the sale (order and revenue rollup) is recorded and the history and audit entries are added. Any failure
 * rolls all of it back, leaving the code unused.
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

  return db.transaction(async (tx) => {
    const at = now();
    const region = input.region ? await findOfferedRegion(tx, input.region) : null;
    const code = await claimSerialCode(tx, actor.id, hash, at);
    // One redemption per user at a time: concurrent ones queue here, so each sees the previous extension.
    await tx.execute(sql`select id from users where id = ${actor.id} for no key update`);
    const [plan] = await tx.select().from(plans).where(eq(plans.id, code.planId));

    const purchase = await startOrExtendRental(tx, {
      userId: actor.id,
      plan,
      regionId: region?.id ?? null,
      at,
      actor: auditActor(actor),
    });
    const { rental } = purchase;
    const { orderId } = await recordSale(tx, { userId: actor.id, planId: plan.id, rentalId: rental.id, code, at });
    const regionCode = rental.regionId === (region?.id ?? null) ? (region?.code ?? null) : await regionCodeOf(tx, rental.regionId);
    await recordRedemption(tx, actor, { plan, purchase, code, orderId, regionCode, meta });

    return {
      orderId,
      extended: purchase.previous !== null,
      rental: {
        id: rental.id,
        planId: rental.planId,
        status: rental.status,
        region: regionCode,
        regionId: rental.regionId,
        startsAt: rental.startsAt,
        expiresAt: rental.expiresAt,
        trafficQuotaBytes: rental.trafficQuotaBytes,
        deviceLimit: rental.deviceLimit,
      },
      plan: { id: plan.id, nameEn: plan.nameEn, nameZh: plan.nameZh, durationDays: plan.durationDays },
      amountMinor: code.priceMinor,
      currency: code.currency,
    };
  });
}

async function regionCodeOf(tx: Tx, regionId: string | null): Promise<string | null> {
  if (!regionId) return null;
  const [row] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.id, regionId));
  return row?.code ?? null;
}

/** The customer's history entry (redeemed or extended) and the audit entry of one redemption. */
async function recordRedemption(
  tx: Tx,
  actor: SessionUser,
  r: { plan: Plan; purchase: RentalPurchaseResult; code: ClaimedCode; orderId: number; regionCode: string | null; meta?: RequestMeta },
): Promise<void> {
  const { rental, previous } = r.purchase;
  const names = { planId: r.plan.id, planNameEn: r.plan.nameEn, planNameZh: r.plan.nameZh };
  const common = { ...names, orderId: r.orderId, rentalId: rental.id, days: r.plan.durationDays, expiresAt: rental.expiresAt.toISOString() };
  if (previous) {
    await recordHistory(tx, actor.id, "extended", { ...common, previousExpiresAt: previous.expiresAt.toISOString() });
  } else {
    await recordHistory(tx, actor.id, "redeemed", { ...common, region: r.regionCode });
  }
  await writeAudit(tx, {
    actor: auditActor(actor),
    action: "serial.redeem",
    target: { type: "serial_code", id: String(r.code.id) },
    meta: r.meta,
    details: {
      batchId: r.code.batchId,
      orderId: r.orderId,
      rentalId: rental.id,
      extended: previous !== null,
      amountMinor: r.code.priceMinor,
      currency: r.code.currency,
    },
  });
}
