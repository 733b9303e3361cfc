"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { UserStatus } from "@/db/schema";
import { resendVerificationAction, sendPasswordResetAction } from "../actions";

/**
 * The mails an admin can send for the user: a new verification code while the account is pending, a
 * password-reset code once it is active (the password stays until the user sets a new one).
 */
export function MailActions({ id, email, status }: { id: string; email: string; status: UserStatus }) {
  const t = useTranslations("operator.mail");
  const tc = useTranslations("operator");
  const [verifyState, verify] = useActionState(resendVerificationAction, null);
  const [resetState, reset] = useActionState(sendPasswordResetAction, null);
  if (status === "disabled") return <p className="text-sm text-muted-foreground">{t("none")}</p>;
  const pending = status === "pending";
  return (
    <div className="space-y-3">
      <form action={pending ? verify : reset}>
        <input type="hidden" name="id" value={id} />
        <ConfirmButton
          variant="outline"
          title={t(pending ? "verifyConfirm" : "resetConfirm", { email })}
          description={t(pending ? "verifyBody" : "resetBody")}
          confirmLabel={t("send")}
          cancelLabel={tc("cancel")}
          data-testid={pending ? "mail-verification" : "mail-password-reset"}
        >
          {t(pending ? "verify" : "reset")}
        </ConfirmButton>
      </form>
      {(verifyState?.ok || resetState?.ok) && <Alert tone="success">{t("sent", { email })}</Alert>}
      <FormError state={pending ? verifyState : resetState} />
    </div>
  );
}
