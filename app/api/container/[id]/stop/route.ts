import { z } from "zod";
import { stopAsAdmin } from "@/lib/containers/container-actions";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const params = z.object({ id: z.string() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Stops the relay's container (its ports stay reserved); answers the relay. */
  POST: apiRoute({ access: "admin", params }, async ({ db, user, params, meta }) => stopAsAdmin(db, user, params.id, meta)),
});
