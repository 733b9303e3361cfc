"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ActionError } from "@/components/billing/action-error";
import { ConnectionTestResultView } from "@/components/fleet/connection-test-result";
import { buttonVariants } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FlagForm } from "@/components/ui/flag-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteServerAction, setServerFlagsAction, testServerConnectionAction } from "./actions";

/**
 * A server's actions: edit, test connection (result shown here and recorded on the server), enable/disable,
 * drain/undrain (asks first) and delete (asks first; refused while customer relays remain).
 */
export function ServerActions({ id, name, enabled, draining }: { id: string; name: string; enabled: boolean; draining: boolean }) {
  const t = useTranslations("fleet.actions");
  const tc = useTranslations("common.common");
  const [testState, testAction] = useActionState(testServerConnectionAction, null);
  const [flagState, flagAction] = useActionState(setServerFlagsAction, null);
  const [deleteState, deleteAction] = useActionState(deleteServerAction, null);
  return (
    <div className="space-y-3" data-testid="server-actions">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/admin/servers/${id}/edit`} className={buttonVariants({ variant: "outline", size: "sm" })} data-testid="server-edit">
          {t("edit")}
        </Link>
        <form action={testAction}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton variant="outline" size="sm" pendingText={t("testing")} data-testid="server-test">
            {t("test")}
          </SubmitButton>
        </form>
        <FlagForm
          action={flagAction}
          id={id}
          field="enabled"
          next={!enabled}
          label={enabled ? t("disable") : t("enable")}
          confirm={enabled ? { title: t("disableConfirm", { name }), description: t("disableBody"), cancelLabel: tc("cancel") } : undefined}
          testId={enabled ? "server-disable" : "server-enable"}
        />
        <FlagForm
          action={flagAction}
          id={id}
          field="draining"
          next={!draining}
          label={draining ? t("undrain") : t("drain")}
          confirm={draining ? undefined : { title: t("drainConfirm", { name }), description: t("drainBody"), cancelLabel: tc("cancel") }}
          testId={draining ? "server-undrain" : "server-drain"}
        />
        <form action={deleteAction}>
          <input type="hidden" name="id" value={id} />
          <ConfirmButton
            size="sm"
            title={t("deleteConfirm", { name })}
            description={t("deleteBody")}
            confirmLabel={t("delete")}
            cancelLabel={tc("cancel")}
            pendingText={t("deleting")}
            data-testid="server-delete"
          >
            {t("delete")}
          </ConfirmButton>
        </form>
      </div>
      <div aria-live="polite" className="space-y-2">
        {testState?.ok && <ConnectionTestResultView result={testState.data} />}
        <ActionError state={testState} />
        <ActionError state={flagState} />
        <ActionError state={deleteState} />
      </div>
    </div>
  );
}
