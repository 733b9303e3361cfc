/**
 * Cross-site request refusal for state-changing route handlers (server actions get Next's own check).
 * Browsers send Sec-Fetch-Site on every request; older ones send Origin on POST. A request with neither
 * (curl, scripts using an API token) is not a browser-driven cross-site request and is allowed.
 */
export function isCrossSite(headers: Headers, appUrl: string): boolean {
  const site = headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = headers.get("origin");
  if (!origin) return false;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  try {
    const o = new URL(origin);
    return o.host !== host && o.origin !== new URL(appUrl).origin;
  } catch {
    // An Origin header that is not a URL ("null" from sandboxed frames) is treated as cross-site.
    return true;
  }
}
