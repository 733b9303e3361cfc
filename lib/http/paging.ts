import { z } from "zod";
import { isStorableDate } from "@/lib/date-input";

/**
 * Keyset paging, the same for every list: `?limit=` (1-100, default 50) and `?cursor=` (opaque: pass back the
 * `nextCursor` of the previous page). A cursor is the base64url JSON of the last row's sort key, so it stays
 * valid while new rows arrive (unlike OFFSET), and decoding checks that it is a key of the list it is used on.
 */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A page of a list; short fixed lists are one page with `nextCursor: null`. */
export function page<T>(items: T[], nextCursor: string | null = null): Page<T> {
  return { items, nextCursor };
}

type KeyPart = string | number;

export function encodeCursor(key: readonly KeyPart[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The key in a cursor, or undefined when it is not a cursor at all. */
export function decodeCursor(cursor: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A `?cursor=` whose key must match `key`; anything else is a 400 `invalid_cursor`. */
export function cursorParam<T>(key: z.ZodType<T>) {
  return z.string().transform((cursor, ctx): T => {
    const parsed = key.safeParse(decodeCursor(cursor));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: "invalid_cursor" });
    return z.NEVER;
  });
}

/** Keys of the lists: a bigserial id, or a creation time and a uuid (ties broken by id). */
export const byId = z.tuple([z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).transform(([id]) => id);
export const byTimeAndId = z
  .tuple([z.iso.datetime(), z.uuid()])
  .transform(([at, id]) => ({ at: new Date(at), id }))
  .refine((k) => isStorableDate(k.at));

export const limitParam = z.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT);

/** `?cursor&limit` for a list sorted by `key`. */
export function pageQuery<T>(key: z.ZodType<T>) {
  return z.object({ cursor: cursorParam(key).optional(), limit: limitParam });
}

/** The page of `rows` (fetched with `limit + 1` to know whether more follow), with the cursor after its last row. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (last: T) => readonly KeyPart[]): Page<T> {
  const items = rows.slice(0, limit);
  return page(items, rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null);
}
