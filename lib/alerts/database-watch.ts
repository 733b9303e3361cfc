import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { now } from "@/lib/clock";
import { withTimeout } from "@/lib/fleet/timeout";
import { logger } from "@/lib/logger";
import { recordDeliveries, webhookDestination, webhookPayload, type AlertMessage, type DeliveryResult } from "./deliver";
import { readAlertSettings, readAlertTargets, type AlertTargets } from "./settings";
import { postWebhook } from "./webhook";

/** The database must have failed this long (every ping in between) before the alert goes out. */
export const DATABASE_DOWN_AFTER_MS = 2 * 60_000;
const PING_TIMEOUT_MS = 10_000;

interface CachedTargets extends AlertTargets {
  enabled: boolean;
}

/**
 * "Database unreachable", noticed by the worker itself: the alerts job cannot raise it (it reads the database,
 * and its runs need the leader lock, which lives there). The watch pings the database; while the pings succeed it
 * keeps a copy of the alert settings, and when they have failed for two minutes it posts the alert with that copy.
 * Webhook only: email goes through the mailer, which writes to the database. The attempts are written to the
 * deliveries log once the database answers again, and the "resolved" message follows then.
 */
export class DatabaseWatch {
  private targets: CachedTargets | null = null;
  private failingSince: Date | null = null;
  private lastError = "";
  private firing: { message: AlertMessage; results: DeliveryResult[] } | null = null;

  constructor(
    private readonly db: DbOrTx,
    private readonly downAfterMs = DATABASE_DOWN_AFTER_MS,
  ) {}

  /** One check; returns what the watch believes now. Never throws. */
  async check(): Promise<"up" | "failing" | "firing"> {
    const at = now();
    try {
      await withTimeout("database ping", PING_TIMEOUT_MS, () => this.db.execute(sql`select 1`));
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
      this.failingSince ??= at;
      if (!this.firing && at.getTime() - this.failingSince.getTime() >= this.downAfterMs) await this.raise();
      return this.firing ? "firing" : "failing";
    }
    this.failingSince = null;
    try {
      if (this.firing) await this.resolve(at);
      const [settings, targets] = await Promise.all([readAlertSettings(this.db), readAlertTargets(this.db)]);
      this.targets = { ...targets, enabled: settings.enabled };
    } catch (e) {
      // The ping passed but a query failed (a short blip): the next check tries again with the old copy.
      logger.warn({ err: e }, "alerts: database watch could not refresh its copy of the settings");
    }
    return "up";
  }

  private async raise(): Promise<void> {
    const message: AlertMessage = {
      event: "firing",
      rule: "database_unreachable",
      alertId: null,
      subject: "database",
      details: { error: this.lastError.slice(0, 300), since: this.failingSince!.toISOString() },
      startedAt: this.failingSince!,
      resolvedAt: null,
    };
    const results = await this.post(message);
    this.firing = { message, results };
    logger.error({ since: this.failingSince, delivered: results.some((r) => r.ok) }, "alerts: database unreachable");
  }

  private async resolve(at: Date): Promise<void> {
    const { message: firing, results: firingResults } = this.firing!;
    const message: AlertMessage = { ...firing, event: "resolved", resolvedAt: at };
    const results = await this.post(message);
    this.firing = null;
    await recordDeliveries(this.db, firing, firingResults, firing.startedAt);
    await recordDeliveries(this.db, message, results, at);
  }

  private async post(message: AlertMessage): Promise<DeliveryResult[]> {
    const t = this.targets;
    if (!t?.enabled || !t.webhookUrl) return [];
    const outcome = await postWebhook(t.webhookUrl, t.webhookSecret, webhookPayload(message, t.mailLocale));
    return [{ target: "webhook", destination: webhookDestination(t.webhookUrl), ...outcome }];
  }
}

/** Runs the watch every `intervalMs` until stopped (the worker process starts it next to its schedules). */
export function startDatabaseWatch(db: DbOrTx, intervalMs: number): { stop(): void } {
  const watch = new DatabaseWatch(db);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void watch.check().finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  void watch.check();
  return { stop: () => clearInterval(timer) };
}
