import { MailButton, MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";

export type TrafficQuotaMail = { planName: string; usedGb: number; quotaGb: number; percent: number };

/** 80 % of a rental's traffic quota used: once per quota (rentals.quotaWarnedFor). */
export const trafficQuotaWarning = defineTemplate<TrafficQuotaMail>({
  subject: ({ t }, d) => t("trafficQuotaWarning.subject", { percent: d.percent, planName: d.planName }),
  body: (ctx, d) => (
    <MailLayout ctx={ctx} preview={ctx.t("trafficQuotaWarning.preview", { percent: d.percent })} heading={ctx.t("trafficQuotaWarning.heading")}>
      <MailText>{ctx.t("trafficQuotaWarning.intro", { planName: d.planName, usedGb: d.usedGb, quotaGb: d.quotaGb, percent: d.percent })}</MailText>
      <MailText>{ctx.t("trafficQuotaWarning.whatHappens")}</MailText>
      <MailButton href={`${ctx.appUrl}/`}>{ctx.t("trafficQuotaWarning.button")}</MailButton>
    </MailLayout>
  ),
});
