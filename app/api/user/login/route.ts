import { NextResponse } from "next/server";
import { logIn } from "@/lib/accounts/login";
import { toProfile } from "@/lib/accounts/profile";
import { loginInput } from "@/lib/accounts/schemas";
import { attachSession } from "@/lib/auth/session-response";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Sets next-auth's session cookie and answers `{ data: <the user> }`. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "public", body: loginInput }, async ({ db, body, meta }) => {
    const { user, session } = await logIn(db, body, meta);
    return attachSession(NextResponse.json({ data: toProfile(user) }), session);
  }),
});
