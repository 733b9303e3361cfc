import { z } from "zod";
import { removeDevice, renameDevice, renameDeviceInput } from "@/lib/devices/devices";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { cutOffSoon } from "@/app/_lib/relays-soon";

const params = z.object({ id: z.uuid() });

/** One of the caller's devices; another customer's id is 404, like one that does not exist. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** `{ name }` → `{ data: { id, name } }`. */
  PATCH: apiRoute({ access: "user", params, body: renameDeviceInput }, async ({ db, user, params, body, meta }) =>
    renameDevice(db, user, params.id, body.name, meta),
  ),

  /** 204; the key is refused on the next connection (every replica's admission cache is told). */
  DELETE: apiRoute({ access: "user", params }, async ({ db, user, params, meta }) => {
    await removeDevice(db, user, params.id, meta);
    cutOffSoon(user.id);
    return noContent();
  }),
});
