import { generateInput, updateDerpMap } from "@/lib/derp-map/customer-map";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Builds the caller's DERP map again now (a new version only if it changed); an admin may name a `userId`. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "user", body: generateInput }, async ({ db, user, body, meta }) => updateDerpMap(db, user, body.userId ?? user.id, meta)),
});
