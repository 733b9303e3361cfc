import { z } from "zod";
import { batchCodesQuery, listBatchCodes } from "@/lib/billing/serial-codes";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** A batch's codes (masked), with status, redeemer and time; ?status, ?code (find one), ?cursor, ?limit. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", params: z.object({ id: z.uuid() }), query: batchCodesQuery }, async ({ db, user, params, query }) =>
    list(await listBatchCodes(db, user, params.id, query)),
  ),
});
