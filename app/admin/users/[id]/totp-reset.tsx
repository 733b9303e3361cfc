"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetTotpAction } from "../actions";
import { ActionDialog, CloseDialogButton } from "./action-dialog";

/** Turns off the user's two-factor login (lost phone and recovery codes), with a reason for the audit log. */
export function TotpReset({ id, email }: { id: string; email: string }) {
  const t = useTranslations("operator.totp");
  const tc = useTranslations("operator");
  const [state, formAction] = useActionState(resetTotpAction, null);
  return (
    <div className="space-y-2">
      <ActionDialog label={t("reset")} title={t("resetTitle", { email })} description={t("resetBody")} result={state} variant="destructive" data-testid="totp-reset">
        <form action={formAction} className="space-y-4" noValidate>
          <input type="hidden" name="id" value={id} />
          <FormField id="totp-reset-reason" label={tc("rentals.reason")} hint={tc("rentals.reasonHint")} errors={fieldErrors(state, "reason")}>
            {(p) => <Textarea {...p} name="reason" required maxLength={500} rows={2} />}
          </FormField>
          <FormError state={state} />
          <div className="flex justify-end gap-2">
            <CloseDialogButton label={tc("cancel")} />
            <SubmitButton variant="destructive" pendingText={tc("rentals.pending")}>
              {t("reset")}
            </SubmitButton>
          </div>
        </form>
      </ActionDialog>
      {state?.ok && <Alert tone="success">{t("resetDone")}</Alert>}
    </div>
  );
}
