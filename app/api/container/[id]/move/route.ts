import { z } from "zod";
import { moveAsAdmin } from "@/lib/containers/container-actions";
import { moveInput } from "@/lib/containers/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const params = z.object({ id: z.string() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** `{ targetServerId? }`: moves the relay to another server (new ports: the customer's DERP map changes). */
  POST: apiRoute({ access: "admin", params, body: moveInput }, async ({ db, user, params, body, meta }) => moveAsAdmin(db, user, params.id, body, meta)),
});
