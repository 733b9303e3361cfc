import { z } from "zod";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { deleteRegion, updateRegion } from "@/lib/regions/manage-regions";
import { getRegion } from "@/lib/regions/regions";
import { regionPatch } from "@/lib/regions/schemas";

const params = z.object({ id: z.uuid() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", params }, async ({ db, user, params }) => getRegion(db, user, params.id)),
  /** Changes the fields given; `{ "active": false }` deactivates. */
  PATCH: apiRoute({ access: "admin", params, body: regionPatch }, async ({ db, user, params, body, meta }) =>
    updateRegion(db, user, params.id, body, meta),
  ),
  /** 204; a region that anything refers to is refused with 409 region_in_use (deactivate it instead). */
  DELETE: apiRoute({ access: "admin", params }, async ({ db, user, params, meta }) => {
    await deleteRegion(db, user, params.id, meta);
    return noContent();
  }),
});
