"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { resendCodeAction, verifyAction } from "../actions";

/** Email + code; a second button of the same form asks for a new code for the email typed. */
export function VerifyForm({ email: initialEmail, code: initialCode }: { email: string; code: string }) {
  const t = useTranslations("accounts");
  const [state, verify] = useActionState(verifyAction, null);
  const [resendState, resend] = useActionState(resendCodeAction, null);
  const [email, setEmail] = useState(initialEmail);
  // The mail's link fills the code in; one click on Confirm verifies and signs in.
  const [code, setCode] = useState(initialCode);
  return (
    <form action={verify} className="space-y-4" noValidate>
      <FormField id="email" label={t("fields.email")} errors={fieldErrors(state, "email") ?? fieldErrors(resendState, "email")}>
        {(p) => <Input {...p} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
      </FormField>
      <FormField id="code" label={t("fields.code")} errors={fieldErrors(state, "code")}>
        {(p) => (
          <Input
            {...p}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            autoFocus={Boolean(initialEmail) && !initialCode}
            className="font-mono tracking-[0.4em]"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
      </FormField>
      <FormError state={state} fields={["email", "code"]} />
      <SubmitButton className="w-full" pendingText={t("verify.pending")} data-testid="verify-submit" autoFocus={Boolean(initialCode)}>
        {t("verify.submit")}
      </SubmitButton>
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-border pt-4 text-sm">
        <span className="text-muted-foreground">{t("verify.noCode")}</span>
        <SubmitButton variant="outline" size="sm" formAction={resend} formNoValidate data-testid="resend-code">
          {t("verify.resend")}
        </SubmitButton>
      </div>
      {resendState?.ok && <Alert tone="success">{t("verify.resent")}</Alert>}
      <FormError state={resendState} fields={["email"]} />
    </form>
  );
}
