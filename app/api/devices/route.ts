import { addDevice, addDeviceInput, listDevices } from "@/lib/devices/devices";
import { apiRoute, created, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** The caller's devices in creation order (the order the device limit counts in); one page, the limit is small. */
  GET: apiRoute({ access: "user" }, async ({ db, user }) => {
    const { items } = await listDevices(db, user);
    return list({ items, nextCursor: null });
  }),

  /** `{ name, nodeKey }` → 201 `{ data: device }`; 409 no_rental, device_limit_reached or device_exists. */
  POST: apiRoute({ access: "user", body: addDeviceInput }, async ({ db, user, body, meta }) => created(await addDevice(db, user, body, meta))),
});
