import { z } from "zod";
import { getServerStatus } from "@/lib/fleet/servers/get-server";
import { apiRoute } from "@/lib/http/api-route";

// Any text: an id that is not a server's (a uuid or not) is a 404 server_unknown.
const params = z.object({ id: z.string() });

/** Status (and when it last changed), last error, load, newest latency per probe kind, host info and relays. */
export const GET = apiRoute({ access: "admin", params }, async ({ db, user, params }) => ({ data: await getServerStatus(db, user, params.id) }));
