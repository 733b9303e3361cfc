import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { deleteRegion, updateRegion } from "@/lib/regions/manage-regions";
import { getRegion } from "@/lib/regions/regions";
import { regionPatch } from "@/lib/regions/schemas";

const params = z.object({ id: z.uuid() });

export const GET = apiRoute({ access: "admin", params }, async ({ db, user, params }) => ({
  data: await getRegion(db, user, params.id),
}));

/** Changes the fields given; `{ "active": false }` deactivates. */
export const PATCH = apiRoute({ access: "admin", params, body: regionPatch }, async ({ db, user, params, body, meta }) => ({
  data: await updateRegion(db, user, params.id, body, meta),
}));

/** 204; a region that rentals refer to is refused with 409 region_in_use (deactivate it instead). */
export const DELETE = apiRoute({ access: "admin", params }, async ({ db, user, params, meta }) => {
  await deleteRegion(db, user, params.id, meta);
  return new Response(null, { status: 204 });
});
