import { z } from "zod";
import { resetTotpAsAdmin } from "@/lib/accounts/two-factor";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** `{ reason }`: turns off another user's two-factor login and ends their sessions (204). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "admin", params: z.object({ id: z.uuid() }), body: z.object({ reason: z.string().trim().min(1).max(500) }) }, async ({ db, user, params, body, meta }) => {
    await resetTotpAsAdmin(db, user, params.id, body, meta);
    return noContent();
  }),
});
