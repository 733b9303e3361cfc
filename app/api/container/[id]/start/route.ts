import { z } from "zod";
import { startAsAdmin } from "@/lib/containers/container-actions";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const params = z.object({ id: z.string() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Starts a stopped relay's container again (same ports and certificate) and waits for its probe. */
  POST: apiRoute({ access: "admin", params }, async ({ db, user, params, meta }) => startAsAdmin(db, user, params.id, meta)),
});
