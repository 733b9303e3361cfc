import { MailButton, MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";

/** A relay node of the customer's rental now runs elsewhere: the DERP map they pasted names the old address. */
export interface RelayMovedData {
  regionName: string;
  /** Host name (or IP) clients dial, with the new ports. */
  host: string;
  derpPort: number;
  stunPort: number;
}

export const relayMoved = defineTemplate<RelayMovedData>({
  subject: ({ t, appName }, { regionName }) => t("relayMoved.subject", { appName, regionName }),
  body: (ctx, { regionName, host, derpPort, stunPort }) => (
    <MailLayout ctx={ctx} preview={ctx.t("relayMoved.preview", { regionName })} heading={ctx.t("relayMoved.heading")}>
      <MailText>{ctx.t("relayMoved.intro", { regionName })}</MailText>
      <MailText>{ctx.t("relayMoved.address", { host, derpPort, stunPort })}</MailText>
      <MailText>{ctx.t("relayMoved.update")}</MailText>
      <MailButton href={`${ctx.appUrl}/`}>{ctx.t("relayMoved.button")}</MailButton>
    </MailLayout>
  ),
});
