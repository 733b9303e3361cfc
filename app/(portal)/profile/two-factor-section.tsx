"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { confirmTotpAction, disableTotpAction, startTotpAction } from "./actions";

export interface TwoFactorView {
  enabled: boolean;
  /** Formatted. */
  enabledAt: string | null;
  recoveryCodesLeft: number;
  required: boolean;
}

/** The key in groups of four, as apps' "enter a key" fields show it. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)!.join(" ");

/**
 * Two-factor login on the profile: set up (a new key, shown once as text and as an otpauth:// link, confirmed
 * with a code from the app), the recovery codes (shown once, after confirming), and turning it off with a code.
 */
export function TwoFactorSection({ status }: { status: TwoFactorView }) {
  const t = useTranslations("security");
  const [started, start] = useActionState(startTotpAction, null);
  const [confirmed, confirm] = useActionState(confirmTotpAction, null);
  const [disabled, disable] = useActionState(disableTotpAction, null);
  const [useRecovery, setUseRecovery] = useState(false);
  const copy = { label: t("copy.copy"), copiedLabel: t("copy.copied"), failedLabel: t("copy.failed") };

  // Shown once, whatever the page shows after it re-rendered with two-factor login on.
  if (confirmed?.ok) {
    const codes = confirmed.data.recoveryCodes;
    return (
      <div className="space-y-3" data-testid="recovery-codes">
        <Alert tone="success">
          <p className="font-medium">{t("totp.enabledNow")}</p>
          <p className="mt-1">{t("totp.recoveryOnce")}</p>
        </Alert>
        <ul id="recovery-code-list" className="grid grid-cols-2 gap-2 rounded-md border border-border bg-muted p-3 font-mono text-sm sm:grid-cols-5">
          {codes.map((c) => (
            <li key={c} data-testid="recovery-code">
              {c}
            </li>
          ))}
        </ul>
        <CopyButton text={codes.join("\n") + "\n"} selectTarget="recovery-code-list" {...copy} />
      </div>
    );
  }

  if (status.enabled) {
    return (
      <div className="space-y-4" data-testid="totp-enabled">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <Badge tone="success">{t("totp.on")}</Badge>
          {status.enabledAt && <span className="text-muted-foreground">{t("totp.since", { date: status.enabledAt })}</span>}
          <span className="text-muted-foreground">{t("totp.recoveryLeft", { count: status.recoveryCodesLeft })}</span>
        </p>
        {status.required ? (
          <p className="text-sm text-muted-foreground">{t("totp.requiredNote")}</p>
        ) : (
          <form action={disable} className="space-y-3" noValidate>
            {useRecovery ? (
              <FormField id="totp-disable-recovery" label={t("totp.recoveryCode")} errors={fieldErrors(disabled, "recoveryCode")}>
                {(p) => <Input {...p} name="recoveryCode" autoComplete="off" className="max-w-56 font-mono" />}
              </FormField>
            ) : (
              <FormField id="totp-disable-code" label={t("totp.code")} errors={fieldErrors(disabled, "totp")}>
                {(p) => <Input {...p} name="totp" inputMode="numeric" autoComplete="one-time-code" maxLength={7} className="max-w-40 font-mono" />}
              </FormField>
            )}
            <div className="flex flex-wrap items-center gap-3">
              <ConfirmButton
                title={t("totp.disableConfirm")}
                description={t("totp.disableBody")}
                confirmLabel={t("totp.disable")}
                cancelLabel={t("cancel")}
                data-testid="totp-disable"
              >
                {t("totp.disable")}
              </ConfirmButton>
              <Button variant="link" size="sm" onClick={() => setUseRecovery(!useRecovery)}>
                {useRecovery ? t("totp.useApp") : t("totp.useRecovery")}
              </Button>
            </div>
            <FormError state={disabled} />
          </form>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-4">
      {status.required && <Alert tone="info">{t("totp.requiredNote")}</Alert>}
      {!started?.ok ? (
        <form action={start}>
          <p className="mb-3 text-sm text-muted-foreground">{t("totp.offLead")}</p>
          <SubmitButton variant="outline" pendingText={t("totp.starting")} data-testid="totp-start">
            {t("totp.start")}
          </SubmitButton>
          <FormError state={started} />
        </form>
      ) : (
        <div className="space-y-4">
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            <li>{t("totp.step1")}</li>
            <li>{t("totp.step2")}</li>
          </ol>
          <div className="space-y-2">
            <p className="text-sm font-medium">{t("totp.key")}</p>
            <div className="flex flex-wrap items-center gap-2">
              <code id="totp-secret" className="break-all rounded bg-muted px-2 py-1 font-mono text-sm" data-testid="totp-secret" data-secret={started.data.secret}>
                {grouped(started.data.secret)}
              </code>
              <CopyButton text={started.data.secret} selectTarget="totp-secret" {...copy} />
            </div>
          </div>
          <div className="space-y-2">
            <p className="text-sm font-medium">{t("totp.uri")}</p>
            <div className="flex flex-wrap items-center gap-2">
              <a href={started.data.uri} id="totp-uri" className="min-w-0 break-all font-mono text-xs text-primary hover:underline" data-testid="totp-uri">
                {started.data.uri}
              </a>
              <CopyButton text={started.data.uri} selectTarget="totp-uri" {...copy} />
            </div>
            <p className="text-xs text-muted-foreground">{t("totp.uriHint")}</p>
          </div>
          <form action={confirm} className="flex flex-wrap items-end gap-3" noValidate>
            <FormField id="totp-code" label={t("totp.code")} errors={fieldErrors(confirmed, "totp")}>
              {(p) => <Input {...p} name="totp" inputMode="numeric" autoComplete="one-time-code" maxLength={7} className="w-40 font-mono" />}
            </FormField>
            <SubmitButton pendingText={t("totp.confirming")} data-testid="totp-confirm">
              {t("totp.confirm")}
            </SubmitButton>
          </form>
          <FormError state={confirmed} />
        </div>
      )}
    </div>
  );
}
