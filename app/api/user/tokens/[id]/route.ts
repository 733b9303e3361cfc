import { z } from "zod";
import { revokeApiToken } from "@/lib/accounts/api-tokens";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Revokes one of the caller's tokens (204); another user's token is not found. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  DELETE: apiRoute({ access: "user", params: z.object({ id: z.uuid() }) }, async ({ db, user, params, meta }) => {
    await revokeApiToken(db, user, params.id, meta);
    return noContent();
  }),
});
