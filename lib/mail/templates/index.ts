import { accountExists } from "./account-exists";
import { alertMail } from "./alert";
import { derpMapNewCountry } from "./derp-map-new-country";
import { expiryReminder } from "./expiry-reminder";
import { passwordResetCode } from "./password-reset-code";
import { relayMoved } from "./relay-moved";
import { trafficQuotaExceeded } from "./traffic-quota-exceeded";
import { trafficQuotaWarning } from "./traffic-quota-warning";
import type { MailTemplate } from "./types";
import { verificationCode } from "./verification-code";

/** Every mail the app sends, by name. Register a new template here (see ./types.ts). */
export const mailTemplates = {
  "verification-code": verificationCode,
  "password-reset-code": passwordResetCode,
  "account-exists": accountExists,
  "expiry-reminder": expiryReminder,
  "relay-moved": relayMoved,
  "traffic-quota-warning": trafficQuotaWarning,
  "traffic-quota-exceeded": trafficQuotaExceeded,
  "derp-map-new-country": derpMapNewCountry,
  alert: alertMail,
};

export type MailTemplateName = keyof typeof mailTemplates;
export type MailTemplateData<N extends MailTemplateName> =
  (typeof mailTemplates)[N] extends MailTemplate<infer D> ? D : never;
