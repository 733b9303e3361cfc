import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { LOCALE_COOKIE, resolveLocale } from "./config";
import { getMessages } from "./messages";
import { canonicalTimeZone, DEFAULT_TIME_ZONE, TIME_ZONE_COOKIE } from "./time-zone";

// No locale in the URL: the cookie (set by the switcher) or Accept-Language decides, per request. Dates are shown
// in the zone the user chose on the profile, else the browser's (a cookie kept by a small script), else UTC.
export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
  // The error page must render even when the database cannot say who is asking.
  const user = await getCurrentUser(headerList).catch(() => null);
  const timeZone = user?.timeZone ?? canonicalTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value) ?? DEFAULT_TIME_ZONE;
  return { locale, messages: getMessages(locale), timeZone };
});
