import { z } from "zod";
import { accessLogQuery, listDerpMapAccess } from "@/lib/derp-map/access-log";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** A user's DERP-map access log, newest first, paged (?cursor, ?limit), filtered by ?channel, ?format, ?country. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute(
    { access: "user", params: z.object({ user_id: z.uuid() }), query: accessLogQuery },
    async ({ db, user, params, query }) => list(await listDerpMapAccess(db, user, params.user_id, query)),
  ),
});
