import { accountExists } from "./account-exists";
import { passwordResetCode } from "./password-reset-code";
import { trafficQuotaExceeded } from "./traffic-quota-exceeded";
import { trafficQuotaWarning } from "./traffic-quota-warning";
import type { MailTemplate } from "./types";
import { verificationCode } from "./verification-code";

/** Every mail the app sends, by name. Register a new template here (see ./types.ts). */
export const mailTemplates = {
  "verification-code": verificationCode,
  "password-reset-code": passwordResetCode,
  "account-exists": accountExists,
  "traffic-quota-warning": trafficQuotaWarning,
  "traffic-quota-exceeded": trafficQuotaExceeded,
};

export type MailTemplateName = keyof typeof mailTemplates;
export type MailTemplateData<N extends MailTemplateName> =
  (typeof mailTemplates)[N] extends MailTemplate<infer D> ? D : never;
