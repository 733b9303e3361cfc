"use server";

import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { updateProfile } from "@/lib/accounts/profile";
import { getCurrentUser } from "@/lib/auth/current-user";
import { setLocaleCookie } from "@/lib/auth/session-cookies";
import { isLocale } from "@/lib/i18n/config";

/** The language switcher: remembers the choice for a year, and on the profile of a logged-in user. */
export async function setLocaleAction(locale: string): Promise<void> {
  if (!isLocale(locale)) return;
  await setLocaleCookie(locale);
  const user = await getCurrentUser(await headers());
  // The mails we send follow the profile's language.
  if (user && user.locale !== locale) await updateProfile(await getDb(), user, { locale });
}
