"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { UserRole, UserStatus } from "@/db/schema";
import { setUserRoleAction, setUserStatusAction } from "../actions";

/** Disable/enable and promote/demote, each behind a confirmation. */
export function UserActions({ id, email, status, role }: { id: string; email: string; status: UserStatus; role: UserRole }) {
  const t = useTranslations();
  const [statusState, statusAction] = useActionState(setUserStatusAction, null);
  const [roleState, roleAction] = useActionState(setUserRoleAction, null);
  const disabled = status === "disabled";
  const admin = role === "admin";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3">
        <form action={statusAction}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="status" value={disabled ? "active" : "disabled"} />
          <ConfirmButton
            variant={disabled ? "outline" : "destructive"}
            title={t(disabled ? "adminUsers.detail.enableConfirm" : "adminUsers.detail.disableConfirm", { email })}
            description={t(disabled ? "adminUsers.detail.enableBody" : "adminUsers.detail.disableBody")}
            confirmLabel={t(disabled ? "adminUsers.detail.enable" : "adminUsers.detail.disable")}
            cancelLabel={t("common.common.cancel")}
            data-testid={disabled ? "user-enable" : "user-disable"}
          >
            {t(disabled ? "adminUsers.detail.enable" : "adminUsers.detail.disable")}
          </ConfirmButton>
        </form>
        <form action={roleAction}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="role" value={admin ? "customer" : "admin"} />
          <ConfirmButton
            variant={admin ? "destructive" : "outline"}
            title={t(admin ? "adminUsers.detail.demoteConfirm" : "adminUsers.detail.promoteConfirm", { email })}
            description={t(admin ? "adminUsers.detail.demoteBody" : "adminUsers.detail.promoteBody")}
            confirmLabel={t(admin ? "adminUsers.detail.demote" : "adminUsers.detail.promote")}
            cancelLabel={t("common.common.cancel")}
            data-testid={admin ? "user-demote" : "user-promote"}
          >
            {t(admin ? "adminUsers.detail.demote" : "adminUsers.detail.promote")}
          </ConfirmButton>
        </form>
      </div>
      {(statusState?.ok || roleState?.ok) && <Alert tone="success">{t("adminUsers.detail.done")}</Alert>}
      <FormError state={statusState} />
      <FormError state={roleState} />
    </div>
  );
}
