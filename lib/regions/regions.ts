import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, type Region } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { notFound } from "@/lib/errors";
import { rentalCountSql, serverCountSql } from "./region-references";

export interface RegionWithUsage extends Region {
  /** Rentals and servers that refer to it: while there are any, it can be deactivated but not deleted. */
  rentalCount: number;
  serverCount: number;
}

/** Every region for admins, in the order customers see them (sort order, then code). */
export async function listRegions(db: DbOrTx, actor: SessionUser): Promise<RegionWithUsage[]> {
  assertAdmin(actor);
  return db
    .select({ ...regionColumns(), rentalCount: rentalCountSql, serverCount: serverCountSql })
    .from(regions)
    .orderBy(asc(regions.sortOrder), asc(regions.code));
}

export async function getRegion(db: DbOrTx, actor: SessionUser, id: string): Promise<RegionWithUsage> {
  assertAdmin(actor);
  const [region] = await db.select({ ...regionColumns(), rentalCount: rentalCountSql, serverCount: serverCountSql }).from(regions).where(eq(regions.id, id));
  if (!region) throw notFound("region_unknown");
  return region;
}

export interface RegionOption {
  code: string;
  nameEn: string;
  nameZh: string;
}

/** The regions a customer may choose when redeeming a code: the active ones, in sort order. */
export async function listRegionOptions(db: DbOrTx): Promise<RegionOption[]> {
  return db
    .select({ code: regions.code, nameEn: regions.nameEn, nameZh: regions.nameZh })
    .from(regions)
    .where(eq(regions.active, true))
    .orderBy(asc(regions.sortOrder), asc(regions.code));
}

export function regionColumns() {
  return {
    id: regions.id,
    code: regions.code,
    nameEn: regions.nameEn,
    nameZh: regions.nameZh,
    latitude: regions.latitude,
    longitude: regions.longitude,
    country: regions.country,
    active: regions.active,
    sortOrder: regions.sortOrder,
    createdAt: regions.createdAt,
    updatedAt: regions.updatedAt,
  };
}
