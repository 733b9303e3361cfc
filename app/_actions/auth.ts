"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { logOut } from "@/lib/accounts/login";
import { action } from "@/lib/actions/action";
import { clearSessionCookies } from "@/lib/auth/session-cookies";

/** The header's "Log out": ends this browser's session and clears its cookie. */
export const logoutAction = action({ access: "public", schema: z.object({}) }, async (_input, ctx) => {
  if (ctx.user) await logOut(ctx.db, ctx.user, ctx.meta);
  await clearSessionCookies();
  redirect("/login");
});
