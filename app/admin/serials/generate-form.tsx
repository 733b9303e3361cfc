"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { startTransition, useActionState, useState, type ChangeEvent, type FormEvent } from "react";
import { ActionError, fieldErrorsOf } from "@/components/billing/action-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormField } from "@/components/ui/form-field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { generateBatchAction } from "./actions";

export interface PlanChoice {
  id: string;
  name: string;
  price: string;
}

const EMPTY = { planId: "", count: "10", price: "", channel: "", note: "", redeemBy: "" };
type Fields = typeof EMPTY;

/**
 * Generates a batch; the codes are shown here once, with copy and download. The fields are controlled: a refused
 * form keeps everything as typed, and a generated batch empties the whole form for the next one (React's own
 * reset after an action would put back only some of them).
 */
export function GenerateForm({ plans }: { plans: PlanChoice[] }) {
  const t = useTranslations("billing.serials");
  const tsec = useTranslations("security");
  const [state, formAction, pending] = useActionState(generateBatchAction, null);
  const [fields, setFields] = useState<Fields>(EMPTY);
  // A new batch: start the next one from an empty form (state adjusted during render, once per answer).
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setFields(EMPTY);
  }
  const field = (name: keyof Fields) => ({
    value: fields[name],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setFields((f) => ({ ...f, [name]: e.target.value })),
  });
  const plan = plans.find((p) => p.id === fields.planId);
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

  // Submitted by hand rather than through the form's action prop: React resets a form after its action, and
  // would put a controlled select back to its first option while the state still names the plan.
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => formAction(data));
  };

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-4" noValidate data-testid="generate-form">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <FormField id="planId" label={t("plan")} errors={err("planId")} hint={plans.length === 0 ? t("noPlans") : undefined}>
            {(p) => (
              <Select {...p} {...field("planId")} required>
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
            {(p) => <Input {...p} {...field("count")} type="number" min={1} max={100000} step={1} required />}
          </FormField>
          <FormField id="price" label={t("price")} hint={t("priceHint")} errors={err("price")}>
            {(p) => <Input {...p} {...field("price")} inputMode="decimal" placeholder={plan?.price ?? ""} />}
          </FormField>
          <FormField id="channel" label={t("channel")} hint={t("channelHint")} errors={err("channel")}>
            {(p) => <Input {...p} {...field("channel")} maxLength={100} />}
          </FormField>
          <FormField id="note" label={t("note")} errors={err("note")}>
            {(p) => <Input {...p} {...field("note")} maxLength={500} />}
          </FormField>
          <FormField id="redeemBy" label={t("redeemBy")} hint={t("redeemByHint")} errors={err("redeemBy")}>
            {(p) => <Input {...p} {...field("redeemBy")} type="date" />}
          </FormField>
        </div>
        <ActionError state={state} />
        <Button type="submit" disabled={pending} aria-busy={pending} data-testid="generate-submit">
          {pending ? t("pending") : t("submit")}
        </Button>
      </form>

      {state?.ok && (
        <div className="space-y-3" data-testid="generated">
          <Alert tone="success">
            <p className="font-medium">{t("doneTitle", { count: state.data.count })}</p>
            <p className="mt-1">{t("onceWarning")}</p>
          </Alert>
          <Textarea
            id="generated-codes"
            readOnly
            value={codesText}
            rows={Math.min(12, state.data.codes.length + 1)}
            className="font-mono text-sm"
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
              data-testid="copy-codes"
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
