import { getProfile, updateProfile } from "@/lib/accounts/profile";
import { profileInput } from "@/lib/accounts/schemas";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute({ access: "user" }, async ({ db, user }) => ({ user: await getProfile(db, user) }));

/** Profile changes (language). */
export const PATCH = apiRoute({ access: "user", body: profileInput }, async ({ db, user, body }) => ({
  user: await updateProfile(db, user, body),
}));
