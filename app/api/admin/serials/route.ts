import { batchListQuery, listSerialBatches } from "@/lib/billing/serial-batches";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Serial batches, newest first, with counts by status. Generating is POST /api/finance/generate_serial. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", query: batchListQuery }, async ({ db, user, query }) =>
    list(await listSerialBatches(db, user, query)),
  ),
});
