import { z } from "zod";
import { testServerConnection } from "@/lib/fleet/servers/test-connection";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const params = z.object({ id: z.string() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /**
   * Asks the server's engine for its version, CPUs, memory and running containers: `{ data: { ok: true, hostInfo } }`
   * or `{ data: { ok: false, error: { code, message } } }` (200 either way: the test ran). Recorded on the server.
   */
  POST: apiRoute({ access: "admin", params }, async ({ db, user, params }) => testServerConnection(db, user, params.id)),
});
