import { MailButton, MailLayout, MailText } from "./layout";
import type { TrafficQuotaMail } from "./traffic-quota-warning";
import { defineTemplate } from "./types";

/** The quota is used up: the rental is over_quota and its relay stopped. */
export const trafficQuotaExceeded = defineTemplate<TrafficQuotaMail>({
  subject: ({ t }, d) => t("trafficQuotaExceeded.subject", { planName: d.planName }),
  body: (ctx, d) => (
    <MailLayout ctx={ctx} preview={ctx.t("trafficQuotaExceeded.preview")} heading={ctx.t("trafficQuotaExceeded.heading")}>
      <MailText>{ctx.t("trafficQuotaExceeded.intro", { planName: d.planName, usedGb: d.usedGb, quotaGb: d.quotaGb })}</MailText>
      <MailText>{ctx.t("trafficQuotaExceeded.howToResume")}</MailText>
      <MailButton href={`${ctx.appUrl}/`}>{ctx.t("trafficQuotaExceeded.button")}</MailButton>
    </MailLayout>
  ),
});
