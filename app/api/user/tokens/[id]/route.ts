import { z } from "zod";
import { revokeApiToken } from "@/lib/accounts/api-tokens";
import { apiRoute } from "@/lib/http/api-route";

export const DELETE = apiRoute({ access: "user", params: z.object({ id: z.uuid() }) }, async ({ db, user, params, meta }) => {
  await revokeApiToken(db, user, params.id, meta);
  return { ok: true };
});
