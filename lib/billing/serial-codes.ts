import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { serialBatches, serialCodeStatus, serialCodes, users, type SerialCodeStatus } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { conflict, notFound } from "@/lib/errors";
import { byId, page, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import { maskSerialCode, parseSerialCode } from "./serial-code";
import { decryptSerialCode, serialKeys, serialLookupHash } from "./serial-crypto";

export const batchCodesQuery = pageQuery(byId).extend({
  status: z.enum(serialCodeStatus.enumValues).optional(),
  /** Find one code of this batch by its text. */
  code: z.string().trim().max(100).optional(),
});
export type BatchCodesQuery = z.output<typeof batchCodesQuery>;

export interface BatchCodeRow {
  id: number;
  /** Only the last group visible; the full text is in the audit-logged export. */
  masked: string;
  status: SerialCodeStatus;
  redeemedBy: string | null;
  redeemedByEmail: string | null;
  redeemedAt: Date | null;
  revokedAt: Date | null;
}

/** A batch's codes in creation order, paged by id. */
export async function listBatchCodes(
  db: DbOrTx,
  actor: SessionUser,
  batchId: string,
  query: BatchCodesQuery,
): Promise<Page<BatchCodeRow>> {
  assertAdmin(actor);
  let hash: Buffer | undefined;
  if (query.code) {
    const parsed = parseSerialCode(query.code);
    // A code that cannot exist matches nothing; no error, since this is a search box.
    if (!parsed.ok) return page([]);
    hash = serialLookupHash(parsed.code);
  }
  const rows = await db
    .select({
      id: serialCodes.id,
      cipher: serialCodes.codeCipher,
      status: serialCodes.status,
      redeemedBy: serialCodes.redeemedBy,
      redeemedByEmail: users.email,
      redeemedAt: serialCodes.redeemedAt,
      revokedAt: serialCodes.revokedAt,
    })
    .from(serialCodes)
    .leftJoin(users, eq(users.id, serialCodes.redeemedBy))
    .where(
      and(
        eq(serialCodes.batchId, batchId),
        query.status ? eq(serialCodes.status, query.status) : undefined,
        hash ? eq(serialCodes.codeHash, hash) : undefined,
        query.cursor ? gt(serialCodes.id, query.cursor) : undefined,
      ),
    )
    .orderBy(asc(serialCodes.id))
    .limit(query.limit + 1);
  const found = pageOf(rows, query.limit, (c) => [c.id]);
  const keys = serialKeys();
  return {
    ...found,
    items: found.items.map(({ cipher, ...r }) => ({ ...r, masked: maskSerialCode(decryptSerialCode(cipher, batchId, keys)) })),
  };
}

/** Revokes one unused code of a batch; a redeemed or already revoked code cannot be revoked (409). */
export async function revokeSerialCode(
  db: DbOrTx,
  actor: SessionUser,
  batchId: string,
  codeId: number,
  meta?: RequestMeta,
): Promise<{ id: number; status: SerialCodeStatus }> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(serialCodes)
      .set({ status: "revoked", revokedAt: now(), revokedBy: actor.id })
      .where(and(eq(serialCodes.id, codeId), eq(serialCodes.batchId, batchId), eq(serialCodes.status, "unused")))
      .returning({ id: serialCodes.id, status: serialCodes.status });
    if (!row) {
      const [existing] = await tx
        .select({ id: serialCodes.id })
        .from(serialCodes)
        .where(and(eq(serialCodes.id, codeId), eq(serialCodes.batchId, batchId)));
      throw existing ? conflict("serial_not_unused") : notFound();
    }
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "serial_code.revoke",
      target: { type: "serial_code", id: String(codeId) },
      meta,
      details: { batchId },
    });
    return row;
  });
}

/** Revokes every unused code of a batch at once; redeemed codes stay as they are. */
export async function revokeUnusedCodes(
  db: DbOrTx,
  actor: SessionUser,
  batchId: string,
  meta?: RequestMeta,
): Promise<{ revoked: number }> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const [batch] = await tx.select({ id: serialBatches.id }).from(serialBatches).where(eq(serialBatches.id, batchId)).for("update");
    if (!batch) throw notFound();
    const rows = await tx
      .update(serialCodes)
      .set({ status: "revoked", revokedAt: now(), revokedBy: actor.id })
      .where(and(eq(serialCodes.batchId, batchId), eq(serialCodes.status, "unused")))
      .returning({ id: serialCodes.id });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "serial_batch.revoke_unused",
      target: { type: "serial_batch", id: batchId },
      meta,
      details: { revoked: rows.length },
    });
    return { revoked: rows.length };
  });
}
