import { z } from "zod";
import { listRentalInfo } from "@/lib/rentals/rental-info";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { page } from "@/lib/http/paging";

/**
 * The caller's rentals, one page (a customer has a few); an admin may pass ?user_id= to read anyone's (a
 * customer gets 403 for others).
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "user", query: z.object({ user_id: z.uuid().optional() }) }, async ({ db, user, query }) =>
    list(page(await listRentalInfo(db, user, query.user_id ?? user.id))),
  ),
});
