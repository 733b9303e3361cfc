import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alerts, type AlertRow } from "@/db/schema";
import { logger } from "@/lib/logger";
import { RULES } from "./rules";
import { dedupKey, type AlertRule, type Finding, type RuleContext } from "./types";

export interface Evaluation {
  /** Alerts that started in this run (one message each). */
  started: AlertRow[];
  /** Alerts whose condition cleared in this run (one message each). */
  resolved: AlertRow[];
  /** Alerts still firing after this run, new ones included. */
  open: number;
  /** Rules that could not be evaluated; their open alerts are left as they are (not resolved). */
  failed: { rule: AlertRule; error: string }[];
}

/**
 * Evaluates every rule and brings the alerts table in line: a finding without an open alert opens one, a finding
 * with one refreshes it (no message), an open alert without a finding resolves. So one ongoing problem gives one
 * "started" and one "resolved", however many runs it lasts.
 */
export async function evaluateAlerts(db: DbOrTx, ctx: Omit<RuleContext, "db">): Promise<Evaluation> {
  const findings: Finding[] = [];
  const failed: Evaluation["failed"] = [];
  for (const [rule, fn] of Object.entries(RULES) as [AlertRule, NonNullable<(typeof RULES)[AlertRule]>][]) {
    try {
      findings.push(...(await fn({ ...ctx, db })));
    } catch (e) {
      // One broken rule must not silence the others; the job reports it as failed after the rest is done.
      logger.error({ err: e, rule }, "alert rule failed");
      failed.push({ rule, error: e instanceof Error ? e.message : String(e) });
    }
  }
  const failedRules = new Set(failed.map((f) => f.rule));
  return db.transaction(async (tx) => {
    const open = await tx.select().from(alerts).where(eq(alerts.status, "firing")).for("update");
    const openByKey = new Map(open.map((a) => [a.dedupKey, a]));
    const seen = new Set<string>();
    const started: AlertRow[] = [];
    for (const f of findings) {
      const key = dedupKey(f);
      if (seen.has(key)) continue;
      seen.add(key);
      const existing = openByKey.get(key);
      if (existing) {
        await tx.update(alerts).set({ lastSeenAt: ctx.now, details: f.details }).where(eq(alerts.id, existing.id));
        continue;
      }
      // Another worker racing on the same key (the leader lock normally prevents it) loses here, not twice.
      const [row] = await tx
        .insert(alerts)
        .values({ rule: f.rule, dedupKey: key, details: f.details, startedAt: ctx.now, lastSeenAt: ctx.now })
        .onConflictDoNothing()
        .returning();
      if (row) started.push(row);
    }
    const gone = open.filter((a) => !seen.has(a.dedupKey) && !failedRules.has(a.rule as AlertRule) && a.rule in RULES);
    const resolved = gone.length
      ? await tx
          .update(alerts)
          .set({ status: "resolved", resolvedAt: ctx.now })
          .where(and(eq(alerts.status, "firing"), inArray(alerts.id, gone.map((a) => a.id))))
          .returning()
      : [];
    return { started, resolved, open: open.length - resolved.length + started.length, failed };
  });
}
