import { z } from "zod";
import { isStorableDate, MAX_DATE } from "@/lib/date-input";
import { addUtcDays, parseUtcDay } from "@/lib/utc-day";

/**
 * Date filters, the same on every list and statistic: `?from=` and `?to=` are calendar days ("2025-01-31"),
 * both inclusive, in UTC; from=to=2025-01-31 is that whole day. A day that does not exist (2020-02-30) is
 * refused, never rolled over. Parsed, they become `from` (midnight at the start of the first day) and
 * `until` (midnight after the last day, exclusive), so a query reads `at >= from and at < until`.
 */
export const utcDayParam = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const day = parseUtcDay(text);
    if (!day) ctx.addIssue({ code: "custom", message: "invalid_date" });
    else if (!isStorableDate(day)) ctx.addIssue({ code: "custom", message: "date_out_of_range" });
    return day ?? z.NEVER;
  });

export const dateRangeFields = { from: utcDayParam.optional(), to: utcDayParam.optional() };

export interface DayRange {
  /** Inclusive: midnight UTC at the start of `from`. */
  from?: Date;
  /** Exclusive: midnight UTC after the day `to`. */
  until?: Date;
}

/** Turns parsed `from`/`to` days into `from`/`until` instants; `to` before `from` is refused on `to`. */
export function toDayRange<T extends { from?: Date; to?: Date }>(
  query: T,
  ctx: z.RefinementCtx,
): Omit<T, "from" | "to"> & DayRange {
  const { from, to, ...rest } = query;
  if (from && to && to < from) ctx.addIssue({ code: "custom", path: ["to"], message: "range_invalid" });
  // The day after 9999-12-31 is beyond what Postgres reads back as a timestamp; its last instant will do.
  const until = to && new Date(Math.min(addUtcDays(to, 1).getTime(), MAX_DATE.getTime()));
  return { ...rest, from, until };
}
