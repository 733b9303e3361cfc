import { z } from "zod";
import { setUserStatus } from "@/lib/accounts/admin-users";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Disable (ends the user's sessions at once) or enable an account. Answered with the user. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid() }), body: z.object({ status: z.enum(["active", "disabled"]) }) },
    async ({ db, user, params, body, meta }) => setUserStatus(db, user, params.id, body.status, meta),
  ),
});
