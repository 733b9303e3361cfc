import { NextResponse } from "next/server";
import { changePassword } from "@/lib/accounts/profile";
import { changePasswordInput } from "@/lib/accounts/schemas";
import { attachSession } from "@/lib/auth/session-response";
import { apiRoute } from "@/lib/http/api-route";

/** Ends every session of the user; the caller gets a fresh session cookie. */
export const POST = apiRoute({ access: "user", body: changePasswordInput }, async ({ db, user, body, meta }) => {
  const session = await changePassword(db, user, body, meta);
  return attachSession(NextResponse.json({ ok: true }), session);
});
