import { z } from "zod";
import { listServers } from "@/lib/fleet/servers/list-servers";
import { serverListFilter } from "@/lib/fleet/servers/schemas";
import { apiRoute } from "@/lib/http/api-route";

const query = serverListFilter.extend({
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** Servers by name, `?region=<code>&status=&enabled=true|false`, paged with `?cursor&limit`. */
export const GET = apiRoute({ access: "admin", query }, async ({ db, user, query }) => listServers(db, user, query));
