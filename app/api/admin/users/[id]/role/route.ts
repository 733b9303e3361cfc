import { z } from "zod";
import { userRole } from "@/db/schema";
import { setUserRole } from "@/lib/accounts/admin-users";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Promote to admin or demote to customer; never yourself, never the last active admin. Answered with the user. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid() }), body: z.object({ role: z.enum(userRole.enumValues) }) },
    async ({ db, user, params, body, meta }) => setUserRole(db, user, params.id, body.role, meta),
  ),
});
