import { z } from "zod";
import { setUserStatus } from "@/lib/accounts/admin-users";
import { apiRoute } from "@/lib/http/api-route";

/** Disable (ends the user's sessions at once) or enable an account. */
export const POST = apiRoute(
  { access: "admin", params: z.object({ id: z.uuid() }), body: z.object({ status: z.enum(["active", "disabled"]) }) },
  async ({ db, user, params, body, meta }) => ({ user: await setUserStatus(db, user, params.id, body.status, meta) }),
);
