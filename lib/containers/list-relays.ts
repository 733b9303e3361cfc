import { and, desc, eq, ilike, inArray, lt, ne, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { regions, relays, relayState, rentals, servers, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/types";
import { byTimeAndId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { likePattern } from "@/lib/like-pattern";
import { isUuid } from "@/lib/validation";
import { selectRelayViews, toRelayView, type RelayView } from "./relay-view";

/**
 * `?server=<id or name>&region=<code>&state=&user=<email (part) or id>` plus `?cursor&limit`. Without `state`
 * released relays are left out (they are history, and would bury the live ones); `state=released` shows them.
 */
export const relayListQuery = z
  .object({
    server: z.string().trim().min(1).max(200).optional(),
    region: z.string().trim().min(1).max(64).optional(),
    state: z.enum(relayState.enumValues).optional(),
    user: z.string().trim().min(1).max(200).optional(),
  })
  .extend(pageQuery(byTimeAndId).shape);
export type RelayListQuery = z.output<typeof relayListQuery>;

/**
 * Customer relays, newest first, keyset-paged on (created_at, id). An admin sees every relay and may filter by
 * user; a customer sees only the relays of their own rentals (a `user` filter cannot widen that).
 */
export async function listRelays(db: DbOrTx, actor: SessionUser, query: RelayListQuery): Promise<Page<RelayView>> {
  const after = query.cursor;
  const where: (SQL | undefined)[] = [
    actor.role === "admin" ? userFilter(query.user) : eq(rentals.userId, actor.id),
    query.server ? (isUuid(query.server) ? eq(servers.id, query.server) : eq(servers.name, query.server)) : undefined,
    query.region ? eq(regions.code, query.region) : undefined,
    query.state ? eq(relays.state, query.state) : ne(relays.state, "released"),
    after ? or(lt(relays.createdAt, after.at), and(eq(relays.createdAt, after.at), lt(relays.id, after.id))) : undefined,
  ];
  const rows = await selectRelayViews(db, and(...where))
    .orderBy(desc(relays.createdAt), desc(relays.id))
    .limit(query.limit + 1);
  const found = pageOf(rows, query.limit, (last) => [last.createdAt.toISOString(), last.id]);
  return { items: found.items.map(toRelayView), nextCursor: found.nextCursor };
}

function userFilter(user: string | undefined): SQL | undefined {
  if (!user) return undefined;
  return isUuid(user) ? eq(rentals.userId, user) : ilike(users.email, likePattern(user));
}

/** Internal (callers check permission): the live relays of some rentals, for the customer's relay card. */
export async function relaysOfRentals(db: DbOrTx, rentalIds: readonly string[]): Promise<RelayView[]> {
  if (!rentalIds.length) return [];
  const rows = await selectRelayViews(db, and(inArray(relays.rentalId, [...rentalIds]), ne(relays.state, "released"))).orderBy(relays.node);
  return rows.map(toRelayView);
}
