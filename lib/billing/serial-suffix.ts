import { and, asc, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { serialCodes } from "@/db/schema";
import { writeSystemLog } from "@/lib/logs/system-log";
import { decryptSerialCode, serialKeys } from "./serial-crypto";

/** How many symbols of a code are kept in clear to find it by: the last group as printed (XXXXX-…-XXXXC). */
export const SUFFIX_LENGTH = 5;

/** The stored suffix of a canonical code (20 symbols, no dashes). */
export function serialSuffix(code: string): string {
  return code.slice(-SUFFIX_LENGTH);
}

const BACKFILL_BATCH = 1000;

/**
 * Fills `code_suffix` of codes made before the column existed. SQL alone cannot (the codes are encrypted with
 * a key from APP_SECRET), so this runs at start-up (server/seed.ts): it decrypts the codes without a suffix in
 * batches of 1,000, walking up the ids, and writes only rows that are still empty. Idempotent: once every
 * code has one, it is a single indexed query that finds nothing. A code that does not decrypt (sealed under
 * another APP_SECRET) is skipped and counted in the system log; it could not be redeemed either.
 */
export async function backfillSerialSuffixes(db: DbOrTx, batchSize = BACKFILL_BATCH): Promise<{ filled: number; skipped: number }> {
  const keys = serialKeys();
  let after = 0;
  let filled = 0;
  let skipped = 0;
  for (;;) {
    const rows = await db
      .select({ id: serialCodes.id, batchId: serialCodes.batchId, cipher: serialCodes.codeCipher })
      .from(serialCodes)
      .where(and(isNull(serialCodes.codeSuffix), gt(serialCodes.id, after)))
      .orderBy(asc(serialCodes.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const ids: number[] = [];
    const suffixes: string[] = [];
    for (const row of rows) {
      try {
        suffixes.push(serialSuffix(decryptSerialCode(row.cipher, row.batchId, keys)));
        ids.push(row.id);
      } catch {
        skipped++;
      }
    }
    if (ids.length === 0) continue;
    await db.execute(sql`update serial_codes s set code_suffix = t.suffix
      from unnest(string_to_array(${ids.join(",")}, ',')::bigint[], string_to_array(${suffixes.join(",")}, ',')) as t(id, suffix)
      where s.id = t.id and s.code_suffix is null`);
    filled += ids.length;
  }
  if (filled > 0 || skipped > 0) {
    await writeSystemLog(db, {
      level: skipped > 0 ? "warn" : "info",
      source: "billing",
      message: `serial code suffixes backfilled: ${filled} filled, ${skipped} could not be decrypted`,
      context: { filled, skipped },
    });
  }
  return { filled, skipped };
}
