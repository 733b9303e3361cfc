import { z } from "zod";
import { revokeSerialCode } from "@/lib/billing/serial-codes";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Revokes one unused code: answered with the code's id and new status. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid(), codeId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }) },
    async ({ db, user, params, meta }) => revokeSerialCode(db, user, params.id, params.codeId, meta),
  ),
});
