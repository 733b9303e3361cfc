"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { ActionError, fieldErrorsOf } from "@/components/billing/action-error";
import { useSubmittedValues } from "@/components/billing/use-submitted-values";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormField } from "@/components/ui/form-field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { generateBatchAction } from "./actions";

export interface PlanChoice {
  id: string;
  name: string;
  price: string;
}

/** Generates a batch; the codes are shown here once, with download and copy. */
export function GenerateForm({ plans }: { plans: PlanChoice[] }) {
  const t = useTranslations("billing.serials");
  const tsec = useTranslations("security");
  const [state, formAction] = useActionState(generateBatchAction, null);
  const { values, capture } = useSubmittedValues({ planId: "", count: "10" });
  const [planId, setPlanId] = useState("");
  const plan = plans.find((p) => p.id === (planId || values.planId));
  const err = (f: string) => fieldErrorsOf(state, f);
  const codesText = state?.ok ? state.data.codes.join("\n") + "\n" : "";

  const download = () => {
    if (!state?.ok) return;
    const url = URL.createObjectURL(new Blob([codesText], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `serials-${state.data.batchId.slice(0, 8)}.txt`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="space-y-6">
      <form action={formAction} onSubmit={capture} className="space-y-4" noValidate data-testid="generate-form">
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="planId" label={t("plan")} errors={err("planId")} hint={plans.length === 0 ? t("noPlans") : undefined}>
            {(p) => (
              <Select {...p} defaultValue={values.planId} onChange={(e) => setPlanId(e.target.value)} required>
                <option value="">{t("choosePlan")}</option>
                {plans.map((pl) => (
                  <option key={pl.id} value={pl.id}>
                    {pl.name} · {pl.price}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField id="count" label={t("count")} hint={t("countHint")} errors={err("count")}>
            {(p) => <Input {...p} type="number" min={1} max={100000} step={1} defaultValue={values.count} required />}
          </FormField>
          <FormField id="price" label={t("price")} hint={t("priceHint")} errors={err("price")}>
            {(p) => <Input {...p} inputMode="decimal" defaultValue={values.price} placeholder={plan?.price ?? ""} />}
          </FormField>
          <FormField id="channel" label={t("channel")} hint={t("channelHint")} errors={err("channel")}>
            {(p) => <Input {...p} defaultValue={values.channel} maxLength={100} />}
          </FormField>
          <FormField id="note" label={t("note")} errors={err("note")}>
            {(p) => <Input {...p} defaultValue={values.note} maxLength={500} />}
          </FormField>
          <FormField id="redeemBy" label={t("redeemBy")} hint={t("redeemByHint")} errors={err("redeemBy")}>
            {(p) => <Input {...p} type="date" defaultValue={values.redeemBy} />}
          </FormField>
        </div>
        <ActionError state={state} />
        <SubmitButton pendingText={t("pending")} data-testid="generate-submit">
          {t("submit")}
        </SubmitButton>
      </form>

      {state?.ok && (
        <div className="space-y-3" data-testid="generated">
          <Alert tone="success">
            <p className="font-medium">{t("doneTitle", { count: state.data.count })}</p>
            <p className="mt-1">{t("onceWarning")}</p>
          </Alert>
          <Textarea
            readOnly
            value={codesText}
            rows={Math.min(12, state.data.codes.length + 1)}
            className="font-mono text-sm"
            id="generated-codes"
            aria-label={t("codes")}
            data-testid="generated-codes"
          />
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="outline" onClick={download}>
              {t("download")}
            </Button>
            <CopyButton
              text={codesText}
              selectTarget="generated-codes"
              size="default"
              label={t("copy")}
              copiedLabel={t("copied")}
              failedLabel={tsec("copy.failed")}
            />
            <Link href={`/admin/serials/${state.data.batchId}`} className="text-sm text-primary hover:underline" data-testid="open-batch">
              {t("openBatch")}
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
