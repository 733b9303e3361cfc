import { z } from "zod";
import { historyQuery, listUserHistory } from "@/lib/history/read-history";
import { apiRoute } from "@/lib/http/api-route";

/** A user's history, newest first, paged (?cursor, ?limit), each entry with a message in the caller's language. */
export const GET = apiRoute(
  { access: "user", params: z.object({ user_id: z.uuid() }), query: historyQuery },
  async ({ db, user, params, query, locale }) => listUserHistory(db, user, params.user_id, query, locale),
);
