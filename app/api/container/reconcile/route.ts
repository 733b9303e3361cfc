import { reconcileAsAdmin } from "@/lib/containers/container-actions";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Compares every reachable server's containers with the database now and repairs them; answers the report. */
  POST: apiRoute({ access: "admin" }, async ({ db, user, meta }) => reconcileAsAdmin(db, user, meta)),
});
