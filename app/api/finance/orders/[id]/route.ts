import { z } from "zod";
import { listUserOrders, userOrdersQuery } from "@/lib/billing/orders";
import { apiRoute } from "@/lib/http/api-route";

/** The orders of user `id`, newest first, paged: the user themselves or an admin. */
export const GET = apiRoute(
  { access: "user", params: z.object({ id: z.uuid() }), query: userOrdersQuery },
  async ({ db, user, params, query }) => listUserOrders(db, user, params.id, query),
);
