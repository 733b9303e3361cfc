import { batchListQuery, listSerialBatches } from "@/lib/billing/serial-batches";
import { apiRoute } from "@/lib/http/api-route";

/** Serial batches, newest first, with counts by status. Generating is POST /api/finance/generate_serial. */
export const GET = apiRoute({ access: "admin", query: batchListQuery }, async ({ db, user, query }) =>
  listSerialBatches(db, user, query),
);
