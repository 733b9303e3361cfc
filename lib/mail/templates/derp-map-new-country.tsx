import { MailButton, MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";

export interface DerpMapNewCountryData {
  /** ISO country code, as located with DB-IP's database. */
  country: string;
  /** City and region, when known. */
  place: string;
  ip: string;
  /** portal, link or api. */
  channel: string;
  /** When, already formatted in the recipient's language and time zone. */
  at: string;
}

/** A customer's DERP map was fetched from a country never seen for them: a leaked direct link shows up here. */
export const derpMapNewCountry = defineTemplate<DerpMapNewCountryData>({
  subject: ({ t }, { country }) => t("derpMapNewCountry.subject", { country }),
  body: (ctx, { country, place, ip, channel, at }) => (
    <MailLayout ctx={ctx} preview={ctx.t("derpMapNewCountry.preview", { country, at })} heading={ctx.t("derpMapNewCountry.heading")}>
      <MailText>{ctx.t("derpMapNewCountry.intro", { country, place: place || "-", ip: ip || "-", channel, at })}</MailText>
      <MailText>{ctx.t("derpMapNewCountry.advice")}</MailText>
      <MailButton href={`${ctx.appUrl}/acl`}>{ctx.t("derpMapNewCountry.button")}</MailButton>
      <MailText>{ctx.t("derpMapNewCountry.credit")}</MailText>
    </MailLayout>
  ),
});
