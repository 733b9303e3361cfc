import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { plans, regions, relays, rentals, users } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/types";

export interface WaitingRental {
  id: string;
  userId: string;
  email: string;
  planNameEn: string;
  planNameZh: string;
  regionCode: string | null;
  /** no_server_available, relay_not_running, …; null: not tried yet (the worker or `after()` is on it). */
  allocationProblem: string | null;
  allocationProblemAt: Date | null;
  createdAt: Date;
}

/**
 * Admins only. Rentals still waiting for a relay (`pending`, or active with fewer live nodes than their plan
 * gives), oldest first, with the reason the last allocation gave: what the containers page shows above the
 * relays, since a rental without a relay has no row among them.
 */
export async function listWaitingRentals(db: DbOrTx, actor: SessionUser, limit = 50): Promise<WaitingRental[]> {
  assertAdmin(actor);
  const liveNodes = sql<number>`(select count(*)::int from ${relays} r where r.rental_id = ${rentals.id} and r.state <> 'released')`;
  return db
    .select({
      id: rentals.id,
      userId: rentals.userId,
      email: users.email,
      planNameEn: plans.nameEn,
      planNameZh: plans.nameZh,
      regionCode: regions.code,
      allocationProblem: rentals.allocationProblem,
      allocationProblemAt: rentals.allocationProblemAt,
      createdAt: rentals.createdAt,
    })
    .from(rentals)
    .innerJoin(users, eq(users.id, rentals.userId))
    .innerJoin(plans, eq(plans.id, rentals.planId))
    .leftJoin(regions, eq(regions.id, rentals.regionId))
    .where(and(sql`(${rentals.status} = 'pending' or (${rentals.status} = 'active' and ${liveNodes} < ${rentals.relayNodes}))`))
    .orderBy(asc(rentals.createdAt))
    .limit(limit);
}
