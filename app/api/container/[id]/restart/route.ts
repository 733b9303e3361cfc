import { z } from "zod";
import { restartForCaller } from "@/lib/containers/container-actions";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const params = z.object({ id: z.string() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Restarts a running relay and waits for its probe: the owner or an admin (another user's relay is a 404). */
  POST: apiRoute({ access: "user", params }, async ({ db, user, params, meta }) => restartForCaller(db, user, params.id, meta)),
});
