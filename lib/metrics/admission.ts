import { Counter, Histogram } from "prom-client";
import { once, processRegistry } from "./registry";

/** derper's admission calls, by decision (allow/deny) and reason (lib/devices/admission-decision.ts). */
export const admissionDecisions = once(
  processRegistry,
  "dm_admission_decisions_total",
  () =>
    new Counter({
      name: "dm_admission_decisions_total",
      help: "Admission decisions answered to relays, by decision (allow, deny) and reason.",
      labelNames: ["decision", "reason"] as const,
      registers: [processRegistry],
    }),
);

/** Time from the call reaching the service to its answer: a cache hit is well under a millisecond. */
export const admissionDuration = once(
  processRegistry,
  "dm_admission_duration_seconds",
  () =>
    new Histogram({
      name: "dm_admission_duration_seconds",
      help: "Time taken to decide an admission call, in seconds, by decision.",
      labelNames: ["decision"] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [processRegistry],
    }),
);

export function observeAdmission(allow: boolean, reason: string, seconds: number): void {
  const decision = allow ? "allow" : "deny";
  admissionDecisions.inc({ decision, reason });
  admissionDuration.observe({ decision }, seconds);
}
