import { z } from "zod";
import { getUserForAdmin } from "@/lib/accounts/admin-users";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", params: z.object({ id: z.uuid() }) }, async ({ db, user, params }) =>
    getUserForAdmin(db, user, params.id),
  ),
});
