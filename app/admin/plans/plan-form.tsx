"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { ActionError, fieldErrorsOf } from "@/components/billing/action-error";
import { useSubmittedValues } from "@/components/billing/use-submitted-values";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { createPlanAction, updatePlanAction } from "./actions";

export interface PlanFormValues {
  id?: string;
  nameEn: string;
  nameZh: string;
  durationDays: number;
  trafficQuotaGb: number;
  deviceLimit: number;
  bandwidthLimitMbps: number | null;
  price: string;
  currency: string;
  active: boolean;
  /** Two relay nodes on two servers of the region, meshed (lib/containers). */
  highAvailability: boolean;
}

const EMPTY: PlanFormValues = {
  nameEn: "",
  nameZh: "",
  durationDays: 30,
  trafficQuotaGb: 100,
  deviceLimit: 3,
  bandwidthLimitMbps: null,
  price: "",
  currency: "USD",
  active: true,
  highAvailability: false,
};

/** Create a plan (empty form) or edit one (`plan` given). Traffic in GB, bandwidth in Mbit/s. */
export function PlanForm({ plan }: { plan?: PlanFormValues }) {
  const t = useTranslations("billing.plans");
  const router = useRouter();
  const editing = Boolean(plan?.id);
  const [state, formAction] = useActionState(editing ? updatePlanAction : createPlanAction, null);
  const initial = toStrings(plan ?? EMPTY);
  const { values: v, capture, setValues } = useSubmittedValues(initial);
  // A created plan empties the form for the next one (state adjusted during render, once per answer).
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok && !editing) setValues(toStrings(EMPTY));
  }
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const err = (f: string) => fieldErrorsOf(state, f);
  return (
    <form action={formAction} onSubmit={capture} className="space-y-4" noValidate data-testid="plan-form">
      {editing && <input type="hidden" name="id" value={plan!.id} />}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="nameEn" label={t("nameEn")} errors={err("nameEn")}>
          {(p) => <Input {...p} defaultValue={v.nameEn} required maxLength={100} />}
        </FormField>
        <FormField id="nameZh" label={t("nameZh")} errors={err("nameZh")}>
          {(p) => <Input {...p} defaultValue={v.nameZh} required maxLength={100} />}
        </FormField>
        <FormField id="durationDays" label={t("durationDays")} errors={err("durationDays")}>
          {(p) => <Input {...p} type="number" min={1} max={3650} step={1} defaultValue={v.durationDays} required />}
        </FormField>
        <FormField id="trafficQuotaGb" label={t("trafficGb")} errors={err("trafficQuotaGb")}>
          {(p) => <Input {...p} type="number" min={0} step="any" defaultValue={v.trafficQuotaGb} required />}
        </FormField>
        <FormField id="deviceLimit" label={t("devices")} errors={err("deviceLimit")}>
          {(p) => <Input {...p} type="number" min={1} step={1} defaultValue={v.deviceLimit} required />}
        </FormField>
        <FormField id="bandwidthLimitMbps" label={t("bandwidthMbps")} hint={t("bandwidthHint")} errors={err("bandwidthLimitMbps")}>
          {(p) => <Input {...p} type="number" min={0} step="any" defaultValue={v.bandwidthLimitMbps} />}
        </FormField>
        <FormField id="price" label={t("price")} hint={t("priceHint")} errors={err("price")}>
          {(p) => <Input {...p} inputMode="decimal" defaultValue={v.price} required placeholder="9.99" />}
        </FormField>
        <FormField id="currency" label={t("currency")} hint={t("currencyHint")} errors={err("currency")}>
          {(p) => <Input {...p} defaultValue={v.currency} required maxLength={3} className="uppercase" />}
        </FormField>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="active" defaultChecked={v.active === "on"} className="h-4 w-4" />
        {t("active")}
      </label>
      <div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="highAvailability" defaultChecked={v.highAvailability === "on"} className="h-4 w-4" aria-describedby="highAvailability-hint" />
          {t("highAvailability")}
        </label>
        <p id="highAvailability-hint" className="ml-6 text-xs text-muted-foreground">
          {t("highAvailabilityHint")}
        </p>
        {err("relayNodes")?.length ? <p className="ml-6 text-xs text-destructive">{err("relayNodes")!.join(" ")}</p> : null}
      </div>
      {state?.ok && <Alert tone="success">{editing ? t("saved") : t("createdOk")}</Alert>}
      <ActionError state={state} />
      <SubmitButton pendingText={editing ? t("saving") : t("creating")} data-testid="plan-submit">
        {editing ? t("save") : t("create")}
      </SubmitButton>
    </form>
  );
}

function toStrings(p: PlanFormValues): Record<string, string> {
  return {
    nameEn: p.nameEn,
    nameZh: p.nameZh,
    durationDays: String(p.durationDays),
    trafficQuotaGb: String(p.trafficQuotaGb),
    deviceLimit: String(p.deviceLimit),
    bandwidthLimitMbps: p.bandwidthLimitMbps === null ? "" : String(p.bandwidthLimitMbps),
    price: p.price,
    currency: p.currency,
    active: p.active ? "on" : "",
    highAvailability: p.highAvailability ? "on" : "",
  };
}
