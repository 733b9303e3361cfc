import { getProfile, updateProfile } from "@/lib/accounts/profile";
import { profileInput } from "@/lib/accounts/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "user" }, async ({ db, user }) => getProfile(db, user)),

  /** Profile changes: `locale`, `timeZone` (an IANA zone; null follows the browser's). Fields left out stay. */
  PATCH: apiRoute({ access: "user", body: profileInput }, async ({ db, user, body }) => updateProfile(db, user, body)),
});
