"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { apiTokenInput, createApiToken, revokeApiToken } from "@/lib/accounts/api-tokens";
import { logoutEverywhere } from "@/lib/accounts/login";
import { changePassword, updateProfile } from "@/lib/accounts/profile";
import { changePasswordInput, languageInput, timeZoneFormInput, totpConfirmInput, totpDisableInput } from "@/lib/accounts/schemas";
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from "@/lib/accounts/two-factor";
import { endSession } from "@/lib/accounts/sessions";
import { action } from "@/lib/actions/action";
import { clearSessionCookies, setLocaleCookie, setSessionCookie } from "@/lib/auth/session-cookies";

export const updateLocaleAction = action({ access: "user", schema: languageInput }, async (input, ctx) => {
  const profile = await updateProfile(ctx.db, ctx.user, input);
  await setLocaleCookie(profile.locale);
  revalidatePath("/", "layout");
  return { locale: profile.locale };
});

/** The zone dates are shown in; left empty, the browser's. */
export const updateTimeZoneAction = action({ access: "user", schema: timeZoneFormInput }, async (input, ctx) => {
  const profile = await updateProfile(ctx.db, ctx.user, { timeZone: input.timeZone ?? null });
  revalidatePath("/", "layout");
  return { timeZone: profile.timeZone };
});

/** Other devices are logged out; this one gets a fresh cookie and stays in. */
export const changePasswordAction = action({ access: "user", schema: changePasswordInput }, async (input, ctx) => {
  const session = await changePassword(ctx.db, ctx.user, input, ctx.meta);
  await setSessionCookie(session);
  return { changed: true };
});

export const logoutEverywhereAction = action({ access: "user", schema: z.object({}) }, async (_input, ctx) => {
  await logoutEverywhere(ctx.db, ctx.user, ctx.meta);
  await clearSessionCookies();
  redirect("/login");
});

/** Ends one of the user's sessions; ending this one logs this browser out. */
export const endSessionAction = action({ access: "user", schema: z.object({ id: z.uuid() }) }, async (input, ctx) => {
  await endSession(ctx.db, ctx.user, input.id, ctx.meta);
  if (input.id === ctx.user.sessionId) {
    await clearSessionCookies();
    redirect("/login");
  }
  revalidatePath("/profile");
  return { ended: input.id };
});

export const createTokenAction = action({ access: "user", schema: apiTokenInput }, async (input, ctx) => {
  const { token, apiToken } = await createApiToken(ctx.db, ctx.user, input, ctx.meta);
  revalidatePath("/profile");
  return { token, id: apiToken.id };
});

/** A new secret for the authenticator app; login is unchanged until a code confirms it. */
export const startTotpAction = action({ access: "user", schema: z.object({}) }, async (_input, ctx) => {
  return startTotpEnrolment(ctx.db, ctx.user);
});

/** The recovery codes are in this answer only (the page shows them once). */
export const confirmTotpAction = action({ access: "user", schema: totpConfirmInput }, async (input, ctx) => {
  const result = await confirmTotpEnrolment(ctx.db, ctx.user, input.totp, ctx.meta);
  revalidatePath("/", "layout");
  return result;
});

export const disableTotpAction = action({ access: "user", schema: totpDisableInput }, async (input, ctx) => {
  await disableTotp(ctx.db, ctx.user, input, ctx.meta);
  revalidatePath("/profile");
  return { disabled: true };
});

export const revokeTokenAction = action({ access: "user", schema: z.object({ id: z.uuid() }) }, async (input, ctx) => {
  await revokeApiToken(ctx.db, ctx.user, input.id, ctx.meta);
  revalidatePath("/profile");
  return { revoked: input.id };
});
