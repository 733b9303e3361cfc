import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, relayTrafficHourly, rentals, servers } from "@/db/schema";
import { assertAdmin, assertSelfOrAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";

/**
 * Charts of relayed traffic, read from `relay_traffic_hourly` (kept by the traffic sampler in its own
 * transaction). The billed figure is derper's relayed bytes (`derp_bytes`); hours without a row had no traffic,
 * so they are filled with zeros here and every series has one value per hour of the window.
 */

export const HOUR_MS = 3_600_000;

export interface HourlySeries {
  /** The start of each hour, oldest first. */
  hours: Date[];
  series: { id: string; name: string; values: number[] }[];
}

/** The hours of the window ending with the current (partial) hour. */
export function hoursUntilNow(count: number, at = now()): Date[] {
  const current = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  return Array.from({ length: count }, (_, i) => new Date(current - (count - 1 - i) * HOUR_MS));
}

function toSeries(hours: Date[], rows: { id: string; name: string; hour: Date; bytes: number }[]): HourlySeries {
  const index = new Map(hours.map((h, i) => [h.getTime(), i]));
  const byId = new Map<string, { id: string; name: string; values: number[] }>();
  for (const row of rows) {
    const i = index.get(new Date(row.hour).getTime());
    if (i === undefined) continue;
    const s = byId.get(row.id) ?? { id: row.id, name: row.name, values: hours.map(() => 0) };
    s.values[i] += row.bytes;
    byId.set(row.id, s);
  }
  return { hours, series: [...byId.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Bytes relayed per hour for each of the user's rentals (the customer's usage chart). Own, or an admin's. */
export async function rentalUsageByHour(
  db: DbOrTx,
  actor: SessionUser,
  userId: string,
  rentalIds: readonly string[],
  hourCount = 48,
): Promise<{ hours: Date[]; byRental: Map<string, number[]> }> {
  assertSelfOrAdmin(actor, userId);
  const hours = hoursUntilNow(hourCount);
  const out = { hours, byRental: new Map<string, number[]>() };
  if (!rentalIds.length) return out;
  const rows = await db
    .select({ id: relayTrafficHourly.rentalId, hour: relayTrafficHourly.hour, bytes: sql<number>`sum(${relayTrafficHourly.derpBytes})::float8` })
    .from(relayTrafficHourly)
    .innerJoin(rentals, eq(rentals.id, relayTrafficHourly.rentalId))
    .where(and(inArray(relayTrafficHourly.rentalId, [...rentalIds]), eq(rentals.userId, userId), gte(relayTrafficHourly.hour, hours[0])))
    .groupBy(relayTrafficHourly.rentalId, relayTrafficHourly.hour)
    .orderBy(asc(relayTrafficHourly.hour));
  const series = toSeries(hours, rows.map((r) => ({ id: r.id!, name: r.id!, hour: r.hour, bytes: Number(r.bytes) })));
  for (const s of series.series) out.byRental.set(s.id, s.values);
  return out;
}

/**
 * Admins only. The relayed traffic rate (bytes per second, averaged over each hour) per server or per region,
 * for the last `hourCount` hours.
 */
export async function trafficRateBy(db: DbOrTx, actor: SessionUser, by: "server" | "region", hourCount = 24): Promise<HourlySeries> {
  assertAdmin(actor);
  const hours = hoursUntilNow(hourCount);
  const bytes = sql<number>`sum(${relayTrafficHourly.derpBytes})::float8`;
  const since = gte(relayTrafficHourly.hour, hours[0]);
  const rows =
    by === "server"
      ? await db
          .select({ id: servers.id, name: servers.name, hour: relayTrafficHourly.hour, bytes })
          .from(relayTrafficHourly)
          .innerJoin(servers, eq(servers.id, relayTrafficHourly.serverId))
          .where(since)
          .groupBy(servers.id, servers.name, relayTrafficHourly.hour)
      : await db
          .select({ id: regions.id, name: regions.code, hour: relayTrafficHourly.hour, bytes })
          .from(relayTrafficHourly)
          .innerJoin(regions, eq(regions.id, relayTrafficHourly.regionId))
          .where(since)
          .groupBy(regions.id, regions.code, relayTrafficHourly.hour);
  const series = toSeries(hours, rows.map((r) => ({ ...r, bytes: Number(r.bytes) })));
  // The current hour is still running: its bytes are spread over the seconds it has had, not over an hour.
  const elapsed = Math.max(1, (now().getTime() - hours[hours.length - 1].getTime()) / 1000);
  for (const s of series.series) s.values = s.values.map((v, i) => v / (i === hours.length - 1 ? elapsed : 3600));
  return series;
}
