import { z } from "zod";
import { batchCodesQuery, listBatchCodes } from "@/lib/billing/serial-codes";
import { apiRoute } from "@/lib/http/api-route";

/** A batch's codes (masked), with status, redeemer and time; ?status, ?code (find one), ?cursor, ?limit. */
export const GET = apiRoute(
  { access: "admin", params: z.object({ id: z.uuid() }), query: batchCodesQuery },
  async ({ db, user, params, query }) => listBatchCodes(db, user, params.id, query),
);
