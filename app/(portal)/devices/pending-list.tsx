"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { approvePendingAction, dismissPendingAction } from "./actions";

interface PendingRow {
  id: number;
  nodeKey: string;
  address: string | null;
  /** null for private or unknown addresses. */
  location: string | null;
  attempts: number;
  last: Date;
}

export function PendingList({ pending }: { pending: PendingRow[] }) {
  const t = useTranslations("devices");
  if (pending.length === 0) return <EmptyState title={t("pendingEmpty")} />;
  return (
    <Table data-testid="pending-table">
      <THead>
        <Tr>
          <Th>{t("nodeKey")}</Th>
          <Th>{t("lastAttempt")}</Th>
          <Th>{t("address")}</Th>
          <Th>{t("location")}</Th>
          <Th>{t("attempts")}</Th>
          <Th />
        </Tr>
      </THead>
      <TBody>
        {pending.map((p) => (
          <Tr key={p.id} data-testid="pending-row">
            <Td className="max-w-[14rem] break-all font-mono text-xs" title={p.nodeKey}>
              {p.nodeKey.slice(0, 20)}…{p.nodeKey.slice(-6)}
            </Td>
            <Td>
              <DateTime value={p.last} />
            </Td>
            <Td className="font-mono text-xs">{p.address ?? "-"}</Td>
            <Td>{p.location ?? "-"}</Td>
            <Td>{p.attempts}</Td>
            <Td className="space-y-2 text-right">
              <ApproveForm id={p.id} />
              <DismissForm id={p.id} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

function ApproveForm({ id }: { id: number }) {
  const t = useTranslations("devices");
  const [state, formAction] = useActionState(approvePendingAction, null);
  const errors = fieldErrors(state, "name") ?? [];
  return (
    <form action={formAction} className="flex flex-col items-end gap-1" noValidate>
      <input type="hidden" name="id" value={id} />
      <div className="flex gap-2">
        <Input name="name" aria-label={t("approveName")} placeholder={t("approveName")} required maxLength={100} className="h-8 w-36" aria-invalid={errors.length > 0} />
        <SubmitButton size="sm">{t("approve")}</SubmitButton>
      </div>
      {errors.length > 0 && (
        <p role="alert" className="text-sm text-destructive">
          {errors.join(" ")}
        </p>
      )}
      <FormError state={state} fields={["name"]} />
    </form>
  );
}

function DismissForm({ id }: { id: number }) {
  const t = useTranslations("devices");
  const [state, formAction] = useActionState(dismissPendingAction, null);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <ConfirmButton size="sm" variant="outline" title={t("dismissConfirm")} description={t("dismissBody")} confirmLabel={t("dismiss")} cancelLabel={t("cancel")}>
        {t("dismiss")}
      </ConfirmButton>
      <FormError state={state} />
    </form>
  );
}
