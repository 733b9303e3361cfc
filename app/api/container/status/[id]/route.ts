import { z } from "zod";
import { relayStatus } from "@/lib/containers/container-actions";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

// Any text: an id that is not one of the caller's relays (a uuid or not) is a 404 container_unknown.
const params = z.object({ id: z.string() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** State (and why), server, region, address, ports, certificate pin, uptime start, last probe, rental usage. */
  GET: apiRoute({ access: "user", params }, async ({ db, user, params }) => relayStatus(db, user, params.id)),
});
