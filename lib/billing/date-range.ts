import { z } from "zod";
import { DAY_MS } from "@/lib/clock";
import { isStorableDate } from "@/lib/date-input";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Dates in filters: "2025-01-31" (a UTC calendar day) or a full ISO timestamp. `from` is inclusive; `to`
 * is exclusive, and a date-only `to` means the end of that day, so from=to=2025-01-31 is that whole day.
 */
function dateParam(endOfDay: boolean) {
  return z
    .string()
    .trim()
    .refine((s) => DATE_ONLY.test(s) || !Number.isNaN(Date.parse(s)), "range_invalid")
    .transform((s) => {
      const d = new Date(DATE_ONLY.test(s) ? `${s}T00:00:00.000Z` : s);
      return DATE_ONLY.test(s) && endOfDay ? new Date(d.getTime() + DAY_MS) : d;
    })
    .refine((d) => !Number.isNaN(d.getTime()), { message: "range_invalid", abort: true })
    .refine(isStorableDate, "date_out_of_range");
}

export const fromDate = dateParam(false);
export const toDate = dateParam(true);

/** Midnight UTC of the day `at` falls on. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function addUtcDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** "2025-01-31" for a UTC day. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A UTC calendar day "2025-01-31" only; `to` days are inclusive and become the next midnight. */
function dayParam(endOfDay: boolean) {
  return z
    .string()
    .trim()
    .regex(DATE_ONLY, "range_invalid")
    .transform((s) => new Date(`${s}T00:00:00.000Z`))
    .refine((d) => !Number.isNaN(d.getTime()), "range_invalid")
    .transform((d) => (endOfDay ? new Date(d.getTime() + DAY_MS) : d))
    .refine(isStorableDate, "date_out_of_range");
}

export const fromDay = dayParam(false);
export const toDay = dayParam(true);
