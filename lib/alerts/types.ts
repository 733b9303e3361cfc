import type { DbOrTx } from "@/db/client";

/** Every rule the alerts job evaluates; `database_unreachable` is raised by the worker's database watch. */
export const ALERT_RULES = [
  "server_down",
  "relay_probe_failing",
  "probe_p95_high",
  "job_stale",
  "quota_stop_burst",
  "admission_refusal_spike",
  "server_errors",
  "database_unreachable",
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export type AlertDetails = Record<string, string | number | null>;

/** A rule found its condition true for one subject now. */
export interface Finding {
  rule: AlertRule;
  /** A stable id of what is wrong (a server id, a job name, "platform"): with the rule, the dedup key. */
  subject: string;
  /** The values the messages use (names, figures); refreshed on every run while the alert fires. */
  details: AlertDetails;
}

export interface Thresholds {
  probeP95Ms: number;
  quotaStopBurst: number;
  quotaStopWindowMinutes: number;
  refusalSpike: number;
  refusalWindowMinutes: number;
  serverErrorBurst: number;
  serverErrorWindowMinutes: number;
}

/** A schedule of the worker and how often it runs (passed in by the worker: lib/ cannot read worker/). */
export interface ExpectedJob {
  name: string;
  periodSeconds: number;
}

export interface RuleContext {
  db: DbOrTx;
  now: Date;
  thresholds: Thresholds;
  jobs: ExpectedJob[];
}

export type RuleFn = (ctx: RuleContext) => Promise<Finding[]>;

export function dedupKey(f: Pick<Finding, "rule" | "subject">): string {
  return `${f.rule}:${f.subject}`;
}
