import { NextResponse } from "next/server";
import { z } from "zod";
import { logoutEverywhere, recordLogout } from "@/lib/accounts/login";
import { detachSession } from "@/lib/auth/session-response";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const body = z.object({ everywhere: z.boolean().default(false) });

/** Clears the session cookie (204); with `everywhere: true` also ends every other session of the user. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "public", body }, async ({ db, user, body, meta }) => {
    if (user) await (body.everywhere ? logoutEverywhere(db, user, meta) : recordLogout(db, user, meta));
    return detachSession(new NextResponse(null, { status: 204 }));
  }),
});
