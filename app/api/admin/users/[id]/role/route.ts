import { z } from "zod";
import { setUserRole } from "@/lib/accounts/admin-users";
import { userRole } from "@/db/schema";
import { apiRoute } from "@/lib/http/api-route";

/** Promote to admin or demote to customer; never yourself, never the last active admin. */
export const POST = apiRoute(
  { access: "admin", params: z.object({ id: z.uuid() }), body: z.object({ role: z.enum(userRole.enumValues) }) },
  async ({ db, user, params, body, meta }) => ({ user: await setUserRole(db, user, params.id, body.role, meta) }),
);
