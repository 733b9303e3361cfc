import { approvePendingDevice, approvePendingInput, pendingIdParam } from "@/lib/devices/pending";
import { apiRoute, created } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** `{ name }` → 201 `{ data: device }`: the pending key becomes a device, within the device limit. */
  POST: apiRoute({ access: "user", params: pendingIdParam, body: approvePendingInput }, async ({ db, user, params, body, meta }) =>
    created(await approvePendingDevice(db, user, params.id, body, meta)),
  ),
});
