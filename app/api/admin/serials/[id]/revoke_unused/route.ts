import { z } from "zod";
import { revokeUnusedCodes } from "@/lib/billing/serial-codes";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Revokes every unused code of the batch: answered `{ data: { revoked: <count> } }`. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "admin", params: z.object({ id: z.uuid() }) }, async ({ db, user, params, meta }) =>
    revokeUnusedCodes(db, user, params.id, meta),
  ),
});
