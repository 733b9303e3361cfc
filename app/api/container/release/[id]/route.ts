import { z } from "zod";
import { releaseAsAdmin } from "@/lib/containers/container-actions";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const params = z.object({ id: z.string() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Removes the container and its key volume and frees its ports; answers the released relay. 503 when its server does not answer. */
  DELETE: apiRoute({ access: "admin", params }, async ({ db, user, params, meta }) => releaseAsAdmin(db, user, params.id, meta)),
});
