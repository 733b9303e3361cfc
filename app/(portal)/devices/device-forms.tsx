"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { useSubmittedValues } from "@/components/billing/use-submitted-values";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { addDeviceAction, removeDeviceAction, renameDeviceAction } from "./actions";

interface DeviceRow {
  id: string;
  name: string;
  nodeKey: string;
  source: "manual" | "pending" | "import";
  added: Date;
  withinLimit: boolean;
}

export function AddDeviceForm() {
  const t = useTranslations("devices");
  const [state, formAction] = useActionState(addDeviceAction, null);
  const { values, capture } = useSubmittedValues({ name: "", nodeKey: "" });
  const keep = (name: string) => (state?.ok ? "" : values[name]);
  return (
    <div className="space-y-3">
      <form action={formAction} onSubmit={capture} className="grid gap-3 sm:grid-cols-[12rem_1fr_auto] sm:items-start" noValidate data-testid="add-device">
        <FormField id="device-name" label={t("name")} errors={fieldErrors(state, "name")}>
          {(p) => <Input {...p} name="name" required maxLength={100} defaultValue={keep("name")} key={`n-${state?.ok}`} />}
        </FormField>
        <FormField id="device-key" label={t("nodeKey")} errors={fieldErrors(state, "nodeKey")}>
          {(p) => (
            <Input {...p} name="nodeKey" required spellCheck={false} autoComplete="off" placeholder="nodekey:…" className="font-mono text-xs" defaultValue={keep("nodeKey")} key={`k-${state?.ok}`} />
          )}
        </FormField>
        <SubmitButton className="sm:mt-6" pendingText={t("adding")}>
          {t("add")}
        </SubmitButton>
      </form>
      <FormError state={state} fields={["name", "nodeKey"]} />
      {state?.ok && <Alert tone="success">{t("addedOk")}</Alert>}
    </div>
  );
}

export function DeviceList({ devices }: { devices: DeviceRow[] }) {
  const t = useTranslations("devices");
  if (devices.length === 0) return <EmptyState title={t("empty")} description={t("emptyHint")} />;
  return (
    <Table data-testid="devices-table">
      <THead>
        <Tr>
          <Th>{t("name")}</Th>
          <Th>{t("nodeKey")}</Th>
          <Th>{t("added")}</Th>
          <Th />
        </Tr>
      </THead>
      <TBody>
        {devices.map((d) => (
          <Tr key={d.id} data-testid="device-row">
            <Td className="font-medium">
              <RenameCell device={d} />
              {!d.withinLimit && (
                <Badge tone="warning" title={t("overLimitHint")}>
                  {t("overLimit")}
                </Badge>
              )}
            </Td>
            <Td className="max-w-[16rem] break-all font-mono text-xs" title={d.nodeKey}>
              {d.nodeKey.slice(0, 20)}…{d.nodeKey.slice(-6)}
            </Td>
            <Td>
              <DateTime value={d.added} />
              <p className="text-xs text-muted-foreground">{t(`source.${d.source}`)}</p>
            </Td>
            <Td className="text-right">
              <RemoveForm id={d.id} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

function RenameCell({ device }: { device: DeviceRow }) {
  const t = useTranslations("devices");
  const [editing, setEditing] = useState(false);
  const [state, formAction] = useActionState(async (prev: Awaited<ReturnType<typeof renameDeviceAction>>, form: FormData) => {
    const next = await renameDeviceAction(prev, form);
    if (next?.ok) setEditing(false);
    return next;
  }, null);
  if (!editing) {
    return (
      <span className="inline-flex items-center gap-2">
        {device.name}
        <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>
          {t("rename")}
        </Button>
      </span>
    );
  }
  return (
    <form action={formAction} className="flex flex-wrap items-start gap-2" noValidate>
      <input type="hidden" name="id" value={device.id} />
      <FormField id={`rename-${device.id}`} label={t("name")} errors={fieldErrors(state, "name")}>
        {(p) => <Input {...p} name="name" required maxLength={100} defaultValue={device.name} autoFocus />}
      </FormField>
      <div className="flex gap-2 sm:mt-6">
        <SubmitButton size="sm">{t("save")}</SubmitButton>
        <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
          {t("cancel")}
        </Button>
      </div>
      <FormError state={state} fields={["name"]} />
    </form>
  );
}

function RemoveForm({ id }: { id: string }) {
  const t = useTranslations("devices");
  const [state, formAction] = useActionState(removeDeviceAction, null);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <ConfirmButton size="sm" title={t("removeConfirm")} description={t("removeBody")} confirmLabel={t("remove")} cancelLabel={t("cancel")}>
        {t("remove")}
      </ConfirmButton>
      <FormError state={state} />
    </form>
  );
}
