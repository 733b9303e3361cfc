import type { RentalStatus } from "@/db/schema";

/**
 * Every status change a rental may make, and nothing else. lib/rentals/transition-rental.ts refuses the rest
 * (409 invalid_transition). A change to the same status is not a change and is refused too.
 *
 * | from \ to  | pending | active | suspended | over_quota | expired | released |
 * |------------|---------|--------|-----------|------------|---------|----------|
 * | pending    |    -    |   ✓    |     ✓     |            |    ✓    |          |
 * | active     |    ✓    |   -    |     ✓     |     ✓      |    ✓    |          |
 * | suspended  |    ✓    |   ✓    |     -     |     ✓      |    ✓    |    ✓     |
 * | over_quota |    ✓    |   ✓    |     ✓     |     -      |    ✓    |    ✓     |
 * | expired    |    ✓    |   ✓    |           |            |    -    |    ✓     |
 * | released   |         |        |           |            |         |    -     |
 *
 * Why each one:
 * - pending → active: a container was allocated and runs. pending → suspended: an admin stops it before it
 *   runs. pending → expired: its time ran out before a container was found.
 * - active → pending: its container was lost (host gone) and a new one must be allocated. active → suspended:
 *   an admin suspension. active → over_quota: its traffic quota is used up (container stopped).
 *   active → expired: past its expiry (container stopped, kept for a grace period).
 * - suspended → active | pending: the suspension is lifted (container restarted, or to be allocated again).
 *   suspended → over_quota: lifted while its quota is used up. suspended → expired | released: its time ran
 *   out, or an admin ends it for good.
 * - over_quota → active | pending: more quota (a renewal or an admin) and the container restarts, or waits
 *   to. over_quota → suspended: an admin suspension. over_quota → expired | released: as above.
 * - expired → pending | active: a renewal inside its life, i.e. before it is released: the rental (and its
 *   container, if still there) comes back instead of a new one. expired → released: the grace period is over.
 * - released is final: its container is gone; a later purchase starts a new rental.
 */
export const RENTAL_TRANSITIONS: Readonly<Record<RentalStatus, readonly RentalStatus[]>> = {
  pending: ["active", "suspended", "expired"],
  active: ["pending", "suspended", "over_quota", "expired"],
  suspended: ["pending", "active", "over_quota", "expired", "released"],
  over_quota: ["pending", "active", "suspended", "expired", "released"],
  expired: ["pending", "active", "released"],
  released: [],
};

export function canTransition(from: RentalStatus, to: RentalStatus): boolean {
  return RENTAL_TRANSITIONS[from].includes(to);
}

/** Statuses of a rental that still has a life: a purchase of the same plan extends (or renews) it. */
export const RENEWABLE_STATUSES = ["active", "pending", "suspended", "over_quota", "expired"] as const satisfies readonly RentalStatus[];

/** Statuses that count as "current" on the customer's dashboard (not over). */
export const CURRENT_STATUSES = ["active", "pending", "suspended", "over_quota"] as const satisfies readonly RentalStatus[];
