"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { ActionError, fieldErrorsOf } from "@/components/billing/action-error";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { RegionOption } from "@/lib/regions/regions";
import { readSerialInput } from "@/lib/billing/serial-code";
import { activateAction } from "./actions";
import { inLocale, localizedName } from "@/lib/i18n/localized";

/** The code field shows how the code is read as it is typed; the server checks it again. */
export function ActivateForm({ regions }: { regions: RegionOption[] }) {
  const t = useTranslations("billing.activate");
  const locale = useLocale();
  const [state, formAction] = useActionState(activateAction, null);
  const [code, setCode] = useState("");
  // Controlled, like the code: React resets a form after its action, and a refused code must not undo the choice.
  const [region, setRegion] = useState("");
  // A redeemed code is spent: clear the field once per successful answer (state adjusted during render).
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setCode("");
  }
  // The code the server last answered about: its error stands while the field still holds that code.
  const [submitted, setSubmitted] = useState<string | null>(null);
  const reading = readSerialInput(code);
  const serverErrors = code === submitted ? fieldErrorsOf(state, "code") : undefined;
  // One error at a time: the server's answer for this code, else the typo found while typing.
  const errors = serverErrors ?? (reading.kind === "typo" ? [t("typo")] : undefined);
  return (
    <form action={formAction} onSubmit={() => setSubmitted(code)} className="space-y-5" noValidate data-testid="activate-form">
      <FormField id="code" label={t("code")} hint={t("codeHint")} errors={errors}>
        {(p) => (
          <Input
            {...p}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder={t("codePlaceholder")}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            className="font-mono tracking-wider"
            required
            maxLength={100}
          />
        )}
      </FormField>
      {/* Only for what reads as a whole code: how it is read (O as 0, I and L as 1), never for other text. */}
      {reading.kind !== "none" && (
        <p className="-mt-3 font-mono text-xs text-muted-foreground" aria-live="polite" data-testid="code-preview">
          {t("reading", { code: reading.formatted })}
        </p>
      )}
      <FormField id="region" label={t("region")} hint={t("regionHint")} errors={fieldErrorsOf(state, "region")}>
        {(p) => (
          <Select {...p} value={region} onChange={(e) => setRegion(e.target.value)} data-testid="activate-region">
            <option value="">{t("anyRegion")}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {localizedName(locale, r)}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      {state?.ok && (
        <Alert tone="success" data-testid="activate-success">
          {t(state.data.extended ? "extended" : "created", {
            plan: inLocale(locale, state.data.planNameEn, state.data.planNameZh),
            days: state.data.days,
            expiresAt: new Date(state.data.expiresAt),
          })}{" "}
          <Link href="/" className="font-medium underline">
            {t("toDashboard")}
          </Link>
        </Alert>
      )}
      <ActionError state={state} />
      <SubmitButton pendingText={t("pending")} data-testid="activate-submit">
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
