"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { logIn } from "@/lib/accounts/login";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { resendVerificationCode } from "@/lib/accounts/resend-code";
import { emailOnlyInput, loginInput, resetInput, signUpInput, verifyInput } from "@/lib/accounts/schemas";
import { signUp } from "@/lib/accounts/sign-up";
import { verifyEmailAndLogIn } from "@/lib/accounts/verify-email";
import { action } from "@/lib/actions/action";
import { safeNextPath, setLocaleCookie, setSessionCookie } from "@/lib/auth/session-cookies";
import { isAppError } from "@/lib/errors";

// The forms of the sign-up, verification, login and password-reset pages. Each calls the same lib function
// as its JSON route.

const withEmail = (path: string, email: string, extra = "") => `${path}?email=${encodeURIComponent(email)}${extra}`;

export const signUpAction = action({ access: "public", schema: signUpInput }, async (input, ctx) => {
  await signUp(ctx.db, input, { meta: ctx.meta, locale: ctx.locale });
  redirect(withEmail("/verify", input.email, "&sent=1"));
});

/** Confirms the address and signs the customer in: the portal opens, no second login. */
export const verifyAction = action({ access: "public", schema: verifyInput }, async (input, ctx) => {
  const { user, session } = await verifyEmailAndLogIn(ctx.db, input, { meta: ctx.meta, locale: ctx.locale });
  await setSessionCookie(session);
  await setLocaleCookie(user.locale);
  redirect("/?welcome=1");
});

export const resendCodeAction = action({ access: "public", schema: emailOnlyInput }, async (input, ctx) => {
  await resendVerificationCode(ctx.db, input, { meta: ctx.meta, locale: ctx.locale });
  return { resent: true };
});

export const loginAction = action(
  { access: "public", schema: loginInput.extend({ next: z.string().max(2000).optional() }) },
  async (input, ctx) => {
    try {
      const { user, session } = await logIn(ctx.db, input, ctx.meta);
      await setSessionCookie(session);
      await setLocaleCookie(user.locale);
      redirect(safeNextPath(input.next) ?? (user.role === "admin" ? "/admin" : "/"));
    } catch (e) {
      // An unverified account with the right password: the form offers to send a new code.
      if (isAppError(e) && e.code === "email_not_verified") return { unverified: true };
      throw e;
    }
  },
);

export const forgotPasswordAction = action({ access: "public", schema: emailOnlyInput }, async (input, ctx) => {
  await requestPasswordReset(ctx.db, input, { meta: ctx.meta, locale: ctx.locale });
  redirect(withEmail("/reset-password", input.email, "&sent=1"));
});

export const resetPasswordAction = action({ access: "public", schema: resetInput }, async (input, ctx) => {
  await resetPassword(ctx.db, input, { meta: ctx.meta, locale: ctx.locale });
  redirect(withEmail("/login", input.email, "&reset=1"));
});
