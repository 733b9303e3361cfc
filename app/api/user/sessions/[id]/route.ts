import { NextResponse } from "next/server";
import { z } from "zod";
import { endSession } from "@/lib/accounts/sessions";
import { detachSession } from "@/lib/auth/session-response";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Ends one of the caller's sessions (204); another user's session id is 404. Ending this one clears its cookie. */
  DELETE: apiRoute({ access: "user", params: z.object({ id: z.uuid() }) }, async ({ db, user, params, meta }) => {
    await endSession(db, user, params.id, meta);
    const res = new NextResponse(null, { status: 204 });
    return params.id === user.sessionId ? detachSession(res) : res;
  }),
});
