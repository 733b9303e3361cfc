import { generateDerpMap, generateInput } from "@/lib/derp-map/customer-map";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** The caller's current DERP map (made now if there is none), in every format; an admin may name a `userId`. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "user", body: generateInput }, async ({ db, user, body, meta }) => generateDerpMap(db, user, body.userId ?? user.id, meta)),
});
