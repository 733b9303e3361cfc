import { z } from "zod";
import { revokeUnusedCodes } from "@/lib/billing/serial-codes";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute({ access: "admin", params: z.object({ id: z.uuid() }) }, async ({ db, user, params, meta }) =>
  revokeUnusedCodes(db, user, params.id, meta),
);
