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
import { createRegionAction, updateRegionAction } from "./actions";

export interface RegionFormValues {
  id?: string;
  code: string;
  nameEn: string;
  nameZh: string;
  latitude: number | null;
  longitude: number | null;
  country: string | null;
  sortOrder: number;
  active: boolean;
}

const EMPTY: RegionFormValues = {
  code: "",
  nameEn: "",
  nameZh: "",
  latitude: null,
  longitude: null,
  country: null,
  sortOrder: 0,
  active: true,
};

/** Create a region (empty form) or edit one (`region` given). */
export function RegionForm({ region }: { region?: RegionFormValues }) {
  const t = useTranslations("regions");
  const router = useRouter();
  const editing = Boolean(region?.id);
  const [state, formAction] = useActionState(editing ? updateRegionAction : createRegionAction, null);
  const { values: v, capture, setValues } = useSubmittedValues(toStrings(region ?? EMPTY));
  // A created region empties the form for the next one (state adjusted during render, once per answer).
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
    <form action={formAction} onSubmit={capture} className="space-y-4" noValidate data-testid="region-form">
      {editing && <input type="hidden" name="id" value={region!.id} />}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="code" label={t("code")} hint={t("codeHint")} errors={err("code")}>
          {(p) => (
            <Input {...p} defaultValue={v.code} required minLength={2} maxLength={32} autoComplete="off" spellCheck={false} className="font-mono" />
          )}
        </FormField>
        <FormField id="sortOrder" label={t("sortOrder")} hint={t("sortOrderHint")} errors={err("sortOrder")}>
          {(p) => <Input {...p} type="number" step={1} defaultValue={v.sortOrder} />}
        </FormField>
        <FormField id="nameEn" label={t("nameEn")} errors={err("nameEn")}>
          {(p) => <Input {...p} defaultValue={v.nameEn} required maxLength={100} />}
        </FormField>
        <FormField id="nameZh" label={t("nameZh")} errors={err("nameZh")}>
          {(p) => <Input {...p} defaultValue={v.nameZh} required maxLength={100} />}
        </FormField>
        <FormField id="country" label={t("country")} hint={t("countryHint")} errors={err("country")}>
          {(p) => <Input {...p} defaultValue={v.country} maxLength={2} autoComplete="off" className="uppercase" />}
        </FormField>
        <div className="hidden sm:block" />
        <FormField id="latitude" label={t("latitude")} hint={t("latitudeHint")} errors={err("latitude")}>
          {(p) => <Input {...p} type="number" min={-90} max={90} step="any" inputMode="decimal" defaultValue={v.latitude} />}
        </FormField>
        <FormField id="longitude" label={t("longitude")} hint={t("longitudeHint")} errors={err("longitude")}>
          {(p) => <Input {...p} type="number" min={-180} max={180} step="any" inputMode="decimal" defaultValue={v.longitude} />}
        </FormField>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="active" defaultChecked={v.active === "on"} className="h-4 w-4" />
        {t("active")}
      </label>
      {state?.ok && <Alert tone="success">{editing ? t("saved") : t("createdOk")}</Alert>}
      <ActionError state={state} />
      <SubmitButton pendingText={editing ? t("saving") : t("creating")} data-testid="region-submit">
        {editing ? t("save") : t("create")}
      </SubmitButton>
    </form>
  );
}

function toStrings(r: RegionFormValues): Record<string, string> {
  return {
    code: r.code,
    nameEn: r.nameEn,
    nameZh: r.nameZh,
    latitude: r.latitude === null ? "" : String(r.latitude),
    longitude: r.longitude === null ? "" : String(r.longitude),
    country: r.country ?? "",
    sortOrder: String(r.sortOrder),
    active: r.active ? "on" : "",
  };
}
