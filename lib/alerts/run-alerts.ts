import type { DbOrTx } from "@/db/client";
import type { AlertRow } from "@/db/schema";
import { deliverAlert } from "./deliver";
import { evaluateAlerts } from "./evaluate";
import { readAlertSettings, readAlertTargets } from "./settings";
import type { AlertRule, ExpectedJob } from "./types";

export interface AlertRunSummary {
  enabled: boolean;
  started: number;
  resolved: number;
  open: number;
  deliveries: number;
  failedDeliveries: number;
  failedRules: string[];
}

/**
 * One run of the alerts job: evaluate, then send one message per alert that started or resolved. With alerts
 * switched off nothing is evaluated or sent; problems that are still there when they are switched on are raised
 * at the next run. Messages go out after the alerts table is updated, outside its transaction.
 */
export async function runAlerts(db: DbOrTx, at: Date, jobs: ExpectedJob[]): Promise<AlertRunSummary> {
  const settings = await readAlertSettings(db);
  if (!settings.enabled) return { enabled: false, started: 0, resolved: 0, open: 0, deliveries: 0, failedDeliveries: 0, failedRules: [] };
  const evaluation = await evaluateAlerts(db, { now: at, thresholds: settings, jobs });
  const targets = await readAlertTargets(db);
  let deliveries = 0;
  let failedDeliveries = 0;
  const send = async (row: AlertRow, event: "firing" | "resolved") => {
    const results = await deliverAlert(db, targets, {
      event,
      rule: row.rule as AlertRule,
      alertId: row.id,
      subject: row.dedupKey,
      details: row.details,
      startedAt: row.startedAt,
      resolvedAt: row.resolvedAt,
    });
    deliveries += results.length;
    failedDeliveries += results.filter((r) => !r.ok).length;
  };
  for (const row of evaluation.started) await send(row, "firing");
  for (const row of evaluation.resolved) await send(row, "resolved");
  return {
    enabled: true,
    started: evaluation.started.length,
    resolved: evaluation.resolved.length,
    open: evaluation.open,
    deliveries,
    failedDeliveries,
    failedRules: evaluation.failed.map((f) => `${f.rule}: ${f.error}`),
  };
}
