import type { AlertRule, RuleFn } from "../types";
import { admissionRefusalSpike } from "./admission-refusals";
import { probeP95High } from "./probe-latency";
import { quotaStopBurst } from "./quota-stops";
import { relayProbeFailing } from "./relay-probes";
import { serverDown } from "./server-down";
import { serverErrors } from "./server-errors";
import { jobStale } from "./stale-jobs";

/** The rules evaluated from database state by the alerts job (database_unreachable is the worker's own watch). */
export const RULES: Partial<Record<AlertRule, RuleFn>> = {
  server_down: serverDown,
  relay_probe_failing: relayProbeFailing,
  probe_p95_high: probeP95High,
  job_stale: jobStale,
  quota_stop_burst: quotaStopBurst,
  admission_refusal_spike: admissionRefusalSpike,
  server_errors: serverErrors,
};
