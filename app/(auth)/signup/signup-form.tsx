"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { signUpAction } from "../actions";

export function SignUpForm() {
  const t = useTranslations("accounts");
  const [state, formAction] = useActionState(signUpAction, null);
  // Controlled: React resets a form after its action, and a refused password must stay as typed. It never
  // comes back from the server (the action's answer holds no input).
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormField id="email" label={t("fields.email")} errors={fieldErrors(state, "email")}>
        {(p) => (
          <Input {...p} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        )}
      </FormField>
      <FormField id="password" label={t("fields.password")} hint={t("fields.passwordHint")} errors={fieldErrors(state, "password")}>
        {(p) => (
          <Input
            {...p}
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={128}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </FormField>
      <FormError state={state} fields={["email", "password"]} />
      <SubmitButton className="w-full" pendingText={t("signup.pending")}>
        {t("signup.submit")}
      </SubmitButton>
    </form>
  );
}
