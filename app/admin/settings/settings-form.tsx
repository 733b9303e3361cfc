"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { ActionError, fieldErrorsOf } from "@/components/billing/action-error";
import { useSubmittedValues } from "@/components/billing/use-submitted-values";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { AlertSettings } from "@/lib/alerts/settings";
import { saveAlertSettingsAction } from "./actions";

const NUMBERS = ["probeP95Ms", "quotaStopBurst", "quotaStopWindowMinutes", "refusalSpike", "refusalWindowMinutes", "serverErrorBurst", "serverErrorWindowMinutes"] as const;

/** The alert settings: on/off, where to send, the thresholds. The secret is write-only (never sent to the page). */
export function AlertSettingsForm({ settings }: { settings: AlertSettings }) {
  const t = useTranslations("alerts.settings");
  const tl = useTranslations("common.language");
  const router = useRouter();
  const [state, formAction] = useActionState(saveAlertSettingsAction, null);
  const { values: v, capture } = useSubmittedValues({
    enabled: settings.enabled ? "on" : "",
    recipients: settings.recipients.join("\n"),
    mailLocale: settings.mailLocale,
    webhookUrl: settings.webhookUrl ?? "",
    ...Object.fromEntries(NUMBERS.map((k) => [k, String(settings[k])])),
  });
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const err = (f: string) => fieldErrorsOf(state, f);
  return (
    <form action={formAction} onSubmit={capture} className="space-y-4" noValidate data-testid="alert-settings-form">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" name="enabled" defaultChecked={v.enabled === "on"} className="h-4 w-4" data-testid="alerts-enabled" />
        {t("enabled")}
      </label>
      <p className="text-xs text-muted-foreground">{t("enabledHint")}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="recipients" label={t("recipients")} hint={t("recipientsHint")} errors={err("recipients")}>
          {(p) => <Textarea {...p} defaultValue={v.recipients} rows={3} spellCheck={false} />}
        </FormField>
        <FormField id="mailLocale" label={t("mailLocale")} errors={err("mailLocale")}>
          {(p) => (
            <Select {...p} key={v.mailLocale} defaultValue={v.mailLocale}>
              <option value="en">{tl("en")}</option>
              <option value="zh-CN">{tl("zh-CN")}</option>
            </Select>
          )}
        </FormField>
        <FormField id="webhookUrl" label={t("webhookUrl")} hint={t("webhookUrlHint")} errors={err("webhookUrl")}>
          {(p) => <Input {...p} type="url" defaultValue={v.webhookUrl} maxLength={2000} autoComplete="off" spellCheck={false} />}
        </FormField>
        <div className="space-y-2">
          <FormField id="webhookSecret" label={t("webhookSecret")} hint={t("webhookSecretHint")} errors={err("webhookSecret")}>
            {(p) => <Input {...p} type="password" autoComplete="new-password" maxLength={200} />}
          </FormField>
          {settings.hasWebhookSecret && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="clearWebhookSecret" className="h-4 w-4" />
              {t("secretStored")} {t("clearSecret")}
            </label>
          )}
        </div>
      </div>
      <h3 className="pt-2 text-sm font-semibold">{t("thresholds")}</h3>
      <div className="grid gap-4 sm:grid-cols-3">
        {NUMBERS.map((k) => (
          <FormField key={k} id={k} label={t(k)} errors={err(k)}>
            {(p) => <Input {...p} type="number" min={1} step={1} required defaultValue={v[k]} />}
          </FormField>
        ))}
      </div>
      <p className="text-xs text-muted-foreground">{t("fixedRules")}</p>
      {state?.ok && <Alert tone="success">{t("saved")}</Alert>}
      <ActionError state={state} />
      <SubmitButton pendingText={t("saving")} data-testid="alert-settings-save">
        {t("save")}
      </SubmitButton>
    </form>
  );
}
