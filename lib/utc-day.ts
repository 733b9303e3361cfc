import { DAY_MS } from "@/lib/clock";

/** Calendar days in UTC: "2025-01-31" is the 24 hours from 2025-01-31T00:00Z. */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC at the start of `day` ("2025-01-31"), or null for text that is not a day of the calendar. */
export function parseUtcDay(day: string): Date | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(year, month - 1, date));
  // Date.UTC rolls over (2020-02-30 would be 1 March) and maps years 0-99 to 1900-1999: compare back.
  at.setUTCFullYear(year);
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== date) return null;
  return at;
}

/** Midnight UTC of the day `at` falls on. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function addUtcDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** "2025-01-31" for the UTC day `at` falls on. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
