import { and, asc, eq } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { serialCodeStatus, serialCodes, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import { csvCell } from "./csv";
import { getSerialBatch } from "./serial-batches";
import { formatSerialCode } from "./serial-code";
import { decryptSerialCode, serialKeys } from "./serial-crypto";

export const exportQuery = z.object({
  format: z.enum(["csv", "txt"]).default("csv"),
  status: z.enum(serialCodeStatus.enumValues).optional(),
});
export type ExportQuery = z.infer<typeof exportQuery>;

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
}

/**
 * Re-exports a batch's codes in plain text (decrypted here). Every export is written to the audit log
 * first, with who, from where, which batch and how many codes, never the codes themselves.
 */
export async function exportSerialBatch(
  db: DbOrTx,
  actor: SessionUser,
  batchId: string,
  query: ExportQuery,
  meta?: RequestMeta,
): Promise<ExportFile> {
  assertAdmin(actor);
  const batch = await getSerialBatch(db, actor, batchId);
  const rows = await db
    .select({
      cipher: serialCodes.codeCipher,
      status: serialCodes.status,
      redeemedAt: serialCodes.redeemedAt,
      redeemedByEmail: users.email,
      revokedAt: serialCodes.revokedAt,
    })
    .from(serialCodes)
    .leftJoin(users, eq(users.id, serialCodes.redeemedBy))
    .where(and(eq(serialCodes.batchId, batchId), query.status ? eq(serialCodes.status, query.status) : undefined))
    .orderBy(asc(serialCodes.id));
  await writeAudit(db, {
    actor: auditActor(actor),
    action: "serial_batch.export",
    target: { type: "serial_batch", id: batchId },
    meta,
    details: { format: query.format, status: query.status ?? "all", codes: rows.length },
  });
  const keys = serialKeys();
  const codes = rows.map((r) => formatSerialCode(decryptSerialCode(r.cipher, batchId, keys)));
  const base = `serials-${batch.createdAt.toISOString().slice(0, 10)}-${batchId.slice(0, 8)}${query.status ? `-${query.status}` : ""}`;
  if (query.format === "txt") {
    return { filename: `${base}.txt`, contentType: "text/plain; charset=utf-8", body: codes.join("\n") + (codes.length ? "\n" : "") };
  }
  const body = stringify(
    rows.map((r, i) => [
      codes[i],
      r.status,
      csvCell(batch.planNameEn),
      batch.priceMinor,
      batch.currency,
      csvCell(batch.channel ?? ""),
      batch.redeemBy?.toISOString() ?? "",
      r.redeemedAt?.toISOString() ?? "",
      csvCell(r.redeemedByEmail ?? ""),
      r.revokedAt?.toISOString() ?? "",
    ]),
    {
      header: true,
      columns: ["code", "status", "plan", "price_minor", "currency", "channel", "redeem_by", "redeemed_at", "redeemed_by", "revoked_at"],
    },
  );
  return { filename: `${base}.csv`, contentType: "text/csv; charset=utf-8", body };
}
