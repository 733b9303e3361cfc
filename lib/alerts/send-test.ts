import type { DbOrTx } from "@/db/client";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { deliverAlert, type DeliveryResult } from "./deliver";
import { readAlertTargets } from "./settings";

/**
 * Admins only. Sends a test message to every saved target (whether alerts are enabled or not: the point is to
 * try the targets before switching on) and returns each outcome; the attempts are in the deliveries log too.
 */
export async function sendTestAlert(db: DbOrTx, actor: SessionUser, meta?: RequestMeta): Promise<DeliveryResult[]> {
  assertAdmin(actor);
  const targets = await readAlertTargets(db);
  if (targets.recipients.length === 0 && !targets.webhookUrl) throw badRequest("alert_no_targets");
  const at = now();
  const results = await deliverAlert(db, targets, {
    event: "test",
    rule: "test",
    alertId: null,
    subject: "test",
    details: { by: actor.email },
    startedAt: at,
    resolvedAt: null,
  });
  await writeAudit(db, {
    actor: auditActor(actor),
    action: "alerts.test_sent",
    target: { type: "settings", id: "alerts" },
    meta,
    details: { targets: results.length, failed: results.filter((r) => !r.ok).length },
  });
  return results;
}
