import { z } from "zod";
import { parseUtcDay } from "./utc-day";

/**
 * Dates Postgres stores and compares (years 0001-9999 as ISO text). A date outside them makes the query fail,
 * so date inputs check this range and answer 400 instead.
 */
export const MIN_DATE = new Date("0001-01-01T00:00:00.000Z");
export const MAX_DATE = new Date("9999-12-31T23:59:59.999Z");

export function isStorableDate(d: Date): boolean {
  return !Number.isNaN(d.getTime()) && d >= MIN_DATE && d <= MAX_DATE;
}

const isoTimestamp = z.iso.datetime({ offset: true });

/**
 * An instant in a JSON body or form: an ISO 8601 timestamp with its offset ("2025-06-01T12:00:00Z") or a
 * calendar day ("2025-06-01", midnight UTC at its start). Text only: no numbers, no other date formats, and a
 * day that does not exist (2020-02-30) is refused rather than rolled over.
 */
export const dateInput = () =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      const at = parseUtcDay(text) ?? (isoTimestamp.safeParse(text).success ? new Date(text) : null);
      if (!at || Number.isNaN(at.getTime())) ctx.addIssue({ code: "custom", message: "invalid_date" });
      else if (!isStorableDate(at)) ctx.addIssue({ code: "custom", message: "date_out_of_range" });
      return at ?? z.NEVER;
    });
