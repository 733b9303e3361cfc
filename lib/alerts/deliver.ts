import type { DbOrTx } from "@/db/client";
import { alertDeliveries, type AlertDeliveryRow } from "@/db/schema";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/mailer";
import { describeAlert, type MessageEvent } from "./describe";
import type { AlertTargets } from "./settings";
import type { AlertDetails, AlertRule } from "./types";
import { postWebhook } from "./webhook";

/** One message to send: an alert that started or ended, or the settings page's test. */
export interface AlertMessage {
  event: MessageEvent;
  rule: AlertRule | "test";
  /** The alerts row; null for a test or the database watch (whose alert lives only in the worker). */
  alertId: number | null;
  subject: string;
  details: AlertDetails;
  startedAt: Date;
  resolvedAt: Date | null;
}

/** Discord refuses `content` over 2000 characters; Slack and Mattermost take far more. */
const CHAT_TEXT_MAX = 2000;

/**
 * The webhook's JSON: `text` (Slack, Mattermost and compatible incoming webhooks) and `content` (Discord) carry
 * the same human text; the other fields are for receivers that parse alerts.
 */
export function webhookPayload(m: AlertMessage, locale: "en" | "zh-CN") {
  const d = describeAlert(locale, m);
  const text = d.text.slice(0, CHAT_TEXT_MAX);
  return {
    text,
    content: text,
    event: m.event,
    rule: m.rule,
    status: m.event === "resolved" ? "resolved" : "firing",
    title: d.title,
    subject: m.subject,
    alertId: m.alertId,
    startedAt: m.startedAt.toISOString(),
    resolvedAt: m.resolvedAt?.toISOString() ?? null,
    details: m.details,
    source: { app: "derpmanagement", url: env().APP_URL },
  };
}

export type DeliveryResult = Pick<AlertDeliveryRow, "target" | "destination" | "ok" | "httpStatus" | "error">;

/** The webhook's host only: its path often is the token (Slack, Discord) and does not belong in a log. */
export function webhookDestination(url: string): string {
  return new URL(url).host;
}

/**
 * Sends one message to every target, records each attempt in alert_deliveries and returns the outcomes. A failed
 * target does not stop the others; nothing is retried (the log shows the failure).
 */
export async function deliverAlert(
  db: DbOrTx,
  targets: AlertTargets,
  message: AlertMessage,
  only?: { email?: boolean; webhook?: boolean },
): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  if (only?.email !== false) {
    const d = describeAlert(targets.mailLocale, message);
    for (const to of targets.recipients) {
      try {
        await sendMail(db, {
          to,
          locale: targets.mailLocale,
          template: "alert",
          data: { title: d.title, lines: d.lines, event: message.event },
        });
        results.push({ target: "email", destination: to, ok: true, httpStatus: null, error: null });
      } catch (e) {
        // sendMail has written the transport's reason to the system log (source "mail") and answers mail_failed.
        if (!isAppError(e)) throw e;
        results.push({ target: "email", destination: to, ok: false, httpStatus: null, error: `${e.code}: see the system log (mail)` });
      }
    }
  }
  if (only?.webhook !== false && targets.webhookUrl) {
    const outcome = await postWebhook(targets.webhookUrl, targets.webhookSecret, webhookPayload(message, targets.mailLocale));
    results.push({ target: "webhook", destination: webhookDestination(targets.webhookUrl), ...outcome });
  }
  await recordDeliveries(db, message, results);
  return results;
}

export async function recordDeliveries(db: DbOrTx, message: Pick<AlertMessage, "event" | "rule" | "alertId">, results: DeliveryResult[], at = now()): Promise<void> {
  if (results.length === 0) return;
  await db.insert(alertDeliveries).values(
    results.map((r) => ({ ...r, at, alertId: message.alertId, rule: message.rule, event: message.event, error: r.error?.slice(0, 500) ?? null })),
  );
}
