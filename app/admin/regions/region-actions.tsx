"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ActionError } from "@/components/billing/action-error";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FlagForm } from "@/components/ui/flag-form";
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
        <FlagForm
          action={activeAction}
          id={id}
          field="active"
          next={!active}
          label={active ? t("regions.deactivate") : t("regions.activate")}
          confirm={
            active
              ? { title: t("regions.deactivateConfirm", { code }), description: t("regions.deactivateBody"), cancelLabel: t("common.common.cancel") }
              : undefined
          }
          testId={active ? "region-deactivate" : "region-activate"}
        />
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
