import { reconcileAsAdmin } from "@/lib/containers/container-actions";
import { reconcileInput } from "@/lib/containers/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /**
   * `{ "scope": "all" }` or `{ "serverId" }`: compares the reachable servers' containers with the database now
   * and repairs them; answers the report.
   */
  POST: apiRoute({ access: "admin", body: reconcileInput }, async ({ db, user, body, meta }) => reconcileAsAdmin(db, user, body, meta)),
});
