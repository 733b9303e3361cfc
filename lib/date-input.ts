import { z } from "zod";

/**
 * Dates Postgres stores and compares (years 0001-9999 as ISO text). A date outside them makes the query fail,
 * so date inputs check this range and answer 400 instead.
 */
export const MIN_DATE = new Date("0001-01-01T00:00:00.000Z");
export const MAX_DATE = new Date("9999-12-31T23:59:59.999Z");

export function isStorableDate(d: Date): boolean {
  return !Number.isNaN(d.getTime()) && d >= MIN_DATE && d <= MAX_DATE;
}

/** A date from a query string, form or JSON body, within the range Postgres can use. */
export const dateInput = () => z.coerce.date().min(MIN_DATE, "date_out_of_range").max(MAX_DATE, "date_out_of_range");
