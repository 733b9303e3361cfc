import { apiRoute, created, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { page } from "@/lib/http/paging";
import { createRegion } from "@/lib/regions/manage-regions";
import { listRegions } from "@/lib/regions/regions";
import { regionInput } from "@/lib/regions/schemas";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Every region, in sort order: a short fixed list, so one page. */
  GET: apiRoute({ access: "admin" }, async ({ db, user }) => list(page(await listRegions(db, user)))),
  POST: apiRoute({ access: "admin", body: regionInput }, async ({ db, user, body, meta }) =>
    created(await createRegion(db, user, body, meta)),
  ),
});
