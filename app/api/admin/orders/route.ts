import { listOrders, orderFilter } from "@/lib/billing/orders";
import { apiRoute } from "@/lib/http/api-route";

/** Every order, newest first: ?from&to (paid, UTC), ?planId, ?batchId, ?channel, ?email, ?userId, ?cursor, ?limit. */
export const GET = apiRoute({ access: "admin", query: orderFilter }, async ({ db, user, query }) => listOrders(db, user, query));
