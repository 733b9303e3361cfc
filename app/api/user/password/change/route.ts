import { NextResponse } from "next/server";
import { changePassword } from "@/lib/accounts/profile";
import { changePasswordInput } from "@/lib/accounts/schemas";
import { attachSession } from "@/lib/auth/session-response";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Ends every session of the user; the caller gets a fresh session cookie (204). A wrong current password: 400 `wrong_password`. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "user", body: changePasswordInput }, async ({ db, user, body, meta }) => {
    const session = await changePassword(db, user, body, meta);
    return attachSession(new NextResponse(null, { status: 204 }), session);
  }),
});
