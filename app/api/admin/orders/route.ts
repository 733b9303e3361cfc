import { listOrders, orderFilter } from "@/lib/billing/orders";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Every order, newest first: ?from&to (paid, inclusive UTC days), ?planId, ?batchId, ?channel, ?email, ?userId, ?cursor, ?limit. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", query: orderFilter }, async ({ db, user, query }) => list(await listOrders(db, user, query))),
});
