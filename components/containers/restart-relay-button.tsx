"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { restartRelayAction } from "@/app/_actions/relays";
import { ActionError } from "@/components/billing/action-error";
import { ConfirmButton } from "@/components/ui/confirm-button";

/** The customer's restart of their own relay; asks first, since connected devices drop for a few seconds. */
export function RestartRelayButton({ id }: { id: string }) {
  const t = useTranslations("containers.card");
  const tc = useTranslations("common.common");
  const [state, formAction] = useActionState(restartRelayAction, null);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      <ConfirmButton
        variant="outline"
        size="sm"
        title={t("restartConfirm")}
        description={t("restartBody")}
        confirmLabel={t("restart")}
        cancelLabel={tc("cancel")}
        pendingText={t("restarting")}
        data-testid="relay-restart"
      >
        {t("restart")}
      </ConfirmButton>
      <ActionError state={state} />
    </form>
  );
}
