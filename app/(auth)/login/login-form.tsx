"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { loginAction, resendCodeAction } from "../actions";

export function LoginForm({ email: initialEmail, next }: { email: string; next?: string }) {
  const t = useTranslations("accounts");
  const ts = useTranslations("security.login");
  const [state, login] = useActionState(loginAction, null);
  const [resendState, resend] = useActionState(resendCodeAction, null);
  const [email, setEmail] = useState(initialEmail);
  // Kept in the browser (never sent back by the server) so that the second step resubmits it with the code.
  const [password, setPassword] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  const unverified = state?.ok && state.data && "unverified" in state.data;
  // The right password of an account with two-factor login: the same form asks for the code and sends all again.
  const [askCode, setAskCode] = useState(false);
  if (!askCode && state?.ok === false && (state.error.code === "totp_required" || state.error.code === "invalid_totp")) setAskCode(true);
  return (
    <form action={login} className="space-y-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <FormField id="email" label={t("fields.email")} errors={fieldErrors(state, "email")}>
        {(p) => (
          <Input {...p} type="email" autoComplete="username" required autoFocus={!initialEmail} value={email} onChange={(e) => setEmail(e.target.value)} />
        )}
      </FormField>
      <FormField id="password" label={t("fields.password")} errors={fieldErrors(state, "password")}>
        {(p) => (
          <Input
            {...p}
            type="password"
            autoComplete="current-password"
            required
            autoFocus={Boolean(initialEmail)}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </FormField>
      {askCode && (
        <div className="space-y-2" data-testid="login-second-factor">
          {useRecovery ? (
            <FormField id="recoveryCode" label={ts("recoveryCode")}>
              {(p) => <Input {...p} autoComplete="off" autoFocus className="font-mono" />}
            </FormField>
          ) : (
            <FormField id="totp" label={ts("code")} hint={ts("codeHint")}>
              {(p) => <Input {...p} inputMode="numeric" autoComplete="one-time-code" maxLength={7} autoFocus className="font-mono" />}
            </FormField>
          )}
          <button type="button" className="text-sm text-primary hover:underline" onClick={() => setUseRecovery(!useRecovery)}>
            {useRecovery ? ts("useApp") : ts("useRecovery")}
          </button>
        </div>
      )}
      <FormError state={state} fields={["email", "password"]} />
      {unverified && (
        <Alert tone="info" data-testid="login-unverified" className="space-y-3">
          <p>{t("login.unverified")}</p>
          <div className="flex flex-wrap gap-2">
            <SubmitButton variant="outline" size="sm" formAction={resend} formNoValidate data-testid="resend-code">
              {t("login.resendAndVerify")}
            </SubmitButton>
            <Link className={buttonVariants({ variant: "link", size: "sm" })} href={`/verify?email=${encodeURIComponent(email)}`}>
              {t("login.goVerify")}
            </Link>
          </div>
          {resendState?.ok && <p>{t("verify.resent")}</p>}
        </Alert>
      )}
      <FormError state={resendState} fields={["email"]} />
      <SubmitButton className="w-full" pendingText={t("login.pending")} data-testid="login-submit">
        {t("login.submit")}
      </SubmitButton>
      <p className="text-center text-sm">
        <Link className="text-primary hover:underline" href={`/forgot-password${email ? `?email=${encodeURIComponent(email)}` : ""}`}>
          {t("login.forgot")}
        </Link>
      </p>
    </form>
  );
}
