import { z } from "zod";
import { getServerStatus } from "@/lib/fleet/servers/get-server";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

// Any text: an id that is not a server's (a uuid or not) is a 404 server_unknown.
const params = z.object({ id: z.string() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Status (and when it last changed), last error, load, newest latency per probe kind, host info and relays. */
  GET: apiRoute({ access: "admin", params }, async ({ db, user, params }) => getServerStatus(db, user, params.id)),
});
