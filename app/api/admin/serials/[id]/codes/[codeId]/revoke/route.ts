import { z } from "zod";
import { revokeSerialCode } from "@/lib/billing/serial-codes";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute(
  { access: "admin", params: z.object({ id: z.uuid(), codeId: z.coerce.number().int().positive() }) },
  async ({ db, user, params, meta }) => ({ code: await revokeSerialCode(db, user, params.id, params.codeId, meta) }),
);
