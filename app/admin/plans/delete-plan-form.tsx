"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ActionError } from "@/components/billing/action-error";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deletePlanAction } from "./actions";

/** Delete (unsold) or archive (sold), after a confirmation that says which will happen. */
export function DeletePlanForm({ id, name, sold }: { id: string; name: string; sold: boolean }) {
  const t = useTranslations();
  const [state, formAction] = useActionState(deletePlanAction, null);
  if (state?.ok) {
    return (
      <Alert tone="success">
        {t(state.data.result === "deleted" ? "billing.plans.deleted" : "billing.plans.archived")}{" "}
        <Link href="/admin/plans" className="underline">
          {t("billing.plans.back")}
        </Link>
      </Alert>
    );
  }
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      <ConfirmButton
        title={t(sold ? "billing.plans.archiveConfirm" : "billing.plans.deleteConfirm", { name })}
        description={t(sold ? "billing.plans.archiveBody" : "billing.plans.deleteBody")}
        confirmLabel={t(sold ? "billing.plans.archive" : "billing.plans.delete")}
        cancelLabel={t("common.common.cancel")}
        data-testid="plan-delete"
      >
        {t(sold ? "billing.plans.archive" : "billing.plans.delete")}
      </ConfirmButton>
      <ActionError state={state} />
    </form>
  );
}
