import { z } from "zod";
import { sendPasswordResetAsAdmin } from "@/lib/accounts/admin-mails";
import { accepted, apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** `{ reason? }`: mails a password-reset code to an active account (202); another status: 409 user_not_active. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid() }), body: z.object({ reason: z.string().trim().max(500).optional() }) },
    async ({ db, user, params, body, meta }) => {
      await sendPasswordResetAsAdmin(db, user, params.id, body, meta);
      return accepted();
    },
  ),
});
