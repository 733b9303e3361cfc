"use client";

import { useTimeZone } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "@/lib/i18n/time-zone";

/**
 * Tells the server the browser's time zone (a cookie, for a year), so dates are rendered in it. When the page
 * was rendered in another zone only because the server did not know the browser's yet (the first visit),
 * it is rendered again once. A zone chosen on the profile (`followsBrowser` false) is left alone.
 */
export function TimeZoneCookie({ followsBrowser }: { followsBrowser: boolean }) {
  const rendered = useTimeZone();
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    const current = document.cookie.split("; ").find((c) => c.startsWith(`${TIME_ZONE_COOKIE}=`))?.slice(TIME_ZONE_COOKIE.length + 1);
    if (current !== encodeURIComponent(zone)) {
      document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    }
    // Compared as this browser spells zones (the server may write Asia/Calcutta for Asia/Kolkata).
    if (followsBrowser && rendered && spelled(rendered) !== zone) router.refresh();
    // Once per page load: a refresh renders with the cookie, and `rendered` then equals `zone`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}

function spelled(zone: string): string {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}
