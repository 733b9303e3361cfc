import { z } from "zod";

/** Recipients at most; alerts are for a handful of operators, not a mailing list. */
export const MAX_RECIPIENTS = 20;

const EMAIL = z.email();

/** Commas, semicolons, spaces or new lines between addresses (a textarea on the page, a list in JSON). */
const recipients = z
  .union([z.string().max(5000), z.array(z.string().max(254)).max(MAX_RECIPIENTS)])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,;]+/)).map((s) => s.trim().toLowerCase()).filter(Boolean))
  .transform((list) => [...new Set(list)])
  .superRefine((list, ctx) => {
    if (list.length > MAX_RECIPIENTS) ctx.addIssue({ code: "custom", message: "alert_recipients_too_many" });
    if (list.some((a) => a.length > 254 || !EMAIL.safeParse(a).success)) ctx.addIssue({ code: "custom", message: "alert_recipient_invalid" });
  });

/** Only http and https: anything else (file:, gopher:, javascript:) is refused, never fetched. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    if (!URL.canParse(v)) return false;
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  }, "alert_webhook_url_invalid");

const count = z.number().int().min(1).max(1_000_000);
const windowMinutes = z.number().int().min(1).max(1440);

/**
 * The settings form of /admin/settings (text read as these types), the same for a JSON caller. An empty webhook
 * URL removes the webhook; an empty secret keeps the stored one (`clearWebhookSecret` removes it).
 */
export const alertSettingsInput = z.object({
  enabled: z.boolean().default(false),
  recipients: recipients.default([]),
  mailLocale: z.enum(["en", "zh-CN"]).default("en"),
  webhookUrl: webhookUrlSchema.optional(),
  webhookSecret: z.string().min(16, "alert_webhook_secret_short").max(200).optional(),
  clearWebhookSecret: z.boolean().default(false),
  probeP95Ms: z.number().int().min(1).max(60_000),
  quotaStopBurst: count,
  quotaStopWindowMinutes: windowMinutes,
  refusalSpike: count,
  refusalWindowMinutes: windowMinutes,
  serverErrorBurst: count,
  serverErrorWindowMinutes: windowMinutes,
});
export type AlertSettingsInput = z.output<typeof alertSettingsInput>;
