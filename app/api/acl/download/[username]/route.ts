import { z } from "zod";
import { channelOf, downloadDerpMap, resolveMapOwner } from "@/lib/derp-map/customer-map";
import { DERP_MAP_FORMATS } from "@/lib/derp-map/types";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/**
 * The current DERP map of `<username>` (the account's email address, or its id) as a file: the user's own
 * with their session or API token, anyone's for an admin. `?format=tailscale|json|headscale` (default json).
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute(
    {
      access: "user",
      params: z.object({ username: z.string().trim().min(1).max(320) }),
      query: z.object({ format: z.enum(DERP_MAP_FORMATS).default("json") }),
    },
    async ({ db, user, params, query, meta }) => {
      const userId = await resolveMapOwner(db, user, params.username);
      const file = await downloadDerpMap(db, userId, query.format, channelOf(user), meta);
      return new Response(file.body, {
        headers: {
          "Content-Type": file.contentType,
          "Content-Disposition": `attachment; filename="${file.filename}"`,
          "Cache-Control": "no-store",
          ETag: file.etag,
        },
      });
    },
  ),
});
