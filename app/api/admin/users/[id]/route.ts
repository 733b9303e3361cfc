import { z } from "zod";
import { getUserForAdmin } from "@/lib/accounts/admin-users";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute({ access: "admin", params: z.object({ id: z.uuid() }) }, async ({ db, user, params }) => ({
  user: await getUserForAdmin(db, user, params.id),
}));
