import type { Db } from "@/db/client";
import type { Region } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { createRegion } from "@/lib/regions/manage-regions";
import type { RegionInput } from "@/lib/regions/schemas";
import { unique } from "./db";

/** An active region with a unique code (tests share one database, and the seed may have made "hk"). */
export async function makeRegion(db: Db, admin: SessionUser, overrides: Partial<RegionInput> = {}): Promise<Region> {
  return createRegion(db, admin, {
    code: unique("r").toLowerCase(),
    nameEn: "Test region",
    nameZh: "测试区域",
    latitude: null,
    longitude: null,
    country: null,
    active: true,
    sortOrder: 0,
    ...overrides,
  });
}
