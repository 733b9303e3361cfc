"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { RentalStatusBadge } from "@/components/billing/rental-status-badge";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { RentalStatus } from "@/db/schema";
import type { ActionState } from "@/lib/actions/action";
import { adjustRentalTrafficAction, setRentalExpiryAction, suspendRentalAction, unsuspendRentalAction } from "../actions";
import { ActionDialog, CloseDialogButton } from "./action-dialog";

export interface RentalToolRow {
  id: string;
  plan: string;
  status: RentalStatus;
  statusLabel: string;
  /** YYYY-MM-DD (UTC), the date field's starting value. */
  expiresDay: string;
  expiresText: string;
  trafficText: string;
  quotaGb: number;
}

const SUSPENDABLE: RentalStatus[] = ["pending", "active", "over_quota"];

/** Each rental with the operator's corrections: expiry, traffic, suspension. Released rentals are final. */
export function RentalTools({ rentals }: { rentals: RentalToolRow[] }) {
  return (
    <ul className="divide-y divide-border rounded-md border border-border" data-testid="rental-tools">
      {rentals.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 p-3" data-testid="rental-tool-row" data-rental-id={r.id}>
          <div className="min-w-48 flex-1">
            <p className="flex flex-wrap items-center gap-2 font-medium">
              {r.plan} <RentalStatusBadge status={r.status} label={r.statusLabel} />
            </p>
            <p className="text-sm text-muted-foreground">
              {r.expiresText} · {r.trafficText}
            </p>
          </div>
          {r.status !== "released" && (
            <div className="flex flex-wrap gap-2">
              <ExpiryDialog rental={r} />
              <TrafficDialog rental={r} />
              {r.status === "suspended" ? <SuspensionDialog rental={r} lift /> : SUSPENDABLE.includes(r.status) && <SuspensionDialog rental={r} />}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function ReasonField({ state, id }: { state: ActionState<unknown>; id: string }) {
  const t = useTranslations("operator.rentals");
  return (
    <FormField id={id} label={t("reason")} hint={t("reasonHint")} errors={fieldErrors(state, "reason")}>
      {(p) => <Textarea {...p} name="reason" required maxLength={500} rows={2} />}
    </FormField>
  );
}

function Buttons({ submit, pending, destructive, testId }: { submit: string; pending: string; destructive?: boolean; testId: string }) {
  const t = useTranslations("operator");
  return (
    <div className="flex justify-end gap-2">
      <CloseDialogButton label={t("cancel")} />
      <SubmitButton variant={destructive ? "destructive" : "default"} pendingText={pending} data-testid={testId}>
        {submit}
      </SubmitButton>
    </div>
  );
}

function ExpiryDialog({ rental }: { rental: RentalToolRow }) {
  const t = useTranslations("operator.rentals");
  const [state, formAction] = useActionState(setRentalExpiryAction, null);
  return (
    <ActionDialog label={t("expiry")} title={t("expiryTitle", { plan: rental.plan })} description={t("expiryBody")} result={state} data-testid="rental-expiry">
      <form action={formAction} className="space-y-4" noValidate>
        <input type="hidden" name="rentalId" value={rental.id} />
        <FormField id={`expiresAt-${rental.id}`} label={t("expiresAt")} errors={fieldErrors(state, "expiresAt")}>
          {(p) => <Input {...p} name="expiresAt" type="date" required defaultValue={rental.expiresDay} />}
        </FormField>
        <ReasonField state={state} id={`expiry-reason-${rental.id}`} />
        <FormError state={state} />
        <Buttons submit={t("expirySubmit")} pending={t("pending")} testId="rental-expiry-submit" />
      </form>
    </ActionDialog>
  );
}

function TrafficDialog({ rental }: { rental: RentalToolRow }) {
  const t = useTranslations("operator.rentals");
  const [state, formAction] = useActionState(adjustRentalTrafficAction, null);
  return (
    <ActionDialog label={t("traffic")} title={t("trafficTitle", { plan: rental.plan })} description={t("trafficBody")} result={state} data-testid="rental-traffic">
      <form action={formAction} className="space-y-4" noValidate>
        <input type="hidden" name="rentalId" value={rental.id} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="resetUsed" className="h-4 w-4" /> {t("resetUsed")}
        </label>
        <FormField id={`quotaGb-${rental.id}`} label={t("quotaGb")} hint={t("quotaHint", { gb: rental.quotaGb })} errors={fieldErrors(state, "quotaGb")}>
          {(p) => <Input {...p} name="quotaGb" type="number" min={0} step="any" inputMode="decimal" />}
        </FormField>
        <ReasonField state={state} id={`traffic-reason-${rental.id}`} />
        <FormError state={state} />
        <Buttons submit={t("trafficSubmit")} pending={t("pending")} testId="rental-traffic-submit" />
      </form>
    </ActionDialog>
  );
}

function SuspensionDialog({ rental, lift = false }: { rental: RentalToolRow; lift?: boolean }) {
  const t = useTranslations("operator.rentals");
  const [state, formAction] = useActionState(lift ? unsuspendRentalAction : suspendRentalAction, null);
  return (
    <ActionDialog
      label={t(lift ? "unsuspend" : "suspend")}
      title={t(lift ? "unsuspendTitle" : "suspendTitle", { plan: rental.plan })}
      description={t(lift ? "unsuspendBody" : "suspendBody")}
      result={state}
      variant={lift ? "outline" : "destructive"}
      data-testid={lift ? "rental-unsuspend" : "rental-suspend"}
    >
      <form action={formAction} className="space-y-4" noValidate>
        <input type="hidden" name="rentalId" value={rental.id} />
        <ReasonField state={state} id={`suspend-reason-${rental.id}`} />
        <FormError state={state} />
        <Buttons submit={t(lift ? "unsuspendSubmit" : "suspendSubmit")} pending={t("pending")} destructive={!lift} testId="rental-suspension-submit" />
      </form>
    </ActionDialog>
  );
}
