"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ActionError } from "@/components/billing/action-error";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { revokeCodeAction, revokeUnusedAction } from "../actions";

export function RevokeCodeButton({ batchId, codeId, masked }: { batchId: string; codeId: number; masked: string }) {
  const t = useTranslations();
  const [state, formAction] = useActionState(revokeCodeAction, null);
  if (state?.ok) return <span className="text-xs text-muted-foreground">{t("billing.serials.revokedOne")}</span>;
  return (
    <form action={formAction}>
      <input type="hidden" name="batchId" value={batchId} />
      <input type="hidden" name="codeId" value={codeId} />
      <ConfirmButton
        size="sm"
        variant="outline"
        title={t("billing.serials.revokeConfirm", { code: masked })}
        description={t("billing.serials.revokeBody")}
        confirmLabel={t("billing.serials.revoke")}
        cancelLabel={t("common.common.cancel")}
      >
        {t("billing.serials.revoke")}
      </ConfirmButton>
      <ActionError state={state} />
    </form>
  );
}

export function RevokeUnusedButton({ batchId, unused }: { batchId: string; unused: number }) {
  const t = useTranslations();
  const [state, formAction] = useActionState(revokeUnusedAction, null);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="batchId" value={batchId} />
      <ConfirmButton
        disabled={unused === 0}
        title={t("billing.serials.revokeUnusedConfirm", { count: unused })}
        description={t("billing.serials.revokeUnusedBody")}
        confirmLabel={t("billing.serials.revokeUnused")}
        cancelLabel={t("common.common.cancel")}
        data-testid="revoke-unused"
      >
        {t("billing.serials.revokeUnused")}
      </ConfirmButton>
      {state?.ok && <Alert tone="success">{t("billing.serials.revokedCount", { count: state.data.revoked })}</Alert>}
      <ActionError state={state} />
    </form>
  );
}
