import { z } from "zod";
import { listUserOrders, userOrdersQuery } from "@/lib/billing/orders";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** The orders of user `id`, newest first, paged: the user themselves or an admin. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "user", params: z.object({ id: z.uuid() }), query: userOrdersQuery }, async ({ db, user, params, query }) =>
    list(await listUserOrders(db, user, params.id, query)),
  ),
});
