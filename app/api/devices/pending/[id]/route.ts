import { dismissPendingDevice, pendingIdParam } from "@/lib/devices/pending";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Dismisses one of the caller's pending devices (204); another customer's is 404. */
  DELETE: apiRoute({ access: "user", params: pendingIdParam }, async ({ db, user, params, meta }) => {
    await dismissPendingDevice(db, user, params.id, meta);
    return noContent();
  }),
});
