"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetPasswordAction } from "../actions";

export function ResetPasswordForm({ email: initialEmail, code: initialCode }: { email: string; code: string }) {
  const t = useTranslations("accounts");
  const [state, formAction] = useActionState(resetPasswordAction, null);
  // Controlled, so a refused form keeps what was typed (the password never comes back from the server); the mail's
  // link fills in the email and the code.
  const [email, setEmail] = useState(initialEmail);
  const [code, setCode] = useState(initialCode);
  const [password, setPassword] = useState("");
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormField id="email" label={t("fields.email")} errors={fieldErrors(state, "email")}>
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
      <FormField id="password" label={t("fields.newPassword")} hint={t("fields.passwordHint")} errors={fieldErrors(state, "password")}>
        {(p) => (
          <Input
            {...p}
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={128}
            autoFocus={Boolean(initialCode)}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </FormField>
      <FormError state={state} fields={["email", "code", "password"]} />
      <SubmitButton className="w-full" pendingText={t("reset.pending")}>
        {t("reset.submit")}
      </SubmitButton>
    </form>
  );
}
