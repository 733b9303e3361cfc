"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { forgotPasswordAction } from "../actions";

export function ForgotPasswordForm({ email: initialEmail }: { email: string }) {
  const t = useTranslations("accounts");
  const [state, formAction] = useActionState(forgotPasswordAction, null);
  const [email, setEmail] = useState(initialEmail);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormField id="email" label={t("fields.email")} errors={fieldErrors(state, "email")}>
        {(p) => <Input {...p} type="email" autoComplete="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />}
      </FormField>
      <FormError state={state} fields={["email"]} />
      <SubmitButton className="w-full" pendingText={t("forgot.pending")}>
        {t("forgot.submit")}
      </SubmitButton>
    </form>
  );
}
