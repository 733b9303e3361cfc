"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ActionError } from "@/components/billing/action-error";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteRegionAction, setRegionActiveAction } from "./actions";

/**
 * Activate / deactivate (deactivating asks first: customers stop seeing it) and delete (asks first; offered only
 * while nothing refers to the region, and refused by the server if something does by then).
 */
export function RegionActions({
  id,
  code,
  active,
  inUse,
  thenList = false,
}: {
  id: string;
  code: string;
  active: boolean;
  inUse: boolean;
  /** On the region's own page: after deleting, go to the list. */
  thenList?: boolean;
}) {
  const t = useTranslations();
  const [activeState, activeAction] = useActionState(setRegionActiveAction, null);
  const [deleteState, deleteAction] = useActionState(deleteRegionAction, null);
  if (deleteState?.ok) return <Alert tone="success">{t("regions.deleted")}</Alert>;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={activeAction}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="active" value={active ? "false" : "true"} />
          {active ? (
            <ConfirmButton
              variant="outline"
              size="sm"
              title={t("regions.deactivateConfirm", { code })}
              description={t("regions.deactivateBody")}
              confirmLabel={t("regions.deactivate")}
              cancelLabel={t("common.common.cancel")}
              data-testid="region-deactivate"
            >
              {t("regions.deactivate")}
            </ConfirmButton>
          ) : (
            <SubmitButton variant="outline" size="sm" data-testid="region-activate">
              {t("regions.activate")}
            </SubmitButton>
          )}
        </form>
        {inUse ? (
          <span className="text-xs text-muted-foreground">{t("regions.inUse")}</span>
        ) : (
          <form action={deleteAction}>
            <input type="hidden" name="id" value={id} />
            {thenList && <input type="hidden" name="thenList" value="1" />}
            <ConfirmButton
              size="sm"
              title={t("regions.deleteConfirm", { code })}
              description={t("regions.deleteBody")}
              confirmLabel={t("regions.delete")}
              cancelLabel={t("common.common.cancel")}
              data-testid="region-delete"
            >
              {t("regions.delete")}
            </ConfirmButton>
          </form>
        )}
      </div>
      <ActionError state={activeState} />
      <ActionError state={deleteState} />
    </div>
  );
}
