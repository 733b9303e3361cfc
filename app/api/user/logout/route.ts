import { NextResponse } from "next/server";
import { z } from "zod";
import { logOut, logoutEverywhere } from "@/lib/accounts/login";
import { detachSession } from "@/lib/auth/session-response";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const body = z.object({ everywhere: z.boolean().default(false) });

/** Ends this session and clears its cookie (204); with `everywhere: true` ends every session of the user. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "public", body }, async ({ db, user, body, meta }) => {
    if (user) await (body.everywhere ? logoutEverywhere(db, user, meta) : logOut(db, user, meta));
    return detachSession(new NextResponse(null, { status: 204 }));
  }),
});
