import { MailButton, MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";

/**
 * A relay node's entry in the customer's DERP map changed: it runs elsewhere (`moved`), or an IP relay got a new
 * certificate and so a new CertName (`certificate`). The map they pasted names the old one.
 */
export interface RelayMovedData {
  regionName: string;
  /** Host name (or IP) clients dial, with the new ports. */
  host: string;
  derpPort: number;
  stunPort: number;
  reason: "moved" | "certificate";
}

export const relayMoved = defineTemplate<RelayMovedData>({
  subject: ({ t, appName }, { regionName }) => t("relayMoved.subject", { appName, regionName }),
  body: (ctx, { regionName, host, derpPort, stunPort, reason }) => (
    <MailLayout ctx={ctx} preview={ctx.t("relayMoved.preview", { regionName })} heading={ctx.t("relayMoved.heading", { reason })}>
      <MailText>{ctx.t("relayMoved.intro", { regionName, reason })}</MailText>
      <MailText>{ctx.t("relayMoved.address", { host, derpPort, stunPort })}</MailText>
      <MailText>{ctx.t("relayMoved.update")}</MailText>
      <MailButton href={`${ctx.appUrl}/`}>{ctx.t("relayMoved.button")}</MailButton>
    </MailLayout>
  ),
});
