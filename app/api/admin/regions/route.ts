import { ApiResult, apiRoute } from "@/lib/http/api-route";
import { createRegion } from "@/lib/regions/manage-regions";
import { listRegions } from "@/lib/regions/regions";
import { regionInput } from "@/lib/regions/schemas";

/** Every region, in sort order: a short fixed list, so one page ({ items, nextCursor: null }). */
export const GET = apiRoute({ access: "admin" }, async ({ db, user }) => ({
  items: await listRegions(db, user),
  nextCursor: null,
}));

export const POST = apiRoute({ access: "admin", body: regionInput }, async ({ db, user, body, meta }) =>
  new ApiResult({ data: await createRegion(db, user, body, meta) }, 201),
);
