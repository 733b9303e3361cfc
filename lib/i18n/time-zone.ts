/**
 * Time zones: the profile's setting (null: the browser's), the cookie a small script keeps set to the browser's
 * zone, and the check both pass through. Node and browsers may spell a zone differently (Asia/Kolkata and
 * Asia/Calcutta): a zone is accepted when Intl knows it, and kept in the spelling Intl gives it here.
 */

/** Set on the client by components/layout/time-zone-cookie.tsx to the browser's zone. */
export const TIME_ZONE_COOKIE = "TZ";
export const DEFAULT_TIME_ZONE = "UTC";

let supported: Set<string> | undefined;

/** Intl.supportedValuesOf("timeZone") plus UTC (which Node leaves out), sorted. */
export function supportedTimeZones(): string[] {
  supported ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  return [...supported].sort();
}

/** The zone in the spelling this runtime uses, or null when it is not a zone Intl supports. */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return null;
  supportedTimeZones();
  if (supported!.has(value)) return value;
  try {
    const resolved = new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
    return supported!.has(resolved) ? resolved : null;
  } catch {
    return null;
  }
}

export function isTimeZone(value: unknown): value is string {
  return canonicalTimeZone(value) !== null;
}
