/**
 * Which message explains a relay's state reason or a rental's allocation problem. Reasons are short codes
 * (lib/containers/relay-state.ts); anything else is an error text meant for admins, shown to customers as a
 * plain "a problem on our side".
 */
const REASONS = ["admin", "quota", "expiry", "grace_over", "restart", "moved", "reconcile", "allocation", "allocation_failed", "renewal", "suspended"] as const;
export type ReasonKey = (typeof REASONS)[number] | "other";

export function reasonKey(reason: string): ReasonKey {
  return (REASONS as readonly string[]).includes(reason) ? (reason as ReasonKey) : "other";
}

const PROBLEMS = ["no_server_available", "relay_not_running"] as const;
export type WaitingKey = (typeof PROBLEMS)[number] | "preparing";

/** A pending rental without a known problem is simply being prepared. */
export function waitingKey(problem: string | null): WaitingKey {
  return problem && (PROBLEMS as readonly string[]).includes(problem) ? (problem as WaitingKey) : "preparing";
}

export function splitUptime(seconds: number): { days: number; hours: number; minutes: number } {
  return { days: Math.floor(seconds / 86_400), hours: Math.floor((seconds % 86_400) / 3_600), minutes: Math.floor((seconds % 3_600) / 60) };
}
