import { searchSerialCodes, serialSearchQuery } from "@/lib/billing/serial-search";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/**
 * `?q=` a whole code or its last five symbols (normalised as redemption does): the matching codes with status,
 * batch, plan, redeemer and order, paged by id.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", query: serialSearchQuery }, async ({ db, user, query }) => list(await searchSerialCodes(db, user, query))),
});
