import { z } from "zod";
import { historyQuery, listUserHistory } from "@/lib/history/read-history";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** A user's history, newest first, paged (?cursor, ?limit), each entry with a message in the caller's language. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute(
    { access: "user", params: z.object({ user_id: z.uuid() }), query: historyQuery },
    async ({ db, user, params, query, locale }) => list(await listUserHistory(db, user, params.user_id, query, locale)),
  ),
});
