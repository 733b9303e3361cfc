/**
 * Admission decisions counted in this process, by outcome and reason, readable synchronously (tests compare
 * before and after). Prometheus gets the same counts, with latency, from lib/metrics/admission.ts.
 */
const counts = new Map<string, number>();

export function countAdmission(allow: boolean, reason: string): void {
  const key = `${allow ? "allow" : "deny"}:${reason}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** `{ "allow:device": 12, "deny:unknown_key": 3, … }` */
export function admissionCounts(): Record<string, number> {
  return Object.fromEntries(counts);
}
