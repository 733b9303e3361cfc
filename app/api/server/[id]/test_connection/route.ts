import { z } from "zod";
import { testServerConnection } from "@/lib/fleet/servers/test-connection";
import { apiRoute } from "@/lib/http/api-route";

const params = z.object({ id: z.string() });

/**
 * Asks the server's engine for its version, CPUs, memory and running containers: `{ data: { ok: true, hostInfo } }`
 * or `{ data: { ok: false, error: { code, message } } }` (200 either way: the test ran). Recorded on the server.
 */
export const POST = apiRoute({ access: "admin", params }, async ({ db, user, params }) => ({
  data: await testServerConnection(db, user, params.id),
}));
