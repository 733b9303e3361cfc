import { listSessions } from "@/lib/accounts/sessions";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { page } from "@/lib/http/paging";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** The caller's live sessions (browsers, devices, scripts that logged in), most recently used first. */
  GET: apiRoute({ access: "user" }, async ({ db, user }) => list(page(await listSessions(db, user)))),
});
