import { listSessions } from "@/lib/accounts/sessions";
import { apiRoute } from "@/lib/http/api-route";

/** The caller's live sessions (browsers, devices, scripts that logged in), most recently used first. */
export const GET = apiRoute({ access: "user" }, async ({ db, user }) => ({
  items: await listSessions(db, user),
  nextCursor: null,
}));
