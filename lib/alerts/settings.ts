import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertSettings, type AlertSettingsRow } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { sealer } from "@/lib/crypto/seal";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import type { AlertSettingsInput } from "./settings-schema";
import type { Thresholds } from "./types";

/** The webhook's HMAC key is sealed bound to the one settings row: copied elsewhere, it does not open. */
const secrets = sealer("alert-webhook-secret");
const SECRET_AAD = "alert_settings:1";

export interface AlertSettings extends Thresholds {
  enabled: boolean;
  recipients: string[];
  mailLocale: "en" | "zh-CN";
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  updatedAt: Date | null;
}

/** What a fresh install uses until the operator saves the form: alerts off, the same thresholds as the columns' defaults. */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  enabled: false,
  recipients: [],
  mailLocale: "en",
  webhookUrl: null,
  hasWebhookSecret: false,
  probeP95Ms: 500,
  quotaStopBurst: 5,
  quotaStopWindowMinutes: 15,
  refusalSpike: 50,
  refusalWindowMinutes: 10,
  serverErrorBurst: 10,
  serverErrorWindowMinutes: 5,
  updatedAt: null,
};

function view(row: AlertSettingsRow): AlertSettings {
  return {
    enabled: row.enabled,
    recipients: row.recipients,
    mailLocale: row.mailLocale,
    webhookUrl: row.webhookUrl,
    hasWebhookSecret: row.webhookSecretSealed !== null,
    probeP95Ms: row.probeP95Ms,
    quotaStopBurst: row.quotaStopBurst,
    quotaStopWindowMinutes: row.quotaStopWindowMinutes,
    refusalSpike: row.refusalSpike,
    refusalWindowMinutes: row.refusalWindowMinutes,
    serverErrorBurst: row.serverErrorBurst,
    serverErrorWindowMinutes: row.serverErrorWindowMinutes,
    updatedAt: row.updatedAt,
  };
}

async function settingsRow(db: DbOrTx): Promise<AlertSettingsRow | undefined> {
  const [row] = await db.select().from(alertSettings).where(eq(alertSettings.id, 1));
  return row;
}

/** The settings without the secret (for the page and the job). */
export async function readAlertSettings(db: DbOrTx): Promise<AlertSettings> {
  const row = await settingsRow(db);
  return row ? view(row) : DEFAULT_ALERT_SETTINGS;
}

/** Where messages go: the settings plus the opened webhook secret. Only the delivery code calls this. */
export interface AlertTargets {
  recipients: string[];
  mailLocale: "en" | "zh-CN";
  webhookUrl: string | null;
  webhookSecret: string | null;
}

export async function readAlertTargets(db: DbOrTx): Promise<AlertTargets> {
  const row = await settingsRow(db);
  if (!row) return { recipients: [], mailLocale: "en", webhookUrl: null, webhookSecret: null };
  return {
    recipients: row.recipients,
    mailLocale: row.mailLocale,
    webhookUrl: row.webhookUrl,
    webhookSecret: row.webhookSecretSealed ? secrets.open(row.webhookSecretSealed, SECRET_AAD).toString("utf8") : null,
  };
}

/**
 * Admins only. Saves the whole form and writes an audit entry naming what changed (never the secret: only
 * whether it was set, kept or removed).
 */
export async function updateAlertSettings(db: DbOrTx, actor: SessionUser, input: AlertSettingsInput, meta?: RequestMeta): Promise<AlertSettings> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const before = await settingsRow(tx);
    const secretChange = input.webhookSecret ? "set" : input.clearWebhookSecret ? "removed" : "kept";
    const values = {
      enabled: input.enabled,
      recipients: input.recipients,
      mailLocale: input.mailLocale,
      webhookUrl: input.webhookUrl ?? null,
      probeP95Ms: input.probeP95Ms,
      quotaStopBurst: input.quotaStopBurst,
      quotaStopWindowMinutes: input.quotaStopWindowMinutes,
      refusalSpike: input.refusalSpike,
      refusalWindowMinutes: input.refusalWindowMinutes,
      serverErrorBurst: input.serverErrorBurst,
      serverErrorWindowMinutes: input.serverErrorWindowMinutes,
      updatedAt: now(),
      updatedBy: actor.id,
      ...(secretChange === "set" ? { webhookSecretSealed: secrets.seal(input.webhookSecret!, SECRET_AAD) } : {}),
      ...(secretChange === "removed" ? { webhookSecretSealed: null } : {}),
    };
    const [row] = await tx
      .insert(alertSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: alertSettings.id, set: values })
      .returning();
    const old = before ? view(before) : DEFAULT_ALERT_SETTINGS;
    const saved = view(row);
    const changed = (Object.keys(saved) as (keyof AlertSettings)[]).filter(
      (k) => k !== "updatedAt" && k !== "hasWebhookSecret" && JSON.stringify(saved[k]) !== JSON.stringify(old[k]),
    );
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "alerts.settings_updated",
      target: { type: "settings", id: "alerts" },
      meta,
      details: {
        enabled: String(saved.enabled),
        changed: changed.join(", ") || "-",
        recipients: saved.recipients.length,
        webhook: saved.webhookUrl ? new URL(saved.webhookUrl).host : "-",
        secret: secretChange,
      },
    });
    return saved;
  });
}
