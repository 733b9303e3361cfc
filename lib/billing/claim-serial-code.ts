import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "@/db/client";
import { AppError, conflict, notFound } from "@/lib/errors";

/** A code this transaction has claimed, with what its batch sells it for. */
export interface ClaimedCode {
  id: number;
  batchId: string;
  planId: string;
  priceMinor: number;
  currency: string;
  channel: string | null;
}

interface ClaimedRow extends Record<string, unknown> {
  id: number | string;
  batch_id: string;
  plan_id: string;
  price_minor: number | string;
  currency: string;
  channel: string | null;
}

/**
 * Marks the code with this lookup hash redeemed by `userId`, in the caller's transaction. One conditional
 * UPDATE: only one of any number of concurrent attempts gets the row back; every other attempt learns why
 * not (unknown, used, revoked, expired), each with its own error.
 */
export async function claimSerialCode(tx: Tx, userId: string, hash: Buffer, at: Date): Promise<ClaimedCode> {
  // Timestamps go into raw SQL as ISO text: the postgres.js driver is set up by Drizzle to expect strings.
  const [row] = await queryRows<ClaimedRow>(
    tx,
    sql`update serial_codes c
        set status = 'redeemed', redeemed_by = ${userId}, redeemed_at = ${at.toISOString()}
        from serial_batches b
        where c.code_hash = ${hash} and c.status = 'unused' and b.id = c.batch_id
          and (b.redeem_by is null or b.redeem_by > ${at.toISOString()})
        returning c.id, c.batch_id, b.plan_id, b.price_minor, b.currency, b.channel`,
  );
  if (!row) throw await refusal(tx, hash, at);
  return {
    id: Number(row.id),
    batchId: row.batch_id,
    planId: row.plan_id,
    priceMinor: Number(row.price_minor),
    currency: row.currency,
    channel: row.channel,
  };
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
