"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { recordLogout } from "@/lib/accounts/login";
import { action } from "@/lib/actions/action";
import { clearSessionCookies } from "@/lib/auth/session-cookies";

/** The header's "Log out": clears this browser's session cookie. */
export const logoutAction = action({ access: "public", schema: z.object({}) }, async (_input, ctx) => {
  if (ctx.user) await recordLogout(ctx.db, ctx.user, ctx.meta);
  await clearSessionCookies();
  redirect("/login");
});
