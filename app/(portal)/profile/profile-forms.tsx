"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState, useSyncExternalStore } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { locales } from "@/lib/i18n/config";
import { changePasswordAction, logoutEverywhereAction, updateLocaleAction, updateTimeZoneAction } from "./actions";

export function LanguageForm({ locale }: { locale: string }) {
  const t = useTranslations();
  const router = useRouter();
  const [state, formAction] = useActionState(updateLocaleAction, null);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3">
      <div className="min-w-48">
        <FormField id="locale" label={t("accounts.fields.language")} errors={fieldErrors(state, "locale")}>
          {(p) => (
            <Select {...p} defaultValue={locale} data-testid="profile-locale">
              {locales.map((l) => (
                <option key={l} value={l}>
                  {t(`common.language.${l}`)}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      </div>
      <SubmitButton variant="outline" pendingText={t("common.common.loading")}>
        {t("accounts.profile.saveLanguage")}
      </SubmitButton>
      {state?.ok && (
        <Alert tone="success" className="w-full">
          {t("accounts.profile.languageSaved")}
        </Alert>
      )}
      <FormError state={state} fields={["locale"]} />
    </form>
  );
}

/** The zone dates are shown in: the browser's (empty, the default) or one chosen from Intl's list. */
export function TimeZoneForm({ timeZone, zones }: { timeZone: string | null; zones: string[] }) {
  const t = useTranslations();
  const router = useRouter();
  const [state, formAction] = useActionState(updateTimeZoneAction, null);
  // Controlled: React resets a form after its action, and the choice must stay on screen.
  const [value, setValue] = useState(timeZone ?? "");
  // The browser's zone is known only in the browser: the server renders the option without it.
  const browserZone = useSyncExternalStore(noSubscription, browserTimeZone, () => "");
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3">
      <div className="w-full min-w-0 sm:w-auto sm:min-w-72">
        <FormField id="timeZone" label={t("accounts.fields.timeZone")} errors={fieldErrors(state, "timeZone")}>
          {(p) => (
            <Select {...p} value={value} onChange={(e) => setValue(e.target.value)} data-testid="profile-time-zone">
              <option value="">{t("accounts.profile.timeZoneBrowser", { zone: browserZone || "…" })}</option>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      </div>
      <SubmitButton variant="outline" pendingText={t("common.common.loading")}>
        {t("accounts.profile.saveTimeZone")}
      </SubmitButton>
      {state?.ok && (
        <Alert tone="success" className="w-full">
          {t("accounts.profile.timeZoneSaved")}
        </Alert>
      )}
      <FormError state={state} fields={["timeZone"]} />
    </form>
  );
}

const noSubscription = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";

export function ChangePasswordForm() {
  const t = useTranslations("accounts");
  const [state, formAction] = useActionState(changePasswordAction, null);
  return (
    <form action={formAction} className="max-w-md space-y-4" noValidate>
      <FormField id="currentPassword" label={t("fields.currentPassword")} errors={fieldErrors(state, "currentPassword")}>
        {(p) => <Input {...p} type="password" autoComplete="current-password" required />}
      </FormField>
      <FormField id="newPassword" label={t("fields.newPassword")} hint={t("fields.passwordHint")} errors={fieldErrors(state, "newPassword")}>
        {(p) => <Input {...p} type="password" autoComplete="new-password" required minLength={8} maxLength={128} />}
      </FormField>
      {state?.ok && <Alert tone="success">{t("profile.passwordChanged")}</Alert>}
      <FormError state={state} fields={["currentPassword", "newPassword"]} />
      <SubmitButton pendingText={t("profile.passwordPending")}>{t("profile.passwordSubmit")}</SubmitButton>
    </form>
  );
}

export function LogoutEverywhereForm() {
  const t = useTranslations();
  const [state, formAction] = useActionState(logoutEverywhereAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <ConfirmButton
        title={t("accounts.profile.logoutEverywhereConfirm")}
        description={t("accounts.profile.logoutEverywhereBody")}
        confirmLabel={t("accounts.profile.logoutEverywhere")}
        cancelLabel={t("common.common.cancel")}
        data-testid="logout-everywhere"
      >
        {t("accounts.profile.logoutEverywhere")}
      </ConfirmButton>
      <FormError state={state} />
    </form>
  );
}
