import { listPendingDevices } from "@/lib/devices/pending";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Keys refused on the caller's relays in the last 24 hours, newest first (at most 100). */
  GET: apiRoute({ access: "user" }, async ({ db, user }) => list({ items: await listPendingDevices(db, user), nextCursor: null })),
});
