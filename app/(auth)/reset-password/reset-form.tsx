"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetPasswordAction } from "../actions";

export function ResetPasswordForm({ email: initialEmail }: { email: string }) {
  const t = useTranslations("accounts");
  const [state, formAction] = useActionState(resetPasswordAction, null);
  const [email, setEmail] = useState(initialEmail);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormField id="email" label={t("fields.email")} errors={fieldErrors(state, "email")}>
        {(p) => <Input {...p} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
      </FormField>
      <FormField id="code" label={t("fields.code")} errors={fieldErrors(state, "code")}>
        {(p) => (
          <Input {...p} inputMode="numeric" autoComplete="one-time-code" maxLength={6} required autoFocus={Boolean(initialEmail)} className="font-mono tracking-[0.4em]" />
        )}
      </FormField>
      <FormField id="password" label={t("fields.newPassword")} hint={t("fields.passwordHint")} errors={fieldErrors(state, "password")}>
        {(p) => <Input {...p} type="password" autoComplete="new-password" required minLength={8} maxLength={128} />}
      </FormField>
      <FormError state={state} />
      <SubmitButton className="w-full" pendingText={t("reset.pending")}>
        {t("reset.submit")}
      </SubmitButton>
    </form>
  );
}
