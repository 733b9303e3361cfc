"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { useSubmittedValues } from "@/components/billing/use-submitted-values";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { grantRentalAction } from "../actions";

export interface GrantChoice {
  id: string;
  name: string;
}

/**
 * Grants days of a plan without a code: extends the user's rental of that plan, or starts one. No order is
 * written (a grant is not revenue); the reason goes into the audit log.
 */
export function GrantForm({ userId, plans, regions }: { userId: string; plans: GrantChoice[]; regions: GrantChoice[] }) {
  const t = useTranslations("operator.grant");
  const [state, formAction] = useActionState(grantRentalAction, null);
  const { values, capture } = useSubmittedValues({ planId: "", days: "30", region: "", reason: "" });
  const kept = (name: string) => (state?.ok ? (name === "days" ? "30" : "") : values[name]);
  return (
    <form action={formAction} onSubmit={capture} className="space-y-4" noValidate data-testid="grant-form">
      <input type="hidden" name="id" value={userId} />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField id="grant-plan" label={t("plan")} errors={fieldErrors(state, "planId")} hint={plans.length === 0 ? t("noPlans") : undefined}>
          {(p) => (
            <Select {...p} name="planId" required defaultValue={kept("planId")} key={`plan-${String(state?.ok)}`}>
              <option value="">{t("choosePlan")}</option>
              {plans.map((pl) => (
                <option key={pl.id} value={pl.id}>
                  {pl.name}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField id="grant-days" label={t("days")} errors={fieldErrors(state, "days")}>
          {(p) => <Input {...p} name="days" type="number" min={1} max={3650} step={1} required defaultValue={kept("days")} />}
        </FormField>
        <FormField id="grant-region" label={t("region")} hint={t("regionHint")} errors={fieldErrors(state, "region")}>
          {(p) => (
            <Select {...p} name="region" defaultValue={kept("region")} key={`region-${String(state?.ok)}`}>
              <option value="">{t("anyRegion")}</option>
              {regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      </div>
      <FormField id="grant-reason" label={t("reason")} hint={t("reasonHint")} errors={fieldErrors(state, "reason")}>
        {(p) => <Textarea {...p} name="reason" required maxLength={500} rows={2} defaultValue={kept("reason")} />}
      </FormField>
      <FormError state={state} />
      {state?.ok && (
        <Alert tone="success" data-testid="grant-done">
          {t(state.data.extended ? "doneExtended" : "doneNew")}
        </Alert>
      )}
      <SubmitButton pendingText={t("pending")} data-testid="grant-submit" disabled={plans.length === 0}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
