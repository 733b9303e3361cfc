import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { plans, serialBatches, serialCodes, users, type SerialBatch, type SerialCodeStatus } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { badRequest, notFound } from "@/lib/errors";
import { byTimeAndId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import { parseMoney } from "./money";
import { findSellablePlan } from "./plans";
import type { GenerateSerialInput } from "./schemas";
import { formatSerialCode } from "./serial-code";
import { generateSerialCodes } from "./serial-generate";
import { sealSerialCodes, serialKeys } from "./serial-crypto";
import { serialSuffix } from "./serial-suffix";

/** Codes per INSERT statement. */
const INSERT_CHUNK = 5_000;

export type StatusCounts = Record<SerialCodeStatus, number>;

export interface BatchSummary extends SerialBatch {
  planNameEn: string;
  planNameZh: string;
  createdByEmail: string | null;
  counts: StatusCounts;
}

/**
 * Generates a batch of codes for a plan in one transaction: the batch row, then the codes (keyed hash and
 * encrypted text only) in multi-row INSERTs. The plain codes are returned to the caller once and never
 * stored or logged. `priceText` (decimal, from the admin form) is read in the plan's currency.
 */
export async function generateSerialBatch(
  db: DbOrTx,
  actor: SessionUser,
  input: GenerateSerialInput,
  meta?: RequestMeta,
): Promise<{ batch: BatchSummary; codes: string[] }> {
  assertAdmin(actor);
  if (input.redeemBy && input.redeemBy.getTime() <= now().getTime()) {
    throw badRequest("redeem_by_past", { redeemBy: ["redeem_by_past"] });
  }
  return db.transaction(async (tx) => {
    const plan = await findSellablePlan(tx, input.planId);
    let priceMinor = input.priceMinor ?? plan.priceMinor;
    if (input.priceText !== undefined) {
      const parsed = parseMoney(input.priceText, plan.currency);
      if (parsed === null || parsed > 2_147_483_647) {
        const code = input.priceText.trim().startsWith("-") ? "price_negative" : "price_invalid";
        throw badRequest(code, { price: [code] });
      }
      priceMinor = parsed;
    }
    const [batch] = await tx
      .insert(serialBatches)
      .values({
        planId: plan.id,
        count: input.count,
        priceMinor,
        currency: plan.currency,
        channel: input.channel ?? null,
        note: input.note ?? null,
        redeemBy: input.redeemBy ?? null,
        createdBy: actor.id,
        createdAt: now(),
      })
      .returning();
    // Chunk by chunk: generate, hash and encrypt, insert; only the printable codes are kept in memory.
    const keys = serialKeys();
    const codes: string[] = [];
    for (let done = 0; done < input.count; done += INSERT_CHUNK) {
      const chunk = generateSerialCodes(Math.min(INSERT_CHUNK, input.count - done));
      const { hashes, ciphers } = sealSerialCodes(chunk, batch.id, keys);
      const suffixes = chunk.map(serialSuffix);
      // One statement per chunk with three text parameters: much faster than 5,000 bound rows.
      await tx.execute(sql`insert into serial_codes (batch_id, code_hash, code_cipher, code_suffix)
        select ${batch.id}::uuid, decode(h, 'hex'), decode(c, 'hex'), s
        from unnest(
          string_to_array(${hashes.join(",")}, ','),
          string_to_array(${ciphers.join(",")}, ','),
          string_to_array(${suffixes.join(",")}, ',')
        ) as t(h, c, s)`);
      for (const code of chunk) codes.push(formatSerialCode(code));
    }
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "serial_batch.generate",
      target: { type: "serial_batch", id: batch.id },
      meta,
      details: { planId: plan.id, count: input.count, priceMinor, currency: plan.currency, channel: batch.channel },
    });
    return {
      batch: {
        ...batch,
        planNameEn: plan.nameEn,
        planNameZh: plan.nameZh,
        createdByEmail: actor.email,
        counts: { unused: input.count, redeemed: 0, revoked: 0 },
      },
      codes,
    };
  });
}

// Keyset paging on (created_at, id), newest first.
export const batchListQuery = pageQuery(byTimeAndId).extend({ planId: z.uuid().optional() });
export type BatchListQuery = z.output<typeof batchListQuery>;

/** Batches newest first, with their plan and how many codes are unused, redeemed and revoked. */
export async function listSerialBatches(
  db: DbOrTx,
  actor: SessionUser,
  query: BatchListQuery,
): Promise<Page<BatchSummary>> {
  assertAdmin(actor);
  const after = query.cursor;
  const rows = await selectBatches(db)
    .where(
      and(
        query.planId ? eq(serialBatches.planId, query.planId) : undefined,
        after
          ? or(
              lt(serialBatches.createdAt, after.at),
              and(eq(serialBatches.createdAt, after.at), lt(serialBatches.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(serialBatches.createdAt), desc(serialBatches.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (b) => [b.createdAt.toISOString(), b.id]);
  const counts = await countByStatus(db, page.items.map((b) => b.id));
  return { ...page, items: page.items.map((b) => ({ ...b, counts: counts.get(b.id) ?? emptyCounts() })) };
}

export async function getSerialBatch(db: DbOrTx, actor: SessionUser, id: string): Promise<BatchSummary> {
  assertAdmin(actor);
  const [batch] = await selectBatches(db).where(eq(serialBatches.id, id));
  if (!batch) throw notFound();
  const counts = await countByStatus(db, [id]);
  return { ...batch, counts: counts.get(id) ?? emptyCounts() };
}

function selectBatches(db: DbOrTx) {
  return db
    .select({
      id: serialBatches.id,
      planId: serialBatches.planId,
      count: serialBatches.count,
      priceMinor: serialBatches.priceMinor,
      currency: serialBatches.currency,
      channel: serialBatches.channel,
      note: serialBatches.note,
      redeemBy: serialBatches.redeemBy,
      createdBy: serialBatches.createdBy,
      createdAt: serialBatches.createdAt,
      planNameEn: plans.nameEn,
      planNameZh: plans.nameZh,
      createdByEmail: users.email,
    })
    .from(serialBatches)
    .innerJoin(plans, eq(plans.id, serialBatches.planId))
    .leftJoin(users, eq(users.id, serialBatches.createdBy))
    .$dynamic();
}

function emptyCounts(): StatusCounts {
  return { unused: 0, redeemed: 0, revoked: 0 };
}

async function countByStatus(db: DbOrTx, batchIds: string[]): Promise<Map<string, StatusCounts>> {
  const out = new Map<string, StatusCounts>();
  if (!batchIds.length) return out;
  const rows = await db
    .select({ batchId: serialCodes.batchId, status: serialCodes.status, n: sql<number>`count(*)::int` })
    .from(serialCodes)
    .where(inArray(serialCodes.batchId, batchIds))
    .groupBy(serialCodes.batchId, serialCodes.status);
  for (const r of rows) {
    const counts = out.get(r.batchId) ?? emptyCounts();
    counts[r.status] = Number(r.n);
    out.set(r.batchId, counts);
  }
  return out;
}
