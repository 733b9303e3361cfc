import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { orders, plans, serialBatches, serialCodes, users, type SerialCodeStatus } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/types";
import { badRequest } from "@/lib/errors";
import { byId, page, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { CHECK_ALPHABET, CODE_LENGTH, maskSerialCode, normalizeSerialInput, parseSerialCode } from "./serial-code";
import { decryptSerialCode, serialKeys, serialLookupHash } from "./serial-crypto";
import { SUFFIX_LENGTH } from "./serial-suffix";

/**
 * The admins' one search box for serial codes, across every batch. `q` is read as redemption reads a code
 * (case, spaces and dashes do not matter, I/L → 1, O → 0): the whole code (20 symbols, check symbol verified,
 * found by its keyed hash) or its last five symbols (found by the stored suffix; several codes may share one).
 */
export const serialSearchQuery = pageQuery(byId).extend({ q: z.string().trim().min(1).max(100).optional() });
export type SerialSearchQuery = z.output<typeof serialSearchQuery>;

export interface SerialSearchHit {
  id: number;
  /** Only the last group visible. */
  masked: string;
  status: SerialCodeStatus;
  batchId: string;
  batchCreatedAt: Date;
  channel: string | null;
  planId: string;
  planNameEn: string;
  planNameZh: string;
  redeemedBy: string | null;
  redeemedByEmail: string | null;
  redeemedAt: Date | null;
  revokedAt: Date | null;
  /** The order its redemption wrote. */
  orderId: number | null;
}

type Match = { by: "code"; hash: Buffer } | { by: "suffix"; suffix: string };

/** What the text names: a whole code, or a suffix; anything else is a 400 on `q` saying which. */
export function readSerialQuery(q: string): Match {
  const text = normalizeSerialInput(q);
  if (text.length === SUFFIX_LENGTH && [...text].every((ch) => CHECK_ALPHABET.includes(ch))) return { by: "suffix", suffix: text };
  if (text.length === CODE_LENGTH) {
    const parsed = parseSerialCode(text);
    if (!parsed.ok) throw badRequest(parsed.error, { q: [parsed.error] });
    return { by: "code", hash: serialLookupHash(parsed.code) };
  }
  throw badRequest("serial_search_format", { q: ["serial_search_format"] });
}

export async function searchSerialCodes(db: DbOrTx, actor: SessionUser, query: SerialSearchQuery): Promise<Page<SerialSearchHit>> {
  assertAdmin(actor);
  // Nothing to look for finds nothing (an empty search box), rather than every code.
  if (!query.q) return page([]);
  const match = readSerialQuery(query.q);
  const rows = await db
    .select({
      id: serialCodes.id,
      suffix: serialCodes.codeSuffix,
      cipher: serialCodes.codeCipher,
      status: serialCodes.status,
      batchId: serialCodes.batchId,
      batchCreatedAt: serialBatches.createdAt,
      channel: serialBatches.channel,
      planId: plans.id,
      planNameEn: plans.nameEn,
      planNameZh: plans.nameZh,
      redeemedBy: serialCodes.redeemedBy,
      redeemedByEmail: users.email,
      redeemedAt: serialCodes.redeemedAt,
      revokedAt: serialCodes.revokedAt,
      orderId: orders.id,
    })
    .from(serialCodes)
    .innerJoin(serialBatches, eq(serialBatches.id, serialCodes.batchId))
    .innerJoin(plans, eq(plans.id, serialBatches.planId))
    .leftJoin(users, eq(users.id, serialCodes.redeemedBy))
    .leftJoin(orders, eq(orders.serialCodeId, serialCodes.id))
    .where(
      and(
        match.by === "code" ? eq(serialCodes.codeHash, match.hash) : eq(serialCodes.codeSuffix, match.suffix),
        query.cursor ? gt(serialCodes.id, query.cursor) : undefined,
      ),
    )
    .orderBy(asc(serialCodes.id))
    .limit(query.limit + 1);
  const found = pageOf(rows, query.limit, (r) => [r.id]);
  const keys = serialKeys();
  return {
    ...found,
    items: found.items.map(({ suffix, cipher, ...r }) => ({
      ...r,
      // Codes from before the suffix column are masked from their decrypted text until the backfill ran.
      masked: suffix ? maskSerialCode("0".repeat(CODE_LENGTH - SUFFIX_LENGTH) + suffix) : maskSerialCode(decryptSerialCode(cipher, r.batchId, keys)),
    })),
  };
}
